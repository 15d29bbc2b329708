"""Work the build hands to its warm kernels: a task is a function of this module and JSON arguments.

    Task("export_chart", {"name": "price_per_mu", "report": "wujin_2024", "out": "/…/figures"})
    entry_code(task)   # what the kernel runs: the one entry point below, the arguments as a JSON string

The kernels are the build's warm workers: pandas, matplotlib and the tables
are in their memory, so the tables, the decks and the figures are made there
while other kernels still run notebooks. A Jupyter kernel runs only code, so
a task crosses over as the name of a function listed in TASKS and its
arguments as JSON, through `run`, the one entry point: the build never
composes Python source. (A pool of worker processes would be the other way;
it pays every import again, about 2 s a process, and competes with the two
kernels for the two cores.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["TASKS", "Task", "entry_code", "run"]


@dataclass(frozen=True)
class Task:
    function: str  # a key of TASKS
    args: dict = field(default_factory=dict)  # JSON-serialisable keyword arguments


def export_chart(name: str, report: str, out: str) -> list[str]:
    """Every file of chart `name` of one report in both languages under `out` (figures/), in its own folder
    figures/<lang>/<report>/: full, bare/, phone/. Nothing for a chart the report gives no figures for."""
    from ..charts import LANGS, figures
    from ..charts.render import absent, reading

    with reading():  # both languages read the same tables
        if name in absent(report):
            return []
        return [
            str(p)
            for lang in LANGS
            for p in figures.save_variants(name, report, lang, Path(out), report_dir=report)
        ]


def write_tables(stage: str, report: str = "all") -> None:
    """<stage>/tables/*.csv and <stage>/tables.xlsx: every declared table of `report` (its own folder)."""
    from .files import table_frames, write_csvs
    from .workbook import write_workbook

    frames = table_frames(report)
    write_csvs(Path(stage) / "tables", frames)
    write_workbook(frames, Path(stage) / "tables.xlsx", None if report == "all" else report)


def write_library_tables(stage: str, reports: list[str]) -> None:
    """<stage>/library/<table>.csv and .parquet: every table across `reports`, one tidy file each."""
    from .files import write_library

    write_library(Path(stage) / "library", reports)


def write_comparisons(stage: str, figures: str, reports: list[str]) -> None:
    """<stage>/compare/... and <figures>/<lang>/compare/...: the comparisons the library allows."""
    from . import compare

    compare.write_comparisons(stage, figures, reports)


def write_editable_decks(stage: str, report: str) -> None:
    from .deck import write_editable_decks as write

    write(Path(stage), report)


def write_picture_decks(stage: str, report: str, figures: str) -> None:
    """The picture decks from the exported figures (figures/<lang>/bare/<chart>.png)."""
    from .deck import write_picture_decks_from

    write_picture_decks_from(Path(stage), report, Path(figures))


TASKS = {
    "export_chart": export_chart,
    "write_tables": write_tables,
    "write_library_tables": write_library_tables,
    "write_comparisons": write_comparisons,
    "write_editable_decks": write_editable_decks,
    "write_picture_decks": write_picture_decks,
}


def run(payload: str) -> None:
    """Run the task a JSON payload names ({"function": ..., "args": {...}}); a kernel calls this."""
    data = json.loads(payload)
    TASKS[data["function"]](**data["args"])


def entry_code(task: Task) -> str:
    """The code a kernel runs for `task`: always this entry point, only the JSON payload differs."""
    payload = json.dumps({"function": task.function, "args": task.args}, ensure_ascii=False)
    return f"from analysis.publish.tasks import run\nrun({payload!r})"
