"""Land use: the broad classes' areas (公顷) with a class inside its parent drawn within it, and the
development intensity (%) against the often-cited 30 % line (a half slide)."""

from __future__ import annotations

from ..tables.formats import value_text
from . import theme
from .render import Chart, ChartData, Content, register
from .spec import Axis, Bar, Line, Panel, Series
from .text import class_key, in_sentence, label_unit, name_in

__all__ = ["DEVELOPMENT_INTENSITY", "LAND_USE_STRUCTURE", "RULE_OF_THUMB_PCT"]


def _structure_rows(data: ChartData) -> tuple[dict, list[dict], list[dict]]:
    rows = data["land_use_ratios"]
    total = next(r for r in rows if r["is_total"])
    broad = [r for r in rows if not r["is_total"] and not r["parent_class"]]
    return total, broad, [r for r in rows if r["parent_class"]]


def _whole_hectares(rows: list[dict]) -> int | None:
    """The labels' decimals: whole hectares where every class is 100 ha or more (a hectare is then under 1 %
    of each bar; 37,701.38公顷 read as 37,701公顷 on a phone), else as printed (a class of 6.5 ha keeps its .5).
    The exact areas are in the subtitle's total, the table and the workbook."""
    return 0 if all(r["area_ha"] >= 100 for r in rows) else None


def _structure(data: ChartData, lang: str) -> Content:
    total, broad, children = _structure_rows(data)
    subtitle = data.text(
        "land_use_subtitle",
        lang,
        year=total["reference_year"],
        total=value_text(total["area_ha"], "公顷", lang),
        km2=value_text(total["area_km2"], "平方公里", lang, 2),
    )
    unit = label_unit("公顷", lang)
    colour = {str(r["land_class"]): theme.color("land_class", class_key(r)) for r in broad + children}
    ticks = tuple(
        data.text(
            "land_use_class",
            lang,
            name=name_in(r, "land_class", lang),
            share=value_text(r["area_share_pct"], "%", lang, 1),
        )
        for r in broad
    )
    whole = _whole_hectares(broad + children)
    bars = tuple(Bar(r["area_ha"], colour[str(r["land_class"])], whole, suffix=unit) for r in broad)
    series = [Series(data.text("axis_area_ha", lang), bars)]
    for child in children:
        name = in_sentence(name_in(child, "land_class", lang), lang)
        prefix = data.text("child_prefix", lang, name=name)
        bars = tuple(
            Bar(
                child["area_ha"],
                colour[str(child["land_class"])],
                whole,
                prefix=prefix,
                suffix=unit,
                place="inside",
            )
            if r["land_class"] == child["parent_class"]
            else Bar(None, colour[str(child["land_class"])])
            for r in broad
        )
        series.append(Series(data.text("native_child_series", lang, name=name), bars, inner=True))
    panel = Panel("bar", ticks, tuple(series), Axis(data.text("axis_area_ha", lang)))
    inputs = tuple(f"land_use_ratios:{r['item_id']}.area_ha" for r in broad + children)
    return Content(subtitle, [data.text("land_use_note", lang)], (panel,), inputs)


LAND_USE_STRUCTURE = register(Chart("land_use_structure", ("land_use_ratios",), _structure))


# --- development intensity ---------------------------------------------------------------------

RULE_OF_THUMB_PCT = 30.0  # often cited as a warning level; not a legal limit, not in the report
_BAR_TEXT = {
    "development_intensity": "intensity_all",
    "development_intensity.excluding_unused": "intensity_land",
}


def _intensity(data: ChartData, lang: str) -> Content:
    rows = data["development_intensity"]
    year = data["land_use_ratios"][0]["reference_year"]
    colour = theme.color("land_class", "construction")
    subtitle = data.text(
        "intensity_subtitle", lang, year=year, value=value_text(rows[0]["value"], "%", lang, 1)
    )
    bars = tuple(
        Bar(r["value"], colour, 1, suffix="%", style="solid" if i == 0 else "hatch")
        for i, r in enumerate(rows)
    )
    panel = Panel(
        "column",
        tuple(data.text(_BAR_TEXT.get(r["ratio_id"], "intensity_all"), lang) for r in rows),
        (Series(data.text("axis_intensity", lang), bars),),
        Axis(data.text("axis_intensity", lang), percent=True, ticks=5),
        lines=(Line(RULE_OF_THUMB_PCT, data.text("thirty_line", lang)),),
    )
    notes = [data.text("intensity_note_water", lang)] if len(rows) > 1 else []
    inputs = tuple(f"key_ratios:{r['ratio_id']}" for r in rows)
    return Content(subtitle, notes, (panel,), inputs)


DEVELOPMENT_INTENSITY = register(
    Chart("development_intensity", ("development_intensity", "land_use_ratios"), _intensity, size="half")
)
