"""What stands out: 3 to 5 sentences per page, numbers filled in from the tables and linked to their rows.

    findings("land_transfers", REPORT, LANG)          # bullets in both languages, each number a link
    finding_lines("land_use", REPORT, "zh")           # the same sentences as plain text
    finding_sources("land_transfers", REPORT, LANG)   # the ratio rows the findings quote

A page's sentences are templates (page, zh, en) with ratio ids as
placeholders ('.' written '_': {price_per_mu_industrial:.2f}). A report's own
data/registry/<report_id>/findings.csv replaces the generic ones of
rules/findings.csv for the pages it names: what is particular to a district
(its lakes, what is worth a question to its bureau) is the report's prose,
not code. A sentence whose ratios a report lacks is left out, not printed
half-empty. The reconciliation, scope and source sentences are made from the
tables for every report.

Each number links to the row it comes from (a key_ratios row, a
reconciliation row); `finding_sources` shows those rows, with their formula
and the facts they are computed from, further down the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from string import Formatter
from typing import Any

from ..source.placeholders import check_template_rows
from ..source.report_files import folder, report_rows
from ..source.reports import load_report
from ..source.rules import rule_table
from .reader import _RULES, WORDING, reader_table
from .shown import LANGS, Shown, esc, link, row_anchor

__all__ = [
    "MAX_FINDINGS",
    "Finding",
    "finding_lines",
    "finding_sources",
    "findings",
    "mismatch_findings",
]

MAX_FINDINGS = 5
_COLUMNS = ("page", "zh", "en")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Finding:
    """One sentence: its template and, per placeholder, (value, row anchor)."""

    template: dict[str, str]  # lang -> template
    values: dict[str, tuple[Any, str | None]]

    def html(self, lang: str) -> str:
        out = []
        for literal, name, spec, _ in Formatter().parse(self.template[lang]):
            out.append(esc(literal))
            if name is not None:
                value, target = self.values[name]
                text = format(value, spec) if spec else str(value)
                out.append(link(target, esc(text)))
        return _BOLD.sub(r"<strong>\1</strong>", "".join(out))

    def text(self, lang: str) -> str:
        import html

        return html.unescape(_TAG.sub("", self.html(lang)))


def _templates(page: str, report_id: str) -> list[dict[str, str]]:
    """The page's sentences: the report's own, else the generic ones; refused when a placeholder is bad."""
    own = [r for r in report_rows(report_id, "findings", _COLUMNS) if r["page"] == page]
    path = folder(report_id) / "findings.csv" if own else _RULES / "findings.csv"
    rows = own or [r for r in rule_table(_RULES, "findings", _COLUMNS) if r["page"] == page]
    check_template_rows(path, rows, LANGS)  # never format {x:>900000000}
    return rows


def _ratio_findings(page: str, report) -> list[Finding]:
    from .. import derive

    k = derive.key_ratios(report)
    values = {
        i.replace(".", "_"): (v, row_anchor("key_ratios", i))
        for i, v in zip(k["ratio_id"], k["value"], strict=True)
    }
    out = []
    for row in _templates(page, load_report(report).report_id):
        names = {n for lang in LANGS for _, n, _, _ in Formatter().parse(row[lang]) if n is not None}
        if names <= set(values):  # else the report lacks one of its ratios: left out
            out.append(Finding({lang: row[lang] for lang in LANGS}, {n: values[n] for n in names}))
    return out


def _wording(key: str) -> dict[str, str]:
    return {lang: WORDING.label("finding", key, lang) for lang in LANGS}


def mismatch_findings(report) -> list[Finding]:
    from .. import tables

    out = []
    rec = tables.reconcile(report)
    for row in rec[~rec["is_consistent"]].itertuples():
        target = row_anchor("reconciliation", f"{row.total_item_id}.{row.measure}")
        how = "within_rounding" if row.is_within_rounding else "beyond_rounding"
        values = {
            "stated": (row.stated_printed, target),
            "parts": (f"{row.parts_sum:g}", target),
            "difference": (f"{row.difference:+g}", target),
            "unit": (row.unit, None),
        }
        template = {
            lang: t.replace("{how}", WORDING.label("finding", how, lang))
            for lang, t in _wording("mismatch").items()
        }
        out.append(Finding(template, values))
    for row in tables.land_transfers(report).query("is_scope_ambiguous").itertuples():
        target = row_anchor("land_transfers", row.item_id)
        template = {lang: t.replace("{note}", "{note_" + lang + "}") for lang, t in _wording("scope").items()}
        values = {
            "quote": (row.quote, target),
            "note_zh": (row.note_zh, None),
            "note_en": (row.note_en, None),
        }
        out.append(Finding(template, values))
    return out


def _computed_checks(report) -> list[Finding]:
    """A report without its own indicator findings: the first checks it computes (not those it prints)."""
    import pandas as pd

    from .. import derive

    out = []
    for r in derive.indicator_ratios(report).itertuples():
        if pd.isna(r.denominator):  # a rate the report prints
            continue
        values = {
            "name_zh": (r.name_zh, None),
            "name_en": (r.name_en, None),
            "value": (r.value, row_anchor("key_ratios", r.ratio_id)),
            "unit": (r.unit, None),
        }
        out.append(Finding(_wording("check"), values))
    return out


def _sources(report) -> list[Finding]:
    from .checks import source_facts

    facts = source_facts(report)
    keys = ["numbers", "quotes_exact" if facts["inexact"] == 0 else "quotes_inexact"]
    keys.append("hash_ok" if facts["in_manifest"] else "hash_unlisted")
    out = [
        Finding(_wording(key), {k: (v, facts["anchors"].get(k)) for k, v in facts.items() if k != "anchors"})
        for key in keys
    ]
    return out + mismatch_findings(report)[:2]


def _findings(page: str, report) -> list[Finding]:
    if page == "sources":
        found = _sources(report)
    else:
        found = _ratio_findings(page, report)
        if page == "indicators" and not found:
            found = _computed_checks(report)
        if page == "land_transfers":
            found += mismatch_findings(report)
    return found[:MAX_FINDINGS]


def finding_lines(page: str, report=None, lang: str = "zh") -> list[str]:
    """The sentences of what stands out on `page` (sources, land_transfers, land_use, indicators), as text."""
    return [f.text(lang) for f in _findings(page, report)]


def findings(page: str, report=None, lang: str = "zh") -> Shown:
    """What stands out on `page`: 3 to 5 bullets, each number a link to the row it comes from."""
    found = _findings(page, report)
    pages = {}
    for each in LANGS:
        items = "".join(f"<li>{f.html(each)}</li>" for f in found)
        none = esc(WORDING.label("finding", "none", each))
        pages[each] = f'<ul class="findings">{items}</ul>' if found else f"<p>{none}</p>"
    return Shown(pages, lang, text="\n".join(f.text(lang) for f in found))


def finding_sources(page: str, report=None, lang: str = "zh") -> Shown:
    """The key_ratios rows the findings of `page` quote: name, value, unit, formula and the facts used."""
    from .. import derive

    used = {target for f in _findings(page, report) for _, target in f.values.values()}
    frame = derive.key_ratios(report)
    frame = frame[[row_anchor("key_ratios", ratio_id) in used for ratio_id in frame["ratio_id"]]]
    columns = ["ratio_id", "name_zh", "name_en", "value", "unit", "formula", "inputs"]
    from .reader import analyst_table

    return Shown(
        {each: reader_table(frame, columns, each) for each in LANGS}, lang, analyst_table(frame, columns)
    )
