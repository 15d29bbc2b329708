"""The HTML of a table: for readers (labelled cells, cards on a phone) and for analysts (exact values).

    html_table(["面积（亩）"], [["1,545"]], numeric=(0,))   # a <table> from header texts and cell HTML
    analyst_table(frame, ["item_id", "area_mu", "quote"])    # exact values, field names, for notebooks

What each column's cells and header say for readers is reader.py's; this
module only lays them out. Every text from data is escaped here or by the
caller (cells are HTML fragments).
"""

from __future__ import annotations

import re
from typing import Any

from .shown import display_width, esc

__all__ = ["CARDS_ABOVE", "analyst_table", "html_table"]

CARDS_ABOVE = 4  # columns: a wider table becomes cards on a phone, a smaller one stays a table
_NUM = ' class="num"'
_GLUED_AT_MOST = 7  # characters of a bracketed unit a phone card's label keeps whole: （万元/亩）
_LABEL_SHARE = (40, 52)  # % of a phone card its labels take: at least, at most (its text values keep 48 %)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value) in ("<NA>", "nan")


def _both_rows(cell: str) -> str:
    return cell.replace("<th ", '<th rowspan="2" ', 1)


def _head(shown: list[str], numeric: tuple[int, ...], groups: tuple[tuple[str, int], ...]) -> str:
    """The header rows: one; or, under `groups`, two (the columns before the groups span both, and so does
    a group without a text: one column of its own)."""
    cells = [f'<th scope="col"{_NUM if i in numeric else ""}>{label}</th>' for i, label in enumerate(shown)]
    if not cells or not groups:
        return f"<tr>{''.join(cells)}</tr>" if cells else ""
    at = len(shown) - sum(span for _, span in groups)
    upper, lower = [_both_rows(cell) for cell in cells[:at]], []
    for text, span in groups:
        if text:
            upper.append(f'<th scope="colgroup" colspan="{span}">{esc(text)}</th>')
            lower += cells[at : at + span]
        else:
            upper += [_both_rows(cell) for cell in cells[at : at + span]]
        at += span
    return f"<tr>{''.join(upper)}</tr><tr>{''.join(lower)}</tr>"


def _glued(label: str) -> str:
    """A phone card's label whose bracketed unit never breaks inside: '亩均出让价款（万元/亩）' broke after
    '（万元/' (look9); a word joiner between its characters keeps （万元/亩） whole (it may still start a line)."""
    start = label.rfind("（")
    end = label.find("）", start)
    if start < 0 or end < 0 or end - start > _GLUED_AT_MOST:
        return label  # a bracket of words, not a unit: it may break
    return label[:start] + "\u2060".join(label[start : end + 1]) + label[end + 1 :]


def _width(html: str) -> int:
    """About how wide a cell's text is, in half-width characters (a Chinese character counts two)."""
    return display_width(re.sub(r"<[^>]+>", "", html).replace("\u2060", "").replace("&amp;", "&"))


def _number_label_share(labels: list[str], rows: list[list[str]], numeric: tuple[int, ...]) -> int:
    """The share (%) of a phone card's width its labels take (every row alike, so the values stand in one
    column): the longest label of a numeric column at 0.85 of the numbers' size over the widest number,
    from 40 % to 52 %. At 40 % 'Proceeds (CNY billion)' went over two lines beside '20.375' (look13: 280
    numbers' cells in the fixture library at 390 px; 62 % for numbers only set them apart from the text)."""
    columns = [i for i in numeric if i < len(labels)]
    values = [_width(row[i]) for row in rows for i in columns if i < len(row)]
    if not columns or not values:
        return _LABEL_SHARE[0]
    label = 0.85 * max(_width(labels[i]) for i in columns)
    return round(min(_LABEL_SHARE[1], max(_LABEL_SHARE[0], 100 * label / (label + max(values)))))


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
    header_html: list[str] | None = None,
    terms: tuple[int, ...] = (),
    prose: tuple[int, ...] = (),
    groups: tuple[tuple[str, int], ...] = (),
    cards: bool | None = None,
) -> str:
    """A table from header texts (escaped here, or `header_html` already escaped) and cell HTML; `groups`,
    (text, columns) over the last columns, an upper header row (a measure and its unit over its years).

    Each cell carries its column's label (data-label): a table of more than CARDS_ABOVE columns
    becomes cards on a phone (every value beside its label); a smaller one stays a table, unless `cards`
    says which.
    """
    labels = [esc(h) for h in header] if header else []
    glued = [esc(_glued(h)) for h in header] if header else []  # each cell's label on a phone card
    head = _head(header_html or labels, numeric, groups)
    body = []
    for index, cells in enumerate(rows):
        row_id = row_ids[index] if row_ids else None
        classes = row_classes[index] if row_classes else ""
        attributes = (f' id="{esc(row_id)}"' if row_id else "") + (f' class="{classes}"' if classes else "")
        out = []
        for i, cell in enumerate(cells):
            tag = "th" if row_headers and i == 0 else "td"
            scope = ' scope="row"' if tag == "th" else ""
            label = f' data-label="{glued[i]}"' if glued else ""
            kind = (
                _NUM
                if i in numeric
                else ' class="term"'
                if i in terms
                else ' class="nowrap"'
                if i in nowrap
                else ' class="prose"'
                if i in prose
                else ""
            )
            out.append(f"<{tag}{scope}{label}{kind}>{cell}</{tag}>")
        body.append(f"<tr{attributes}>{''.join(out)}</tr>")
    thead = f"<thead>{head}</thead>" if head else ""
    wrap_id = f' id="{esc(table_id)}"' if table_id else ""
    layout = " cards" if (len(labels) > CARDS_ABOVE if cards is None else cards) else ""
    share = _number_label_share(glued, rows, numeric) if layout else _LABEL_SHARE[0]
    style = f' style="--number-label: {share}%"' if share > _LABEL_SHARE[0] else ""
    return (
        f'<div class="table-wrap{layout}"{wrap_id}{style}><table class="reader">{thead}'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


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
