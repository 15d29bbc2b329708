"""Tables for readers: labels with units, the report's units, values rounded for reading, ✓/—, no ids.

    reader_table(frame, ["use_type", "area_mu", "quote"], "zh")   # an HTML <table>, escaped
    analyst_table(frame, ["item_id", "area_mu", "quote"])         # exact values, for notebooks

What each column becomes is data, rules/columns.csv: hidden (ids and
offsets stay on the code pages and in the CSV), its label in Chinese and
English, the unit it is shown in (元 -> 亿元, the report's unit), how it is
rounded, and a role (a term shown in both languages on English pages, a
quote linked to its place in the report, a long text folded).

NOTES
- Rounding: a stated figure is shown as printed; a figure computed here is
  shown with 2 decimals. A column is "computed" when columns.csv says so
  (decimals = 2); in any other column a value that needs more than 4
  decimals is a conversion (91亩 = 6.0667公顷) and gets 2 as well, while
  0.1859亿元 (printed 1859万元) keeps its digits.
- A total this project computes from parts is never labelled 合计 as if the
  report stated it: a derived total of one method reads "挂牌小计".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..source.rules import LabelTable, rule_table, rules_dir
from ..tables.fields import FIELDS
from .shown import esc, link, quote_anchor, row_anchor

__all__ = [
    "analyst_table",
    "cell_text",
    "column_label",
    "html_table",
    "input_anchor",
    "number_text",
    "reader_table",
    "shown_columns",
    "table_name",
]

_RULES = rules_dir(__file__)
WORDING = LabelTable(_RULES / "wording.csv")
_NO_SUFFIX_UNITS = {"", "年", "字符"}
_KEY_COLUMNS = ("item_id", "indicator_id", "ratio_id")
_NUM = ' class="num"'
_HAN = re.compile(r"[\u4e00-\u9fff]")
_FOLD_AT = 48  # characters: a longer text is folded behind its first words
_INPUT = re.compile(r"^(?P<table>[a-z_]+):(?P<item>.+?)(?:\.(?P<column>[a-z0-9_]+))?$")


@dataclass(frozen=True)
class Column:
    name: str
    role: str
    zh_of: str
    shown_unit: str
    decimals: str
    label_zh: str
    label_en: str


@cache
def _columns() -> dict[str, Column]:
    optional = ("role", "zh_of", "shown_unit", "decimals", "label_zh", "label_en", "note")
    rows = rule_table(_RULES, "columns", ("column",), optional)
    return {r["column"]: Column(r["column"], *(r.get(k) or "" for k in optional[:-1])) for r in rows}


def _column(name: str) -> Column:
    return _columns().get(name) or Column(name, "", "", "", "", "", "")


def _words(key: str, lang: str, **values: Any) -> str:
    return WORDING.label("reader", key, lang).format(**values)


def _unit(unit: str, lang: str) -> str:
    if lang == "zh" or not unit:
        return unit
    try:
        return WORDING.label("unit", unit, "en")
    except KeyError:
        return unit


def _shown_unit(name: str) -> str:
    column, declared = _column(name), FIELDS[name].unit if name in FIELDS else ""
    unit = column.shown_unit or declared
    return "" if unit in _NO_SUFFIX_UNITS or unit.startswith("见") else unit


def column_label(name: str, lang: str) -> str:
    """A column's header for readers: its label and, where it has one, its unit (面积（亩）, Area (mu))."""
    column = _column(name)
    label = (column.label_zh if lang == "zh" else column.label_en) or (
        FIELDS[name].zh if name in FIELDS else name
    )
    unit = _unit(_shown_unit(name), lang)
    if not unit or unit.lower() in label.lower():
        return label
    return f"{label}（{unit}）" if lang == "zh" else f"{label} ({unit})"


def number_text(value: float, lang: str, decimals: str = "", *, year: bool = False) -> str:
    """A number as readers see it: as printed, or 2 decimals when computed; separators in English only."""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and decimals != "2"):
        whole = int(value)
        return str(whole) if year or lang == "zh" or abs(whole) < 10000 else f"{whole:,}"
    exact = f"{value:.6f}".rstrip("0").rstrip(".")
    places = 2 if decimals == "2" or len(exact.partition(".")[2]) > 4 else len(exact.partition(".")[2])
    separator = "," if lang == "en" and abs(value) >= 10000 else ""
    return f"{value:{separator}.{places}f}"


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value) in ("<NA>", "nan")


def _in_shown_unit(name: str, value: float) -> float:
    from ..source.quantities import convert

    column = _column(name)
    declared = FIELDS[name].unit if name in FIELDS else ""
    if column.shown_unit and declared and column.shown_unit != declared:
        return float(convert(value, declared, column.shown_unit))
    return value


def _derived_total(row: dict, lang: str) -> str:
    method = row.get("method_en" if lang == "en" else "method")
    if row.get("method") not in (None, "合计") and method:
        return _words("subtotal", lang, method=method)
    return _words("derived_total", lang)


def _term(name: str, row: dict, lang: str) -> str:
    value = row.get(name)
    if row.get("is_derived") is True and row.get("is_total") is True and value == "合计":
        return _derived_total(row, lang)
    if lang == "zh":
        return "" if _missing(value) else str(value)
    pair = next((c.name for c in _columns().values() if c.zh_of == name and c.name in row), None)
    english = row.get(pair) if pair else None
    if _missing(english) or english == value:
        return "" if _missing(value) else str(value)
    if _column(name).role == "term" and not _missing(value) and not _HAN.search(str(english)):
        return f"{english} ({value})"
    return str(english)


def _value_label(name: str, value: Any, lang: str) -> str:
    try:
        return WORDING.label("value", f"{name}.{value}", lang)
    except KeyError:
        return column_label(str(value), lang) if str(value) in FIELDS else str(value)


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
        link(input_anchor(ref), esc(_words("source_n", lang, n=n)))
        for n, ref in enumerate(text.split(";"), start=1)
        if ref.strip()
    ]
    return " ".join(links)


def cell_text(name: str, row: dict, lang: str) -> str:
    """The HTML of one cell for readers (escaped; links name anchors only)."""
    value, role = row.get(name), _column(name).role
    if role == "term" or any(c.zh_of == name for c in _columns().values()):
        return esc(_term(name, row, lang))
    if _missing(value):
        return ""
    if isinstance(value, bool):
        word = _words("yes" if value else "no", lang)
        return f'<span aria-hidden="true">{"✓" if value else "—"}</span><span class="sr">{esc(word)}</span>'
    if role == "value":
        return esc(_value_label(name, value, lang))
    if role == "quote":
        target = quote_anchor(row["quote_start"], row["quote_end"]) if "quote_start" in row else None
        return link(target, esc(value), class_="quote")
    if role == "fold":
        return _fold(str(value), lang)
    if role == "formula":
        return _formula(str(value), lang)
    if role == "inputs":
        return _inputs(str(value), lang)
    if isinstance(value, int | float):
        field = FIELDS.get(name)
        year = field is not None and field.unit == "年"
        return number_text(_in_shown_unit(name, value), lang, _column(name).decimals, year=year)
    return esc(value)


def table_name(frame) -> str | None:
    """The catalog table a frame is (its columns are the declared ones), or None."""
    from ..derive import all_tables

    columns = tuple(frame.columns)
    return next((name for name, spec in all_tables().items() if spec.columns == columns), None)


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
        column = _column(name)
        name = column.zh_of or name
        if _column(name).role != "hidden" and name not in shown:
            shown.append(name)
    return shown


def _numeric(frame, name: str) -> bool:
    import pandas as pd

    return (
        name in frame
        and pd.api.types.is_numeric_dtype(frame[name])
        and not pd.api.types.is_bool_dtype(frame[name])
    )


def html_table(
    header: list[str] | None,
    rows: list[list[str]],
    *,
    table_id: str | None = None,
    row_ids: list[str | None] | None = None,
    row_classes: list[str] | None = None,
    numeric: tuple[int, ...] = (),
    row_headers: bool = False,
    nowrap: tuple[int, ...] = (),
) -> str:
    """A table from header texts (escaped here) and cell HTML (escaped by the caller).

    Each cell carries its column's label (data-label) for the phone layout, where rows become cards.
    """
    labels = [esc(h) for h in header] if header else []
    head = "".join(
        f'<th scope="col"{_NUM if i in numeric else ""}>{label}</th>' for i, label in enumerate(labels)
    )
    body = []
    for index, cells in enumerate(rows):
        row_id = row_ids[index] if row_ids else None
        classes = row_classes[index] if row_classes else ""
        attributes = (f' id="{esc(row_id)}"' if row_id else "") + (f' class="{classes}"' if classes else "")
        out = []
        for i, cell in enumerate(cells):
            tag = "th" if row_headers and i == 0 else "td"
            scope = ' scope="row"' if tag == "th" else ""
            label = f' data-label="{labels[i]}"' if labels else ""
            kind = _NUM if i in numeric else ' class="nowrap"' if i in nowrap else ""
            out.append(f"<{tag}{scope}{label}{kind}>{cell}</{tag}>")
        body.append(f"<tr{attributes}>{''.join(out)}</tr>")
    thead = f"<thead><tr>{head}</tr></thead>" if head else ""
    wrap_id = f' id="{esc(table_id)}"' if table_id else ""
    layout = " cards" if labels else ""
    return (
        f'<div class="table-wrap{layout}"{wrap_id}><table class="reader">{thead}'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def reader_table(frame, columns: list[str] | None, lang: str) -> str:
    """An HTML table of `frame` for readers in `lang` (rows get anchors when the frame is a catalog table)."""
    from ..tables.frames import records

    table = table_name(frame)
    names = shown_columns(list(columns or frame.columns))
    numeric = tuple(i for i, n in enumerate(names) if _numeric(frame, n))
    rows, ids, classes = [], [], []
    for row in records(frame):
        rows.append([cell_text(n, row, lang) for n in names])
        ids.append(_row_id(table, row))
        flags = (("total", row.get("is_total")), ("derived", row.get("is_derived")))
        classes.append(" ".join(c for c, on in flags if on))
    header = [column_label(n, lang) for n in names]
    return html_table(header, rows, row_ids=ids, row_classes=classes, numeric=numeric)


def _exact(value: Any) -> str:
    if _missing(value):
        return "—"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:.6g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def analyst_table(frame, columns: list[str] | None = None) -> str:
    """The notebook's view: field names, exact values (up to 4 decimals), every text escaped."""
    import pandas as pd

    shown = frame[columns] if columns else frame
    text = [
        c
        for c in shown.columns
        if not pd.api.types.is_numeric_dtype(shown[c]) or pd.api.types.is_bool_dtype(shown[c])
    ]
    years = [c for c in shown.columns if c.endswith("year")]
    return (
        shown.style.format(_exact, escape="html")
        .format(lambda v: _exact(v).replace(",", ""), subset=years, escape="html")
        .format_index(escape="html", axis=1)
        .hide(axis="index")
        .set_properties(subset=text, **{"text-align": "left"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
        .to_html()
    )
