"""Stage 5, charts: each chart is a spec (data), drawn by matplotlib here and as a native PowerPoint chart
by the deck.

    spec = chart_spec("price_per_mu", "wujin_2024", "zh")   # panels, bars, labels, lines, words
    fig = render("price_per_mu", "wujin_2024", lang="zh", context="slide")   # the picture of that spec
    DECK_CHARTS                      # the charts of one report, in slide order (deck, figures/)
    render_comparison("wujin_2025")  # a year-over-year chart, where an earlier report exists
    YEAR_CHARTS, DISTRICT_CHARTS     # the comparison charts (specs): years of a district, districts of a year

Each chart is a module here: its Chart (the tables it reads) and a content
builder that turns derive's rows into panels (spec.py) and words; draw.py
draws any spec, publish/native_chart.py writes any spec as an editable
chart. Adding a chart is its module (spec builder), its wording rows
(rules/wording.csv; a report's own wording.csv) and its notebook cell.
Colours are in rules/palette.csv. Imports only from the earlier stages.
"""

from __future__ import annotations

from .render import CHARTS, chart_spec, chart_title, render, source_line

# Charts register as their modules are imported: this order is the slide order.
# isort: off
from . import prices, shares, supply, land_use, indicators  # noqa: F401  (they register their charts)
from . import compare_districts  # noqa: F401  (registers the districts charts)
from .compare_years import YEAR_CHARTS, render_comparison
from .compare_districts import DISTRICT_CHARTS

# isort: on
from .text import LANGS

__all__ = [
    "CHARTS",
    "DECK_CHARTS",
    "DISTRICT_CHARTS",
    "LANGS",
    "YEAR_CHARTS",
    "chart_spec",
    "chart_title",
    "render",
    "render_comparison",
    "source_line",
]

DECK_CHARTS = tuple(name for name, chart in CHARTS.items() if chart.in_deck)
