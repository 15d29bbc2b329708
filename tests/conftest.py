"""Shared fixtures. Tests mirror the package: tests/test_<module>.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
REPORT_TEXT = (DATA / "raw" / "wujin_2024.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _close_figures():
    """Every test leaves no matplotlib figure open (seaborn's habit)."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def _clear_caches() -> None:
    from analysis import extract, registry, reports, tables

    reports.manifest.cache_clear()
    registry.indicators.cache_clear()
    registry.exclusions.cache_clear()
    reports._load.cache_clear()
    extract._extract.cache_clear()
    tables._cached.cache_clear()


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of data/ that the library reads instead of the real one."""
    from analysis import registry, reports

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


def none_if_missing(value):
    """None for pandas' missing values (NA, NaN), the value otherwise: rows compare as plain tuples."""
    import pandas as pd

    return None if pd.isna(value) else value


def transfer_rows(frame) -> list[tuple]:
    """(item_id, channel, method, use_type, is_total, parcels, area_mu, revenue_yuan) per row."""
    return [
        (r.item_id, r.channel, r.method, r.use_type, r.is_total, *map(none_if_missing, measures))
        for r in frame.itertuples()
        for measures in [(r.parcels, r.area_mu, r.revenue_yuan)]
    ]


def write_report(tmp_path: Path, text: str, name: str = "report.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


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
