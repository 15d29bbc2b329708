"""Year over year: one district's reports side by side, as chart specs (pictures and editable charts).

    chart_spec("yoy_supply", "xishan_2024", "zh")     # supply by channel and use type: area and parcels
    chart_spec("yoy_price", "xishan_2024", "en")      # price per 亩 of the transfers, both years
    chart_spec("yoy_land_use", "xishan_2024", "zh")   # land-use structure and development intensity, every year
    render_comparison("xishan_2024", "zh", topic="land_transfers")   # a picture, as before

The supply and price charts set the report against the latest earlier
report of its district (compare.transfer_changes); the land-use chart reads
every year of the district (compare.year_figures). Each item of the earlier
year is an outlined bar above the later year's filled one, the later's label
with its change (%). Charts with `in_deck=False`: they are in the
comparison decks, not in one report's.

NOTES
- Rows are matched by item_id (compare.py): a use type listed in one year
  only is drawn for that year, and the other year says 未列此项; a figure a
  listed item does not state says 未载明. Neither is ever a zero bar.
- The land-use structure is drawn as shares of the three broad classes, so
  two surveys whose totals barely move still show what changed.
"""

from __future__ import annotations

from ..derive import compare
from ..errors import AnalysisError
from ..extract import vocabulary
from ..source.reports import load_report, manifest_path
from ..tables.formats import change_text, value_text
from . import theme
from .comparison import district_name, figure_bar, group_source, missing_text, read_figure
from .render import Chart, ChartData, Content, register, render
from .spec import Axis, Bar, Legend, Panel, Series
from .text import check_lang, format_change, label_unit, name_in, use_colour
from .wording import WORDING

__all__ = ["STRUCTURE", "YEAR_CHARTS", "item_name", "render_comparison", "structure_panels", "survey_note"]

STRUCTURE = (
    "agricultural",
    "construction",
    "unused",
)  # the three broad classes, as compared_figures names them


def _is_transfer(row: dict) -> bool:
    return vocabulary.code_of("channel", str(row["channel"])) == "transfer"


def _items(rows: list[dict], *, parts_of_transfer_only: bool = False) -> list[dict]:
    """Channel totals and the use types of 出让, in the report's order; amounts of unclear scope left out."""
    items = []
    for r in rows:
        if r["is_scope_ambiguous"] and r["base_parcels"] is None and r["parcels"] is None:
            continue
        if parts_of_transfer_only and not _is_transfer(r):
            continue
        if r["is_total"] or _is_transfer(r):
            items.append(r)
    return items


def item_name(row: dict, lang: str) -> str:
    if row["is_total"]:
        code = vocabulary.code_of("channel", str(row["channel"])) or ""
        return vocabulary.VOCABULARY.label("channel", code, lang) if code else str(row["channel"])
    return name_in(row, "use_type", lang)


def _colour(row: dict) -> str:
    if row["is_total"]:
        code = vocabulary.code_of("channel", str(row["channel"])) or ""
        return theme.color("channel", code, theme.color("role", "unlisted"))
    return use_colour(row)


_STEMS = {"area_mu": "area", "parcels": "parcels", "price_wan_yuan_per_mu": "price"}  # -> <stem>_change_pct


def _pair_bars(
    row: dict, column: str, unit: str, data: ChartData, lang: str, decimals=None
) -> tuple[Bar, Bar]:
    """The earlier year's bar (outlined) and the later's (filled, its change in %), or why one is missing."""
    colour, bars = _colour(row), []
    for side, style in (("base_", "outline"), ("", "solid")):
        value = row[f"{side}{column}"]
        if value is None:
            listed = row[f"{side}item_id"]
            year = row[f"{side}year"]
            bars.append(
                Bar(
                    None,
                    colour,
                    missing=data.text("yoy_not_stated" if listed else "yoy_not_listed", lang, year=year),
                )
            )
            continue
        read = read_figure(value, unit, lang, decimals)  # a price in CNY million in English, as the page
        suffix = label_unit(unit, lang)
        pct = None if side else row[f"{_STEMS[column]}_change_pct"]
        if pct is not None:
            suffix += data.text("cmp_change_suffix", lang, change=format_change(pct, "pct", lang))
        bars.append(Bar(read.value, colour, read.decimals, suffix=suffix, style=style, fixed=bool(decimals)))
    return bars[0], bars[1]


def _categories(items: list[dict], data: ChartData, lang: str) -> tuple[str, ...]:
    first = items[0]
    out = []
    for r in items:
        out.append(data.text("cmp_item_year", lang, name=item_name(r, lang), year=first["base_year"]))
        out.append(data.text("cmp_year", lang, year=first["year"]))
    return tuple(out)


def _series(items: list[dict], column: str, unit: str, data: ChartData, lang: str, axis: str, decimals=None):
    bars = [b for r in items for b in _pair_bars(r, column, unit, data, lang, decimals)]
    return (Series(data.text(axis, lang), tuple(bars)),)


def _supply(data: ChartData, lang: str) -> Content:
    items = _items(data["transfer_changes"])
    if not items:
        raise AnalysisError("charts: yoy_supply: the two reports list no channel total and no use type")
    categories = _categories(items, data, lang)
    area = Panel("bar", categories, _series(items, "area_mu", "亩", data, lang, "axis_area_mu"),
                 Axis(data.text("axis_area_mu", lang)), width=1.6)  # fmt: skip
    parcels = Panel("bar", categories, _series(items, "parcels", "宗", data, lang, "cmp_axis_parcels", 0),
                    Axis(data.text("cmp_axis_parcels", lang), integer=True))  # fmt: skip
    notes = [
        data.text("yoy_note_matching", lang, base_year=items[0]["base_year"]),
        data.text("cmp_note_missing", lang),
    ]
    inputs = tuple(f"transfer_changes:{r['item_id'] or r['base_item_id']}.area_mu" for r in items)
    return Content(_subtitle(data, lang), notes, (area, parcels), inputs)


def _subtitle(data: ChartData, lang: str) -> str | None:
    """The change (%) of each stated transfer total, when both reports state them all."""
    rows = data["transfer_changes"]
    total = next((r for r in rows if r["item_id"] == "transfer.total" and r["base_item_id"]), None)
    stems = ("parcels", "area", "revenue", "price")
    if total is None or any(total[f"{s}_change_pct"] is None for s in stems):
        return None
    changes = {s: format_change(total[f"{s}_change_pct"], "pct", lang) for s in stems}
    return data.text("yoy_subtitle", lang, base_year=total["base_year"], year=total["year"], **changes)


def _price(data: ChartData, lang: str) -> Content:
    items = [r for r in _items(data["transfer_changes"], parts_of_transfer_only=True)]
    if not items:
        raise AnalysisError("charts: yoy_price: the two reports list no state land transfer")
    categories = _categories(items, data, lang)
    unit = "万元/亩"
    series = _series(items, "price_wan_yuan_per_mu", unit, data, lang, "axis_price_per_mu", 2)
    panel = Panel("bar", categories, series, Axis(data.text("axis_price_per_mu", lang)))
    notes = [
        data.text("yoy_note", lang, base_year=items[0]["base_year"]),
        data.text("cmp_note_missing", lang),
    ]
    inputs = tuple(
        f"transfer_changes:{r['item_id'] or r['base_item_id']}.price_wan_yuan_per_mu" for r in items
    )
    return Content(_subtitle(data, lang), notes, (panel,), inputs)


def _by_report(rows: list[dict]) -> dict[str, dict[str, dict]]:
    """{report_id: {figure: row}} in the rows' order (oldest first)."""
    out: dict[str, dict[str, dict]] = {}
    for r in rows:
        out.setdefault(str(r["report_id"]), {})[str(r["figure"])] = r
    return out


def structure_panels(
    groups: dict[str, dict[str, dict]], categories: tuple[str, ...], data: ChartData, lang: str
):
    """Land-use structure (stacked shares of the three broad classes) and development intensity, per row."""
    series = []
    for key in STRUCTURE:
        colour = theme.color("land_class", key)
        bars = tuple(
            figure_bar(figures[f"{key}_share_pct"], colour, lang, place="center")
            for figures in groups.values()
        )
        series.append(Series(vocabulary.VOCABULARY.label("land_class", key, lang), bars))
    legend = Legend(
        tuple((s.name, theme.color("land_class", k)) for s, k in zip(series, STRUCTURE, strict=True))
    )
    structure = Panel("stacked", categories, tuple(series), Axis(data.text("cmp_axis_structure", lang), 100, True),
                      legend=legend, width=1.5)  # fmt: skip
    colour = theme.color("land_class", "construction")
    bars = tuple(
        figure_bar(figures["development_intensity_pct"], colour, lang) for figures in groups.values()
    )
    intensity = Panel("bar", categories, (Series(data.text("axis_intensity", lang), bars),),
                      Axis(data.text("axis_intensity", lang), percent=True, ticks=4))  # fmt: skip
    return structure, intensity


def survey_note(groups: dict[str, dict[str, dict]], names: dict[str, str], data: ChartData, lang: str) -> str:
    """Which survey year each row's land use describes (`names`: the row's label); a report without land
    use says so."""
    parts = []
    for report_id, figures in groups.items():
        row = figures["development_intensity_pct"]
        year = row["reference_year"]
        shown = data.text("cmp_survey_year", lang, year=year) if year else missing_text(row["missing"], lang)
        parts.append(data.text("cmp_survey_of", lang, name=names[report_id], survey=shown))
    return data.text("cmp_note_survey", lang, surveys=("；" if lang == "zh" else "; ").join(parts))


def _land_use(data: ChartData, lang: str) -> Content:
    groups = _by_report(data["year_figures"])
    years = {rid: load_report(rid).year for rid in groups}
    categories = tuple(data.text("cmp_year", lang, year=years[rid]) for rid in groups)
    panels = structure_panels(groups, categories, data, lang)
    changes = {r["figure"]: r for r in data["figure_changes"]}
    subtitle = None
    intensity = changes.get("development_intensity_pct")
    if intensity and intensity["change"] is not None:
        subtitle = data.text(
            "yoy_intensity_subtitle",
            lang,
            base=value_text(intensity["base_value"], "%", lang, 1, fixed=True),
            value=value_text(intensity["value"], "%", lang, 1, fixed=True),
            change=change_text(intensity["change"], "", lang, 1, fixed=True),
            base_year=intensity["base_year"],
            year=intensity["year"],
        )
    inputs = tuple(f"compared_figures:{rid}.{k}_share_pct" for rid in groups for k in STRUCTURE)
    notes = [survey_note(groups, dict(zip(groups, categories, strict=True)), data, lang)]
    return Content(subtitle, [*notes, data.text("cmp_note_missing", lang)], panels, inputs)


def _pair_title(data: ChartData, lang: str, name: str) -> str:
    row = data["transfer_changes"][0]
    names = [district_name(row[k], lang) for k in ("report_id", "base_report_id")]
    district = next(
        (n for n in names if lang == "zh" or n.isascii()), names[0]
    )  # a name in the chart's language
    return WORDING.label("chart_title", name, lang).format(
        district=district, base_year=row["base_year"], year=row["year"]
    )


def _years_title(data: ChartData, lang: str) -> str:
    rows = data["year_figures"]
    years = sorted({load_report(r["report_id"]).year for r in rows})
    return WORDING.label("chart_title", "yoy_land_use", lang).format(
        district=district_name(rows[-1]["report_id"], lang), first=years[0], last=years[-1]
    )


def _pair_source(data: ChartData, lang: str) -> str:
    row = data["transfer_changes"][0]
    return group_source([row["base_report_id"], row["report_id"]], lang)


def _years_source(data: ChartData, lang: str) -> str:
    return group_source([r["report_id"] for r in data["year_figures"]], lang)


register(Chart("yoy_supply", ("transfer_changes",), _supply, in_deck=False, font_scale=0.85,
               title=lambda d, lang: _pair_title(d, lang, "yoy_supply"), source=_pair_source))  # fmt: skip
register(Chart("yoy_price", ("transfer_changes",), _price, in_deck=False,
               title=lambda d, lang: _pair_title(d, lang, "yoy_price"), source=_pair_source))  # fmt: skip
register(Chart("yoy_land_use", ("year_figures", "figure_changes"), _land_use, in_deck=False, group=True,
               title=_years_title, source=_years_source))  # fmt: skip

YEAR_CHARTS = ("yoy_supply", "yoy_price", "yoy_land_use")
_TOPICS = {
    None: "yoy_supply",
    "land_transfers": "yoy_supply",
    "prices": "yoy_price",
    "land_use": "yoy_land_use",
}


def render_comparison(
    report=None,
    lang: str = "zh",
    context: str = "notebook",
    *,
    topic: str | None = None,
    title: bool = True,
    source: bool = True,
    portrait: bool = False,
):
    """A year-over-year chart of a report against its district's previous report (a full slide; `portrait`,
    for a phone: panels one above the other).

    `topic` "land_transfers" (default), "prices" or "land_use". AnalysisError, one line, when there
    is nothing to compare (compare.has_comparison is False).
    """
    check_lang(lang)
    if topic not in _TOPICS:
        expected = ", ".join(str(t) for t in _TOPICS)
        raise AnalysisError(f"charts: render_comparison: unknown topic {topic!r}; expected one of {expected}")
    if not compare.has_comparison(report):
        raise AnalysisError(f"charts: no year-over-year comparison: {_why_none(report)}")
    return render(_TOPICS[topic], report, lang, context, title=title, source=source, portrait=portrait)


def _why_none(report) -> str:
    if isinstance(report, str) and report == "all":
        return f"no district has two reports in {manifest_path()}"
    loaded = load_report(report)
    if loaded.in_manifest:
        district = loaded.district or "its district"
        return f"report {loaded.report_id} is the earliest report of {district} in {manifest_path()}"
    return (
        f"report {loaded.report_id} is not in {manifest_path()}, so it has no district and year to compare on"
    )
