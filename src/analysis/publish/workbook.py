"""The tables as one Excel workbook for analysts in Excel or WPS: a README sheet first, a sheet per table.

    write_workbook(frames, Path("reports/tables.xlsx"), "wujin_2024", built_at)

Each table's sheet: a bold header row of Chinese labels with units (面积（亩）)
and, under it, the field name (area_mu, as in the CSV files and the
library); panes frozen below both; an autofilter; column widths fitted to
their text; number formats by unit (宗 whole numbers, 亩 and 公顷 two
decimals, 元 with thousands separators, percentages with a % sign); booleans
as 是/否; quotes and sentences wrapped. A table with no rows gets no sheet;
the README sheet says why. Then `provenance` (the source reports with their
sha256) and `columns` (every column's type, unit and meaning).

NOTES
- Formula safety: XlsxWriter is opened with strings_to_formulas, _urls and
  _numbers off and every text is written with write_string, so a text that
  begins with =, +, - or @ is a text cell, never a live formula.
- A percent column holds 41.44 for 41.44 %: its format shows a literal %
  ('0.00"%"'), so the cell keeps the table's value instead of 0.4144.
- A column whose unit is another column's (`value` in the unit of `unit`)
  takes each row's format from that row's unit.
- Cells keep unrounded values; only the format rounds what is shown.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..derive import all_tables
from ..source.reports import DEFAULT_REPORT, load_report, manifest
from ..tables.schema import FIELDS, field_rows
from .wording import WORDING

__all__ = ["NUMBER_FORMATS", "column_label", "number_format", "write_workbook"]

NUMBER_FORMATS = {  # by unit
    "宗": "#,##0",
    "个": "#,##0",
    "亩": "#,##0.00",
    "公顷": "#,##0.00",
    "平方公里": "#,##0.00",
    "亩/宗": "#,##0.00",
    "元": "#,##0",
    "元/平方米": "#,##0",
    "万元/亩": "#,##0.00",
    "%": '0.00"%"',
    "年": "0",
    "字符": "0",
}
_OTHER = "#,##0.00##"  # a number of another unit: two to four decimals
_WRAPPED = {
    "quote",
    "sentence",
    "section",
    "formula",
    "inputs",
    "note_zh",
    "note_en",
    "reason",
    "part_item_ids",
}
_WIDE, _NARROW = 60, 40  # most characters a wrapped / plain column is wide
_LINE_PT = 15  # the height of a line of text in a row
_NOT_UNITS = {"", "年", "字符"}  # years and text offsets: not units a reader needs listed


def _text(key: str, lang: str = "zh", group: str = "workbook") -> str:
    return WORDING.label(group, key, lang)


def column_label(column: str) -> str:
    """面积（亩）: a column's Chinese label with its unit where the label does not name it already."""
    field = FIELDS[column]
    unit = field.unit
    return field.zh if not unit or unit.startswith("见") or unit in field.zh else f"{field.zh}（{unit}）"


def number_format(unit: str | None) -> str:
    return NUMBER_FORMATS.get(unit or "", _OTHER)


@dataclass(frozen=True)
class _Column:
    key: str
    label: str
    name: str  # the second header row
    number_format: str | None  # None: text
    unit_from: str | None = None  # the column whose value is this column's unit, row by row
    wrap: bool = False


def _table_columns(frame) -> list[_Column]:
    import pandas as pd

    found = []
    for key in frame.columns:
        field = FIELDS[key]
        numeric = pd.api.types.is_numeric_dtype(frame[key]) and field.dtype != "boolean"
        unit_from = field.unit.split()[-1] if field.unit.startswith("见 ") else None
        if unit_from not in frame.columns:
            unit_from = None
        fmt = number_format(field.unit) if numeric else None
        found.append(_Column(key, column_label(key), key, fmt, unit_from, key in _WRAPPED))
    return found


def _display_width(text: str) -> int:
    """Width in Excel's character units: a Chinese character counts two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _shown(value, fmt: str | None) -> str:
    """About what a cell shows, to size its column."""
    if isinstance(value, float | int) and fmt:
        decimals = fmt.split(".")[1].count("0") if "." in fmt else 0
        return f"{value:,.{decimals}f}" + ("%" if "%" in fmt else "")
    return str(value)


class _Writer:
    """One XlsxWriter workbook and its cell formats."""

    def __init__(self, out: Path):
        import xlsxwriter

        options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
        self.book = xlsxwriter.Workbook(str(out), options)
        self._formats: dict[tuple, object] = {}

    def format(self, number: str | None = None, *, wrap: bool = False, **more) -> object:
        key = (number, wrap, tuple(sorted(more.items())))
        if key not in self._formats:
            spec = {"valign": "top", "font_name": "Microsoft YaHei", "font_size": 10, **more}
            if number:
                spec["num_format"] = number
            if wrap:
                spec["text_wrap"] = True
            self._formats[key] = self.book.add_format(spec)
        return self._formats[key]

    def header(self) -> object:
        return self.format(wrap=True, bold=True, bg_color="#E8EEF4", bottom=1)

    def names(self) -> object:
        return self.format(italic=True, font_color="#555555", bottom=1)


def _cell(sheet, writer: _Writer, at: tuple[int, int], value, column: _Column, row: dict) -> str:
    """Write one value; returns about what the cell shows (for the column's width)."""
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        text = "是" if value else "否"
        sheet.write_string(*at, text, writer.format())
        return text
    if column.number_format is not None:
        fmt = number_format(row.get(column.unit_from)) if column.unit_from else column.number_format
        value = value.item() if hasattr(value, "item") else value
        sheet.write_number(*at, value, writer.format(fmt))
        return _shown(value, fmt)
    text = str(value)
    sheet.write_string(*at, text, writer.format(wrap=column.wrap))  # text, never a formula
    return text


def _table_sheet(writer: _Writer, name: str, frame, columns: list[_Column] | None = None) -> None:
    """A sheet: Chinese labels, field names, the rows; frozen, filtered, fitted."""
    columns = columns or _table_columns(frame)
    sheet = writer.book.add_worksheet(name[:31])
    widths = [max(_display_width(c.label), _display_width(c.name)) for c in columns]
    for j, column in enumerate(columns):
        sheet.write_string(0, j, column.label, writer.header())
        sheet.write_string(1, j, column.name, writer.names())
    records = frame.to_dict("records")
    for i, row in enumerate(records, start=2):
        lines = 1
        for j, column in enumerate(columns):
            shown = _cell(sheet, writer, (i, j), row[column.key], column, row)
            width = _display_width(shown)
            if column.wrap:
                lines = max(lines, math.ceil(width / _WIDE))
            widths[j] = max(widths[j], width)
        if lines > 1:
            sheet.set_row(i, min(409, lines * _LINE_PT))
    for j, column in enumerate(columns):
        sheet.set_column(j, j, max(6, min(widths[j], _WIDE if column.wrap else _NARROW)) + 2)
    sheet.set_row(0, _LINE_PT * max(1, math.ceil(max(_display_width(c.label) for c in columns) / _NARROW)))
    sheet.freeze_panes(2, 0)
    sheet.autofilter(1, 0, 1 + len(records), len(columns) - 1)
    _print_setup(sheet)


def _print_setup(sheet) -> None:
    """Printed (or saved as PDF): landscape A4 at full size, both header rows on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(0, 1)


def _plain_sheet(writer: _Writer, name: str, rows: list[dict], group: str) -> None:
    """A sheet of text rows (provenance, columns) with the same two header rows."""
    import pandas as pd

    keys = list(rows[0])
    columns = [_Column(k, _text(k, "zh", group), k, None, wrap=k in {"说明", "description"}) for k in keys]
    _table_sheet(writer, name, pd.DataFrame(rows, columns=keys, dtype=object), columns)


_README_WIDTHS = (22, 56, 64, 8, 24)


class _Lines:
    """Text cells of the README sheet, and the height each row needs for its wrapped text."""

    def __init__(self, sheet, writer: _Writer):
        self.sheet, self.writer, self.lines = sheet, writer, {}

    def put(self, row: int, col: int, text: str, fmt=None) -> None:
        self.sheet.write_string(row, col, text, fmt or self.writer.format(wrap=True))
        needed = math.ceil(_display_width(text) / (_README_WIDTHS[col] - 2))
        self.lines[row] = max(self.lines.get(row, 1), needed)

    def close(self) -> None:
        for row, lines in self.lines.items():
            if lines > 1:
                self.sheet.set_row(row, min(409, lines * _LINE_PT))
        for col, width in enumerate(_README_WIDTHS):
            self.sheet.set_column(col, col, width)
        self.sheet.set_landscape()
        self.sheet.set_paper(9)
        self.sheet.fit_to_pages(1, 0)


def _readme(writer: _Writer, frames: dict[str, object], built_at: datetime, title: str) -> None:
    """What each sheet is, its units, the sources with their sha256, the build date, how to read it."""
    sheet = writer.book.add_worksheet("README")
    cells, bold = _Lines(sheet, writer), writer.format(bold=True)
    sheet.write_string(0, 0, title, writer.format(bold=True, font_size=14))
    sheet.set_row(0, 2 * _LINE_PT)
    cells.put(1, 0, f"{_text('built')} / {_text('built', 'en')}", bold)
    cells.put(1, 1, built_at.strftime("%Y-%m-%d %H:%M UTC"))
    row = 3
    cells.put(row, 0, f"{_text('sources')} / {_text('sources', 'en')}", bold)
    for entry in manifest():
        row += 1
        cells.put(row, 0, entry["report_id"])
        cells.put(row, 1, f"data/raw/{entry['file']}  {entry['publisher']}《{entry['title']}》")
        cells.put(row, 2, f"sha256 {entry['sha256']}")
    row += 2
    cells.put(row, 0, f"{_text('how')} / {_text('how', 'en')}", bold)
    for key in ("how_header", "how_numbers", "how_text", "how_provenance"):
        row += 1
        cells.put(row, 1, _text(key))
        cells.put(row, 2, _text(key, "en"))
    row += 2
    for j, key in enumerate(("sheet", "contents", "contents", "rows", "units")):
        cells.put(row, j, _text(key, "en" if j == 2 else "zh"), writer.header())
    link = writer.format(font_color="blue", underline=1)
    for name, spec in all_tables().items():
        row += 1
        rows = len(frames[name]) if name in frames else 0
        if rows:
            sheet.write_url(row, 0, f"internal:'{name}'!A1", link, string=name)
        else:
            cells.put(row, 0, name)
        empty = "empty_comparison" if spec.kind == "comparison" else "empty"
        cells.put(row, 1, spec.zh if rows else f"{spec.zh}。{_text(empty)}")
        cells.put(row, 2, spec.en if rows else f"{spec.en}. {_text(empty, 'en')}")
        sheet.write_number(row, 3, rows, writer.format("0"))
        units = [
            FIELDS[c].unit
            for c in spec.columns
            if FIELDS[c].unit not in _NOT_UNITS and "见" not in FIELDS[c].unit
        ]
        cells.put(row, 4, "、".join(dict.fromkeys(units)))
    for name in ("provenance", "columns"):
        row += 1
        sheet.write_url(row, 0, f"internal:'{name}'!A1", link, string=name)
        cells.put(row, 1, _text(name))
        cells.put(row, 2, _text(name, "en"))
    cells.close()


def write_workbook(
    frames: dict[str, object], out: Path, report_id: str = DEFAULT_REPORT, built_at: datetime | None = None
) -> Path:
    """Write the README sheet, a sheet per table with rows, provenance and columns to `out` (.xlsx)."""
    built_at = (built_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    report = load_report(report_id)
    values = {"district": report.district, "title": report.title, "year": report.year}
    title = WORDING.label("workbook", "title", "zh").format(**values)
    out.parent.mkdir(parents=True, exist_ok=True)
    writer = _Writer(out)
    writer.book.set_properties(
        {
            "title": title,
            "subject": WORDING.label("workbook", "subject", "zh").format(**values),
            "author": report.publisher or report.district,
            "company": report.publisher or "",
            "category": _text("category"),
            "keywords": WORDING.label("deck", "keywords", "zh").format(**values),
            "comments": WORDING.label("deck", "comments", "zh"),
            "created": built_at.replace(tzinfo=None),
        }
    )
    _readme(writer, frames, built_at, title)
    for name, frame in frames.items():
        if len(frame):
            _table_sheet(writer, name, frame)
    _plain_sheet(
        writer,
        "provenance",
        [{k: v for k, v in r.items() if not k.startswith("_")} for r in manifest()],
        "manifest",
    )
    _plain_sheet(writer, "columns", field_rows(), "field")
    writer.book.close()
    return out
