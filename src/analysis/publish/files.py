"""Writing tables: text formats of a table, and every table as CSV files.

    to_csv(frame)              # exact, plain UTF-8: what `python -m analysis table` prints
    to_markdown(frame)         # for a terminal or a pull request: a reading subset, rounded
    write_csvs(folder, frames) # reports/tables/*.csv for spreadsheet users

Writes go through analysis.files (atomic): an error leaves nothing half-written.

NOTES
- CSV files start with a UTF-8 byte-order mark: Excel on Chinese Windows
  reads a file without one as GBK and shows mojibake. Standard output stays
  plain UTF-8 without a mark, for pipes and scripts.
- Spreadsheet formulas: a text cell of a CSV file that begins with =, +, -
  or @ (or a tab or carriage return) would run as a formula when the file is
  opened in Excel or WPS. In the files such a cell is written with a leading
  apostrophe ('=…), which spreadsheets show as text; strip one leading ' to
  get the exact text, or read `python -m analysis table NAME --format csv`,
  which prints every value unchanged. Numbers are never touched (-0.11 is a
  number, not a formula).
- Markdown leaves out the columns that repeat what another column says or
  only locate a quote (offsets, whole sentences, English twins, formulas,
  inputs), and rounds floats to two decimals with thousands separators;
  `--columns` picks columns, `--all` shows every one.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..derive import all_tables
from ..files import staged_dir

__all__ = [
    "FORMULA_START",
    "inert",
    "reading_columns",
    "select_columns",
    "table_frames",
    "to_csv",
    "to_json",
    "to_markdown",
    "write_csvs",
    "write_library",
    "write_tables",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a text cell starting so runs as a formula in a spreadsheet
_SKIPPED_FOR_READING = {
    "district",
    "section_no",
    "section",
    "quote_start",
    "quote_end",
    "sentence",
    "parent_item_id",
    "part_item_ids",
    "formula",
    "inputs",
    "note_en",
}


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


def reading_columns(frame) -> list[str]:
    """The columns worth reading in a terminal: no English twins, printed forms, offsets or formulas,
    and no report id when every row is of one report."""
    single = "report_id" in frame.columns and frame["report_id"].nunique(dropna=False) <= 1
    return [
        c
        for c in frame.columns
        if c not in _SKIPPED_FOR_READING
        and not c.endswith(("_en", "_printed"))
        and not (single and c == "report_id")
    ]


def select_columns(frame, columns: list[str]):
    """frame[columns], or an AnalysisError naming the unknown columns and the known ones."""
    from ..errors import AnalysisError

    unknown = [c for c in columns if c not in frame.columns]
    if unknown:
        raise AnalysisError(
            f"--columns: unknown column(s) {', '.join(unknown)}; known: {', '.join(frame.columns)}"
        )
    return frame[columns]


def _for_reading(value, column: str) -> str:
    """A value rounded for reading: 540.26, 3,771.3, 20,375,000,000; years and numbering as they are."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:.6g}"
    if isinstance(value, int) and not column.endswith(("year", "_no", "_start", "_end")):
        return f"{value:,}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(frame, columns: list[str] | None = None, *, all_columns: bool = False) -> str:
    """A markdown table to read: the reading subset of columns (or `columns`, or all), values rounded."""
    shown = frame if all_columns else select_columns(frame, columns or reading_columns(frame))
    lines = ["| " + " | ".join(shown.columns) + " |", "|" + "---|" * len(shown.columns)]
    lines += [
        "| " + " | ".join(_for_reading(v, c) for v, c in zip(row, shown.columns, strict=True)) + " |"
        for row in shown.itertuples(index=False)
    ]
    return "\n".join(lines) + "\n"


def inert(frame):
    """A copy in which every text cell that a spreadsheet would run as a formula starts with an apostrophe."""
    import pandas as pd

    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column]):
            continue
        values = out[column].astype("object")
        out[column] = ["'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in values]
    return out


def table_frames(report="all") -> dict[str, object]:
    """Every declared table of `report` (catalog order), as DataFrames, their printed rows (a withheld one is
    listed on the report page: `table --all-rows` gives it); one report's leave out the tables that read
    other districts' reports (derive.compare.ACROSS_DISTRICTS: the comparisons have them)."""
    from ..derive.compare import ACROSS_DISTRICTS
    from ..tables.frames import printed

    skip = () if isinstance(report, str) and report == "all" else ACROSS_DISTRICTS
    return {name: printed(spec.build(report)) for name, spec in all_tables().items() if name not in skip}


def write_csvs(folder: Path, frames: dict[str, object]) -> list[Path]:
    """Each frame as `<folder>/<name>.csv`: UTF-8 with a byte-order mark, formula-like text made inert."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in frames.items():
        path = folder / f"{name}.csv"
        path.write_text(to_csv(inert(frame)), encoding="utf-8-sig")
        paths.append(path)
    return paths


def write_library(folder: Path, reports) -> list[Path]:
    """Every table across `reports` (ids, or "all") as one tidy file each: <table>.csv (as write_csvs) and
    <table>.parquet (typed, for pandas and DuckDB), each row with its report_id, district and year."""
    frames = table_frames("all")  # a comparison reads its other reports: the manifest's, then kept to ours
    if reports != "all":
        keep = set(reports)
        for name, frame in frames.items():
            rows = frame["report_id"].isin(keep)
            if "base_report_id" in frame.columns:
                rows &= frame["base_report_id"].isin(keep)
            frames[name] = frame[rows].reset_index(drop=True)
    paths = write_csvs(folder, frames)
    for name, frame in frames.items():
        path = folder / f"{name}.parquet"
        frame.to_parquet(path, index=False)
        paths.append(path)
    return paths


def write_tables(out: Path, report="all") -> list[Path]:
    """Every table of `report` as CSV (UTF-8 with BOM) in `out` (replaced as a whole)."""
    frames = table_frames(report)  # computed before the folder is touched: an error writes nothing
    with staged_dir(out) as stage:
        write_csvs(stage, frames)
    return [out / f"{name}.csv" for name in frames]
