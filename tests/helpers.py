"""Paths and small helpers shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LIBRARY = FIXTURES / "library"  # four invented reports of three districts, a data folder of its own
REPORT_TEXT = (DATA / "raw" / "wujin_2024.txt").read_text(encoding="utf-8")


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


def text_report(text: str, year: int | None = 2025, name: str = "ours"):
    """A Report of a text outside the manifest (name.txt, as `--report PATH` reads one) with its report year
    given (None: the text's year unknown); no district, title or publisher."""
    from analysis.source.reports import Report

    return Report(name, Path(f"{name}.txt"), None, None, year, "", "", None, None, text, in_manifest=False)


def write_report(tmp_path: Path, text: str, name: str = "report.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def only_the_kind_note(err: str) -> bool:
    """stderr holds nothing but the one line naming the text's kind and how far its rows can be trusted
    (cli._tell_kind, after every table and check)."""
    return err.startswith("note: 本文") and err.count("\n") == 1


LIBRARY_READ: set[Path] = set()  # holds LIBRARY while the caches hold what library tests read (conftest)


def clear_caches() -> None:
    """Forget what this process read of the data folder (manifest, texts, registries, tables): the next
    call reads it again, as a fresh command does."""
    LIBRARY_READ.clear()
    from analysis.extract import extraction, registry, text_kind, trust
    from analysis.source import reports
    from analysis.tables import frames

    reports._manifest.cache_clear()
    reports._SEEN.clear()
    registry.indicators.cache_clear()
    registry.exclusions.cache_clear()
    reports._load.cache_clear()
    extraction._extract.cache_clear()
    trust._trusted.cache_clear()  # the trust step's result of each extraction
    frames._conformed.cache_clear()
    text_kind.report_kind.cache_clear()


SLIDE_CHARTS: dict[tuple[str, str], object] = {}  # (chart, lang) -> Figure, rendered once per test session


def slide_chart_figure(name: str, lang: str):
    """A deck chart of the 2024 report at slide size, rendered once per session (rendering is slow)."""
    if (name, lang) not in SLIDE_CHARTS:
        from analysis import charts

        SLIDE_CHARTS[(name, lang)] = charts.render(name, lang=lang, context="slide")
    return SLIDE_CHARTS[(name, lang)]


PHONE_CHARTS: dict[tuple[str, str], object] = {}  # (chart, lang) -> portrait phone Figure


def phone_chart_figure(name: str, lang: str):
    """A deck chart of the 2024 report as the phone's portrait picture, rendered once per session."""
    if (name, lang) not in PHONE_CHARTS:
        from analysis import charts

        PHONE_CHARTS[(name, lang)] = charts.render(name, lang=lang, context="phone", portrait=True)
    return PHONE_CHARTS[(name, lang)]


def tree_hashes(root: Path, skip: Path | None = None) -> dict[str, str]:
    """sha256 of every file under root (a link: its target), except under `skip`: what a command changed."""
    found = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if skip is not None and (here == skip or skip in here.parents):
            dirs[:] = []
            continue
        for name in sorted(files + [d for d in dirs if (here / d).is_symlink()]):
            path = here / name
            if skip is not None and path == skip:
                continue
            key = str(path.relative_to(root))
            if path.is_symlink():
                found[key] = "link:" + os.readlink(path)
            else:
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run_build(
    out: Path, *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT, timeout: int = 900
) -> subprocess.CompletedProcess:
    """`python -m analysis build --out OUT ARGS` in a process of its own, with `env` added to ours."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--out", str(out), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
