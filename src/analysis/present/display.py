"""What notebooks show: charts (saved for the build), tables, the report's sentences, comparisons.

    chart("price_per_mu", REPORT, LANG, FIGURES_DIR)   # shows it; saves zh + en when the build asks
    table(frame, ["use_type", "area_mu", "quote"], LANG)  # exact in the notebook, for readers on the pages
    sentences(frame, LANG)                              # the sentences a table was read from

Each returns a `Shown`: the notebook's view, and a fragment per language
for the reviewer pages (see shown.py).
"""

from __future__ import annotations

import base64
from pathlib import Path

from .reader import WORDING, analyst_table, reader_table
from .shown import LANGS, Shown, esc, link, quote_anchor

__all__ = [
    "DECK_DIR",
    "FIGURE_REF",
    "by_section",
    "chart",
    "chart_alt",
    "sentences",
    "table",
    "year_over_year",
]

DECK_DIR = (
    "deck"  # under FIGURES_DIR: the same charts without title and source line (charts.figures.DECK_DIR)
)
FIGURE_REF = "figure:"  # src="figure:zh/price_per_mu.png": a file under FIGURES_DIR, embedded by the build
_SHOWN_PX_PER_INCH = 72  # a full-slide chart shows 960 px wide in a notebook or page
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


def _figure_html(png: bytes | str, alt: str, lang: str, width_px: int) -> str:
    """The chart on a page: full width, and a tap shows it at full size (no script: a checkbox).

    `png` is the image, or the name of a file the build saved (FIGURE_REF): the build embeds it
    when it makes the page, so the executed notebook does not carry every chart three times.
    """
    source = (
        f"{FIGURE_REF}{png}"
        if isinstance(png, str)
        else f"data:image/png;base64,{base64.b64encode(png).decode('ascii')}"
    )
    zoom = esc(WORDING.label("reader", "zoom", lang))
    size = "chart half" if width_px < 700 else "chart"  # a half-slide chart is portrait: keep it narrow
    return (
        f'<figure class="{size}"><label class="zoom"><input type="checkbox" class="zoom-toggle">'
        f'<span class="sr">{zoom}</span>'
        f'<img src="{source}" alt="{esc(alt)}" width="{width_px}"></label></figure>'
    )


def chart(name: str, report=None, lang: str = "zh", figures_dir: str | Path | None = None) -> Shown:
    """The chart `name`, shown in `lang` (slide size, 200 dpi).

    When `figures_dir` is set (the build sets it), the chart is saved in
    Chinese and English, in every variant of charts.figures.save_variants
    (`<dir>/<lang>/<name>.png|svg` with title and source line, `bare/` without
    title, `<dir>/deck/<lang>/` without either), and the pages get both
    languages, each image with its alt text: the chart's title and message.
    Without it only `lang` is drawn, and both page fragments show it.
    """
    from .. import charts
    from ..charts import figures, theme

    width = round(theme.slide_inches(charts.CHARTS[name].size)[0] * _SHOWN_PX_PER_INCH)
    if not figures_dir:
        png = figures.png_bytes(charts.render(name, report, lang, context="slide"))
        return _shown_figures({lang: (png, _alt(name, report, lang), width)}, lang, png)
    drawn: dict[str, tuple[bytes | str, str, int]] = {}
    shown = b""
    for each in LANGS:  # every variant of figures.save_variants; the first file is the full PNG
        full = figures.save_variants(name, report, each, Path(figures_dir))[0]
        drawn[each] = (f"{each}/{full.name}", _alt(name, report, each), width)
        shown = full.read_bytes() if each == lang else shown
    return _shown_figures(drawn, lang, shown)


def _alt(name: str, report, lang: str) -> str:
    """A chart's alt text: its title and its message (the header's subtitle), as render draws them."""
    from .. import charts
    from ..charts.render import chart_data

    data = chart_data(name, report)
    message = charts.CHARTS[name].header(data, lang).subtitle
    title = charts.chart_title(name, lang, data)
    return f"{title}。{message}" if lang == "zh" and message else f"{title}. {message}" if message else title


def _shown_figures(drawn: dict[str, tuple[bytes | str, str, int]], lang: str, png: bytes) -> Shown:
    pages = {each: _figure_html(*drawn.get(each, drawn[lang])[:2], each, drawn[lang][2]) for each in LANGS}
    _, alt, width = drawn[lang]
    return Shown(pages, lang, png=png, png_width=width, text=alt)


def table(frame, columns: list[str] | None = None, lang: str = "zh") -> Shown:
    """`frame[columns]`: exact in the notebook; labelled, in the report's units and rounded on the pages."""
    return Shown(
        {each: reader_table(frame, columns, each) for each in LANGS},
        lang,
        analyst_table(frame, columns),
        text=f"<table: {len(frame)} rows>",
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
    for row in frame.itertuples():
        grouped.setdefault(row.sentence, []).append((row.quote_start, row.quote_end, row.quote))
    pages = {}
    for each in LANGS:
        blocks = [f"<blockquote>{_quote_block(s, sorted(q))}</blockquote>" for s, q in grouped.items()]
        none = f"<p>{esc(WORDING.label('reader', 'no_sentence', each))}</p>"
        pages[each] = "".join(blocks) or none
    return Shown(pages, lang, text="\n".join(grouped))


def by_section(frame, columns: list[str], lang: str = "zh") -> Shown:
    """`frame` one report section at a time, in the report's order, each under the section's heading."""
    shown = None
    for (_, heading), group in frame.groupby(["section_no", "section"], sort=True, dropna=False):
        title = heading if isinstance(heading, str) else None
        headings = {
            each: f"<h3>{esc(title or WORDING.label('reader', 'before_first_heading', each))}</h3>"
            for each in LANGS
        }
        part = Shown(headings, lang) + table(group, columns, lang)
        shown = part if shown is None else shown + part
    return shown or Shown({each: "" for each in LANGS}, lang)


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
    columns = [c for c in _COMPARED[topic] if c in frame.columns]
    shown = Shown(heading, lang) + table(frame, columns, lang)
    drawn = {}
    for each in LANGS:
        try:
            fig = render_comparison(report, each, context="slide", topic=topic)
        except AnalysisError:  # e.g. neither report has this topic's figures: the table shows it
            return shown
        from ..charts import figures

        drawn[each] = (figures.png_bytes(fig), chart_alt(fig, each), round(fig.get_size_inches()[0] * 72))
    return shown + _shown_figures(drawn, lang, drawn[lang][0])
