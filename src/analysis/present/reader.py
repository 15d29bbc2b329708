"""Tables for readers: labels with units, the report's units, values rounded for reading, ✓/—, no ids.

    reader_table(frame, ["use_type", "area_mu", "quote"], "zh")   # an HTML <table>, escaped (table_html.py)

What each column becomes is its one declaration (tables/rules/columns.csv,
read through tables.fields): hidden (ids and offsets stay on the code pages
and in the CSV), its label in Chinese and English, the unit readers see
(元 -> 亿元, the report's unit), its decimals, and how it is shown (a term
in both languages on English pages, a code by its label, a quote linked to
its place in the report, a long text folded). Numbers follow the one style
of tables.formats. The table a frame is comes from the frame itself
(`frame.attrs["table"]`, set by schema.conform), never from its columns.

NOTES
- A total this project computes from parts is never labelled 合计 as if the
  report stated it: a derived total of one method reads "挂牌小计".
"""

from __future__ import annotations

import re
from typing import Any

from ..source.rules import LabelTable, rules_dir
from ..tables.codes import code_label
from ..tables.fields import FIELDS, Field
from ..tables.formats import (
    computed_decimals,
    english_reading,
    number_text,
    reading,
    unit_label,
)
from .shown import FILE_REF, esc, link, quote_anchor, row_anchor
from .table_html import _missing, html_table

__all__ = [
    "cell_text",
    "column_label",
    "downloads",
    "input_anchor",
    "number_text",
    "reader_table",
    "shown_columns",
    "table_name",
]

_RULES = rules_dir(__file__)
WORDING = LabelTable(_RULES / "wording.csv")
_KEY_COLUMNS = ("item_id", "indicator_id", "ratio_id")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_FOLD_AT = 48  # characters: a longer text is folded behind its first words
_INPUT = re.compile(r"^(?P<table>[a-z_]+):(?P<item>.+?)(?:\.(?P<column>[a-z0-9_]+))?$")
_NO_SUFFIX_UNITS = {"", "年", "字符"}


def downloads(lang: str, files: list[tuple[str, str]]) -> str:
    """A line of download links: (path under the build's output folder, key of its word in wording.csv)."""
    links = " · ".join(
        f'<a href="{FILE_REF}{esc(path)}" download>{esc(WORDING.label("reader", key, lang))}</a>'
        for path, key in files
    )
    return f'<p class="downloads no-print">{esc(WORDING.label("reader", "download", lang))}{links}</p>'


def _field(name: str) -> Field:
    """The declaration of a column a reader may see (SchemaError-free: an undeclared one is plain)."""
    return FIELDS.get(name) or Field(name, "string", "", name, name, label_en=name, description_zh=name)


def _words(key: str, lang: str, **values: Any) -> str:
    return WORDING.label("reader", key, lang).format(**values)


def shown_unit(name: str) -> str:
    """The unit readers see a column in ('' for none, a year or an offset)."""
    unit = _field(name).reading_unit
    return "" if unit in _NO_SUFFIX_UNITS else unit


def _label(name: str, lang: str) -> str:
    """A column's label; a figure as printed reads in English on English pages, so it is its Value."""
    if _field(name).show == "printed" and lang == "en":
        return _words("printed_in_english", lang)
    return _field(name).label(lang)


def _names(label: str, unit: str) -> bool:
    """The label names the unit itself (Price per mu); 'ha' inside 'Change' is not the unit."""
    return re.search(rf"(?<![A-Za-z]){re.escape(unit)}(?![A-Za-z])", label, re.I) is not None


def column_label(name: str, lang: str) -> str:
    """A column's header for readers: its label and, where it has one, its unit (面积（亩）, Area (mu))."""
    label, unit = _label(name, lang), _header_unit(name, lang)
    if not unit or _names(label, unit):
        return label
    if label.endswith(("）", ")")):  # the unit inside the label's brackets: (area, %), not (area) (%)
        return f"{label[:-1]}{'，' if lang == 'zh' else ', '}{unit}{label[-1]}"
    return f"{label}（{unit}）" if lang == "zh" else f"{label} ({unit})"


def _header_unit(name: str, lang: str) -> str:
    """The unit a header names; in English without a 'per mu' its label says (Price per mu (CNY million))."""
    unit = unit_label(shown_unit(name), lang)
    money, per, each = unit.rpartition(" per ")
    return money if lang == "en" and per and f"per {each}" in _label(name, lang) else unit


def _header_html(name: str, lang: str) -> str:
    """A header that breaks only between its label and its unit, never inside a word."""
    label, unit = _label(name, lang), _header_unit(name, lang)
    if not unit or _names(label, unit) or label.endswith(("）", ")")):
        return f'<span class="label">{esc(column_label(name, lang))}</span>'
    unit_text = f"（{unit}）" if lang == "zh" else f"({unit})"
    gap = "<wbr>" if lang == "zh" else " "  # 'Share of parcels (%)', not 'Share of parcels(%)'
    if " " in unit:  # '(CNY 100 million)' kept whole made two columns 146 px wide (look10): between its words
        return f'<span class="label">{esc(label)}</span>{gap}{esc(unit_text)}'
    return f'<span class="label">{esc(label)}</span>{gap}<span class="nowrap">{esc(unit_text)}</span>'


def decimals_of(name: str, row: dict) -> int | None:
    """The decimals a column's value is shown with: None as printed, else fixed (by its unit for `value`)."""
    declared = _field(name).decimals
    if declared == "unit":
        return computed_decimals(row.get(_field(name).unit_from or "unit"))
    return int(declared) if declared else None


def in_shown_unit(name: str, value: float) -> float:
    """A value in the unit readers see it in (元 -> 亿元), exactly converted."""
    from ..source.quantities import convert

    field = _field(name)
    if field.shown_unit and field.unit and field.shown_unit != field.unit:
        return float(convert(value, field.unit, field.shown_unit))
    return value


def _derived_total(row: dict, lang: str) -> str:
    method = row.get("method_en" if lang == "en" else "method")
    if row.get("method") not in (None, "合计") and method:
        return _words("subtotal", lang, method=method)
    return _words("derived_total", lang)


def _twin(name: str) -> str | None:
    """The English column that translates `name` (use_type -> use_type_en), if declared."""
    return next((f.name for f in FIELDS.values() if f.twin_of == name), None)


def _term(name: str, row: dict, lang: str) -> str:
    value = row.get(name)
    if row.get("is_derived") is True and row.get("is_total") is True and value == "合计":
        return _derived_total(row, lang)
    if lang == "zh":
        return "" if _missing(value) else str(value)
    pair = _twin(name)
    english = row.get(pair) if pair in row else None
    if _missing(english) or english == value:
        english = None
    shown = str(english) if english is not None else "" if _missing(value) else str(value)
    if name == "name_zh" and row.get("ratio_id") and shown:  # a nonstandard ratio says 参考 / reference
        from .standard import reference_name

        return reference_name(shown, str(row["ratio_id"]), lang)
    return shown


def _value_label(name: str, value: Any, lang: str) -> str:
    """A code by its label (kind target -> 下达任务); a measure named by a column -> that column's label."""
    field = _field(name)
    if name == "measure" and str(value) in FIELDS:
        return column_label(str(value), lang)
    return code_label(field.codes, value, lang) if field.codes else str(value)


def _fold(text: str, lang: str) -> str:
    if len(text) <= _FOLD_AT:
        return esc(text)
    head = esc(text[: _FOLD_AT // 2].rstrip()) + "…"
    return (
        f'<details class="fold"><summary>{head}<span class="more">{esc(_words("more", lang))}</span>'
        f"</summary>{esc(text)}</details>"
    )


def _formula(text: str, lang: str) -> str:
    parts = []
    for part in text.split("; "):
        name, equals, rest = part.partition(" = ")
        parts.append(f"{column_label(name, lang)} = {rest}" if equals and name in FIELDS else part)
    return _fold("；".join(parts) if lang == "zh" else "; ".join(parts), lang)


def input_anchor(reference: str) -> str | None:
    """The row anchor of one input ('land_transfers:transfer.total.area_mu' -> row-land_transfers-transfer.total)."""
    match = _INPUT.match(reference.strip())
    if not match:
        return None
    item = (
        match["item"] if match["column"] in FIELDS or match["column"] is None else reference.split(":", 1)[1]
    )
    return row_anchor(match["table"], item)


def _inputs(text: str, lang: str) -> str:
    links = [
        link(input_anchor(ref), esc(_words("source_n", lang, n=n)), class_="nowrap")  # never 'source' / '2'
        for n, ref in enumerate(text.split(";"), start=1)
        if ref.strip()
    ]
    return " ".join(links)


def cell_text(name: str, row: dict, lang: str) -> str:
    """The HTML of one cell for readers (escaped; links name anchors only)."""
    value, show = row.get(name), _field(name).show
    if show == "term":
        return esc(_term(name, row, lang))
    english = _twin(name) if lang == "en" else None
    if english and not _missing(row.get(english)):  # note_zh on an English page: its note_en
        value = row[english]
    if _missing(value):
        return ""
    if isinstance(value, bool):
        word = _words("yes" if value else "no", lang)
        return f'<span aria-hidden="true">{"✓" if value else "—"}</span><span class="sr">{esc(word)}</span>'
    if show == "code" or name == "measure":
        return esc(_value_label(name, value, lang))
    if show == "printed" and lang == "en" and not _missing(row.get("number")):
        return _english_reading(row, str(value))
    if show == "quote":
        target = quote_anchor(row["quote_start"], row["quote_end"]) if "quote_start" in row else None
        return link(target, esc(value), class_="quote")
    if show == "fold":
        return _fold(str(value), lang)
    if show == "formula":
        return _formula(str(value), lang)
    if show == "inputs":
        return _inputs(str(value), lang)
    if isinstance(value, int | float):
        field = _field(name)
        unit = str(row.get(field.unit_from) or "") if field.unit_from else shown_unit(name)
        shown = in_shown_unit(name, value)
        # a computed column's declared decimals hold in every row (−10.0 under −4.9), as on the comparison pages
        read = reading(shown, unit, lang, decimals_of(name, row))  # 0.1859亿元: 0.01859; 972.49万元/亩: 9.72
        year = field.unit == "年"
        text = number_text(shown, year=True) if year else read.number(fixed=field.decimals.isdigit())
        signed = show == "change" and value > 0 and float(text.replace(",", "")) != 0  # +0.06, as sentences
        return esc("+" + text if signed else text)
    if name == "unit" and lang == "en":
        return esc(unit_label(str(value), lang) or str(value))
    if name == "qualifier" and lang == "en":  # 余 -> more than (余)
        from ..source.units import qualifier_reading

        word = qualifier_reading(str(value))
        return esc(f"{word} ({value})" if word else value)
    return esc(value)


def _english_reading(row: dict, printed: str) -> str:
    """A figure as printed, read in English (13,300 mu), the printed one (1.33万亩) its tooltip."""
    qualifier = None if _missing(row.get("qualifier")) else str(row["qualifier"])
    reading = english_reading(row["number"], str(row.get("unit") or ""), qualifier)
    return f'<span class="nowrap" title="{esc(printed)}">{esc(reading)}</span>'  # never '174,000' / 'm²'


def table_name(frame) -> str | None:
    """The catalog table a frame is (schema.conform names it in frame.attrs), or None."""
    return frame.attrs.get("table")


def _row_id(table: str | None, row: dict) -> str | None:
    if table is None:
        return None
    if table == "reconciliation":
        return row_anchor(table, f"{row['total_item_id']}.{row['measure']}")
    key = next((row[c] for c in _KEY_COLUMNS if c in row and not _missing(row[c])), None)
    return row_anchor(table, key) if key is not None else None


def shown_columns(columns: list[str]) -> list[str]:
    """The columns readers see of `columns`: no hidden ones; a pair (use_type, use_type_en) as one."""
    shown = []
    for name in columns:
        name = _field(name).twin_of or name
        if _field(name).show != "hidden" and name not in shown:
            shown.append(name)
    return shown


def _numeric(frame, name: str) -> bool:
    import pandas as pd

    return (
        name in frame
        and pd.api.types.is_numeric_dtype(frame[name])
        and not pd.api.types.is_bool_dtype(frame[name])
    )


def _rows(frame, names: list[str], lang: str) -> tuple[list[list[str]], list, list[str]]:
    """Each row's cells (HTML), its anchor (a catalog table's) and its classes (total, derived)."""
    from ..tables.frames import records

    table = table_name(frame)
    rows, ids, classes = [], [], []
    for row in records(frame):
        rows.append([cell_text(n, row, lang) for n in names])
        ids.append(_row_id(table, row))
        flags = (("total", row.get("is_total")), ("derived", row.get("is_derived")))
        classes.append(" ".join(c for c, on in flags if on))
    return rows, ids, classes


def _over_years(frame, groups, years: tuple[str, str], lang: str) -> tuple[list[str], list[str], tuple]:
    """The header of a comparison's measures: each measure (面积（亩）) over its columns named plainly, by
    the year they hold or as its change (2023年 | 2024年 | 变化率（%）); a measure without a name (None) is
    one column that spans both rows. (phone card labels, lower header cells, the upper row's groups)"""
    labels, lower, spans = [], [], []
    for measure, names in groups:
        if measure is None:
            labels += [column_label(n, lang) for n in names]
            lower += [_header_html(n, lang) for n in names]
            spans += [("", 1)] * len(names)
            continue
        for name in names:
            # a phone card names a change whole: 面积变化率（%）, not 面积（亩） · 变化率
            if _field(name).show == "change":
                said = _words("change_pct_col" if _field(name).unit == "%" else "change_col", lang)
                labels.append(column_label(name, lang))
            else:
                year = frame[years[0] if name.startswith("base_") else years[1]].iloc[0]
                said = _words("year_col", lang, year=int(year))
                labels.append(f"{column_label(measure, lang)} · {said}")
            lower.append(esc(said))
        spans.append((column_label(measure, lang), len(names)))
    return labels, lower, tuple(spans)


def one_year(frame, column: str) -> bool:
    """Every row of `frame` holds the same `column` (a comparison of one pair of years)."""
    return column in frame and frame[column].nunique(dropna=False) == 1


def reader_table(frame, columns: list[str] | None, lang: str, over_years=None) -> str:
    """An HTML table of `frame` for readers in `lang` (rows get anchors when the frame is a catalog table).
    `over_years`, ((measure, columns), ...) and the two year columns: `columns` leads, each measure then
    stands over its years and its change (_over_years), the years named once in the header."""
    table = table_name(frame)
    names = shown_columns(list(columns or frame.columns))
    groups = ()
    if over_years is not None:
        names += [n for _, group in over_years[0] for n in group]
    numeric = tuple(i for i, n in enumerate(names) if _numeric(frame, n))
    rows, ids, classes = _rows(frame, names, lang)
    if not rows:  # a header over nothing read as a table cut off (look10: xishan_2024's rates)
        return f'<p class="empty">{esc(_words("no_rows", lang))}</p>'
    header = [column_label(n, lang) for n in names]
    header_html = [_header_html(n, lang) for n in names]
    if over_years is not None:
        lead = len(names) - sum(len(group) for _, group in over_years[0])
        labels, lower, groups = _over_years(frame, *over_years, lang)
        header, header_html = header[:lead] + labels, header_html[:lead] + lower
    files = ""
    if table is not None:
        files = downloads(
            lang, [(f"reports/tables/{table}.csv", "download_csv"), ("reports/tables.xlsx", "download_xlsx")]
        )
    keep = tuple(i for i, n in enumerate(names) if _field(n).show in ("term", "code") and i not in numeric)
    prose = tuple(i for i, n in enumerate(names) if _field(n).wrap and i not in numeric + keep)
    return (
        html_table(
            header,
            rows,
            row_ids=ids,
            row_classes=classes,
            numeric=numeric,
            terms=keep,
            prose=prose,
            header_html=header_html,
            groups=groups,
        )
        + files
    )
