"""What stands out: sentences with their numbers filled in from the derived tables.

    findings("land_transfers", REPORT)            # Markdown bullets, English
    finding_lines("land_use", REPORT, "zh")       # the same sentences as a list, Chinese

A page's sentences are templates (page, zh, en) with ratio ids as
placeholders ('.' written '_': {price_per_mu_industrial:.2f}). A report's own
data/registry/<report_id>/findings.csv replaces the generic ones of
present/rules/findings.csv for the pages it names: what is particular to a
district (its lakes, what is worth a question to its bureau) is the report's
prose, not code. A sentence whose ratios a report lacks is left out, not
printed half-empty. The reconciliation and scope sentences are made from the
tables for every report.
"""

from __future__ import annotations

from ..source.report_files import report_rows
from ..source.reports import load_report
from ..source.rules import LabelTable, rule_table, rules_dir

__all__ = ["finding_lines", "findings"]

_RULES = rules_dir(__file__)
_WORDING = LabelTable(_RULES / "wording.csv")
_COLUMNS = ("page", "zh", "en")


def _templates(page: str, report_id: str, lang: str) -> list[str]:
    own = [r for r in report_rows(report_id, "findings", _COLUMNS) if r["page"] == page]
    rows = own or [r for r in rule_table(_RULES, "findings", _COLUMNS) if r["page"] == page]
    return [r[lang] for r in rows]


def _filled(templates: list[str], values: dict[str, float]) -> list[str]:
    out = []
    for template in templates:
        try:
            out.append(template.format_map(values))
        except KeyError:  # the report lacks one of its ratios
            continue
    return out


def _text(key: str, lang: str, **values) -> str:
    return _WORDING.label("finding", key, lang).format(**values)


def _checks(report, lang: str) -> list[str]:
    from .. import derive

    out = []
    for r in derive.indicator_ratios(report).itertuples():
        value = f"{r.value:,.2f}" if lang == "en" else f"{r.value:.2f}"
        name = r.name_en if lang == "en" else r.name_zh
        out.append(
            _text(
                "check",
                lang,
                name=name,
                name_en=r.name_en,
                name_zh=r.name_zh,
                value=value,
                unit=r.unit,
                formula=r.formula,
            )
        )
    return out


def _mismatches(report, lang: str) -> list[str]:
    from .. import tables

    out = []
    rec = tables.reconcile(report)
    for row in rec[~rec["is_consistent"]].itertuples():
        how = _text("within_rounding" if row.is_within_rounding else "beyond_rounding", lang)
        parts, difference = f"{row.parts_sum:g}", f"{row.difference:+g}"
        out.append(
            _text(
                "mismatch",
                lang,
                stated=row.stated_printed,
                parts=parts,
                difference=difference,
                unit=row.unit,
                how=how,
            )
        )
    for row in tables.land_transfers(report).query("is_scope_ambiguous").itertuples():
        out.append(_text("scope", lang, quote=row.quote, note=row.note_en if lang == "en" else row.note_zh))
    return out


def finding_lines(page: str, report=None, lang: str = "en") -> list[str]:
    """The sentences of what stands out on `page` (land_transfers, land_use, indicators)."""
    from .. import derive

    if page == "indicators":
        return _checks(report, lang)
    k = derive.key_ratios(report)
    values = {i.replace(".", "_"): v for i, v in zip(k["ratio_id"], k["value"], strict=True)}
    out = _filled(_templates(page, load_report(report).report_id, lang), values)
    return out + (_mismatches(report, lang) if page == "land_transfers" else [])


def findings(page: str, report=None, lang: str = "en"):
    """Markdown bullets of what stands out on `page`, numbers filled in from the data."""
    from IPython.display import Markdown

    lines = finding_lines(page, report, lang)
    return Markdown("\n".join(f"- {line}" for line in lines) if lines else _text("none", lang))
