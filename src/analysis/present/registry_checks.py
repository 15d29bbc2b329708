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
from ..source.report_files import folder, report_rows
from ..source.reports import load_report
from ..source.rules import rule_table
from .reader import _RULES
from .shown import LANGS

__all__ = ["registry_problems"]

_PROSE = ("page", "zh", "en")
_PANELS = ("rates", "pairs")


def _pages(name: str, also: tuple[str, ...] = ()) -> set[str]:
    """The pages the package's own rules/<name>.csv writes for (and `also`)."""
    return {r["page"] for r in rule_table(_RULES, name, _PROSE)} | set(also)


def _findings(report_id: str, known: set[str]) -> list[str]:
    path, out = folder(report_id) / "findings.csv", []
    pages = _pages("findings", ("indicators",))  # indicators: its generic sentences come from the checks
    for row in report_rows(report_id, "findings", _PROSE):
        where = f"{path}:{row['_line']}"
        check_template_rows(path, [row], LANGS)
        if row["page"] not in pages:
            out.append(
                f"{where}: column 'page': expected one of {', '.join(sorted(pages))}, found {row['page']!r}"
            )
        for lang in LANGS:
            for name in sorted(placeholder_names(row[lang]) - known):
                out.append(
                    f"{where}: column '{lang}': placeholder {{{name}}} names no ratio of report {report_id}"
                    " (a typo, or a ratio it gives no facts for: see key_ratios; '.' is written '_')"
                )
    return out


def _caveats(report_id: str) -> list[str]:
    path, pages = folder(report_id) / "caveats.csv", _pages("caveats", ("index",))
    return [
        f"{path}:{row['_line']}: column 'page': expected one of {', '.join(sorted(pages))}, found {row['page']!r}"
        for row in report_rows(report_id, "caveats", _PROSE)
        if row["page"] not in pages
    ]


def _chart_picks(report_id: str) -> list[str]:
    from ..charts import CHARTS

    path, out = folder(report_id) / "charts.csv", []
    for row in report_rows(report_id, "charts", ("chart", "panel", "ratio_id"), ("achieved", "reference")):
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
        elif row["panel"] == "pairs" and not (row.get("achieved") and row.get("reference")):
            out.append(f"{where}: a pair needs both 'achieved' and 'reference' (indicator ids)")
    return out


def registry_problems(report) -> list[str]:
    """'path:line: ...' for each row of the report's findings.csv, caveats.csv and charts.csv that its
    pages or charts would leave out."""
    from .. import derive

    loaded = load_report(report)
    known = {i.replace(".", "_") for i in derive.key_ratios(loaded)["ratio_id"]}
    rid = loaded.report_id
    return _findings(rid, known) + _caveats(rid) + _chart_picks(rid)
