"""One way to build a table for one report or many, and one way to read its rows back.

per_report("land_use", rows_of, report)   # conform(rows_of(r)) for each report, cached, combined
told_kind(frame, report)                  # frame.attrs["reliability"]: each report's kind of text, how it reads
printed(frame)                            # the rows printed by default: none the trust step withholds
withheld_rows(frame)                      # True for each row the trust step withholds
records(frame)                            # rows as dicts, missing values as None
plain(value)                              # NA/NaN -> None, numpy scalar -> Python
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from ..extract.text_kind import measured, report_kind
from ..source.reports import Report, all_reports, load_report
from . import schema

__all__ = ["per_report", "plain", "printed", "records", "reports_of", "told_kind", "withheld_rows"]


def reports_of(report) -> list[Report]:
    """The reports a `report` argument names: "all" (the manifest), a list or tuple of them, or one (id, path,
    Report, None: the newest)."""
    if isinstance(report, str) and report == "all":
        return all_reports()
    if isinstance(report, list | tuple):
        return [load_report(r) for r in report]
    return [load_report(report)]


def printed(frame):
    """The rows a table prints by default: those the trust step does not withhold (extract/trust.py); a table
    without the `withheld` column is printed whole."""
    return frame if "withheld" not in frame.columns else frame[~withheld_rows(frame)]


def withheld_rows(frame):
    """True for each row the trust step withholds (none in a table without the `withheld` column)."""
    import pandas as pd

    if "withheld" not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame["withheld"].fillna(False).astype(bool)


def plain(value: Any) -> Any:
    """A cell as a plain Python value: None for every missing value (NA, NaN, None)."""
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # a list or array is not missing
        pass
    return value.item() if hasattr(value, "item") else value


def records(frame) -> list[dict]:
    """The rows of a frame as dicts of plain values (None for missing). Read a column at a time: pandas'
    to_dict("records") builds each row through its row iterator, 1.5-2.5 times slower (a tenth of the
    fast tests' time went there)."""
    names = list(frame.columns)
    if not names:
        return [{} for _ in range(len(frame))]
    columns = [_plain_values(column.array) for _, column in frame.items()]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _plain_values(values) -> list:
    """A column's cells as plain() gives them, each category made plain once."""
    import pandas as pd

    if isinstance(values, pd.Categorical):
        categories = [_plain_cell(v) for v in values.categories.tolist()]
        return [None if code < 0 else categories[code] for code in values.codes.tolist()]
    if isinstance(values, _masked_kinds()):  # NA as None in one step
        values = values.to_numpy(dtype=object, na_value=None)
    return [_plain_cell(v) for v in values.tolist()]


@cache
def _masked_kinds() -> tuple[type, ...]:
    import pandas as pd

    arrays = pd.arrays
    return (
        arrays.ArrowStringArray,
        arrays.StringArray,
        arrays.IntegerArray,
        arrays.FloatingArray,
        arrays.BooleanArray,
    )


def _plain_cell(value: Any) -> Any:
    """plain(value), without asking pandas about the plain kinds a column's tolist() gives."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool:
        return value
    if kind is float:
        return None if value != value else value  # NaN
    return plain(value)


def per_report(
    table: str,
    rows_of: Callable[[Report], list[dict]],
    report,
    warn: Callable[[Report], None] | None = None,
):
    """Table `table` for one report or several: rows_of(report), conformed and cached per report.

    `warn` runs on every call (the frames are cached, the warnings must repeat).
    """
    reports = reports_of(report)
    for r in reports:
        if warn is not None:
            warn(r)
    frames = [_conformed(table, rows_of, r) for r in reports]
    if len(frames) == 1:
        return frames[0].copy(deep=not _copies_on_write())
    return schema.conform([row for frame in frames for row in records(frame)], table)


@cache
def _copies_on_write() -> bool:
    """pandas 3 copies on write (always): a shallow copy of a cached frame is the caller's to edit, and no edit
    reaches the cache (a deep copy of each table at each call was ~1.5 % of the fast tests' CPU)."""
    import pandas as pd

    return int(pd.__version__.split(".")[0]) >= 3


@cache
def _conformed(table: str, rows_of: Callable[[Report], list[dict]], report: Report):
    return schema.conform(rows_of(report), table)


def told_kind(frame, report):
    """The frame, with `frame.attrs["reliability"]`: for each report, the kind its text reads like and how far
    rows of that kind were right on the yardstick (extract/text_kind.py; `pandas.DataFrame(...)` of it is a
    table). The extracted tables carry it: their rows are what the measure is about."""
    frame.attrs["reliability"] = Shared(
        {"report_id": r.report_id, **measured(report_kind(r))} for r in reports_of(report)
    )
    return frame


class Shared(tuple):
    """A tuple that pandas does not copy: every operation on a frame deep-copies its attrs (__finalize__), and
    copying these rows at each step of the derived tables took a third of their time. Read them, never edit."""

    __slots__ = ()

    def __deepcopy__(self, memo):
        return self
