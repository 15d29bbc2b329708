"""The comparison pages (zh and en): years of one district, districts of one year, in the site's style.

    page_html(comparison, "zh", pictures)   # reports/compare/<key>/index.html (its body, header and footer)

Each page: the main figures side by side (years as columns with 比上年; or
districts as rows), the charts, for years the land supply by channel and use
type and the land use by class, then what to keep in mind, the source
reports and the files. Every number links to the sentence of its report
(reports/<id>/html/report.html#q-<start>-<end>); a figure a report does not
give is a dash with the reason, linked to the sentence where there is one.
Every text from data is escaped here.
"""

from __future__ import annotations

from ..charts.compare_years import item_name
from ..derive import compare
from ..derive.compared import FIGURES
from ..present.compare_cards import change_text_of, figure_text, figure_title
from ..present.display import embedded, figure_html
from ..present.reader import column_label, in_shown_unit, shown_unit
from ..present.shown import esc, quote_anchor
from ..present.table_html import html_table
from ..source.reports import load_report
from ..tables import codes
from ..tables.fields import FIELDS
from ..tables.formats import as_printed, change_text, printed_decimals, reading
from ..tables.frames import records
from .site import WORDS

__all__ = ["body_html", "figure_cell", "figure_label", "report_href", "words"]

_GROUPS = ("supply", "channels", "land_use")


def words(lang: str) -> dict[str, str]:
    return {r["key"]: r[lang] for r in WORDS.rows if r["group"] == "compare"}


def report_href(report_id: str, lang: str, start=None, end=None) -> str:
    """From reports/compare/<key>/ to a report's annotated text (its sentence), or to its front page."""
    if start is None:
        return f"../../{report_id}/index{'' if lang == 'zh' else '.en'}.html"
    page = "report.html" if lang == "zh" else "report.en.html"
    return f"../../{report_id}/html/{page}#{quote_anchor(start, end)}"


def figure_cell(row: dict, lang: str) -> str:
    """A compared figure: its value linked to its sentence, or a dash and why it is missing."""
    linked = row["quote_start"] is not None
    href = report_href(row["report_id"], lang, row["quote_start"], row["quote_end"]) if linked else None
    if row["value"] is None:
        why = esc(codes.code_label("missing", row["missing"] or "not_stated", lang))
        text = f'— <small class="missing">{why}</small>'
        return f'<a class="quote" href="{esc(href)}">{text}</a>' if href else text
    text = figure_text(row["figure"], row["value"], lang)
    return _value(text, figure_title(row["figure"], row["value"], lang), href)


def _value(text: str, title: str | None, href: str | None) -> str:
    """A value linked to its sentence; where English rounds it for reading (a price), the figure as the
    tables print it on hover (title)."""
    tooltip = f' title="{esc(title)}"' if title else ""
    if href:
        return f'<a class="value"{tooltip} href="{esc(href)}">{esc(text)}</a>'
    return f"<span{tooltip}>{esc(text)}</span>" if title else esc(text)


def figure_label(figure: str, lang: str) -> str:
    """A compared figure's name without a unit: each of its cells says its own (CNY 7.535 billion)."""
    return FIELDS[figure].label(lang)


def _change_cell(row: dict, lang: str) -> str:
    """A change with its rate, each part whole, a break between: on a phone '−96.64万元/亩（−17.8%）' on one
    line made the years table 520 px in 350 (look10)."""
    if row["change"] is None:
        return "—"
    text = change_text_of(row, lang)
    head, bracket, tail = text.partition("（" if lang == "zh" else " (")
    if not bracket:
        return esc(text)
    # a line may break before the bracket: at <wbr> in Chinese, at the space before it in English
    gap, tail = "<wbr>" if lang == "zh" else " ", bracket.lstrip() + tail
    # one element: a phone card lays each child of its cell out as a grid item (the rate fell to a row of its own)
    return f'<span><span class="nowrap">{esc(head)}</span>{gap}<span class="nowrap">{esc(tail)}</span></span>'


def _label(report_id: str, lang: str, *, year: bool) -> str:
    report = load_report(report_id)
    name = (report.district_en or report.district) if lang == "en" else report.district
    shown = words(lang)["year"].format(year=report.year) if year else name
    return f'<a href="{esc(report_href(report_id, lang))}">{esc(shown or report_id)}</a>'


def _change_heading(comparison, lang: str) -> str:
    """比上年, or 比2022年 when the report before the latest is not of the year before."""
    base, last = (load_report(r).year for r in comparison.report_ids[-2:])
    w = words(lang)
    return w["change_col"] if base == last - 1 else w["change_since"].format(year=base)


def _years_table(comparison, lang: str) -> str:
    """Figures as rows, years as columns, then 比上年 (the latest year against the one before)."""
    figures = records(compare.year_figures(comparison.report_ids[-1]))
    by = {(r["report_id"], r["figure"]): r for r in figures}
    changes = {r["figure"]: r for r in records(compare.figure_changes(comparison.report_ids[-1]))}
    w = words(lang)
    header_html = [esc(w["figure_col"])] + [_label(r, lang, year=True) for r in comparison.report_ids]
    change_col = _change_heading(comparison, lang)
    header_html.append(esc(change_col))
    rows = []
    for f in FIGURES:
        cells = [esc(figure_label(f.figure, lang))]
        cells += [figure_cell(by[(r, f.figure)], lang) for r in comparison.report_ids]
        cells.append(_change_cell(changes[f.figure], lang) if f.figure in changes else "—")
        rows.append(cells)
    numeric = tuple(range(1, len(header_html)))
    header = [w["figure_col"], *(w["year"].format(year=load_report(r).year) for r in comparison.report_ids)]
    # cards on a phone: a figure with its unit in each of four columns was 438 px in 350 (look10)
    return html_table(
        [*header, change_col], rows, header_html=header_html, numeric=numeric, row_headers=True,
        table_id="figures", cards=True,
    )  # fmt: skip


def _districts_tables(comparison, lang: str) -> str:
    """Districts as rows, one table per group of figures (transfers, channels, land use)."""
    figures = records(compare.district_figures(comparison.report_ids[0]))
    by = {(r["report_id"], r["figure"]): r for r in figures}
    w, out = words(lang), []
    for group in _GROUPS:
        shown = [f.figure for f in FIGURES if f.group == group]
        header = [w["district_col"], *(figure_label(f, lang) for f in shown)]
        rows = [
            [_label(r, lang, year=False), *_group_cells([by[(r, f)] for f in shown], lang)]
            for r in comparison.report_ids
        ]
        title = esc(codes.code_label("figure_group", group, lang))
        out.append(f'<h3 id="group-{group}">{title}</h3>')
        out.append(html_table(header, rows, numeric=tuple(range(1, len(header))), row_headers=True))
    return "".join(out)


def _group_cells(found: list[dict], lang: str) -> list[str]:
    """A district's figures of one group; where all are missing for one reason and none has a sentence, the
    reason once, in the first cell (报告无土地利用数据 stood under each of a phone card's six dashes, look12)."""
    cells = [figure_cell(row, lang) for row in found]
    if (
        all(r["value"] is None and r["quote_start"] is None for r in found)
        and len({r["missing"] for r in found}) == 1
    ):
        return [cells[0], *("—" for _ in cells[1:])]
    return cells


def _pair(frame, table: str) -> tuple[list[dict], dict[str, dict[str, tuple[int, int]]]]:
    """A comparison's rows, and {report_id: {item_id: quote offsets}} of both its reports' `table`."""
    from .. import tables

    rows = records(frame)
    ids = {r[k] for r in rows[:1] for k in ("base_report_id", "report_id")}
    quotes = {}
    for rid in ids:
        quotes[rid] = {
            r["item_id"]: (r["quote_start"], r["quote_end"]) for r in records(getattr(tables, table)(rid))
        }
    return rows, quotes


def _linked(value, report_id: str, where: tuple[int, int] | None, column: str, lang: str) -> str:
    """A number of an item or land-use table, linked to its sentence: bare, as its column's header names the
    unit once (column_label); the figure with its unit on hover where English rounds it (a price)."""
    if value is None:
        return "—"
    declared = FIELDS[column].decimals
    places = int(declared) if declared and declared.isdigit() else None  # computed: fixed; stated: as printed
    shown, unit, fixed = in_shown_unit(column, value), shown_unit(column), places is not None
    text = reading(shown, unit, lang, places).number(fixed=fixed)  # 446.78万元/亩: 4.47; 75.35亿元: 7.535
    href = None if where is None else report_href(report_id, lang, *where)
    return _value(text, as_printed(shown, unit, lang, places, fixed=fixed), href)


def _pct(value, lang: str) -> str:
    return "—" if value is None else esc(change_text(value, "%", lang, 1, fixed=True))


_ITEM_MEASURES = ("parcels", "area_mu", "revenue_yuan", "price_wan_yuan_per_mu")
_CHANGE = {"parcels": "parcels_change_pct", "area_mu": "area_change_pct", "revenue_yuan": "revenue_change_pct",
           "price_wan_yuan_per_mu": "price_change_pct"}  # fmt: skip


def _items_table(comparison, lang: str) -> str:
    """Land supply by channel and use type, both years, each number linked to its report's sentence."""
    rows_in, quotes = _pair(compare.transfer_changes(comparison.report_ids[-1]), "land_transfers")
    if not rows_in:
        return ""
    base_id, report_id = rows_in[0]["base_report_id"], rows_in[0]["report_id"]
    years = (rows_in[0]["base_year"], rows_in[0]["year"])
    w, change = words(lang), _change_heading(comparison, lang)
    # a measure's unit once, over its two years and their change: a unit in each of 12 number columns wrapped
    # every cell to three lines at 1366 px (look9); a row holds four units, a column one (look10)
    columns = [w["year"].format(year=years[0]), w["year"].format(year=years[1]), change]
    groups = tuple((column_label(m, lang), len(columns)) for m in _ITEM_MEASURES)
    # each cell's label on a phone card, where the unit over its columns is not seen (the page shows `shown`)
    header = [w["item_col"], *(f"{label} · {c}" for label, _ in groups for c in columns)]
    rows = []
    for r in rows_in:
        cells = [esc(item_name(r, lang))]
        for m in _ITEM_MEASURES:
            for rid, item, side in ((base_id, r["base_item_id"], "base_"), (report_id, r["item_id"], "")):
                where = quotes[rid].get(item) if item else None
                cells.append(_linked(r[f"{side}{m}"], rid, where, m, lang))  # a price: its sentence
            cells.append(_pct(r[_CHANGE[m]], lang))
        rows.append(cells)
    shown = [esc(w["item_col"]), *(esc(c) for _ in groups for c in columns)]
    return html_table(
        header,
        rows,
        numeric=tuple(range(1, len(header))),
        row_headers=True,
        table_id="items",
        header_html=shown,
        groups=groups,
    )


def _land_use_table(comparison, lang: str) -> str:
    rows_in, quotes = _pair(compare.land_use_changes(comparison.report_ids[-1]), "land_use")
    if not rows_in:
        return ""
    base_id, report_id = rows_in[0]["base_report_id"], rows_in[0]["report_id"]
    w = words(lang)
    first = rows_in[0]
    survey = (first["base_reference_year"], first["reference_year"])
    header = [
        w["class_col"],
        *(w["survey"].format(year=y) for y in survey),
        w["change"],
        w["change_pct_col"],
    ]
    rows = []
    for r in rows_in:
        name = r["land_class_en"] if lang == "en" and r["land_class_en"] else r["land_class"]
        cells = [esc(name)]
        for rid, item, side in ((base_id, r["base_item_id"], "base_"), (report_id, r["item_id"], "")):
            cells.append(
                _linked(r[f"{side}area_ha"], rid, quotes[rid].get(item) if item else None, "area_ha", lang)
            )
        change = r["area_change_ha"]
        # no unit: the column's header gives it (公顷) once; the surveys' decimals (−78.3 under 21,580.6 and
        # 21,502.3, as the main figures' +95.1 ha; −78.30 was a precision neither survey prints, look14)
        places = None if change is None else max(printed_decimals(r[k]) for k in ("base_area_ha", "area_ha"))
        cells.append("—" if change is None else esc(change_text(change, "", lang, places, fixed=True)))
        cells.append(_pct(r["area_change_pct"], lang))
        rows.append(cells)
    return html_table(header, rows, numeric=(1, 2, 3, 4), row_headers=True, table_id="land-use")


def _chart(png: bytes, alt: str, files: list[tuple[str, str]], lang: str, phone: bytes) -> str:
    """A chart at slide size, its portrait picture on a phone, in the reports' pages' markup."""
    links = " · ".join(f'<a href="{esc(href)}">{esc(what)}</a>' for href, what in files)
    downloads = f'<p class="downloads">{links}</p>'
    return figure_html(embedded(png), alt, 1000, words(lang)["zoom"], phone=embedded(phone), files=downloads)


def _section(key: str, title: str, body: str) -> str:
    return f'<section aria-labelledby="{key}-title"><h2 id="{key}-title">{esc(title)}</h2>{body}</section>'


def body_html(
    comparison, lang: str, pictures: dict[str, tuple[bytes, str, list, bytes]], notes: list[str]
) -> str:
    """The page's body: figures, charts, (years) supply by item and land use by class, notes, sources, files."""
    w = words(lang)
    parts = []
    if comparison.kind == "years":
        parts.append(_section("figures", w["figures_heading"], _years_table(comparison, lang)))
    else:
        parts.append(_section("figures", w["figures_heading"], _districts_tables(comparison, lang)))
    charts = "".join(_chart(png, alt, files, lang, phone) for png, alt, files, phone in pictures.values())
    parts.append(_section("charts", w["charts_heading"], charts))
    if comparison.kind == "years":
        items, land = _items_table(comparison, lang), _land_use_table(comparison, lang)
        if items:
            parts.append(_section("items", w["items_heading"], f"<p>{esc(w['items_lede'])}</p>{items}"))
        if land:
            parts.append(_section("land-use", w["land_use_heading"], land))
    listed = "".join(f"<li>{esc(n)}</li>" for n in notes)
    parts.append(_section("caveats", w["notes_heading"], f'<ul class="caveats">{listed}</ul>'))
    sources = "".join(f"<li>{_source_item(r, lang)}</li>" for r in comparison.report_ids)
    parts.append(_section("sources", w["sources_heading"], f"<ul>{sources}</ul>"))
    files = "".join(
        f'<li><a href="{esc(href)}">{esc(w[key])}</a></li>'
        for href, key in (
            ("../comparisons_zh.pptx", "download_deck_zh"),
            ("../comparisons_en.pptx", "download_deck_en"),
            ("../comparisons.xlsx", "download_workbook"),
        )
    )
    parts.append(_section("downloads", w["downloads_heading"], f'<ul class="no-print">{files}</ul>'))
    return "".join(parts)


def _source_item(report_id: str, lang: str) -> str:
    r = load_report(report_id)
    who = (r.publisher or r.district) if lang == "zh" else (r.publisher_en or r.district_en or r.publisher)
    title = f"《{r.title}》" if lang == "zh" else f", {r.title_en or r.title}"
    return f'<a href="{esc(report_href(report_id, lang))}">{esc(f"{who or report_id}{title}")}</a>'
