"""Charts from the tidy tables, in Chinese or English, sized for slides.

    fig = price_per_mu(land_transfers(), lang="zh")        # one chart, one Figure
    fig = render("price_per_mu", lang="en", context="slide")  # by name, tables read for you
    chart_title("price_per_mu", "zh")                       # the title, for a slide

Every chart function takes the tables it needs (one report's rows),
`lang` ("zh" | "en") and `context` ("notebook" | "slide"), and returns a
`matplotlib.figure.Figure` at slide size (see theme.SLIDE_PIXELS). It has a
title saying what it shows, units on its axes, the caveats it needs as
notes, and a source line built from the report's manifest entry. All text
comes from charts/rules/wording.csv (groups chart_title, chart_text,
unit_suffix); numbers are written the Chinese way in Chinese (203.75亿元,
no thousands separators) and with separators in English. What the charts
share (measured wrapping, the slide page, bar labels, value axes, number
formats) is in chart_layout.

`CHARTS` lists every chart in slide order with the tables it needs and its
slide size: the deck follows it, and the build checks that the notebooks
(present.chart) exported each one; `figures.export_all` renders them all
without notebooks.

NOTES
- No global state leaks: each chart is built inside `theme.theme(context)`
  (rc_context). Text and ticks take their font and size when they are
  created, so a figure drawn later, outside the block, looks the same.
- The 1859万元 of collective entries is shown as a note, never as a bar or
  a share of any channel: the report does not say which entries it covers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import derive
from ..errors import AnalysisError
from ..extract import vocabulary
from . import theme
from .layout import (
    BAR_HEIGHT,
    LANGS,
    MARGIN_IN,
    bar_label,
    chart_text,
    check_lang,
    class_key,
    finish,
    fit_xlim,
    format_number,
    format_parcels,
    format_value,
    in_sentence,
    ink_on,
    legend_columns,
    line_height_in,
    name_in,
    place_labels,
    rc_size,
    records,
    slide_page,
    spread,
    text_width_in,
    use_colour,
    use_key,
    value_axis,
    wrap,
    wrapped,
)
from .wording import WORDING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "CHARTS",
    "LANGS",
    "ChartSpec",
    "area_and_proceeds_shares",
    "chart_title",
    "development_intensity",
    "format_number",
    "format_value",
    "land_supply_by_channel",
    "land_use_structure",
    "price_per_mu",
    "project_and_farmland_indicators",
    "render",
    "source_line",
]


def chart_title(name: str, lang: str = "zh") -> str:
    """The title of a chart (what it shows), from the label table."""
    check_lang(lang)
    if name not in CHARTS:
        raise AnalysisError(f"charts: unknown chart {name!r}; expected one of {', '.join(CHARTS)}")
    return WORDING.label("chart_title", name, lang)


def source_line(report_id: str, lang: str = "zh") -> str:
    """数据来源：… / Source: … for a report id, from the manifest."""
    from ..source.reports import load_report

    return load_report(report_id).source_line(lang)


def _one_report(frame, what: str) -> str:
    ids = list(dict.fromkeys(str(r) for r in frame["report_id"]))
    if len(ids) != 1:
        raise AnalysisError(
            f"charts: {what}: expected the rows of one report, found {len(ids)} ({', '.join(ids)})"
        )
    return ids[0]


def _source(source: str | bool, report_id: str, lang: str) -> str | None:
    if source is True:
        return source_line(report_id, lang)
    return source or None


def _header(name: str, lang: str, title: bool) -> str | None:
    return WORDING.label("chart_title", name, lang) if title else None


# --- the charts ------------------------------------------------------------------------------


def price_per_mu(
    land_transfers,
    *,
    lang: str = "zh",
    context: str = "notebook",
    title: bool = True,
    source: str | bool = True,
) -> Figure:
    """Price per 亩 (万元/亩) of each use type, with the overall and the listed-only averages marked."""
    check_lang(lang)
    report_id = _one_report(land_transfers, "price_per_mu")
    rows = records(derive.transfer_ratios(land_transfers=land_transfers))
    parts = sorted((r for r in rows if not r["is_total"]), key=lambda r: r["price_wan_yuan_per_mu"])
    overall = next(r for r in rows if r["item_id"] == "transfer.total")
    listed = next((r for r in rows if r["item_id"] == "transfer.listed"), None)
    by_key = {use_key(r["use_type"]): r for r in parts}
    subtitle = None
    if {"residential_commercial", "industrial", "resettlement_housing"} <= by_key.keys():
        rc, ind, rs = (
            by_key[k]["price_wan_yuan_per_mu"]
            for k in ("residential_commercial", "industrial", "resettlement_housing")
        )
        subtitle = chart_text(
            "price_subtitle",
            lang,
            year=overall["year"],
            multiple=format_number(rc / ind, 2, lang),
            share=format_number(rs / rc * 100, 0, lang),
        )
    with theme.theme(context):
        page = slide_page(
            "full",
            lang,
            title=_header("price_per_mu", lang, title),
            subtitle=subtitle,
            notes=[chart_text("price_note", lang)],
            source=_source(source, report_id, lang),
        )
        fig = page.fig
        ax = fig.add_subplot()
        texts = [
            chart_text(
                "price_bar",
                lang,
                price=format_value(r["price_wan_yuan_per_mu"], "wan_yuan_per_mu", lang),
                per_m2=format_value(r["price_yuan_per_m2"], "yuan_per_m2", lang, 0),
            )
            for r in parts
        ]
        ticks = [
            chart_text(
                "use_and_method",
                lang,
                use=name_in(r, "use_type", lang),
                method=_method(r, lang),
                parcels=format_parcels(r["parcels"], lang),
            )
            for r in parts
        ]
        tick_width = max(text_width_in(t, rc_size("ytick.labelsize")) for t in ticks)
        fit_xlim(
            ax,
            [(r["price_wan_yuan_per_mu"], t) for r, t in zip(parts, texts, strict=True)],
            page.width_in - 2 * MARGIN_IN - tick_width - 0.3,
        )
        ax.set_ylim(-0.6, len(parts) - 0.4 + 0.45 + 0.42 * (1 + (listed is not None)))
        for y, (r, text) in enumerate(zip(parts, texts, strict=True)):
            colour = use_colour(r)
            ax.barh(y, r["price_wan_yuan_per_mu"], height=BAR_HEIGHT, color=colour)
            bar_label(ax, r["price_wan_yuan_per_mu"], y, text, colour, inside=False)
        ax.set_yticks(range(len(parts)), ticks)
        reference = theme.color("role", "reference")
        marks = [(overall, "average_overall", "--")]
        if listed is not None:
            marks.append((listed, "average_listed", ":"))
        marks.sort(key=lambda m: -m[0]["price_wan_yuan_per_mu"])  # the higher price on the upper row
        for row_no, (row, key, style) in enumerate(marks):
            x = row["price_wan_yuan_per_mu"]
            ax.axvline(x, color=reference, linestyle=style, linewidth=1.4 * theme.CONTEXTS[context], zorder=3)
            ax.annotate(
                chart_text(key, lang, price=format_value(x, "wan_yuan_per_mu", lang)),
                (x, len(parts) - 0.4 + 0.68 - 0.42 * row_no),
                xytext=(6, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                color=reference,
                zorder=5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
            )
        ax.set_xlabel(chart_text("axis_price_per_mu", lang))
        value_axis(ax, lang)
        ax.tick_params(axis="y", length=0)
        return finish(fig)


def _method(row: dict, lang: str) -> str:
    return name_in(row, "method", lang)


def area_and_proceeds_shares(
    land_transfers,
    *,
    lang: str = "zh",
    context: str = "notebook",
    title: bool = True,
    source: str | bool = True,
) -> Figure:
    """Shares (%) of parcels, area and proceeds by use type: where the land went, where the money came."""
    check_lang(lang)
    report_id = _one_report(land_transfers, "area_and_proceeds_shares")
    rows = records(derive.transfer_ratios(land_transfers=land_transfers))
    parts = [r for r in rows if not r["is_total"]]
    by_key = {use_key(r["use_type"]): r for r in parts}
    subtitle = None
    if "residential_commercial" in by_key:
        r = by_key["residential_commercial"]
        subtitle = chart_text(
            "shares_subtitle",
            lang,
            year=r["year"],
            use=name_in(r, "use_type", lang),
            area=format_value(r["area_share_pct"], "pct", lang, 1),
            revenue=format_value(r["revenue_share_pct"], "pct", lang, 1),
        )
    measures = [
        ("parcels_share_pct", "measure_parcels"),
        ("area_share_pct", "measure_area"),
        ("revenue_share_pct", "measure_revenue"),
    ]
    with theme.theme(context):
        page = slide_page(
            "full",
            lang,
            title=_header("area_and_proceeds_shares", lang, title),
            subtitle=subtitle,
            notes=[_shares_note(rows, lang)],
            source=_source(source, report_id, lang),
        )
        fig = page.fig
        ax = fig.add_subplot()
        n = len(measures)
        for i, (column, _) in enumerate(measures):
            y = n - 1 - i
            left = 0.0
            for r in parts:
                share = r[column]
                colour = use_colour(r)
                ax.barh(
                    y,
                    share,
                    left=left,
                    height=BAR_HEIGHT,
                    color=colour,
                    edgecolor="white",
                    linewidth=1.5,
                    label=name_in(r, "use_type", lang) if i == 0 else None,
                )
                if share >= 6:
                    ax.text(
                        left + share / 2,
                        y,
                        format_value(share, "pct", lang, 1),
                        ha="center",
                        va="center",
                        color=ink_on(colour),
                    )
                left += share
        ax.set_yticks([n - 1 - i for i in range(n)], [chart_text(key, lang) for _, key in measures])
        ax.set_xlim(0, 100)
        ax.set_ylim(-0.55, n - 0.45)
        ax.set_xlabel(chart_text("axis_share_of_parts", lang))
        value_axis(ax, lang, percent=True)
        ax.tick_params(axis="y", length=0)
        names = [name_in(r, "use_type", lang) for r in parts]
        handles, _ = ax.get_legend_handles_labels()
        ax.legend(
            handles,
            names,
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            borderaxespad=0.2,
            ncol=legend_columns(names, page.width_in - 2 * MARGIN_IN - 1.6),
            handlelength=1.2,
            columnspacing=1.4,
        )
        return finish(fig)


def _shares_note(rows: list[dict], lang: str) -> str:
    """Which denominator the shares use, with both figures as printed."""
    parts = [r for r in rows if not r["is_total"]]
    total = next(r for r in rows if r["item_id"] == "transfer.total")
    area = sum(r["area_mu"] for r in parts)
    revenue = sum(r["revenue_yuan"] for r in parts)
    return chart_text(
        "shares_note",
        lang,
        parts_area=format_value(area, "mu", lang, 2, trim=True),
        parts_revenue=format_value(revenue / 1e8, "yi_yuan", lang, 2, trim=True),
        total_area=format_value(total["area_mu"], "mu", lang, 2, trim=True),
        total_revenue=format_value(total["revenue_yuan"] / 1e8, "yi_yuan", lang, 2, trim=True),
    )


def land_supply_by_channel(
    land_transfers,
    *,
    lang: str = "zh",
    context: str = "notebook",
    title: bool = True,
    source: str | bool = True,
) -> Figure:
    """State land supplied by channel (出让 by use type, 划拨) in 亩, and collective entries apart (宗)."""
    check_lang(lang)
    report_id = _one_report(land_transfers, "land_supply_by_channel")
    supply = {r["item_id"]: r for r in records(derive.supply_ratios(land_transfers=land_transfers))}
    parts = [r for r in records(derive.transfer_ratios(land_transfers=land_transfers)) if not r["is_total"]]
    transfer, allocation = supply["transfer.total"], supply["allocation.total"]
    collective = [r for r in supply.values() if r["item_id"].startswith("collective.") and not r["is_total"]]
    counted = [r for r in collective if r["parcels"] is not None]
    n_collective = sum(r["parcels"] for r in counted)
    parts_area = sum(r["area_mu"] for r in parts)
    notes = []
    if abs(parts_area - transfer["area_mu"]) > 1e-9:
        notes.append(
            chart_text(
                "supply_parts_note",
                lang,
                parts=format_value(parts_area, "mu", lang, 2, trim=True),
                total=format_value(transfer["area_mu"], "mu", lang, 2, trim=True),
            )
        )
    for r in collective:
        if r["is_scope_ambiguous"] and r["revenue_yuan"] is not None:
            notes.append(
                chart_text(
                    "collective_amount_note",
                    lang,
                    amount=format_value(r["revenue_yuan"] / 1e4, "wan_yuan", lang, 0),
                    n=format_number(n_collective, 0, lang),
                )
            )
    subtitle = chart_text(
        "supply_subtitle",
        lang,
        year=transfer["year"],
        transfer=format_value(transfer["state_supply_area_share_pct"], "pct", lang, 1),
        allocation=format_value(allocation["state_supply_area_share_pct"], "pct", lang, 1),
    )
    with theme.theme(context):
        page = slide_page(
            "full",
            lang,
            title=_header("land_supply_by_channel", lang, title),
            subtitle=subtitle,
            notes=notes,
            source=_source(source, report_id, lang),
        )
        fig = page.fig
        ratio = (2.5, 1) if counted else (1, 0.001)
        state_fig, apart_fig = fig.subfigures(1, 2, width_ratios=ratio, wspace=0.03)
        tick_size, body = rc_size("ytick.labelsize"), rc_size("font.size")
        state_width = page.width_in * ratio[0] / sum(ratio)

        ax = state_fig.add_subplot()
        texts = {
            r["item_id"]: chart_text(
                "supply_bar",
                lang,
                area=format_value(r["area_mu"], "mu", lang, 2, trim=True),
                parcels=format_parcels(r["parcels"], lang),
                share=format_value(r["state_supply_area_share_pct"], "pct", lang, 1),
            )
            for r in (transfer, allocation)
        }
        ticks = [wrapped(name_in(r, "channel", lang), tick_size, 2.2) for r in (transfer, allocation)]
        tick_width = max(text_width_in(t, tick_size) for t in ticks)
        fit_xlim(
            ax,
            [
                (max(parts_area, transfer["area_mu"]), texts[transfer["item_id"]]),
                (allocation["area_mu"], texts[allocation["item_id"]]),
            ],
            state_width - tick_width - 0.5,
        )
        left = 0.0
        for r in parts:
            colour = use_colour(r)
            ax.barh(
                1,
                r["area_mu"],
                left=left,
                height=BAR_HEIGHT,
                color=colour,
                edgecolor="white",
                linewidth=1.2,
                label=name_in(r, "use_type", lang),
            )
            left += r["area_mu"]
        alloc_colour = theme.color("channel", "allocation")
        ax.barh(
            0, allocation["area_mu"], height=BAR_HEIGHT, color=alloc_colour, edgecolor="white", linewidth=1.2
        )
        for y, r, x in ((1, transfer, left), (0, allocation, allocation["area_mu"])):
            bar_label(ax, x, y, texts[r["item_id"]], alloc_colour, inside=False)
        ax.set_yticks([1, 0], ticks)
        ax.set_ylim(-0.6, 1.6)
        ax.set_xlabel(chart_text("axis_area_mu", lang))
        value_axis(ax, lang, ticks=5)
        ax.tick_params(axis="y", length=0)
        names = [name_in(r, "use_type", lang) for r in parts]
        handles, _ = ax.get_legend_handles_labels()
        state_fig.legend(
            handles,
            names,
            loc="outside upper left",
            ncol=legend_columns(names, state_width - 0.4),
            handlelength=1.2,
            columnspacing=1.2,
        )

        if counted:
            apart_width = page.width_in - state_width
            apart_fig.suptitle(
                wrapped(
                    chart_text("collective_panel", lang, n=format_number(n_collective, 0, lang)),
                    body,
                    apart_width - 0.2,
                ),
                x=0.02,
                ha="left",
                size=body,
                color=theme.color("role", "text"),
            )
            side = apart_fig.add_subplot()
            grey = theme.color("channel", "collective")
            n = len(counted)
            for i, r in enumerate(counted):
                side.barh(n - 1 - i, r["parcels"], height=BAR_HEIGHT, color=grey)
                side.annotate(
                    format_parcels(r["parcels"], lang),
                    (r["parcels"], n - 1 - i),
                    xytext=(5, 0),
                    textcoords="offset points",
                    va="center",
                    ha="left",
                )
            side_ticks = [wrapped(_method(r, lang), tick_size, apart_width * 0.62) for r in counted]
            fit_xlim(
                side,
                [(r["parcels"], format_parcels(r["parcels"], lang)) for r in counted],
                apart_width - max(text_width_in(t, tick_size) for t in side_ticks) - 0.5,
            )
            side.set_ylim(-0.6, n - 0.4)
            side.set_yticks([n - 1 - i for i in range(n)], side_ticks)
            side.set_xlabel(chart_text("axis_parcels", lang))
            value_axis(side, lang, ticks=3)
            side.tick_params(axis="y", length=0)
        return finish(fig)


def land_use_structure(
    land_use, *, lang: str = "zh", context: str = "notebook", title: bool = True, source: str | bool = True
) -> Figure:
    """Area of the three broad land classes (公顷) with cultivated land drawn inside agricultural land."""
    check_lang(lang)
    report_id = _one_report(land_use, "land_use_structure")
    rows = records(derive.land_use_ratios(land_use=land_use))
    total = next(r for r in rows if r["is_total"])
    broad = [r for r in rows if not r["is_total"] and not r["parent_class"]]
    children = [r for r in rows if r["parent_class"]]
    subtitle = chart_text(
        "land_use_subtitle",
        lang,
        year=total["reference_year"],
        total=format_value(total["area_ha"], "ha", lang, 2, trim=True),
        km2=format_value(total["area_km2"], "km2", lang, 2),
    )
    notes = [chart_text("land_use_note", lang)]
    with theme.theme(context):
        page = slide_page(
            "full",
            lang,
            title=_header("land_use_structure", lang, title),
            subtitle=subtitle,
            notes=notes,
            source=_source(source, report_id, lang),
        )
        fig = page.fig
        ax = fig.add_subplot()
        n = len(broad)
        texts = [
            chart_text(
                "land_use_bar",
                lang,
                area=format_value(r["area_ha"], "ha", lang, 2, trim=True),
                share=format_value(r["area_share_pct"], "pct", lang, 2),
            )
            for r in broad
        ]
        ticks = [name_in(r, "land_class", lang) for r in broad]
        tick_width = max(text_width_in(t, rc_size("ytick.labelsize")) for t in ticks)
        axes_width = page.width_in - 2 * MARGIN_IN - tick_width - 0.3
        fit_xlim(ax, [(r["area_ha"], t) for r, t in zip(broad, texts, strict=True)], axes_width)
        ax.set_ylim(-0.6, n - 0.4)
        position = {}
        for i, (r, text) in enumerate(zip(broad, texts, strict=True)):
            y = n - 1 - i
            position[str(r["land_class"])] = y
            colour = theme.color("land_class", class_key(r))
            ax.barh(y, r["area_ha"], height=BAR_HEIGHT, color=colour)
            bar_label(ax, r["area_ha"], y, text, colour, inside=False)
        for r in children:
            y = position.get(str(r["parent_class"]))
            if y is None:
                continue
            colour = theme.color("land_class", class_key(r))
            ax.barh(y, r["area_ha"], height=BAR_HEIGHT * 0.5, color=colour, edgecolor="white", linewidth=1.2)
            parent_colour = theme.color(
                "land_class", vocabulary.code_of("land_class", str(r["parent_class"])) or ""
            )
            parent = next(b for b in broad if b["land_class"] == r["parent_class"])
            text = chart_text(
                "child_bar",
                lang,
                name=in_sentence(name_in(r, "land_class", lang), lang),
                area=format_value(r["area_ha"], "ha", lang, 2, trim=True),
                share=format_value(r["share_of_parent_pct"], "pct", lang, 1),
                parent=in_sentence(name_in(parent, "land_class", lang), lang),
            )
            free = (parent["area_ha"] - r["area_ha"]) / ax.get_xlim()[
                1
            ] * axes_width - 0.35  # inside the parent bar
            ax.annotate(
                wrapped(text, rc_size("font.size"), free),
                (r["area_ha"], y),
                xytext=(8, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                color=ink_on(parent_colour),
                linespacing=1.1,
            )
        ax.set_yticks([n - 1 - i for i in range(n)], ticks)
        ax.set_xlabel(chart_text("axis_area_ha", lang))
        value_axis(ax, lang)
        ax.tick_params(axis="y", length=0)
        return finish(fig)


def development_intensity(
    land_use, *, lang: str = "zh", context: str = "notebook", title: bool = True, source: str | bool = True
) -> Figure:
    """Development intensity (%), with and without 未利用地, against the 30 % rule of thumb (a half slide)."""
    from matplotlib.lines import Line2D

    check_lang(lang)
    report_id = _one_report(land_use, "development_intensity")
    rows = records(derive.development_intensity(land_use=land_use))
    year = next(iter(land_use["reference_year"]))
    reference = 30.0
    with theme.theme(context):
        page = slide_page(
            "half",
            lang,
            title=_header("development_intensity", lang, title),
            subtitle=chart_text(
                "intensity_subtitle", lang, year=year, value=format_value(rows[0]["value"], "pct", lang, 2)
            ),
            notes=[chart_text("intensity_note_water", lang)] if len(rows) > 1 else [],
            source=_source(source, report_id, lang),
        )
        fig = page.fig
        ax = fig.add_subplot()
        colour = theme.color("land_class", "construction")
        keys = {
            "development_intensity": "intensity_all",
            "development_intensity.excluding_unused": "intensity_land",
        }
        xs = list(range(len(rows)))
        for x, r in zip(xs, rows, strict=True):
            ax.bar(
                x,
                r["value"],
                width=0.6,
                color=colour if x == 0 else "white",
                edgecolor=colour,
                linewidth=2,
                hatch=None if x == 0 else "//",
            )
            ax.annotate(
                format_value(r["value"], "pct", lang, 2),
                (x, r["value"]),
                xytext=(0, 5),
                textcoords="offset points",
                ha="center",
                va="bottom",
            )
        slot = (page.width_in - 1.6) / len(rows)
        ax.set_xticks(
            xs,
            [
                wrapped(
                    chart_text(keys.get(r["ratio_id"], "intensity_all"), lang),
                    rc_size("xtick.labelsize"),
                    slot,
                )
                for r in rows
            ],
        )
        ax.set_ylim(0, max(max(r["value"] for r in rows), reference) * 1.2)
        ax.set_xlim(-0.6, len(rows) - 0.4)
        ref_colour = theme.color("role", "reference")
        width = 1.4 * theme.CONTEXTS[context]
        ax.axhline(reference, color=ref_colour, linestyle="--", linewidth=width, zorder=3)
        line = Line2D([], [], color=ref_colour, linestyle="--", linewidth=width)
        ax.legend(
            [line],
            [wrapped(chart_text("thirty_line", lang), rc_size("legend.fontsize"), page.width_in - 2.5)],
            loc="lower left",
            bbox_to_anchor=(0, 1.02),
            handlelength=2.0,
            borderaxespad=0.2,
        )
        value_axis(ax, lang, "y", percent=True, ticks=5)
        ax.tick_params(axis="x", length=0)
        return finish(fig)


def project_and_farmland_indicators(
    indicators, *, lang: str = "zh", context: str = "notebook", title: bool = True, source: str | bool = True
) -> Figure:
    """Land-guarantee rates of major projects (%) and farmland figures against their reference (亩)."""
    from matplotlib.transforms import blended_transform_factory

    check_lang(lang)
    report_id = _one_report(indicators, "project_and_farmland_indicators")
    checks = derive.indicator_ratios(
        indicators=indicators, land_transfers=_empty("land_transfers"), land_use=_empty("land_use")
    )
    found = {r["ratio_id"]: r for r in records(checks)}
    values = {r["indicator_id"]: r for r in records(indicators)}
    rate_ids = [k for k in _RATES if k in found]
    pairs = [
        (a, b, ratio)
        for a, b, ratio in _PAIRS
        if a in values
        and b in values
        and ratio in found
        and {values[a]["base_unit"], values[b]["base_unit"]} == {"亩"}
    ]
    if not rate_ids and not pairs:
        raise AnalysisError(
            f"charts: project_and_farmland_indicators: report {report_id} has none of the indicators"
        )
    notes = [found[ratio][f"note_{lang}"] for _, _, ratio in pairs if found[ratio][f"note_{lang}"]]
    with theme.theme(context):
        page = slide_page(
            "full",
            lang,
            title=_header("project_and_farmland_indicators", lang, title),
            subtitle=chart_text("indicators_subtitle", lang),
            notes=notes,
            source=_source(source, report_id, lang),
        )
        fig = page.fig
        widths = (1.0, 1.35)
        grid = fig.add_gridspec(1, 2, width_ratios=widths, wspace=0.08)
        tick_size = rc_size("ytick.labelsize")

        room = page.axes_height_in()
        line = line_height_in(tick_size)
        bar_h = rc_size("font.size") * 1.6 / 72

        rates = fig.add_subplot(grid[0, 0])
        along_rates = blended_transform_factory(rates.transAxes, rates.transData)
        rates_width = page.width_in * widths[0] / sum(widths) - 0.5
        rate_colour, track = theme.color("role", "rate"), theme.color("role", "track")
        headings = [wrap(chart_text(f"short_{key}", lang), tick_size, rates_width) for key in rate_ids]
        tops, bottom = spread([len(h) * line + 0.08 + bar_h for h in headings], room, 0.25)
        for key, heading, top in zip(rate_ids, headings, tops, strict=True):
            r = found[key]
            y = top - len(heading) * line - 0.08 - bar_h / 2
            rates.text(0, top, "\n".join(heading), transform=along_rates, ha="left", va="top", size=tick_size)
            rates.barh(y, 100, height=bar_h, color=track)
            rates.barh(y, r["value"], height=bar_h, color=rate_colour)
            if r["numerator"] is not None:
                detail = chart_text(
                    "rate_detail",
                    lang,
                    value=format_value(r["value"], "pct", lang, 1),
                    num=format_number(r["numerator"], 0, lang),
                    den=format_number(r["denominator"], 0, lang),
                )
            else:
                detail = chart_text("rate_printed", lang, value=format_value(r["value"], "pct", lang, 0))
            bar_label(rates, r["value"], y, detail, rate_colour)
        rates.set_xlim(0, 100)
        rates.set_ylim(bottom, 0.05)
        rates.set_yticks([])
        rates.spines["left"].set_visible(False)
        rates.set_title(chart_text("rates_panel", lang), loc="left")
        rates.set_xlabel(chart_text("axis_rate", lang))
        value_axis(rates, lang, percent=True, ticks=4)

        farm = fig.add_subplot(grid[0, 1])
        along = blended_transform_factory(farm.transAxes, farm.transData)
        farm_width = page.width_in * widths[1] / sum(widths) - 0.6
        muted = theme.color("role", "muted_text")
        blocks = []  # per pair: (heading lines, [(name lines, indicator id, filled), ...])
        for a, b, ratio in pairs:
            heading = wrap(
                chart_text(
                    f"achieved_{ratio}",
                    lang,
                    value=chart_text(f"short_{a}", lang),
                    share=format_value(found[ratio]["value"], "pct", lang, 0),
                ),
                tick_size,
                farm_width,
            )
            # the heading names the achieved bar; the reference bar gets its own name line
            named = [([], a, True), (wrap(chart_text(f"short_{b}", lang), tick_size, farm_width), b, False)]
            blocks.append((heading, named))

        def block_height(block, bar: float) -> float:
            heading, named = block
            return (
                len(heading) * line + 0.1 + sum(len(name) * line + 0.04 + bar + 0.1 for name, _, _ in named)
            )

        text_only = sum(block_height(b, 0.0) for b in blocks) + 0.3 * (len(blocks) - 1)
        bar_h = max(
            0.2, min(bar_h, (room - text_only) / (2 * len(blocks)))
        )  # thinner bars when space is short
        tops, bottom = spread([block_height(b, bar_h) for b in blocks], room, 0.3)
        bars = []  # (y, indicator id, filled)
        for (heading, named), top in zip(blocks, tops, strict=True):
            farm.text(0, top, "\n".join(heading), transform=along, ha="left", va="top", size=tick_size)
            cursor = top - len(heading) * line - 0.1
            for name, key, filled in named:
                if name:
                    farm.text(
                        0,
                        cursor,
                        "\n".join(name),
                        transform=along,
                        ha="left",
                        va="top",
                        color=muted,
                        size=tick_size,
                    )
                    cursor -= len(name) * line + 0.04
                bars.append((cursor - bar_h / 2, key, filled))
                cursor -= bar_h + 0.1
        texts = [format_value(values[key]["value_base"], "mu", lang, 0) for _, key, _ in bars]
        inside = place_labels(
            farm,
            [(values[key]["value_base"], t) for (_, key, _), t in zip(bars, texts, strict=True)],
            farm_width,
        )
        for (y, key, filled), text, is_inside in zip(bars, texts, inside, strict=True):
            value = values[key]["value_base"]
            colour = theme.color("land_class", "cultivated" if key.startswith("farmland") else "construction")
            farm.barh(
                y, value, height=bar_h, color=colour if filled else "white", edgecolor=colour, linewidth=2
            )
            bar_label(farm, value, y, text, colour if filled else "#FFFFFF", inside=is_inside)
        farm.set_ylim(bottom, 0.05)
        farm.set_yticks([])
        farm.spines["left"].set_visible(False)
        farm.set_title(chart_text("farmland_panel", lang), loc="left")
        farm.set_xlabel(chart_text("axis_area_mu", lang))
        value_axis(farm, lang, ticks=4)
        return finish(fig)


_RATES = (
    "major_projects_land_secured_rate",
    "municipal_projects_supplied_rate",
    "provincial_projects_started_rate",
)
_PAIRS = (  # (achieved or planned, its reference, the ratio of the two)
    ("farmland_restored", "farmland_restoration_quota", "farmland_restored_vs_quota"),
    ("farmland_new_planned", "construction_land_approved", "new_cultivated_vs_new_construction"),
)


def _empty(table: str):
    from ..tables import schema

    return schema.empty(table)


# --- the registry the build renders ----------------------------------------------------------


@dataclass(frozen=True)
class ChartSpec:
    """A chart of the deck: its function, the tables it takes (in order) and its slide size."""

    function: Callable[..., Figure]
    tables: tuple[str, ...]
    size: str  # "full" (13.335 × 7.5 in) or "half" (6.665 × 7.5 in), see theme.SLIDE_PIXELS


CHARTS: dict[str, ChartSpec] = {
    "price_per_mu": ChartSpec(price_per_mu, ("land_transfers",), "full"),
    "area_and_proceeds_shares": ChartSpec(area_and_proceeds_shares, ("land_transfers",), "full"),
    "land_supply_by_channel": ChartSpec(land_supply_by_channel, ("land_transfers",), "full"),
    "land_use_structure": ChartSpec(land_use_structure, ("land_use",), "full"),
    "development_intensity": ChartSpec(development_intensity, ("land_use",), "half"),
    "project_and_farmland_indicators": ChartSpec(project_and_farmland_indicators, ("indicators",), "full"),
}


def render(
    name: str,
    report=None,
    lang: str = "zh",
    context: str = "notebook",
    *,
    title: bool = True,
    source: bool = True,
) -> Figure:
    """The chart `name` of CHARTS for a report (default: the 2024 Wujin report), as a Figure."""
    from .. import tables
    from ..source.reports import load_report

    if name not in CHARTS:
        raise AnalysisError(f"charts: unknown chart {name!r}; expected one of {', '.join(CHARTS)}")
    check_lang(lang)
    spec = CHARTS[name]
    loaded = load_report(report)
    frames = [getattr(tables, table)(loaded) for table in spec.tables]
    line = loaded.source_line(lang) if source else False
    return spec.function(*frames, lang=lang, context=context, title=title, source=line)
