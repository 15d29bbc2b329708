"""The districts of one year side by side, as chart specs (pictures and editable charts).

    chart_spec("districts_supply", "huishan_2024", "zh")     # 出让 area, proceeds, price per 亩, by district
    chart_spec("districts_channels", "huishan_2024", "en")   # 出让 and 划拨 as shares of state land supplied
    chart_spec("districts_land_use", "huishan_2024", "zh")   # land-use structure and development intensity

Every bar is a figure of compare.district_figures (compared_figures of each
district of the year): a district whose report does not give it has no bar
and says why (报告未列明, 原文数字未能读取, 报告无土地利用数据), never a zero.
Districts are in manifest order, the same in every panel.
"""

from __future__ import annotations

from ..tables.formats import value_text
from . import theme
from .compare_years import structure_panels, survey_note
from .comparison import district_name, figure_bar, group_source, read_figure
from .render import Chart, ChartData, Content, register
from .spec import Axis, Legend, Panel, Series
from .wording import WORDING

__all__ = ["DISTRICT_CHARTS"]


def _groups(data: ChartData) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    for r in data["district_figures"]:
        out.setdefault(str(r["report_id"]), {})[str(r["figure"])] = r
    return out


def _names(groups: dict, lang: str) -> tuple[str, ...]:
    return tuple(district_name(report_id, lang) for report_id in groups)


def _panel(
    groups: dict, figure: str, axis: str, colour: str, data: ChartData, lang: str, **axis_args
) -> Panel:
    bars = tuple(figure_bar(figures[figure], colour, lang) for figures in groups.values())
    title = data.text(axis, lang)
    return Panel("bar", _names(groups, lang), (Series(title, bars),), Axis(title, **axis_args))


def _largest(groups: dict, figure: str, lang: str) -> tuple[str, str] | None:
    """(district, its figure as text) of the largest stated value of `figure`; None when none is stated."""
    stated = [(rid, f[figure]) for rid, f in groups.items() if f[figure]["value"] is not None]
    if not stated:
        return None
    rid, row = max(stated, key=lambda pair: pair[1]["value"])
    unit = "亿元" if row["unit"] == "元" else row["unit"]
    value = read_figure(row["value"], row["unit"], "zh").value
    computed = "/" in unit  # a price: fixed decimals; a stated figure as printed
    return district_name(rid, lang), value_text(value, unit, lang, 2 if computed else None, fixed=computed)


def _supply(data: ChartData, lang: str) -> Content:
    groups = _groups(data)
    colour = theme.color("channel", "transfer")
    panels = (
        _panel(groups, "transfer_area_mu", "axis_area_mu", colour, data, lang),
        _panel(groups, "transfer_revenue_yuan", "yoy_axis_revenue", colour, data, lang),
        _panel(groups, "price_wan_yuan_per_mu", "axis_price_per_mu", colour, data, lang),
    )
    area, price = _largest(groups, "transfer_area_mu", lang), _largest(groups, "price_wan_yuan_per_mu", lang)
    subtitle = None
    if area and price:
        subtitle = data.text("districts_supply_subtitle", lang, area_district=area[0], area=area[1],
                             price_district=price[0], price=price[1])  # fmt: skip
    notes = [data.text("cmp_note_like", lang), data.text("cmp_note_missing", lang)]
    inputs = tuple(
        f"compared_figures:{rid}.{f}" for rid in groups for f in ("transfer_area_mu", "price_wan_yuan_per_mu")
    )
    return Content(subtitle, notes, panels, inputs)


def _shares(groups: dict, figures: tuple[str, str], axis: str, data: ChartData, lang: str) -> Panel:
    colours = (theme.color("channel", "transfer"), theme.color("channel", "allocation"))
    names = (data.text("cmp_series_transfer", lang), data.text("cmp_series_allocation", lang))
    series = tuple(
        Series(name, tuple(figure_bar(f[figure], colour, lang, place="center") for f in groups.values()))
        for name, figure, colour in zip(names, figures, colours, strict=True)
    )
    legend = Legend(tuple(zip(names, colours, strict=True)))
    return Panel(
        "stacked", _names(groups, lang), series, Axis(data.text(axis, lang), 100, True), legend=legend
    )


def _channels(data: ChartData, lang: str) -> Content:
    groups = _groups(data)
    panels = (
        _shares(
            groups,
            ("transfer_area_share_pct", "allocation_area_share_pct"),
            "cmp_axis_share_area",
            data,
            lang,
        ),
        _shares(
            groups,
            ("transfer_parcels_share_pct", "allocation_parcels_share_pct"),
            "cmp_axis_share_parcels",
            data,
            lang,
        ),
    )
    notes = [data.text("cmp_note_channels", lang), data.text("cmp_note_missing", lang)]
    inputs = tuple(f"compared_figures:{rid}.transfer_area_share_pct" for rid in groups)
    return Content(None, notes, panels, inputs)


def _land_use(data: ChartData, lang: str) -> Content:
    groups = _groups(data)
    names = _names(groups, lang)
    panels = structure_panels(groups, names, data, lang)
    notes = [
        survey_note(groups, dict(zip(groups, names, strict=True)), data, lang),
        data.text("cmp_note_missing", lang),
    ]
    inputs = tuple(f"compared_figures:{rid}.development_intensity_pct" for rid in groups)
    return Content(None, notes, panels, inputs)


def _title(name: str):
    def title(data: ChartData, lang: str) -> str:
        year = data["district_figures"][0]["year"]
        return WORDING.label("chart_title", name, lang).format(year=year)

    return title


def _source(data: ChartData, lang: str) -> str:
    return group_source([r["report_id"] for r in data["district_figures"]], lang)


DISTRICT_CHARTS = ("districts_supply", "districts_channels", "districts_land_use")
for _name, _content in zip(DISTRICT_CHARTS, (_supply, _channels, _land_use), strict=True):
    register(Chart(_name, ("district_figures",), _content, in_deck=False, group=True, title=_title(_name),
                   source=_source, font_scale=0.9))  # fmt: skip
