"""What stands out: 3 to 5 sentences per page, numbers filled in from the tables and linked to their rows.

    findings("land_transfers", REPORT, LANG)          # bullets in both languages, each number a link
    finding_lines("land_use", REPORT, "zh")           # the same sentences as plain text
    finding_sources("land_transfers", REPORT, LANG)   # the ratio rows the findings quote

A page's sentences are templates (page, zh, en) whose placeholders name a
ratio of key_ratios ({area_share.residential_commercial}) or a fact
({land_transfers/transfer.total/area_mu}); each is written in the one number
style with its unit (41.4%, 3,771.3亩, CNY 20.375 billion), so a template
carries no format and no unit. A report's own
data/registry/<report_id>/findings.csv replaces the generic ones of
rules/findings.csv for the pages it names (page `index` is the front page).
A sentence whose figures a report lacks is left out, not printed
half-empty; every sentence ends with a link to the report's sentence its
first figure comes from. The reconciliation, scope and source sentences are
made from the tables for every report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from string import Formatter

from ..source.placeholders import check_template_rows
from ..source.reports import load_report
from ..source.rules import rule_table
from ..tables.fields import FIELDS
from ..tables.formats import as_printed, computed_decimals, value_text
from ..tables.frames import printed
from .reader import _RULES, WORDING, decimals_of, in_shown_unit, reader_table, shown_unit
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
    """One sentence: its template and, per placeholder, (text per language or a value, row anchor)."""

    template: dict[str, str]  # lang -> template
    values: dict[str, tuple]  # name -> (value or {lang: text}, row anchor or None[, {lang: tooltip}])
    quote: str | None = None  # the anchor of the report's sentence its first figure comes from
    sources: dict[str, str] = field(default_factory=dict)  # lang -> the word of the quote link

    def _text(self, name: str, spec: str, lang: str) -> str:
        value = self.values[name][0]
        if isinstance(value, dict):
            return value[lang]
        return format(value, spec) if spec else str(value)

    def html(self, lang: str) -> str:
        out = []
        for literal, name, spec, _ in Formatter().parse(self.template[lang]):
            out.append(esc(literal))
            if name is not None:
                titles = self.values[name][2] if len(self.values[name]) > 2 else {}
                tooltip = (
                    {"title": titles[lang]} if lang in titles else {}
                )  # the figure as the tables print it
                out.append(link(self.values[name][1], esc(self._text(name, spec, lang)), **tooltip))
        sentence = _BOLD.sub(r"<strong>\1</strong>", "".join(out))
        if self.quote:
            word = esc(WORDING.label("reader", "source_link", lang))
            sentence += f' <a class="src" href="#{esc(self.quote)}">{word}</a>'
        return sentence

    def text(self, lang: str) -> str:
        import html

        without = self.html(lang).split(' <a class="src"')[0]
        return html.unescape(_TAG.sub("", without))


def _names(template: dict[str, str]) -> set[str]:
    return {n for lang in LANGS for _, n, _, _ in Formatter().parse(template[lang]) if n is not None}


def _templates(page: str, report) -> list[dict[str, str]]:
    """The page's sentences: the report's own, else the generic ones; refused when a placeholder is bad."""
    own = [r for r in report.files.rows("findings") if r["page"] == page]
    path = report.files.path("findings") if own else _RULES / "findings.csv"
    rows = own or [r for r in rule_table(_RULES, "findings", _COLUMNS) if r["page"] == page]
    check_template_rows(path, rows, LANGS)  # never format {x:>900000000}
    return rows


@dataclass(frozen=True)
class _Figure:
    """A placeholder's figure: its text per language (also with fixed decimals), its row, its input."""

    texts: dict[str, str]
    anchor: str | None
    source: str  # the input its quote is found from (table:item.column)
    fixed: dict[str, str] | None = None  # a computed value: the same with its unit's decimals kept
    unit: str | None = None
    titles: dict[str, str] = field(default_factory=dict)  # lang -> the figure as the tables print it


def _texts(value: float, unit: str, decimals: int | None, **fixed) -> tuple[dict, dict]:
    """({lang: text}, {lang: as printed, where the text is rounded for reading})."""
    texts = {lang: value_text(value, unit, lang, decimals, **fixed) for lang in LANGS}
    titles = {lang: as_printed(value, unit, lang, decimals, **fixed) for lang in LANGS}
    return texts, {lang: t for lang, t in titles.items() if t}


def _ratio_values(report) -> dict[str, _Figure]:
    """Every ratio as a placeholder's figure (41.4%, its key_ratios row); under its id and id with _."""
    from .. import derive

    out = {}
    for r in derive.key_ratios(report).itertuples():
        decimals = computed_decimals(r.unit)
        texts, titles = _texts(r.value, r.unit, decimals)
        fixed, _ = _texts(r.value, r.unit, decimals, fixed=True)
        fixed.update({lang: texts[lang] for lang in titles})  # an English amount rounded for reading keeps
        # its three digits beside another (CNY 0.453 million, CNY 9.72 million), as a multiple of them says
        anchor, source = row_anchor("key_ratios", r.ratio_id), str(r.inputs or "").split(";")[0]
        figure = _Figure(texts, anchor, source, fixed, r.unit, titles)
        out[r.ratio_id] = out[r.ratio_id.replace(".", "_")] = figure
    return out


def _one_style(found: dict[str, _Figure]) -> dict[str, tuple]:
    """(texts, row anchor, titles) per placeholder. Computed values of one unit side by side in a sentence
    keep their unit's decimals, so that a sentence never says 31.9%、38% (a comparison's column does
    the same: 62.0% beside 60.9%); a lone value drops a trailing .0 (100%, 38%)."""
    units = [f.unit for f in found.values() if f.fixed]
    return {
        name: (f.fixed if f.fixed and units.count(f.unit) > 1 else f.texts, f.anchor, f.titles)
        for name, f in found.items()
    }


def _fact_value(name: str, report) -> _Figure | None:
    """A fact placeholder (table/item/column): 3,771.3亩, its row, its input reference."""
    from .. import derive
    from ..tables.frames import records

    table, _, rest = name.partition("/")
    item, _, column = rest.partition("/")
    spec = derive.all_tables().get(table)
    if spec is None or not column:
        return None
    for row in records(spec.build(report)):
        if item in (row.get("item_id"), row.get("indicator_id")) and row.get(column) is not None:
            value = in_shown_unit(column, row[column])
            declared = FIELDS.get(column)
            unit = row.get(declared.unit_from) if declared and declared.unit_from else shown_unit(column)
            texts, titles = _texts(value, unit, decimals_of(column, row))
            return _Figure(texts, row_anchor(table, item), f"{table}:{item}.{column}", titles=titles)
    return None


def _ratio_findings(page: str, report) -> list[Finding]:
    from .headlines import quote_of

    ratios = _ratio_values(report)
    out = []
    for row in _templates(page, load_report(report)):
        template = {lang: row[lang] for lang in LANGS}
        found = {n: ratios.get(n) or (_fact_value(n, report) if "/" in n else None) for n in _names(template)}
        if any(v is None for v in found.values()):
            continue  # the report lacks one of its figures: left out
        first = next((found[n].source for _, n, _, _ in Formatter().parse(template["zh"]) if n), "")
        out.append(Finding(template, _one_style(found), quote_of(first, report)))
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
            "stated": ({lang: value_text(row.stated, row.unit, lang) for lang in LANGS}, target),
            "parts": ({lang: value_text(row.parts_sum, row.unit, lang) for lang in LANGS}, target),
            "difference": ({lang: value_text(abs(row.difference), row.unit, lang) for lang in LANGS}, target),
        }
        # 'more' or 'less' in words: a sign before a currency ('by +CNY 6 million') reads oddly (look9)
        template = {
            lang: t.replace("{how}", WORDING.label("finding", how, lang))
            for lang, t in _wording("mismatch_more" if row.difference > 0 else "mismatch_less").items()
        }
        out.append(Finding(template, values))
    # a withheld row's caveat is its entry on the report page (present.withheld)
    for row in printed(tables.land_transfers(report)).query("is_scope_ambiguous").itertuples():
        target = row_anchor("land_transfers", row.item_id)
        template = {lang: t.replace("{note}", "{note_" + lang + "}") for lang, t in _wording("scope").items()}
        values = {
            "quote": ({"zh": row.quote, "en": _amount_en(row._asdict())}, target),
            "note_zh": (row.note_zh, None),
            "note_en": (row.note_en, None),
        }
        out.append(Finding(template, values))
    return out


def _amount_en(row: dict) -> str:
    """An amount of unclear scope as English says it (CNY 18.59 million); its quote where it has no figure."""
    import pandas as pd

    column = next((c for c in ("revenue_yuan", "area_mu", "parcels") if not pd.isna(row.get(c))), None)
    if column is None:
        return row["quote"]
    value = in_shown_unit(column, row[column])
    return value_text(value, shown_unit(column), "en", decimals_of(column, row))


def _computed_checks(report) -> list[Finding]:
    """A report without its own indicator findings: the first checks it computes (not those it prints)."""
    import pandas as pd

    from .. import derive
    from .standard import is_standard

    out = []
    for r in derive.indicator_ratios(report).itertuples():
        if pd.isna(r.denominator) or not is_standard(r.ratio_id):  # printed by the report, or a reference
            continue
        texts = {lang: value_text(r.value, r.unit, lang, computed_decimals(r.unit)) for lang in LANGS}
        values = {
            "name_zh": (r.name_zh, None),
            "name_en": (r.name_en, None),
            "value": (texts, row_anchor("key_ratios", r.ratio_id)),
        }
        out.append(Finding(_wording("check"), values))
    return out


def _sources(report) -> list[Finding]:
    from .checks import source_facts

    facts = source_facts(report)
    numbers = "numbers_withheld" if facts["withheld"] else "numbers"
    keys = [numbers, "quotes_exact" if facts["inexact"] == 0 else "quotes_inexact"]
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

    used = {value[1] for f in _findings(page, report) for value in f.values.values()}
    frame = derive.key_ratios(report)
    frame = frame[[row_anchor("key_ratios", ratio_id) in used for ratio_id in frame["ratio_id"]]]
    columns = ["ratio_id", "name_zh", "name_en", "value", "unit", "formula", "inputs"]
    from .table_html import analyst_table

    return Shown(
        {each: reader_table(frame, columns, each) for each in LANGS}, lang, analyst_table(frame, columns)
    )
