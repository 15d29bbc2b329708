"""Shared fixtures. Tests mirror the package: tests/unit/<stage>/, and tests/integration/ across stages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import DATA, ROOT


@pytest.fixture(autouse=True)
def _close_figures():
    """Every test leaves no matplotlib figure open (seaborn's habit)."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def _clear_caches() -> None:
    from analysis.extract import extraction, registry
    from analysis.source import reports
    from analysis.tables import frames

    reports.manifest.cache_clear()
    registry.indicators.cache_clear()
    registry.exclusions.cache_clear()
    reports._load.cache_clear()
    extraction._extract.cache_clear()
    frames._conformed.cache_clear()


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of data/ that the library reads instead of the real one."""
    from analysis.extract import registry
    from analysis.source import reports

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    (copy / "raw" / "wujin_2024.txt").chmod(0o644)
    monkeypatch.setattr(reports, "DATA_DIR", copy)
    monkeypatch.setattr(reports, "RAW_DIR", copy / "raw")
    monkeypatch.setattr(reports, "MANIFEST", copy / "raw" / "manifest.csv")
    monkeypatch.setattr(registry, "REGISTRY_DIR", copy / "registry")
    _clear_caches()
    yield copy
    _clear_caches()


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """One full build into a temporary folder, shared by the slow tests: (out folder, build's stdout)."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("build")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out, result.stdout
