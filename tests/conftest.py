"""Shared fixtures. Tests mirror the package: tests/unit/<stage>/, and tests/integration/ across stages."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import helpers, properties  # noqa: F401  (properties: the hypothesis profile before any test module)
from tests.helpers import DATA, LIBRARY, ROOT, clear_caches, run_build, tree_hashes


def pytest_ignore_collect(collection_path, config):
    """A test module the -m expression selects nothing of (tests/scheduling.never_selected) is not imported."""
    expression = config.getoption("markexpr", None)
    if expression and collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        from tests.scheduling import never_selected

        return True if never_selected(collection_path, expression) else None
    return None


def pytest_collection_modifyitems(items):
    """Every hypothesis test is also marked `property`, which `make fuzz` selects."""
    from hypothesis import is_hypothesis_test

    for item in items:
        if is_hypothesis_test(getattr(item, "obj", None)):
            item.add_marker(pytest.mark.property)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist's
def pytest_xdist_make_scheduler(config, log):
    """`make test` runs the slow tests --dist loadgroup: the groups and the order are tests/scheduling.py's."""
    if config.getvalue("dist") == "loadgroup":
        from tests.scheduling import SlowScheduling, fits

        return SlowScheduling(config, log) if fits() else None
    return None


def pytest_collection_finish(session):
    """What collection imported (pandas, matplotlib, the library: ~140,000 objects) lives as long as the
    process: the cyclic collector need not walk it again in each full collection of the run. And it looks
    for cycles every 20,000 new objects, not 700: the tests make many short-lived frames, rows and
    artists, freed by their counts (extracting corpus passages and drawing charts: ~8 % less CPU)."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """The interpreter's last collections walk every object the run made (~1.5 s of CPU a worker, when
    they free nothing an exiting process needs): the objects are frozen, the process exits."""
    import gc

    gc.freeze()


@pytest.fixture(autouse=True)
def _close_figures():
    """Every test leaves no matplotlib figure open (seaborn's habit)."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of data/ that the library reads instead of the real one (ANALYSIS_DATA_DIR)."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    (copy / "raw" / "wujin_2024.txt").chmod(0o644)
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(copy))
    clear_caches()
    yield copy
    clear_caches()


@pytest.fixture
def library(monkeypatch) -> Path:
    """The fixture library (tests/fixtures/library/) read instead of data/: manifest, texts, registries.
    What one test read of it (texts, tables) the next one reads again from the caches: its files never
    change, and no other test points the data folder at it. A test that patched anything else leaves the
    caches cleared (so does every clear_caches): ~2 s of CPU over the 51 tests."""
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(LIBRARY))
    if not helpers.LIBRARY_READ:
        clear_caches()
    yield LIBRARY
    if _set_nothing_else(monkeypatch):
        helpers.LIBRARY_READ.add(LIBRARY)
    else:
        clear_caches()


def _set_nothing_else(monkeypatch) -> bool:
    """The test's monkeypatch set ANALYSIS_DATA_DIR and nothing more (pytest's private lists; unknown: False)."""
    import os

    items = getattr(monkeypatch, "_setitem", None)
    return (
        items is not None
        and not getattr(monkeypatch, "_setattr", True)
        and getattr(monkeypatch, "_cwd", 0) is None
        and getattr(monkeypatch, "_savesyspath", 0) is None
        and all(where is os.environ and name == "ANALYSIS_DATA_DIR" for where, name, _ in items)
    )


def _build_into(out: Path, **env: str) -> str:
    """`python -m analysis build --out OUT` (with `env` added); its stdout. Fails the test when it fails."""
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, **env},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@dataclass(frozen=True)
class SessionBuild:
    out: Path
    stdout: str
    data_before: dict[str, str]  # sha256 of every file under data/ before the build, and after it
    data_after: dict[str, str]


def _once_per_run(tmp_path_factory, name: str, make) -> tuple[Path, dict]:
    """A folder and what `make(folder)` returned (JSON), made once for the whole run. `make test` runs the
    slow tests on every core (pytest-xdist), each worker a process with session fixtures of its own: the
    first worker to ask makes it, under a lock in the run's temporary folder; the others wait and read it.
    A failure is told to each of them."""
    import fcntl
    import json
    import os

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder, done, failed = root / name, root / f"{name}.json", root / f"{name}.failed"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
        if not done.exists():
            folder.mkdir()
            try:
                result = make(folder)
            except BaseException as exc:
                failed.write_text(f"{name}: {exc}", encoding="utf-8")
                raise
            done.write_text(json.dumps(result), encoding="utf-8")
    return folder, json.loads(done.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def session_build(tmp_path_factory) -> SessionBuild:
    """One full build (every notebook run on kernels) into a temporary folder, data/ hashed around it;
    one for the run, whichever worker asks first (`_once_per_run`)."""

    def make(folder: Path) -> dict:
        before = tree_hashes(DATA)
        stdout = _build_into(folder / "out")
        return {"stdout": stdout, "before": before, "after": tree_hashes(DATA)}

    folder, made = _once_per_run(tmp_path_factory, "build", make)
    return SessionBuild(folder / "out", made["stdout"], made["before"], made["after"])


@pytest.fixture(scope="session")
def built(session_build):
    """The session's build, shared read-only by the slow tests: (out folder, build's stdout). A test that
    builds again works on a copy (shutil.copytree(out, copy, symlinks=True))."""
    return session_build.out, session_build.stdout


@pytest.fixture(scope="session")
def library_built(tmp_path_factory) -> tuple[Path, str]:
    """One build of the fixture library (four reports, three districts) for the run, whichever worker asks
    first (`_once_per_run`): (out folder, build's stdout). Its reports (test_library_build.py) and its
    comparisons (test_compare_outputs.py) are read from it; a test that builds again works on a copy."""

    def make(folder: Path) -> dict:
        result = run_build(folder / "out", env={"ANALYSIS_DATA_DIR": str(LIBRARY)}, timeout=1200)
        assert result.returncode == 0, result.stdout + result.stderr
        return {"stdout": result.stdout}

    folder, made = _once_per_run(tmp_path_factory, "library", make)
    return folder / "out", made["stdout"]


HOSTILE = '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=1</script>'


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory):
    """A full build of data/ with a payload in the manifest's publisher, a report sentence and a registry name."""
    import csv
    import hashlib

    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    shutil.copytree(DATA, data)
    report = data / "raw" / "wujin_2024.txt"
    report.chmod(0o644)
    report.write_text(
        report.read_text(encoding="utf-8") + f"\n附注：{HOSTILE}详见 http://example.com/x.png 。\n",
        encoding="utf-8",
    )
    manifest = data / "raw" / "manifest.csv"
    rows = list(csv.DictReader(manifest.open(encoding="utf-8")))
    rows[0].update(
        publisher=HOSTILE, publisher_en=HOSTILE, sha256=hashlib.sha256(report.read_bytes()).hexdigest()
    )
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    registry = data / "registry" / "wujin_2024" / "indicators.csv"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace("实用性村庄规划覆盖的规划发展村", HOSTILE.replace('"', "'"), 1), encoding="utf-8"
    )
    out = root / "out"
    _build_into(out, ANALYSIS_DATA_DIR=str(data))
    return out
