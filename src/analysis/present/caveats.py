"""Caveats: what a reader must keep in mind, per page, from the report's own prose or the generic list.

    caveats("land_use", REPORT, LANG)

A report's data/registry/<report_id>/caveats.csv (page, zh, en) replaces the
generic rules/caveats.csv for the pages it names, as findings.csv does for
findings: a caveat that names a lake or a price is the report's prose, not
code. `**bold**` is the only markup; everything else is shown as text.
"""

from __future__ import annotations

import re

from ..source.reports import load_report
from ..source.rules import rule_table
from .reader import _RULES
from .shown import LANGS, Shown, esc

__all__ = ["caveat_lines", "caveats", "marked", "missing_lines"]

_COLUMNS = ("page", "zh", "en")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def marked(text: str) -> str:
    """Prose from data as HTML: escaped, with **bold** as <strong>."""
    return _BOLD.sub(r"<strong>\1</strong>", esc(text))


def caveat_lines(page: str, report=None) -> list[dict[str, str]]:
    """The caveats of `page` ({'zh': ..., 'en': ...} each): the report's own, else the generic ones."""
    own = [r for r in load_report(report).files.rows("caveats") if r["page"] == page]
    rows = own or [r for r in rule_table(_RULES, "caveats", _COLUMNS) if r["page"] == page]
    return [{lang: r[lang] for lang in LANGS} for r in rows]


def missing_lines(report=None) -> list[dict[str, str]]:
    """What the report's pages lack and why ({'zh': ..., 'en': ...} each): the registry files it has not
    (rules/registry_files.csv says what each leaves out), then each chart it gives no figures for."""
    from ..charts.render import absent, left_out_line

    loaded = load_report(report)
    lines = [_sentence(spec.when_missing) for spec in loaded.files.missing()]
    said = [spec.when_missing["zh"] for spec in loaded.files.missing()]
    for name, why in absent(loaded).items():
        if why.words["zh"] not in said:  # a chart left out for a file said missing above: said once
            lines.append({lang: left_out_line(name, why, lang) for lang in LANGS})
    return lines


def _sentence(text: dict[str, str]) -> dict[str, str]:
    """A registry's when-missing clause as a line of the page: a capital and a full stop (`add` prints the
    clause after the file's path)."""
    return {"zh": text["zh"] + "。", "en": text["en"][:1].upper() + text["en"][1:] + "."}


def caveats(page: str, report=None, lang: str = "zh") -> Shown:
    """The caveats of `page` as a list, in both languages."""
    lines = caveat_lines(page, report)
    pages = {
        each: '<ul class="caveats">' + "".join(f"<li>{marked(c[each])}</li>" for c in lines) + "</ul>"
        if lines
        else ""
        for each in LANGS
    }
    return Shown(pages, lang, text="\n".join(c[lang] for c in lines))
