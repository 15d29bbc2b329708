"""What notebooks show: charts (saved for the build), readable tables, the report's sentences.

chart("price_per_mu", REPORT, LANG, FIGURES_DIR)   # shows it; saves zh + en when the build asks
table(frame, ["use_type", "area_mu", "quote"])      # a readable, index-free table
sentences(frame)                                    # the sentences a table was read from
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["DECK_DIR", "by_section", "chart", "sentences", "table", "year_over_year"]

DECK_DIR = (
    "deck"  # under FIGURES_DIR: the same charts without title and source line (charts.figures.DECK_DIR)
)
_SHOWN_PX_PER_INCH = 72  # a full-slide chart shows 960 px wide in a notebook or page


def chart(name: str, report=None, lang: str = "zh", figures_dir: str | Path | None = None):
    """The chart `name` in `lang`, as a PNG image to display (slide size, 200 dpi).

    When `figures_dir` is set (the build sets it), the chart is also saved in
    Chinese and English, in every variant of charts.figures.save_variants:
    `<dir>/<lang>/<name>.png|svg` with title and source line,
    `<dir>/<lang>/bare/` without title, and `<dir>/deck/<lang>/<name>.png`
    without title and source line (the deck writes both as slide text). The
    image shown is the saved PNG, so notebook, HTML page and figures/ show the
    same pixels.
    """
    from IPython.display import Image

    from .. import charts
    from ..charts import figures, theme

    if not figures_dir:
        return _image(charts.render(name, report, lang, context="slide"))
    shown = None
    for each in ("zh", "en"):  # every variant of figures.save_variants; the first file is the full PNG
        png = figures.save_variants(name, report, each, Path(figures_dir))[0]
        if each == lang:
            shown = png.read_bytes()
    width_in = theme.slide_inches(charts.CHARTS[name].size)[0]
    return Image(data=shown, width=round(width_in * _SHOWN_PX_PER_INCH))


def _image(fig, png: bytes | None = None):
    """A figure as an IPython PNG image (the given bytes, or rendered now), 960 px wide for a full slide."""
    from IPython.display import Image

    from ..charts import figures

    return Image(
        data=png or figures.png_bytes(fig), width=round(fig.get_size_inches()[0] * _SHOWN_PX_PER_INCH)
    )


def _format(value: Any) -> str:
    import pandas as pd

    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # up to 4 decimals: 572.41 and 38.1607 read as printed; 1.555 is not rounded to 1.55
        return f"{value:,.4f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:.6g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(frame, columns: list[str] | None = None):
    """A Styler of `frame[columns]`: no index, text left and numbers right, '—' for missing."""
    import pandas as pd

    shown = frame[columns] if columns else frame
    text = [c for c in shown.columns if not pd.api.types.is_numeric_dtype(shown[c]) or shown[c].dtype == bool]
    years = [c for c in shown.columns if c.endswith("year")]  # 2024, not 2,024
    return (
        shown.style.format(_format)
        .format(lambda v: _format(v).replace(",", ""), subset=years)
        .hide(axis="index")
        .set_properties(subset=text, **{"text-align": "left"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
    )


def sentences(frame):
    """The distinct report sentences a table was read from, as a Markdown quote."""
    from IPython.display import Markdown

    unique = list(dict.fromkeys(frame["sentence"]))
    return Markdown("\n\n".join(f"> {s}" for s in unique) if unique else "_No sentence found._")


def by_section(frame, columns: list[str]):
    """Display `frame` one report section at a time, in the report's order."""
    from IPython.display import Markdown, display

    for (_, heading), group in frame.groupby(["section_no", "section"], sort=True, dropna=False):
        display(Markdown(f"### {heading if isinstance(heading, str) else 'Before the first heading'}"))
        display(table(group, columns))


def year_over_year(topic: str, report=None, lang: str = "zh"):
    """The comparison with the district's earlier report: displays its table and returns its chart
    (a PNG image of charts.render_comparison for `topic`, slide size), or a line saying there is none.
    """
    from IPython.display import Markdown, display

    from ..charts import render_comparison
    from ..derive import compare
    from ..errors import AnalysisError

    if not compare.has_comparison(report):
        return Markdown("_Only one report of this district is in `data/raw/`: nothing to compare yet._")
    if topic == "land_transfers":
        frame = compare.transfer_changes(report)
        columns = [
            "item_id",
            "base_year",
            "year",
            "base_parcels",
            "parcels",
            "parcels_change",
            "base_area_mu",
            "area_mu",
            "area_change_pct",
            "base_revenue_yuan",
            "revenue_yuan",
            "revenue_change_pct",
            "price_change_pct",
        ]
    else:
        frame = compare.land_use_changes(report)
        columns = [
            "item_id",
            "base_reference_year",
            "reference_year",
            "base_area_ha",
            "area_ha",
            "area_change_ha",
            "area_change_pct",
        ]
    display(table(frame, [c for c in columns if c in frame.columns]))
    try:
        fig = render_comparison(report, lang, context="slide", topic=topic)
    except AnalysisError as exc:  # e.g. neither report has this topic's figures: the table shows it
        return Markdown(f"_No comparison chart: {exc}_")
    return _image(fig)
