"""Land-guarantee rates of major projects (%) and the farmland figures the report states (亩).

Which rates and which figures the chart shows is the report's own choice,
written in data/registry/<report_id>/charts.csv (chart, panel, item: a
ratio id of a rate, an indicator id of a figure), with their short labels
in the report's wording.csv: the indicator ids are the report's, so no code
names them.

NOTES
- The figures panel shows farmland figures side by side, each of its kind
  (当年完成, 下达任务, 计划), never divided: 恢复耕地 and the year's
  restoration task are different exercises, so their ratio is no
  completion rate; a panel never mixes farmland with construction land.
"""

from __future__ import annotations

from ..errors import NoChart
from ..source.report_files import declared_files
from ..tables.codes import code_label
from ..tables.formats import number_text
from . import theme
from .render import Chart, ChartData, Content, register
from .spec import Axis, Bar, Panel, Series
from .text import label_unit

__all__ = ["PROJECT_AND_FARMLAND_INDICATORS"]

_NAME = "project_and_farmland_indicators"
_PANELS = (1.0, 1.1)  # widths of the rates panel and the figures panel
_FILLED = ("achieved", "stock", "cumulative")  # kinds drawn filled; a target or a plan is outlined


def _picks(data: ChartData) -> tuple[list[dict], list[dict]]:
    """(the rate rows, the figure rows in 亩) the report chose, that it gives."""
    rows = data.report.files.rows("charts")
    if not rows:  # no picks: what registry_files.csv says a report without charts.csv gets
        words = declared_files()["charts"].when_missing
        raise NoChart(f"charts: {_NAME}: report {data.report.report_id} has no charts.csv rows", words)
    found = {r["ratio_id"]: r for r in data["indicator_ratios"]}
    values = {r["indicator_id"]: r for r in data["indicators"]}
    mine = [r for r in rows if r["chart"] == _NAME]
    rates = [found[r["item"]] for r in mine if r["panel"] == "rates" and r["item"] in found]
    figures = [
        values[r["item"]]
        for r in mine
        if r["panel"] == "figures" and r["item"] in values and values[r["item"]]["base_unit"] == "亩"
    ]
    if not rates and not figures:
        words = {lang: data.text("no_picked_figures", lang) for lang in ("zh", "en")}
        raise NoChart(f"charts: {_NAME}: report {data.report.report_id} has none of the indicators", words)
    return rates, figures


def _rate_name(r: dict, data: ChartData, lang: str) -> str:
    """在库重大项目用地保障率（353/369）; a rate the report prints says so."""
    name = data.text(f"short_{r['ratio_id']}", lang)
    if r["numerator"] is None:
        return data.text("rate_printed_name", lang, name=name)
    return data.text(
        "rate_name", lang, name=name, num=number_text(r["numerator"]), den=number_text(r["denominator"])
    )


def _rates_panel(rates: list[dict], data: ChartData, lang: str) -> Panel:
    """Each rate on a light 100 % track, its value inside its bar."""
    colour, track = theme.color("role", "rate"), theme.color("role", "track")
    tracks = Series("100%", tuple(Bar(100.0, track, place="none", style="track") for _ in rates))
    bars = tuple(Bar(r["value"], colour, 1, suffix="%", place="inside") for r in rates)
    return Panel(
        "bar",
        tuple(_rate_name(r, data, lang) for r in rates),
        (tracks, Series(data.text("axis_rate", lang), bars)),
        Axis(data.text("axis_rate", lang), maximum=100, percent=True, ticks=4),
        title=data.text("rates_panel", lang),
        width=_PANELS[0],
    )


def _figures_panel(figures: list[dict], data: ChartData, lang: str) -> Panel:
    """The farmland figures side by side: achieved filled, a target or a plan outlined."""
    colour, unit = theme.color("land_class", "cultivated"), label_unit("亩", lang)
    bars = tuple(
        Bar(r["value_base"], colour, None, suffix=unit, style="solid" if r["kind"] in _FILLED else "outline")
        for r in figures
    )
    names = tuple(
        data.text("figure_name", lang, name=data.text(f"short_{r['indicator_id']}", lang),
                  kind=code_label("kind", r["kind"], lang))
        for r in figures
    )  # fmt: skip
    return Panel(
        "bar",
        names,
        (Series(data.text("axis_area_mu", lang), bars),),
        Axis(data.text("axis_area_mu", lang), ticks=4),
        title=data.text("farmland_panel", lang),
        width=_PANELS[1],
    )


def _content(data: ChartData, lang: str) -> Content:
    rates, figures = _picks(data)
    panels, inputs = [], []
    if rates:
        panels.append(_rates_panel(rates, data, lang))
        inputs += [ref.strip() for r in rates for ref in str(r["inputs"] or "").split(";") if ref.strip()]
    if figures:
        panels.append(_figures_panel(figures, data, lang))
        inputs += [f"indicators:{r['indicator_id']}" for r in figures]
    subtitle = data.text("indicators_subtitle", lang)
    if rates:
        name = data.text(f"short_{rates[0]['ratio_id']}", lang)
        subtitle = data.text(
            "indicators_finding", lang, name=name, rate=number_text(rates[0]["value"], 1) + "%"
        )
    notes = [data.text("figures_note", lang)] if figures else []
    return Content(subtitle, notes, tuple(panels), tuple(dict.fromkeys(inputs)))


PROJECT_AND_FARMLAND_INDICATORS = register(Chart(_NAME, ("indicator_ratios", "indicators"), _content))
