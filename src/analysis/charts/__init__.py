"""Stage 5, charts: the house theme, slide-sized charts in Chinese and English, figure files.

    fig = render("price_per_mu", "wujin_2024", lang="zh", context="slide")
    DECK_CHARTS                      # the charts of one report, in slide order (deck, figures/)
    render_comparison("wujin_2025")  # the year-over-year chart, where an earlier report exists

Each chart is a module here: its Chart (tables it reads, header, draw) and
nothing else; render.py owns what every chart repeats. Wording is in
rules/wording.csv (and a report's own wording.csv), colours in
rules/palette.csv. Imports only from the earlier stages.
"""

from __future__ import annotations

from .render import CHARTS, chart_title, render, source_line

# Charts register as their modules are imported: this order is the slide order.
# isort: off
from . import prices, shares, supply, land_use, indicators  # noqa: F401  (they register their charts)
from .year_over_year import render_comparison

# isort: on
from .text import LANGS

__all__ = ["CHARTS", "DECK_CHARTS", "LANGS", "chart_title", "render", "render_comparison", "source_line"]

DECK_CHARTS = tuple(name for name, chart in CHARTS.items() if chart.in_deck)
