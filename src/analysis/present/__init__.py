"""What notebooks call to show things: charts (saved for the build), tables, findings.

Notebooks stay thin: no figure from the report is typed in a notebook, and the
few sentences that quote numbers ("what stands out") are built here from the
ratio tables, so they change when the data does.

    chart("price_per_mu", REPORT, LANG, FIGURES_DIR)   # shows it; saves zh + en when the build asks
    table(frame, ["use_type", "area_mu", "quote"])      # a readable, index-free table
    findings("land_transfers", REPORT)                  # Markdown bullets with the numbers filled in
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = [
    "DECK_DIR",
    "by_section",
    "chart",
    "dictionary",
    "findings",
    "provenance_check",
    "report_card",
    "sentences",
    "table",
    "unit_table",
    "year_over_year",
]

DECK_DIR = "deck"  # under FIGURES_DIR: the same charts without title and source line, for slides
_SHOWN_PX_PER_INCH = 72  # a full-slide chart shows 960 px wide in a notebook or page


def chart(name: str, report=None, lang: str = "zh", figures_dir: str | Path | None = None):
    """The chart `name` in `lang`, as a PNG image to display (slide size, 200 dpi).

    When `figures_dir` is set (the build sets it), the chart is also saved in
    Chinese and English: `<dir>/<lang>/<name>.png|svg` with title and source
    line, and `<dir>/deck/<lang>/<name>.png` without them, because the deck
    writes title and source as slide text. The image shown is the saved PNG,
    so notebook, HTML page and figures/ show the same pixels.
    """
    from .. import charts
    from ..charts import figures

    shown = None
    for each in ("zh", "en") if figures_dir else (lang,):
        fig = charts.render(name, report, each, context="slide")
        if figures_dir:
            png = figures.save_figure(fig, name, each, Path(figures_dir))[0].read_bytes()
            bare = charts.render(name, report, each, context="slide", title=False, source=False)
            figures.save_figure(bare, name, each, Path(figures_dir) / DECK_DIR, formats=("png",))
        else:
            png = None
        if each == lang:
            shown = _image(fig, png)
    return shown


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


# "What stands out": sentences with the numbers filled in from key_ratios() (ratio ids with '.'
# written '_'). A sentence whose ratios a report lacks is left out, not printed half-empty.
_TEMPLATES = {
    "land_transfers": (
        "Residential-commercial land (住宅房地产及商业) was **{area_share_residential_commercial:.1f} %** of the"
        " area transferred and **{revenue_share_residential_commercial:.1f} %** of the proceeds.",
        "It sold for **{price_per_mu_residential_commercial:,.2f} 万元/亩**,"
        " **{price_multiple_residential_commercial_over_industrial:.2f} times** the industrial price"
        " ({price_per_mu_industrial:,.2f} 万元/亩).",
        "Resettlement-housing land sold by agreement (协议出让) fetched **{price_per_mu_resettlement_housing:,.2f}"
        " 万元/亩**, **{price_ratio_resettlement_over_residential_commercial:.1f} %** of the listed"
        " residential-commercial price: unusual for land sold without competition, and worth a question to"
        " the bureau.",
        "Allocation free of charge (划拨) supplied **{allocation_share_area:.1f} %** of the state land supplied"
        " by area and **{allocation_share_parcels:.1f} %** by parcels.",
    ),
    "land_use": (
        "Development intensity (开发强度, 建设用地 / total area) was **{development_intensity:.1f} %**; without"
        " 未利用地, which in Wujin is mostly the water of 滆湖 and 太湖, it is"
        " **{development_intensity_excluding_unused:.1f} %**. The often-cited 30 % is a rule of thumb, not a"
        " legal limit.",
        "Cultivated land (耕地) was **{cultivated_share_of_total:.1f} %** of the total area and"
        " **{cultivated_share_of_agricultural:.1f} %** of agricultural land (农用地).",
    ),
}


def _filled(templates: tuple[str, ...], values: dict[str, float]) -> list[str]:
    out = []
    for template in templates:
        try:
            out.append(template.format_map(values))
        except KeyError:
            continue
    return out


def _findings(topic: str, report) -> list[str]:
    from .. import derive, tables

    if topic == "indicators":
        rates = derive.indicator_ratios(report)
        return [
            f"{r.name_en} ({r.name_zh}): **{r.value:,.2f} {r.unit}** = {r.formula}"
            for r in rates.itertuples()
        ]
    k = derive.key_ratios(report)
    out = _filled(
        _TEMPLATES[topic], {i.replace(".", "_"): v for i, v in zip(k["ratio_id"], k["value"], strict=True)}
    )
    if topic == "land_transfers":
        rec = tables.reconcile(report)
        for row in rec[~rec["is_consistent"]].itertuples():
            how = "within print rounding" if row.is_within_rounding else "MORE than print rounding explains"
            out.append(
                f"The stated total {row.stated_printed} differs from the sum of its parts"
                f" ({row.parts_sum:g}{row.unit}) by {row.difference:+g}{row.unit}: both are kept as printed ({how})."
            )
        for row in tables.land_transfers(report).query("is_scope_ambiguous").itertuples():
            out.append(f"{row.quote}: {row.note_en}")
    return out


def findings(topic: str, report=None):
    """Markdown bullets of what stands out in `topic`, numbers filled in from the data."""
    from IPython.display import Markdown

    lines = _findings(topic, report)
    return Markdown("\n".join(f"- {line}" for line in lines) if lines else "_Nothing to report._")


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


def report_card(report=None):
    """The raw file of a report: where it is, its manifest entry, its hash, its sections."""
    import pandas as pd

    from ..source.reports import load_report

    r = load_report(report)
    rows = [
        ("report_id", r.report_id),
        ("file", str(r.path.name)),
        ("district", r.district),
        ("year", str(r.year)),
        ("title", r.title),
        ("publisher", r.publisher),
        ("characters", len(r.raw)),
        ("sha256", r.sha256),
        ("sha256 matches data/raw/manifest.csv", r.in_manifest),
        ("sections", " | ".join(s.heading for s in r.sections if s.heading)),
    ]
    return table(pd.DataFrame(rows, columns=["field", "value"]))


def provenance_check(report=None):
    """For each table: rows, and how many quotes are exactly the raw text at their offsets."""
    import pandas as pd

    from ..source.reports import load_report
    from ..tables import catalog

    raw = load_report(report).raw
    rows = []
    for name, spec in catalog.declared("fact").items():
        frame = spec.build(report)
        exact = sum(raw[r.quote_start : r.quote_end] == r.quote for r in frame.itertuples())
        rows.append(
            {"table": name, "rows": len(frame), "quotes_exact": exact, "all_exact": exact == len(frame)}
        )
    return table(pd.DataFrame(rows))


def unit_table():
    """Every unit the parser knows, with its exact size in 亩 or its SI unit."""
    import pandas as pd

    from ..source import units as patterns
    from ..source.quantities import convert

    rows = []
    for u in patterns.units().values():
        in_mu = convert(1, u.unit, "亩") if u.dimension == "area" else None
        rows.append(
            {
                "unit": u.unit,
                "unit_en": u.unit_en,
                "dimension": u.dimension,
                "size_in_si": f"{u.to_si} {u.si_unit}",
                "size_in_mu": str(in_mu) if in_mu is not None else None,
            }
        )
    return table(pd.DataFrame(rows))


def dictionary(table_name: str):
    """The declared columns of one table: dtype, unit, description in Chinese and English."""
    import pandas as pd

    from ..tables.catalog import spec
    from ..tables.schema import field_rows

    return table(pd.DataFrame(field_rows(spec(table_name).columns)))


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
