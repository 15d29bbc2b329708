"""What notebooks show: charts, tables, the report's sentences, comparisons. Nothing here writes a file.

    chart("price_per_mu", REPORT, LANG)                 # shows it; the pages get both languages
    table(frame, ["use_type", "area_mu", "quote"], LANG)  # exact in the notebook, for readers on the pages
    sentences(frame, LANG)                              # the sentences a table was read from

Each returns a `Shown`: the notebook's view, and a fragment per language
for the reviewer pages (see shown.py). A chart's fragments name the
pictures the build exports (src="figure:zh/price_per_mu.png", and a
portrait one for phones, figure:zh/phone/…), with their downloads beside
them; the build embeds them when it writes the pages.
"""

from __future__ import annotations

import base64

from ..tables.frames import printed
from .reader import WORDING, downloads, one_year, reader_table
from .shown import LANGS, Shown, esc, link, quote_anchor
from .table_html import analyst_table
from .withheld import withheld_line

__all__ = [
    "FIGURE_REF",
    "PHONE_DIR",
    "by_section",
    "chart",
    "chart_alt",
    "embedded",
    "figure_html",
    "sentences",
    "table",
    "year_over_year",
]

FIGURE_REF = "figure:"  # src="figure:zh/price_per_mu.png": a file the build exports, embedded in the page
PHONE_DIR = "phone"  # figures/<lang>/phone/<name>.png: the portrait picture a phone shows
_SHOWN_PX_PER_INCH = 72  # a full-slide chart shows 960 px wide in a notebook or page
_OVER_YEARS = {  # each measure over its two years and its change; None: a change of its own
    "land_transfers": (
        ["channel", "use_type"],
        (("parcels", ("base_parcels", "parcels", "parcels_change")),
         ("area_mu", ("base_area_mu", "area_mu", "area_change_pct")),
         ("revenue_yuan", ("base_revenue_yuan", "revenue_yuan", "revenue_change_pct")),
         (None, ("price_change_pct",))),
        ("base_year", "year"),
    ),
    "land_use": (
        ["land_class"],
        (("area_ha", ("base_area_ha", "area_ha", "area_change_ha", "area_change_pct")),),
        ("base_reference_year", "reference_year"),
    ),
}  # fmt: skip
_COMPARED = {
    "land_transfers": [
        "item_id", "use_type", "base_year", "year", "base_parcels", "parcels", "parcels_change",
        "base_area_mu", "area_mu", "area_change_pct", "base_revenue_yuan", "revenue_yuan",
        "revenue_change_pct", "price_change_pct",
    ],
    "land_use": [
        "item_id", "land_class", "base_reference_year", "reference_year", "base_area_ha", "area_ha",
        "area_change_ha", "area_change_pct",
    ],
}  # fmt: skip


def chart_alt(fig, lang: str) -> str:
    """A chart's alt text: its title and its message, as drawn (the header texts of charts.page)."""
    joiner = "" if lang == "zh" else " "
    header = [t.get_text() for t in fig.texts if t.get_verticalalignment() == "top"]
    lines = [joiner.join(text.split("\n")) for text in header]
    return ("。" if lang == "zh" else ". ").join(line.rstrip("。.") for line in lines if line)


def _downloads(name: str, lang: str) -> str:
    """The files of a chart, beside it: PNG, SVG (text as text) and the editable deck."""
    return downloads(
        lang,
        [
            (f"figures/{lang}/{name}.png", "download_png"),
            (f"figures/{lang}/{name}.svg", "download_svg"),
            (f"reports/charts_{lang}.pptx", "download_pptx"),
        ],
    )


def embedded(png: bytes) -> str:
    """A picture made on the spot, as a page embeds it (data:image/png;base64,…)."""
    return f"data:image/png;base64,{base64.b64encode(png).decode('ascii')}"


def figure_html(
    src: str, alt: str, width_px: int, zoom: str, *, phone: str | None = None, files: str = ""
) -> str:
    """A chart's picture on a page, the one markup of the reports' pages and the comparison pages: full width
    on a screen, `phone` (its portrait picture) at 40rem and narrower, a tap shows it at full size (`zoom`:
    what a screen reader says), `files` (its downloads) under it."""
    size = "chart half" if width_px < 700 else "chart"  # a half-slide chart is portrait: keep it narrow
    image = f'<img src="{esc(src)}" alt="{esc(alt)}" width="{width_px}">'
    if phone is not None:
        image = f'<picture><source media="(max-width: 40rem)" srcset="{esc(phone)}">{image}</picture>'
    return (
        f'<figure class="{size}"><label class="zoom"><input type="checkbox" class="zoom-toggle">'
        f'<span class="sr">{esc(zoom)}</span>{image}</label>{files}</figure>'
    )


def _figure_html(
    name: str | None, png: bytes | None, alt: str, lang: str, width_px: int, phone: bytes | None = None
) -> str:
    """The chart on a page (figure_html). A chart of the catalog names the files the build exports
    (FIGURE_REF), so the executed notebook does not carry them; a picture made on the spot is embedded."""
    zoom = WORDING.label("reader", "zoom", lang)
    if name is not None:
        src, small = (f"{FIGURE_REF}{lang}/{where}{name}.png" for where in ("", f"{PHONE_DIR}/"))
        return figure_html(src, alt, width_px, zoom, phone=small, files=_downloads(name, lang))
    return figure_html(embedded(png), alt, width_px, zoom, phone=None if phone is None else embedded(phone))


def main_chart(report=None, default: str = "price_per_mu") -> dict[str, str]:
    """The front page's one chart, as a page fragment per language: the report's choice (its wording.csv,
    group document, key main_chart), else `default`, else the first chart the report has figures for
    ('' where it has none)."""
    from .. import charts
    from ..charts import theme
    from ..charts.render import absent
    from ..source.reports import load_report

    report = load_report(report)
    missing = absent(report)
    wanted = [report.files.text("document", "main_chart", "zh") or default, *charts.DECK_CHARTS]
    name = next((n for n in wanted if n not in missing), None)
    if name is None:
        return dict.fromkeys(LANGS, "")
    width = round(theme.slide_inches(charts.CHARTS[name].size)[0] * _SHOWN_PX_PER_INCH)
    return {
        each: _figure_html(name, None, charts.chart_spec(name, report, each).alt, each, width)
        for each in LANGS
    }


def chart(name: str, report=None, lang: str = "zh") -> Shown:
    """The chart `name`, shown in `lang` (slide size, 200 dpi); the pages get it in both languages.

    Nothing is written: the build exports every chart of charts.DECK_CHARTS (figures/<lang>/<name>.png
    and .svg, bare/, phone/), and puts the exported pictures where the fragments name them. The alt
    text of each is the chart's title and its finding, from its spec.
    """
    from .. import charts
    from ..charts import figures, theme
    from ..errors import NoChart

    width = round(theme.slide_inches(charts.CHARTS[name].size)[0] * _SHOWN_PX_PER_INCH)
    try:
        png = figures.png_bytes(charts.render(name, report, lang, context="slide"))
    except NoChart as reason:  # the report lacks its figures: the page says so, in place of the chart
        return left_out(name, reason, lang)
    alts = {each: charts.chart_spec(name, report, each).alt for each in LANGS}
    pages = {each: _figure_html(name, None, alts[each], each, width) for each in LANGS}
    return Shown(pages, lang, png=png, png_width=width, text=alts[lang], meta={"chart": name})


def left_out(name: str, reason, lang: str) -> Shown:
    """A chart the report lacks the figures for: its title and why, where the chart would stand."""
    from ..charts.render import left_out_line

    lines = {each: left_out_line(name, reason, each) for each in LANGS}
    pages = {each: f'<p class="left-out">{esc(lines[each])}</p>' for each in LANGS}
    return Shown(pages, lang, text=lines[lang], meta={"chart": name, "left_out": True})


def _shown_figures(drawn: dict[str, tuple[bytes, str, int, bytes]], lang: str, png: bytes) -> Shown:
    pages = {
        each: _figure_html(None, drawn[each][0], drawn[each][1], each, drawn[lang][2], phone=drawn[each][3])
        for each in LANGS
    }
    _, alt, width, _ = drawn[lang]
    return Shown(pages, lang, png=png, png_width=width, text=alt)


def table(frame, columns: list[str] | None = None, lang: str = "zh", over_years=None) -> Shown:
    """`frame[columns]`: exact in the notebook; labelled, in the report's units and rounded on the pages
    (there, `over_years` = (columns, measures, years) lays the measures out under their years: reader_table)."""
    lead = over_years[0] if over_years else columns
    shape = over_years[1:] if over_years else None
    shown = printed(frame)  # a withheld row is listed on the report page, never in a table (present.withheld)
    return Shown(
        {each: reader_table(shown, lead, each, shape) + withheld_line(frame, each) for each in LANGS},
        lang,
        analyst_table(shown, columns) + withheld_line(frame, lang),  # the frame itself keeps them (withheld)
        text=f"<table: {len(shown)} rows>",
    )


def _quote_block(sentence: str, quotes: list[tuple[int, int, str]]) -> str:
    """A sentence with the quotes it holds linked to their places in the annotated report."""
    out, at = [], 0
    for start, end, quote in quotes:
        where = sentence.find(quote, at)
        if where == -1:
            continue
        out += [esc(sentence[at:where]), link(quote_anchor(start, end), esc(quote), class_="quote")]
        at = where + len(quote)
    return "".join(out) + esc(sentence[at:])


def sentences(frame, lang: str = "zh") -> Shown:
    """The distinct report sentences a table was read from, each quote linked to its place in the report."""
    grouped: dict[str, list[tuple[int, int, str]]] = {}
    for row in printed(frame).itertuples():  # a withheld row's sentence is the report page's
        grouped.setdefault(row.sentence, []).append((row.quote_start, row.quote_end, row.quote))
    pages = {}
    for each in LANGS:
        blocks = [f"<blockquote>{_quote_block(s, sorted(q))}</blockquote>" for s, q in grouped.items()]
        none = f"<p>{esc(WORDING.label('reader', 'no_sentence', each))}</p>"
        pages[each] = "".join(blocks) or none
    return Shown(pages, lang, text="\n".join(grouped))


def by_section(frame, columns: list[str], lang: str = "zh") -> Shown:
    """`frame` one report section at a time, in the report's order, each under the section's heading (on
    the English page the report's heading first, then an English gloss: section_gloss)."""
    shown = None
    for (number, heading), group in frame.groupby(["section_no", "section"], sort=True, dropna=False):
        title = heading if isinstance(heading, str) else None
        headings = {}
        for each in LANGS:
            text = esc(title or WORDING.label("reader", "before_first_heading", each))
            gloss = section_gloss(group, number, each) if title else ""
            headings[each] = f'<h3><span lang="zh">{text}</span>{gloss}</h3>' if gloss else f"<h3>{text}</h3>"
        part = Shown(headings, lang) + table(group, columns, lang)
        shown = part if shown is None else shown + part
    return shown or Shown({each: "" for each in LANGS}, lang)


def section_gloss(rows, number, lang: str) -> str:
    """An English gloss of a report's section heading, as HTML ('' in Chinese): the report's own, written by
    hand in its wording.csv (group section, key its number), else what the section's figures are about
    (Figures on: Land approvals; Major projects): never a machine translation."""
    if lang == "zh":
        return ""
    from ..source.reports import load_report
    from ..tables.codes import code_label

    own = load_report(str(rows["report_id"].iloc[0])).files.text("section", str(int(number)), lang)
    if not own:
        topics = [code_label("topic", t, lang) for t in dict.fromkeys(rows["topic"].dropna())]
        if not topics:
            return ""
        own = WORDING.label("reader", "section_topics", lang).format(topics="; ".join(topics))
    return f' <span class="gloss" lang="en">{esc(own)}</span>'


def year_over_year(topic: str, report=None, lang: str = "zh") -> Shown:
    """The comparison with the district's earlier report, under its own heading; nothing when there is none.

    The section (heading, table, chart) appears on a page only when the data
    holds an earlier report of the same district.
    """
    from ..charts import render_comparison
    from ..derive import compare
    from ..errors import AnalysisError

    if not compare.has_comparison(report):
        note = {each: "" for each in LANGS}
        return Shown(note, lang, f"<p>{esc(WORDING.label('reader', 'nothing_to_compare', lang))}</p>")
    frame = (
        compare.transfer_changes(report) if topic == "land_transfers" else compare.land_use_changes(report)
    )
    heading = {
        each: f'<h2 id="year-over-year">{esc(WORDING.label("reader", "year_over_year", each))}</h2>'
        for each in LANGS
    }
    # its English name, as the facts have
    if "channel" in frame.columns and "channel_en" not in frame.columns:
        from ..extract.vocabulary import en_of

        frame = frame.assign(channel_en=[en_of("channel", c) for c in frame["channel"]])
    columns = [c for c in _COMPARED[topic] if c in frame.columns]
    lead, groups, years = _OVER_YEARS[topic]
    if all(one_year(frame, year) for year in years):  # the years once, in the header (look10)
        shown = Shown(heading, lang) + table(frame, columns, lang, (lead, groups, years))
    else:  # years that differ from row to row: each row says its own
        shown = Shown(heading, lang) + table(frame, columns, lang)
    drawn = {}
    for each in LANGS:
        try:
            fig = render_comparison(report, each, context="slide", topic=topic)
        except AnalysisError:  # e.g. neither report has this topic's figures: the table shows it
            return shown
        from ..charts import figures

        phone = render_comparison(report, each, context="phone", topic=topic, portrait=True)
        drawn[each] = (
            figures.png_bytes(fig),
            chart_alt(fig, each),
            round(fig.get_size_inches()[0] * 72),
            figures.png_bytes(phone),  # on a phone, as every chart of the deck (the slide was unreadable)
        )
    return shown + _shown_figures(drawn, lang, drawn[lang][0])
