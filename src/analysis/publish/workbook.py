"""The tables as one workbook laid out as a Chinese statistical table: a 说明 sheet, then a sheet per table.

    write_workbook(frames, Path("reports/tables.xlsx"), "wujin_2024", built_at)

Each table's sheet is named in Chinese (土地供应, 土地利用现状 ...; the 说明
sheet gives the English names beside them) and laid out from the one column declaration
(tables/rules/columns.csv): the key columns first (用途, 宗数 ...), then the
measures, notes, English names, identifiers, and the provenance last (原文
引文, 所在句子); a bold row of Chinese labels with the unit readers see
(出让金（亿元）) and, under it, the field name (as in the CSV files and the
library); labels frozen (both header rows and the first key column); an
autofilter; normal row heights; codes shown by their Chinese labels; 是/否
for true/false. Money is shown in the report's unit (亿元), and the exact
value (元) is kept in its own column before the identifiers. Every number
is shown in the one style (tables.formats): separators, as printed or with
its column's decimals. Printing: A4 landscape, both header rows on every
page, fitted to the page width, or, where that would print under 80 %,
over pages across with the key columns repeated (publish/sheets.py). Times carry their zone (北京时间, UTC+08:00).

NOTES
- Formula safety, formats, printing and the 说明 sheet's cells are publish/sheets.py's.
- A percent column holds 41.44 for 41.44 %: its format shows a literal %
  ('0.0"%"'), so the cell keeps the table's value instead of 0.4144.
- Each cell's format follows its own value where a figure is shown as
  printed (3,771.3 beside 1,545 in one column), and the row's unit where a
  column's unit is another column (`value` in the unit of `unit`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..derive import all_tables
from ..derive.compare import ACROSS_DISTRICTS
from ..present.shown import display_width
from ..source.reports import load_report, manifest
from ..tables.codes import code_label
from ..tables.fields import FIELDS, ROLES
from ..tables.formats import computed_decimals, excel_format, printed_decimals, unit_label
from ..tables.schema import field_rows
from .sheets import LINE_PT, Writer, print_setup, readme_sheet, words
from .wording import WORDING

__all__ = ["column_label", "header_text", "sheet_name", "table_sheet", "write_workbook"]

_WIDE, _NARROW = 60, 30  # most characters a long-text / other column is wide
# a sha256 whole at 10 pt: its 64 characters take about 390 pt in a wide face (DejaVu Sans for YaHei), more
# than 64 of the sheet's character widths: it ran over the next column, which LibreOffice printed on a page alone
_SHA = 78
_FROZEN_KEYS = 1  # key columns kept in view beside the header rows
_PROVENANCE, _COLUMNS = "来源报告", "字段说明"


def column_label(column: str, exact: bool = False) -> str:
    """出让金（亿元）: a column's Chinese label with the unit readers see; `exact`: 出让金（元，精确值）."""
    field = FIELDS[column]
    unit = field.unit if exact else field.reading_unit
    if exact:
        return f"{field.label_zh}（{unit}，{words('exact')}）"
    if not unit or unit in ("年", "字符") or unit in field.label_zh:
        return field.label_zh
    return f"{field.label_zh}（{unit}）"


def _unit_width(label: str) -> int:
    """The width of a label's unit in brackets (（平方公里）), which its header keeps on one line."""
    return display_width("（" + label.partition("（")[2]) if "（" in label else 0


def header_text(label: str, width: int) -> str:
    """A header's label, on one line where it fits its column, else broken before its unit: 面积 / （亩）, where
    the sheet's own wrapping gave 面积（亩 / ）."""
    head, bracket, unit = label.partition("（")
    if not bracket or not head or display_width(label) <= width - 1:
        return label
    return f"{head}\n（{unit}"


def sheet_name(table: str) -> str:
    """A table's sheet: the first part of its Chinese title (土地供应), at most 31 characters."""
    return all_tables()[table].zh.split("：")[0][:31]


@dataclass(frozen=True)
class _Column:
    key: str
    label: str
    name: str  # the second header row
    numeric: bool
    exact: bool = False  # the exact value of a column shown in the report's unit
    wrap: bool = False


def _ordered(frame) -> list[_Column]:
    """Key columns first, then measures, notes, English names, exact values, identifiers, provenance."""
    import pandas as pd

    def rank(name: str) -> tuple[int, int]:
        field = FIELDS[name]
        role = "note" if field.twin_of else field.role
        return (ROLES.index(role) + (1 if field.twin_of else 0), list(frame.columns).index(name))

    columns = []
    for key in sorted(frame.columns, key=rank):
        field = FIELDS[key]
        numeric = pd.api.types.is_numeric_dtype(frame[key]) and field.dtype != "boolean"
        # in another unit than the CSV's (出让金（亿元）): its name says so; the exact column is the CSV's
        shown = f"{key} ({field.shown_unit})" if numeric and field.shown_unit not in ("", field.unit) else key
        columns.append(_Column(key, column_label(key), shown, numeric, wrap=field.wrap))
    exact = [
        _Column(c.key, column_label(c.key, exact=True), c.key, True, exact=True)
        for c in columns
        if c.numeric and FIELDS[c.key].shown_unit and FIELDS[c.key].shown_unit != FIELDS[c.key].unit
    ]
    first_id = next(
        (i for i, c in enumerate(columns) if FIELDS[c.key].role in ("id", "provenance")), len(columns)
    )
    return columns[:first_id] + exact + columns[first_id:]


def _number(value: float, column: _Column, row: dict) -> tuple[float, str, str]:
    """(the cell's value, its Excel format, about what it shows) in the one number style."""
    from ..source.quantities import convert
    from ..tables.formats import number_text

    field = FIELDS[column.key]
    value = value.item() if hasattr(value, "item") else value
    if field.shown_unit and not column.exact and field.shown_unit != field.unit:
        value = float(convert(value, field.unit, field.shown_unit))
    if column.exact or field.unit == "年" or field.unit == "字符":
        decimals = 0 if float(value).is_integer() else printed_decimals(value)
    elif field.decimals == "unit" and _stated(row):
        decimals = printed_decimals(value)  # a figure the report states (no formula): as printed, 3,771.3 亩
    elif field.decimals == "unit":
        decimals = computed_decimals(row.get(field.unit_from or "unit"))
    elif field.decimals:
        decimals = int(field.decimals)
    else:
        decimals = printed_decimals(value)
    if float(value).is_integer() and not field.decimals:
        decimals = 0
    suffix = "%" if (row.get(field.unit_from) if field.unit_from else field.unit) == "%" else ""
    signed = field.show == "change" and not column.exact  # +0.06, as the pages write a change
    fmt = "0" if field.unit in ("年", "字符") else excel_format(decimals, suffix, signed=signed)
    shown = str(int(value)) if fmt == "0" else number_text(value, decimals) + suffix
    shown = "+" + shown if signed and value > 0 else shown
    return value, fmt, shown


def _stated(row: dict) -> bool:
    """A row of a table with a formula column whose formula is empty: its figure is the report's own."""
    import pandas as pd

    return "formula" in row and (pd.isna(row["formula"]) or row["formula"] == "")


_MONEY_READ = ("元", "亿元")  # money whose unit is a row's, 1亿元 or more: read in 亿元, as every other sheet


def _in_money_read(row: dict, keys: list[str]) -> dict:
    """The row as readers see it: a value of `keys` (whose unit is the row's `unit`) in 元 (对比指标: 出让金额)
    in 亿元, its unit cell too. A value in its base unit (base_unit, 基准单位数值) stays in it: that is what
    the column says."""
    from ..source.quantities import convert

    for key in keys:
        if row["unit"] == _MONEY_READ[0] and _at_least_a_yi(row[key]):
            row = {**row, key: float(convert(row[key], *_MONEY_READ)), "unit": _MONEY_READ[1]}
    return row


def _at_least_a_yi(value) -> bool:
    """1亿 or more (a small amount printed in 元 stays in 元: 0.00亿元 would say nothing)."""
    return isinstance(value, (int, float)) and value == value and abs(value) >= 1e8


def _cell(sheet, writer: Writer, at: tuple[int, int], value, column: _Column, row: dict) -> str:
    """Write one value; returns about what the cell shows (for the column's width)."""
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        text = "是" if value else "否"
        sheet.write_string(*at, text, writer.format())
        return text
    if column.numeric:
        number, fmt, shown = _number(value, column, row)
        sheet.write_number(*at, number, writer.format(fmt))
        return shown
    field = FIELDS[column.key]
    text = code_label(field.codes, value, "zh") if field.codes else str(value)
    sheet.write_string(*at, text, writer.format())  # text, never a formula
    return text


def table_sheet(writer: Writer, name: str, frame, columns: list[_Column] | None = None) -> None:
    """A sheet: Chinese labels, field names, the rows; labels frozen, filtered, fitted, printable."""
    columns = columns or _ordered(frame)
    sheet = writer.book.add_worksheet(name[:31])
    widths = [
        max(display_width(c.label) // 2 + 2, _unit_width(c.label), display_width(c.name)) for c in columns
    ]
    for j, column in enumerate(columns):
        sheet.write_string(1, j, column.name, writer.names())
    records = frame.to_dict("records")
    per_row_unit = [c.key for c in columns if FIELDS[c.key].unit_from == "unit"]  # chosen once per sheet
    if per_row_unit:
        records = [_in_money_read(row, per_row_unit) for row in records]
    for i, row in enumerate(records, start=2):
        for j, column in enumerate(columns):
            shown = _cell(sheet, writer, (i, j), row[column.key], column, row)
            widths[j] = max(widths[j], display_width(shown))
    widths = [max(6, min(w, _WIDE if c.wrap else _NARROW)) + 1 for w, c in zip(widths, columns, strict=True)]
    for j, width in enumerate(widths):
        sheet.set_column(j, j, width)
        sheet.write_string(0, j, header_text(columns[j].label, width), writer.header())
    sheet.set_row(0, 2 * LINE_PT)
    keys = [FIELDS.get(c.key) is not None and FIELDS[c.key].role == "key" for c in columns]
    sheet.freeze_panes(2, sum(keys[:_FROZEN_KEYS]))
    sheet.autofilter(1, 0, 1 + len(records), len(columns) - 1)
    shown = [
        j for j, c in enumerate(columns) if not c.exact and FIELDS[c.key].role in ("key", "measure", "note")
    ]
    last = max((j for j in shown if not FIELDS[columns[j].key].twin_of), default=len(columns) - 1)
    if shown:  # on paper the statistical table itself; the English names, ids and quotes stay in the file
        sheet.print_area(0, 0, 1 + len(records), last)
    print_setup(sheet, widths[: last + 1], [*keys, False].index(False))  # the leading keys repeat


def _plain_sheet(writer: Writer, name: str, rows: list[dict], group: str) -> None:
    """A sheet of text rows (来源报告, 字段说明) with the same two header rows."""
    import pandas as pd

    keys = list(rows[0])
    columns = [_Column(k, words(k, "zh", group), k, False) for k in keys]
    frame = pd.DataFrame(rows, columns=keys, dtype=object)
    sheet = writer.book.add_worksheet(name)
    widths = [display_width(c.label) for c in columns]
    for j, column in enumerate(columns):
        sheet.write_string(0, j, column.label, writer.header())
        sheet.write_string(1, j, column.name, writer.names())
    for i, row in enumerate(frame.to_dict("records"), start=2):
        for j, column in enumerate(columns):
            text = "" if row[column.key] is None else str(row[column.key])
            sheet.write_string(i, j, text, writer.format())
            widths[j] = max(widths[j], display_width(text))
    widths = [_SHA if k == "sha256" else max(6, min(w, _WIDE)) + 1 for w, k in zip(widths, keys, strict=True)]
    for j, width in enumerate(widths):
        sheet.set_column(j, j, width)
    sheet.set_row(0, 2 * LINE_PT)
    sheet.freeze_panes(2, 1)
    print_setup(sheet, widths, 1)  # the first column (字段名, 报告编号) names each row on every page


def _readme(writer: Writer, frames: dict[str, object], built_at: datetime, title: str) -> None:
    """What each sheet is (Chinese and English names), its units, the sources, the build time, how to read it."""
    cells = readme_sheet(writer, title, built_at)
    sheet = cells.sheet
    row = 3
    cells.heading(row, "sources")
    for entry in manifest():
        row += 1
        cells.put(row, 0, entry["report_id"])
        cells.put(row, 1, f"data/raw/{entry['file']}  {entry['publisher']}《{entry['title']}》")
        cells.put(row, 2, f"sha256 {entry['sha256']}")
    row += 2
    cells.heading(row, "how")
    for key in ("how_header", "how_numbers", "how_text", "how_provenance"):
        row += 1
        cells.put(row, 1, words(key))
        cells.put(row, 2, words(key, "en"))
    row += 2
    for j, key in enumerate(("sheet", "contents", "contents", "rows", "units")):
        cells.put(row, j, words(key, "en" if j == 2 else "zh"), writer.header())
    # a link is the tab's name alone: LibreOffice draws a link's text as one field and drops its line break
    # ('土地供应Land supply by level' over the next cell); the English name opens the English contents
    link = writer.format(wrap=True, font_color="blue", underline=1)
    for name, spec in all_tables().items():
        row += 1
        rows = len(frames[name]) if name in frames else 0
        cells.put(row, 0, sheet_name(name))  # its row as high as its lines; a table with rows links it below
        if rows:
            sheet.write_url(row, 0, f"internal:'{sheet_name(name)}'!A1", link, string=sheet_name(name))
        empty = "empty_comparison" if spec.kind == "comparison" else "empty"
        empty = "across_districts" if name in ACROSS_DISTRICTS and name not in frames else empty
        cells.put(row, 1, spec.zh if rows else f"{spec.zh}。{words(empty)}")
        cells.put(row, 2, spec.en if rows else f"{spec.en}. {words(empty, 'en')}")
        sheet.write_number(row, 3, rows, writer.format("0"))
        units = [
            FIELDS[c].reading_unit for c in spec.columns if FIELDS[c].reading_unit not in ("", "年", "字符")
        ]
        cells.put(row, 4, "、".join(dict.fromkeys(units)))
    for name, key in ((_PROVENANCE, "provenance"), (_COLUMNS, "columns")):
        row += 1
        sheet.write_url(row, 0, f"internal:'{name}'!A1", link, string=name)
        cells.put(row, 1, words(key))
        cells.put(row, 2, words(key, "en"))
    cells.close()


def write_workbook(
    frames: dict[str, object], out: Path, report_id: str | None = None, built_at: datetime | None = None
) -> Path:
    """Write the 说明 sheet, a sheet per table with rows, 来源报告 and 字段说明 to `out` (.xlsx)."""
    built_at = (built_at or datetime.now(UTC)).replace(microsecond=0)
    if built_at.tzinfo is None:
        built_at = built_at.replace(tzinfo=UTC)
    report = load_report(report_id)
    from ..present.naming import document_name

    values = {"district": report.district, "title": report.title, "year": report.year}
    values["name"] = document_name(report, "zh")
    title = WORDING.label("workbook", "title", "zh").format(**values)
    out.parent.mkdir(parents=True, exist_ok=True)
    writer = Writer(
        out,
        {
            "title": title,
            "subject": WORDING.label("workbook", "subject", "zh").format(**values),
            "author": report.publisher or report.district,
            "company": report.publisher or "",
            "keywords": WORDING.label("deck", "keywords", "zh").format(**values),
            "comments": WORDING.label("deck", "comments", "zh"),
            "created": built_at.astimezone(UTC).replace(tzinfo=None),
        },
    )
    _readme(writer, frames, built_at, title)
    for name, frame in frames.items():
        if len(frame):
            table_sheet(writer, sheet_name(name), frame)
    _plain_sheet(
        writer,
        _PROVENANCE,
        [{k: v for k, v in r.items() if not k.startswith("_")} for r in manifest()],
        "manifest",
    )
    described = [
        {"column": r["column"], "label_zh": r["label_zh"], "unit": unit_label(r["unit"], "zh"),
         "reading_unit": r["reading_unit"], "description_zh": r["description_zh"],
         "label_en": r["label_en"], "description_en": r["description_en"], "dtype": r["dtype"]}
        for r in field_rows()
    ]  # fmt: skip
    _plain_sheet(writer, _COLUMNS, described, "field")
    writer.book.close()
    return out
