"""`check` on a report's own prose files: what would otherwise be left out of its pages without a word.

    registry_problems(REPORT)    # ['data/registry/x/findings.csv:4: column 'zh': placeholder {y} ...', ...]

A sentence of findings.csv whose placeholder names no ratio of the report,
a caveat or finding for a page there is none of (a typo: `land_uses`), or a
row of charts.csv for a chart or panel there is none of, is dropped by the
pages and the charts, which show what they can. `check` names each with its
file and line (the build still runs; it is the report's prose that is wrong).
"""

from __future__ import annotations

from ..source.placeholders import check_template_rows, placeholder_names
from ..source.reports import load_report
from ..source.rules import rule_table
from .reader import _RULES
from .shown import LANGS

__all__ = ["registry_problems"]

_PROSE = ("page", "zh", "en")
_PANELS = (
    "rates",
    "figures",
)  # charts.csv: a rate (a ratio id of indicator_ratios), a figure (an indicator id)


def _pages(name: str, also: tuple[str, ...] = ()) -> set[str]:
    """The pages the package's own rules/<name>.csv writes for (and `also`)."""
    return {r["page"] for r in rule_table(_RULES, name, _PROSE)} | set(also)


def _findings(report, known: set[str]) -> list[str]:
    from .highlights import _fact_value

    report_id = report.report_id
    path, out = report.files.path("findings"), []
    pages = _pages("findings", ("indicators",))  # indicators: its generic sentences come from the checks
    for row in report.files.rows("findings"):
        where = f"{path}:{row['_line']}"
        check_template_rows(path, [row], LANGS)
        if row["page"] not in pages:
            out.append(
                f"{where}: column 'page': expected one of {', '.join(sorted(pages))}, found {row['page']!r}"
            )
        for lang in LANGS:
            for name in sorted(placeholder_names(row[lang]) - known):
                if "/" in name and _fact_value(name, report) is not None:
                    continue  # a fact the report states: table/item/column
                out.append(
                    f"{where}: column '{lang}': placeholder {{{name}}} names no ratio or fact of report"
                    f" {report_id} (a typo, or a ratio it gives no facts for: see key_ratios;"
                    " a fact is written table/item/column)"
                )
    return out


def _caveats(report) -> list[str]:
    path, pages = report.files.path("caveats"), _pages("caveats", ("index",))
    return [
        f"{path}:{row['_line']}: column 'page': expected one of {', '.join(sorted(pages))}, found {row['page']!r}"
        for row in report.files.rows("caveats")
        if row["page"] not in pages
    ]


def _chart_picks(report) -> list[str]:
    from .. import derive
    from ..charts import CHARTS

    items = {
        "rates": set(derive.indicator_ratios(report)["ratio_id"]),
        "figures": set(derive.all_tables()["indicators"].build(report)["indicator_id"]),
    }
    path, out = report.files.path("charts"), []
    for row in report.files.rows("charts"):
        where = f"{path}:{row['_line']}"
        if row["chart"] not in CHARTS:
            found = row["chart"]
            out.append(
                f"{where}: column 'chart': expected a chart name (e.g. {min(CHARTS)}), found {found!r}"
            )
        elif row["panel"] not in _PANELS:
            out.append(
                f"{where}: column 'panel': expected one of {', '.join(_PANELS)}, found {row['panel']!r}"
            )
        elif row["item"] not in items[row["panel"]]:
            kind = "a ratio id of indicator_ratios" if row["panel"] == "rates" else "an indicator id"
            out.append(f"{where}: column 'item': expected {kind} of the report, found {row['item']!r}")
    return out


def registry_problems(report) -> list[str]:
    """'path:line: ...' for each row of the report's findings.csv, caveats.csv and charts.csv that its
    pages or charts would leave out."""
    from .. import derive

    loaded = load_report(report)
    ratio_ids = set(derive.key_ratios(loaded)["ratio_id"])
    known = ratio_ids | {i.replace(".", "_") for i in ratio_ids}
    return _findings(loaded, known) + _caveats(loaded) + _chart_picks(loaded)
