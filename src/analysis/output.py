"""Writing results: text formats of a table, and atomic writes of files and folders.

Nothing is written in place: a file is written next to its target and
renamed over it, a folder is built beside its target and swapped in, so an
error never leaves a half-written output behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "new_stage",
    "replace_dir",
    "staged_dir",
    "table_frames",
    "to_csv",
    "to_json",
    "to_markdown",
    "write_bytes_atomic",
    "write_csvs",
    "write_tables",
    "write_text_atomic",
]


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


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename over `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


@contextmanager
def staged_dir(final: Path) -> Iterator[Path]:
    """A fresh folder beside `final`; on success it replaces `final`, on error it is removed."""
    stage = new_stage(final)
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    replace_dir(stage, final)


def new_stage(final: Path) -> Path:
    """An empty folder beside `final` (same file system, so replace_dir is two renames)."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.staging-"))


def replace_dir(stage: Path, final: Path) -> None:
    """Put folder `stage` in the place of `final` (two renames); the old folder is removed after."""
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    if final.exists():
        os.replace(final, old)
    os.replace(stage, final)
    shutil.rmtree(old, ignore_errors=True)


def table_frames(report="all") -> dict[str, object]:
    """Every declared table of `report` (tables.catalog order), as DataFrames."""
    from .tables import catalog

    return {name: function(report) for name, function in catalog().items()}


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
