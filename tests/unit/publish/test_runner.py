"""Parameter injection and failure messages of the notebook runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from analysis.publish.runner import Job, _failure, inject_parameters, run_notebooks


def _notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("REPORT = 'wujin_2024'\nLANG = 'zh'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("x = 1"),
    ]
    return nb


def test_parameters_go_right_after_the_tagged_cell_as_papermill_does():
    nb = inject_parameters(_notebook(), {"LANG": "en", "FIGURES_DIR": "/tmp/f"})
    assert [c.metadata.get("tags", []) for c in nb.cells] == [[], ["parameters"], ["injected-parameters"], []]
    assert "LANG = 'en'\nFIGURES_DIR = '/tmp/f'\n" in nb.cells[2].source
    assert _notebook().cells[1].source.endswith("LANG = 'zh'")  # the original is untouched
    nbformat.validate(nb)


def test_failure_names_the_notebook_cell_and_error_as_the_file_counts_cells():
    nb = inject_parameters(_notebook(), {"LANG": "en"})
    nb.cells[3].outputs = [
        nbformat.v4.new_output("error", ename="NameError", evalue="name 'y' is not defined", traceback=[])
    ]
    outcome = _failure(Job("x", Path("notebooks/x.ipynb")), nb, RuntimeError("boom"), 1.5)
    assert outcome.error == "notebooks/x.ipynb: cell 3: NameError: name 'y' is not defined"
    assert (outcome.errno, outcome.refusal, outcome.seconds) == (None, None, 1.5)


@pytest.mark.parametrize(
    ("ename", "evalue", "errno", "refusal"),
    [
        ("OSError", "[Errno 28] No space left on device: '/out/x.png'", 28, None),
        ("PermissionError", "[Errno 13] Permission denied: '/out'", 13, None),
        (
            "RegistryError",
            "findings.csv:4: column 'zh': placeholder {x}",
            None,
            "findings.csv:4: column 'zh': placeholder {x}",
        ),
        ("BuildError", "no notebook exported zh/a.png", None, "no notebook exported zh/a.png"),
        ("ValueError", "[Errno 28] looks like one", None, None),
    ],
)
def test_a_full_disk_or_a_library_error_in_a_cell_is_not_the_notebooks_fault(ename, evalue, errno, refusal):
    """Issue 15: the build exits 2 naming the folder (a full disk) or with the library's own line."""
    nb = inject_parameters(_notebook(), {"LANG": "en"})
    nb.cells[3].outputs = [nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[])]
    outcome = _failure(Job("x", Path("notebooks/x.ipynb")), nb, RuntimeError("boom"), 0.0)
    assert (outcome.errno, outcome.refusal) == (errno, refusal)


def test_a_kernel_that_died_is_said_in_words():
    nb = inject_parameters(_notebook(), {"LANG": "en"})
    outcome = _failure(Job("x", Path("nb/x.ipynb")), nb, RuntimeError("Kernel died"), 0.0)
    assert (
        outcome.error
        == "nb/x.ipynb: the kernel died running it (out of memory, or a cell ended its own process)"
    )


def test_the_kernel_folders_of_a_build_that_is_gone_are_removed_by_the_next_one(tmp_path, monkeypatch):
    """A build killed outright leaves its kernels' folders (<tmp>/analysis-kernel-<its pid>-…): the next
    run removes them before it starts a kernel; those of a running build (or this one) stay."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    exited = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    names = [
        f"analysis-kernel-{int(exited.stdout)}-a1b2c3d4",  # a build that is gone
        f"analysis-kernel-{os.getppid()}-e5f6g7h8",  # one that runs (this process's parent)
        f"analysis-kernel-{os.getpid()}-i9j0k1l2",  # this process's own
        "analysis-kernel-m3n4o5p6",  # not named after a process: not ours to judge
    ]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "kernel.log").write_text("[IPKernelApp] WARNING | Parent appears to have exited")
    moot = Job("moot", None, code="raise SystemExit(3)")
    assert run_notebooks([moot], 1, tmp_path, wanted=lambda job: False) == []  # no kernel started
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])


@pytest.mark.slow
def test_the_build_runs_its_own_kernel_whatever_jupyter_path_holds(tmp_path, monkeypatch):
    """Issue 15: a `python3` (or `wujin-analysis`) kernel on the Jupyter path must not shadow the project's."""
    from analysis.publish.runner import run_notebooks

    for name in ("python3", "wujin-analysis"):
        spec = tmp_path / "jupyter" / "kernels" / name / "kernel.json"
        spec.parent.mkdir(parents=True)
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        spec.write_text(
            json.dumps(
                {"argv": argv, "display_name": "shadow", "language": "python", "env": {"SHADOW": name}}
            )
        )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter"))
    code = "import os, sys\nprint(os.environ.get('SHADOW'), sys.executable)"
    moot = Job("moot", None, code="raise SystemExit(3)")  # refused by `wanted` when its turn comes: not run
    (outcome,) = run_notebooks(
        [Job("who", None, code=code), moot], 1, tmp_path, wanted=lambda j: j is not moot
    )
    assert outcome.error is None, outcome.error
    printed = outcome.notebook.cells[0].outputs[0]["text"].split()
    assert printed == ["None", sys.executable]


def _table_calls() -> None:
    """What a notebook's cells do: call a table that warns about its report (as extract() does, the place being
    the caller's), between calls that change the warning filters (catch_warnings, as pandas does)."""
    import warnings

    from analysis.errors import ExtractionWarning

    for _ in range(3):
        warnings.warn("report.txt: no land-use statement found", ExtractionWarning, stacklevel=2)
        with warnings.catch_warnings():
            pass


def test_a_notebook_shows_each_warning_once_and_the_next_notebook_again():
    """In a kernel: each_warning_once, run before each notebook, lets the first of each warning through and
    none of its repeats (a code page showed one warning 44 times), and starts over for the next notebook."""
    import warnings

    from analysis.errors import ExtractionWarning
    from analysis.publish.runner import each_warning_once

    with warnings.catch_warnings(record=True) as caught:
        each_warning_once()
        _table_calls()
        first = len(caught)
        each_warning_once()  # the next notebook, on the same kernel
        _table_calls()
        warnings.warn("another", ExtractionWarning, stacklevel=1)
    assert first == 1 and [str(w.message) for w in caught[1:]] == [
        "report.txt: no land-use statement found",
        "another",
    ]


@pytest.mark.slow
def test_each_notebook_of_a_kernel_shows_a_repeated_warning_once(tmp_path):
    """Two notebooks on one kernel, each calling a warning table in three cells between filter changes: each
    shows the warning at its first cell only (before: at every cell, 3 + 3)."""
    setup = (
        "import warnings\nfrom analysis.errors import ExtractionWarning\n\n"
        "def table():\n    warnings.warn('report.txt: no land-use statement', ExtractionWarning, stacklevel=2)\n\n"
        "table()"
    )
    again = "with warnings.catch_warnings():\n    pass\ntable()"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in (setup, again, again)])
    nbformat.write(nb, tmp_path / "n.ipynb")
    jobs = [Job(name, tmp_path / "n.ipynb") for name in ("first", "second")]
    outcomes = run_notebooks(jobs, 1, tmp_path)
    for outcome in outcomes:
        assert outcome.error is None, outcome.error
        shown = [
            sum("no land-use statement" in o.get("text", "") for o in cell.outputs)
            for cell in outcome.notebook.cells
        ]
        assert shown == [0, 1, 0, 0], (outcome.job.name, shown)  # the injected parameters' cell first
