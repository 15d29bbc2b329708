"""The report itself, annotated: the whole text, every run of digits marked by what became of it.

    annotated_report(REPORT, "zh")   # {"legend": ..., "text": ..., "notes": ...} HTML fragments

A digit read into a table links to its row (`#row-<table>-<item>`; the build
finds the page that shows it); an excluded one links to its reason in the
notes below the text; an unaccounted one is marked so that it cannot be
missed. Every quote of every fact table is an element `#q-<start>-<end>`
whose text is exactly the quote, so a table's quote link lands on it; the
section headings are `#sec-<n>`.

NOTES
- The statements the extractor did not read (a clause that is not supply, a
  number it refuses, a total that disagrees with another) are listed after
  the notes, each with line:column and why, in English (the reasons are the
  extractor's words, as on stderr and in `check`).
- Spans nest: digits inside quotes, quotes inside nothing else. Two spans
  that overlap without one holding the other cannot both be elements; the
  later of the two is left unmarked (a heading before a quote, never a
  digit), and `annotated_report` reports how many were left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..tables.codes import code_label
from .reader import WORDING
from .shown import anchor, esc, quote_anchor, row_anchor
from .withheld import digit_counts, status_label

__all__ = ["STATUSES", "annotated_report"]

STATUSES = ("fact", "excluded", "heading", "unaccounted")
_FACT_TABLES = ("land_transfers", "land_use", "indicators")
_RANK = {"section": 0, "quote": 1, "digit": 2}  # outer to inner when two spans are equal


@dataclass
class _Span:
    start: int
    end: int
    kind: str  # section, quote, digit
    open_html: str
    close_html: str
    children: list[_Span] = field(default_factory=list)


def _digit(row, lang: str, withheld: dict[str, int]) -> _Span:
    start, end = int(row["quote_start"]), int(row["quote_end"])
    status = row["status"]
    ident = anchor("n", start)
    if status == "fact" and row["used_by"] in withheld:  # read, but its row is listed, not printed
        target = f"u-{withheld[row['used_by']]}"
        return _Span(start, end, "digit", f'<a class="n withheld" id="{ident}" href="#{target}">', "</a>")
    if status == "fact":
        table, _, item = str(row["used_by"]).partition(":")
        target = row_anchor(table, item)
        return _Span(start, end, "digit", f'<a class="n fact" id="{ident}" href="#{esc(target)}">', "</a>")
    if status == "excluded":
        return _Span(start, end, "digit", f'<a class="n excluded" id="{ident}" href="#x-{start}">', "</a>")
    if status == "unaccounted":
        return _Span(start, end, "digit", f'<mark class="n unaccounted" id="{ident}">', "</mark>")
    return _Span(start, end, "digit", f'<span class="n heading" id="{ident}">', "</span>")


def _withheld(report) -> dict[str, int]:
    """{'table:item_id': raw start of its quote} of every withheld row: where its entry in the list is."""
    from .withheld import withheld_uses

    return {use: int(row["quote_start"]) for use, row in withheld_uses(report).items()}


def _spans(report, numbers, lang: str) -> list[_Span]:
    from .. import tables

    spans = []
    for section in report.sections[1:]:
        end = section.start + len(section.heading)
        if section.heading and report.raw[section.start : end] == section.heading:
            opening = f'<span class="section-heading" id="sec-{section.number}">'
            spans.append(_Span(section.start, end, "section", opening, "</span>"))
    quoted = set()
    for name in _FACT_TABLES:
        for row in getattr(tables, name)(report).itertuples():
            quoted.add((int(row.quote_start), int(row.quote_end)))
    for start, end in sorted(quoted):
        spans.append(
            _Span(start, end, "quote", f'<span class="q" id="{quote_anchor(start, end)}">', "</span>")
        )
    withheld = _withheld(report)
    spans += [_digit(row, lang, withheld) for row in numbers.to_dict("records")]
    return spans


def _nest(spans: list[_Span]) -> tuple[list[_Span], int]:
    """The spans as a forest (outer first); spans that overlap another without nesting are dropped."""
    roots: list[_Span] = []
    stack: list[_Span] = []
    dropped = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end, _RANK[s.kind])):
        while stack and stack[-1].end <= span.start:
            stack.pop()
        if stack and span.end > stack[-1].end:  # overlaps its would-be parent: cannot be an element
            dropped += 1
            continue
        (stack[-1].children if stack else roots).append(span)
        stack.append(span)
    return roots, dropped


def _render(raw: str, spans: list[_Span], start: int, end: int) -> str:
    out, at = [], start
    for span in spans:
        out += [esc(raw[at : span.start]), span.open_html, _render(raw, span.children, span.start, span.end)]
        out.append(span.close_html)
        at = span.end
    out.append(esc(raw[at:end]))
    return "".join(out)


def _legend(counts: dict[str, int], lang: str) -> str:
    shown = [s for s in ("fact", "withheld", *STATUSES[1:]) if s != "withheld" or counts.get(s)]
    items = "".join(
        f'<li><span class="swatch n {s}" aria-hidden="true">0</span> '
        f"{esc(status_label(s, lang))}{'：' if lang == 'zh' else ': '}<strong>{counts.get(s, 0)}</strong></li>"
        for s in shown
    )
    alarm = ""
    if counts.get("unaccounted"):
        alarm = f'<p class="alarm" role="alert">{esc(WORDING.label("reader", "unaccounted_alarm", lang))}</p>'
    return f'<div id="numbers-legend" class="legend">{alarm}<ul>{items}</ul></div>'


def _notes(numbers, lang: str) -> str:
    items = []
    for row in numbers[numbers["status"] == "excluded"].to_dict("records"):
        start = int(row["quote_start"])
        reason = code_label("exclusion_reason", row["reason"], lang) if row["reason"] else ""
        note = row[f"note_{lang}"]  # the registry's note, in the page's language
        note = note if isinstance(note, str) else ""
        text = (
            "：".join(x for x in (reason, note) if x)
            if lang == "zh"
            else ": ".join(x for x in (reason, note) if x)
        )
        items.append(f'<li id="x-{start}"><a href="#n-{start}">{esc(row["quote"])}</a> {esc(text)}</li>')
    return f'<ol class="excluded-notes">{"".join(items)}</ol>' if items else ""


_UNREAD_TITLE = {
    "zh": "未读入表格的陈述，与读到但未列入表格的行（或与另一行冲突）",
    "en": "Statements not read into a table, and rows read but withheld (or in conflict with another row)",
}


def _why(u) -> str:
    """Why, Chinese first where it is said in Chinese too (a withheld row), then the extractor's English."""
    said = f'<span lang="en">{esc(u.why)}</span>'
    return f'<span lang="zh">{esc(u.why_zh)}</span> {said}' if u.why_zh else said


def _unread(loaded, numbers, lang: str) -> str:
    """The statements the extractor did not read and the rows it read but withheld (extract/trust.py), in the
    text's order, each with line:column (linked to its first digit in the text) and why (issue 17)."""
    from ..extract.trust import judged

    starts = sorted(int(s) for s in numbers["quote_start"])
    items = []
    for u in sorted(judged(loaded).unread, key=lambda u: (u.start, u.end)):  # (its tables have warned)
        start, end = loaded.normalized.raw_span(u.start, u.end)
        place = loaded.where(start).rsplit(":", 2)
        digit = next((s for s in starts if start <= s < end), start)
        kind = ' class="withheld"' if u.gate else ""  # the trust step names the gate of a withheld row
        items.append(
            f'<li id="u-{start}"{kind}><a href="#n-{digit}">{esc(":".join(place[-2:]))}</a>'
            f" “{esc(loaded.raw[start:end])}” {_why(u)}</li>"
        )
    if not items:
        return ""
    return f'<h3 id="unread">{esc(_UNREAD_TITLE[lang])}</h3><ol class="unread-notes">{"".join(items)}</ol>'


def annotated_report(report=None, lang: str = "zh") -> dict:
    """The annotated text as fragments (legend, text, notes), its sections, counts and dropped spans."""
    from .. import tables
    from ..source.reports import load_report

    loaded = load_report(report)
    numbers = tables.numbers(loaded)
    roots, dropped = _nest(_spans(loaded, numbers, lang))
    counts = {s: 0 for s in STATUSES} | digit_counts(loaded)  # the digits of withheld rows counted apart
    text = f'<div class="report-text" lang="zh">{_render(loaded.raw, roots, 0, len(loaded.raw))}</div>'
    sections = [(s.number, s.heading) for s in loaded.sections[1:] if s.heading]
    return {
        "legend": _legend(counts, lang),
        "text": text,
        "notes": _notes(numbers, lang) + _unread(loaded, numbers, lang),
        "sections": sections,
        "dropped": dropped,
        "counts": counts,
    }
