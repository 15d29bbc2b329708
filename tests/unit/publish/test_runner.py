"""Parameter injection and failure messages of the notebook runner."""

from __future__ import annotations

import nbformat

from analysis.publish.runner import Job, _failure, inject_parameters


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
    message = _failure(Job("x", __import__("pathlib").Path("notebooks/x.ipynb")), nb, RuntimeError("boom"))
    assert message == "notebooks/x.ipynb: cell 3: NameError: name 'y' is not defined"
