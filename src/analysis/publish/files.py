"""Writing tables: text formats of a table, and every table as CSV files.

Writes go through analysis.files (atomic): an error leaves nothing half-written.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..derive import all_tables
from ..files import staged_dir

__all__ = ["table_frames", "to_csv", "to_json", "to_markdown", "write_csvs", "write_tables"]


def to_csv(frame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")


def _plain(value):
    import pandas as pd

    if value is pd.NA or value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def to_json(frame) -> str:
    records = [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def to_markdown(frame) -> str:
    def cell(value) -> str:
        value = _plain(value)
        return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def table_frames(report="all") -> dict[str, object]:
    """Every declared table of `report` (catalog order), as DataFrames."""
    return {name: spec.build(report) for name, spec in all_tables().items()}


def write_csvs(folder: Path, frames: dict[str, object]) -> list[Path]:
    """Each frame as `<folder>/<name>.csv`, UTF-8."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in frames.items():
        path = folder / f"{name}.csv"
        path.write_text(to_csv(frame), encoding="utf-8")
        paths.append(path)
    return paths


def write_tables(out: Path, report="all") -> list[Path]:
    """Every table of `report` as UTF-8 CSV in `out` (replaced as a whole)."""
    frames = table_frames(report)  # computed before the folder is touched: an error writes nothing
    with staged_dir(out) as stage:
        write_csvs(stage, frames)
    return [out / f"{name}.csv" for name in frames]
