"""Land use: the broad classes' areas (公顷) with a class inside its parent drawn within it, and the
development intensity (%) with and without 未利用地 against the 30 % rule of thumb (a half slide)."""

from __future__ import annotations

from . import theme
from .native import Native, Plot, Series, split_inputs
from .page import BAR_HEIGHT, MARGIN_IN, Page, bar_label, fit_xlim, ink_on, value_axis
from .render import Chart, ChartData, Header, register
from .text import class_key, format_value, in_sentence, name_in, rc_size, text_width_in, wrapped

__all__ = ["DEVELOPMENT_INTENSITY", "LAND_USE_STRUCTURE"]

_TICK_GAP_IN = 0.3  # between the class names and the axes
_INSIDE_PAD_IN = 0.35  # a child's label stays this far inside the end of its parent's bar
_CHILD_BAR = 0.5  # a child's bar height, as a share of its parent's


def _structure_rows(data: ChartData) -> tuple[dict, list[dict], list[dict]]:
    rows = data["land_use_ratios"]
    total = next(r for r in rows if r["is_total"])
    broad = [r for r in rows if not r["is_total"] and not r["parent_class"]]
    return total, broad, [r for r in rows if r["parent_class"]]


def _structure_header(data: ChartData, lang: str) -> Header:
    total = _structure_rows(data)[0]
    subtitle = data.text(
        "land_use_subtitle",
        lang,
        year=total["reference_year"],
        total=format_value(total["area_ha"], "ha", lang, 2, trim=True),
        km2=format_value(total["area_km2"], "km2", lang, 2),
    )
    return Header(subtitle, [data.text("land_use_note", lang)])


def _draw_structure(page: Page, data: ChartData, lang: str) -> None:
    _, broad, children = _structure_rows(data)
    ax = page.fig.add_subplot()
    n = len(broad)
    texts = [
        data.text(
            "land_use_bar",
            lang,
            area=format_value(r["area_ha"], "ha", lang, 2, trim=True),
            share=format_value(r["area_share_pct"], "pct", lang, 2),
        )
        for r in broad
    ]
    ticks = [name_in(r, "land_class", lang) for r in broad]
    tick_width = max(text_width_in(t, rc_size("ytick.labelsize")) for t in ticks)
    axes_width = page.width_in - 2 * MARGIN_IN - tick_width - _TICK_GAP_IN
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
        if str(r["parent_class"]) in position:
            _draw_child(ax, r, broad, position[str(r["parent_class"])], axes_width, data, lang)
    ax.set_yticks([n - 1 - i for i in range(n)], ticks)
    ax.set_xlabel(data.text("axis_area_ha", lang))
    value_axis(ax, lang)
    ax.tick_params(axis="y", length=0)


def _draw_child(
    ax, r: dict, broad: list[dict], y: float, axes_width: float, data: ChartData, lang: str
) -> None:
    """A class inside its parent (耕地 in 农用地): a thinner bar within the parent's, labelled inside it."""
    colour = theme.color("land_class", class_key(r))
    ax.barh(y, r["area_ha"], height=BAR_HEIGHT * _CHILD_BAR, color=colour, edgecolor="white", linewidth=1.2)
    parent = next(b for b in broad if b["land_class"] == r["parent_class"])
    parent_colour = theme.color("land_class", class_key(parent))
    text = data.text(
        "child_bar",
        lang,
        name=in_sentence(name_in(r, "land_class", lang), lang),
        area=format_value(r["area_ha"], "ha", lang, 2, trim=True),
        share=format_value(r["share_of_parent_pct"], "pct", lang, 1),
        parent=in_sentence(name_in(parent, "land_class", lang), lang),
    )
    free = (parent["area_ha"] - r["area_ha"]) / ax.get_xlim()[1] * axes_width - _INSIDE_PAD_IN
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


def _native_structure(data: ChartData, lang: str) -> Native:
    """The broad classes (the first at the top, as drawn); a class inside its parent as a second series
    drawn over the parent's bar (overlap 100), as the picture draws 耕地 inside 农用地."""
    _, broad, children = _structure_rows(data)
    shown = list(reversed(broad))  # PowerPoint lists the first category at the bottom
    colours = tuple(theme.color("land_class", class_key(r)) for r in shown)
    area = Series(data.text("axis_area_ha", lang), tuple(r["area_ha"] for r in shown), colours)
    series = [area]
    for child in children:
        values = tuple(child["area_ha"] if r["land_class"] == child["parent_class"] else None for r in shown)
        colour = theme.color("land_class", class_key(child))
        name = data.text(
            "native_child_series", lang, name=in_sentence(name_in(child, "land_class", lang), lang)
        )
        series.append(Series(name, values, tuple(colour for _ in shown)))
    names = tuple(name_in(r, "land_class", lang) for r in shown)
    plot = Plot("bar", names, tuple(series), data.text("axis_area_ha", lang), "#,##0.00", overlap=100)
    return Native((plot,), (), split_inputs([*broad, *children]))


LAND_USE_STRUCTURE = register(
    Chart(
        "land_use_structure",
        ("land_use_ratios",),
        _structure_header,
        _draw_structure,
        native=_native_structure,
    )
)


# --- development intensity ---------------------------------------------------------------------

_RULE_OF_THUMB_PCT = 30.0  # often cited as a warning level; not a legal limit
_HEADROOM = 1.2  # the y axis reaches this multiple of the highest bar or the rule
_BAR_WIDTH = 0.6
_SLOT_ROOM_IN = 1.6  # the page width not shared among the bars' tick labels
_LEGEND_ROOM_IN = 2.5  # the page width the legend label may not use
_LINE_WIDTH = 1.4  # of the 30 % line, at the notebook context's scale
_BAR_TEXT = {
    "development_intensity": "intensity_all",
    "development_intensity.excluding_unused": "intensity_land",
}


def _intensity_header(data: ChartData, lang: str) -> Header:
    rows = data["development_intensity"]
    year = data["land_use_ratios"][0]["reference_year"]
    subtitle = data.text(
        "intensity_subtitle", lang, year=year, value=format_value(rows[0]["value"], "pct", lang, 2)
    )
    return Header(subtitle, [data.text("intensity_note_water", lang)] if len(rows) > 1 else [])


def _draw_intensity(page: Page, data: ChartData, lang: str) -> None:
    from matplotlib.lines import Line2D

    rows = data["development_intensity"]
    ax = page.fig.add_subplot()
    colour = theme.color("land_class", "construction")
    xs = list(range(len(rows)))
    for x, r in zip(xs, rows, strict=True):
        fill, hatch = (colour, None) if x == 0 else ("white", "//")
        ax.bar(x, r["value"], width=_BAR_WIDTH, color=fill, edgecolor=colour, linewidth=2, hatch=hatch)
        text = format_value(r["value"], "pct", lang, 2)
        ax.annotate(
            text, (x, r["value"]), xytext=(0, 5), textcoords="offset points", ha="center", va="bottom"
        )
    slot = (page.width_in - _SLOT_ROOM_IN) / len(rows)
    size = rc_size("xtick.labelsize")
    labels = [
        wrapped(data.text(_BAR_TEXT.get(r["ratio_id"], "intensity_all"), lang), size, slot) for r in rows
    ]
    ax.set_xticks(xs, labels)
    ax.set_ylim(0, max(max(r["value"] for r in rows), _RULE_OF_THUMB_PCT) * _HEADROOM)
    ax.set_xlim(-0.6, len(rows) - 0.4)
    reference, width = theme.color("role", "reference"), _LINE_WIDTH * page.scale
    ax.axhline(_RULE_OF_THUMB_PCT, color=reference, linestyle="--", linewidth=width, zorder=3)
    line = Line2D([], [], color=reference, linestyle="--", linewidth=width)
    legend = wrapped(
        data.text("thirty_line", lang), rc_size("legend.fontsize"), page.width_in - _LEGEND_ROOM_IN
    )
    ax.legend(
        [line], [legend], loc="lower left", bbox_to_anchor=(0, 1.02), handlelength=2.0, borderaxespad=0.2
    )
    value_axis(ax, lang, "y", percent=True, ticks=5)
    ax.tick_params(axis="x", length=0)


def _native_intensity(data: ChartData, lang: str) -> Native:
    """The two intensities as columns (the second hatched, as drawn); the 30 % line only in the picture."""
    rows = data["development_intensity"]
    colour = theme.color("land_class", "construction")
    names = tuple(data.text(_BAR_TEXT.get(r["ratio_id"], "intensity_all"), lang) for r in rows)
    series = Series(
        data.text("axis_intensity", lang),
        tuple(r["value"] for r in rows),
        tuple(colour for _ in rows),
        hatched=tuple(i > 0 for i in range(len(rows))),
    )
    top = max(max(r["value"] for r in rows), _RULE_OF_THUMB_PCT) * _HEADROOM
    plot = Plot("column", names, (series,), data.text("axis_intensity", lang), '0.00"%"', maximum=top)
    only = (data.text("native_rule_of_thumb", lang),)
    return Native((plot,), only, split_inputs(rows))


DEVELOPMENT_INTENSITY = register(
    Chart(
        "development_intensity",
        ("development_intensity", "land_use_ratios"),
        _intensity_header,
        _draw_intensity,
        size="half",
        native=_native_intensity,
    )
)
