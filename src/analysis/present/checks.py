"""Notebook 00's views of the sources: the raw file, the quotes, the digits, the units, the columns."""

from __future__ import annotations

from ..tables.codes import code_label
from .reader import WORDING, column_label
from .shown import LANGS, Shown, anchor, esc, link
from .table_html import analyst_table, html_table
from .withheld import digit_counts, status_label, withheld_uses

__all__ = [
    "dictionary",
    "number_inventory",
    "provenance_check",
    "report_card",
    "source_facts",
    "unit_table",
]

_WINDOW = 18  # characters of context kept on each side of the digits an excerpt marks


def _words(key: str, lang: str, **values) -> str:
    return WORDING.label("reader", key, lang).format(**values)


def report_card(report=None, lang: str = "zh") -> Shown:
    """The raw file of a report: its manifest entry, its hash and whether it matches, its sections."""
    import pandas as pd

    from ..source.reports import load_report

    r = load_report(report)
    fields = [
        ("report_title", r.title if lang == "zh" else r.title_en),
        ("publisher", r.publisher if lang == "zh" else r.publisher_en or r.publisher),
        ("district", r.district if lang == "zh" else r.district_en or r.district),
        ("year", r.year),
        ("file", r.path.name),
        ("characters", len(r.raw)),
        ("sha256", r.sha256),
        ("hash_matches", r.in_manifest),
        ("sections", " | ".join(s.heading for s in r.sections if s.heading)),
    ]
    pages = {}
    for each in LANGS:
        values = dict(fields)
        values.update(
            report_title=r.title if each == "zh" else r.title_en,
            publisher=(r.publisher if each == "zh" else r.publisher_en) or r.publisher,
            district=(r.district if each == "zh" else r.district_en) or r.district,
        )
        rows = [[esc(_words(key, each)), _card_value(key, value, each)] for key, value in values.items()]
        pages[each] = html_table(None, rows, table_id="report-card", row_headers=True)
    frame = pd.DataFrame([(k, str(v)) for k, v in fields], columns=["field", "value"])
    return Shown(pages, lang, analyst_table(frame))


def _card_value(key: str, value, lang: str) -> str:
    if isinstance(value, bool):
        word = _words("yes" if value else "no", lang)
        return f'<span aria-hidden="true">{"✓" if value else "✗"}</span> {esc(word)}'
    if key == "sha256":
        return f'<code class="hash">{esc(value)}</code>'
    if key == "sections":
        return f'<details class="fold"><summary>{esc(_words("more", lang))}</summary>{esc(value)}</details>'
    return esc(value)


def provenance_check(report=None, lang: str = "zh") -> Shown:
    """For each table: rows, and how many quotes are exactly the raw text at their offsets."""
    import pandas as pd

    from ..source.reports import load_report
    from ..tables import catalog

    raw = load_report(report).raw
    rows = []
    for name, spec in catalog.declared("fact").items():
        frame = spec.build(report)
        exact = sum(raw[r.quote_start : r.quote_end] == r.quote for r in frame.itertuples())
        rows.append((name, spec, len(frame), exact))
    pages = {}
    for each in LANGS:
        header = [_words(k, each) for k in ("table", "rows", "quotes_exact", "all_exact")]
        body = [
            [
                esc(spec.zh if each == "zh" else spec.en.split(":")[0]),
                str(n),
                str(exact),
                _tick(exact == n, each),
            ]
            for _, spec, n, exact in rows
        ]
        pages[each] = html_table(header, body, table_id="provenance", numeric=(1, 2))
    frame = pd.DataFrame(
        [{"table": n, "rows": k, "quotes_exact": e, "all_exact": e == k} for n, _, k, e in rows]
    )
    return Shown(pages, lang, analyst_table(frame))


def _tick(value: bool, lang: str) -> str:
    word = _words("yes" if value else "no", lang)
    return f'<span aria-hidden="true">{"✓" if value else "—"}</span><span class="sr">{esc(word)}</span>'


def source_facts(report=None) -> dict:
    """The counts the sources page's findings quote: digits by status, quotes checked, the hash."""
    from .. import tables
    from ..source.reports import load_report

    r = load_report(report)
    inexact = rows = 0
    for name in ("land_transfers", "land_use", "indicators"):
        frame = getattr(tables, name)(report)
        rows += len(frame)
        inexact += sum(r.raw[q.quote_start : q.quote_end] != q.quote for q in frame.itertuples())
    counts = digit_counts(report)  # a withheld row's digits apart from the facts
    facts = {
        key: int(counts.get(key, 0)) for key in ("fact", "withheld", "excluded", "heading", "unaccounted")
    }
    facts.update(
        total=sum(facts.values()),
        rows=rows,
        inexact=inexact,
        in_manifest=r.in_manifest,
        sha256=r.sha256[:12],
    )
    on_report = {
        k: "numbers-legend" for k in ("total", "fact", "withheld", "excluded", "heading", "unaccounted")
    }
    facts["anchors"] = {**on_report, "rows": "provenance", "inexact": "provenance", "sha256": "report-card"}
    return facts


def _excerpt(sentence: str, start: int, marks: list[tuple[int, int]]) -> str:
    """The part of a sentence around the marked digits (raw offsets), digits in <mark>."""
    first, last = marks[0][0] - start, marks[-1][1] - start
    begin, end = max(0, first - _WINDOW), min(len(sentence), last + _WINDOW)
    while begin > 0 and (sentence[begin - 1].isdigit() or sentence[begin - 1] == "."):
        begin -= 1  # never cut a number in two
    while end < len(sentence) and (sentence[end].isdigit() or sentence[end] == "."):
        end += 1
    out, at = ["…" if begin > 0 else ""], begin
    for s, e in marks:
        s, e = s - start, e - start
        out += [esc(sentence[at:s]), f"<mark>{esc(sentence[s:e])}</mark>"]
        at = e
    return "".join(out) + esc(sentence[at:end]) + ("…" if end < len(sentence) else "")


def number_inventory(report=None, lang: str = "zh") -> Shown:
    """Every digit that is not a fact: one line per sentence, its digits marked, with the reason."""
    from .. import tables
    from ..source.reports import load_report

    raw = load_report(report).raw
    frame = tables.numbers(report)
    held = withheld_uses(report)  # the digits of withheld rows are listed, with why, beside the others
    others = frame[(frame["status"] != "fact") | frame["used_by"].isin(list(held))]
    by_sentence: dict[str, list] = {}
    for row in others.itertuples():
        by_sentence.setdefault(row.sentence, []).append(row)
    counts = digit_counts(report)
    pages = {}
    for each in LANGS:
        summary = [
            [esc(status_label(s, each)), str(int(counts.get(s, 0)))]
            for s in ("fact", "withheld", "excluded", "heading", "unaccounted")
            if s != "withheld" or counts.get(s)
        ]
        head = [column_label("status", each), _words("count", each)]
        lines = []
        for sentence, rows in by_sentence.items():
            start = raw.find(sentence, max(0, rows[-1].quote_end - len(sentence)))
            marks = [(r.quote_start, r.quote_end) for r in rows]
            digits = " ".join(link(anchor("n", r.quote_start), esc(r.quote)) for r in rows)
            reasons = ("；" if each == "zh" else "; ").join(
                dict.fromkeys(
                    code_label("status", "unaccounted", each)
                    if r.status == "unaccounted"
                    else held[r.used_by][f"withheld_{each}"]
                    if r.used_by in held
                    else _reason(r, each)
                    for r in rows
                )
            )
            lines.append([_excerpt(sentence, start, marks), digits, esc(reasons)])
        # its reasons are an exclusion's, 未说明, or a withheld row's: not all are exclusions
        header = [_words("excerpt", each), _words("digits", each), _words("what_became", each)]
        pages[each] = html_table(head, summary, numeric=(1,)) + html_table(
            header,
            lines,
            table_id="excluded",
            prose=(2,),  # a reason with its note wraps (look10)
        )
    return Shown(pages, lang, analyst_table(others, ["status", "quote", "reason", "note_en", "sentence"]))


def _reason(row, lang: str) -> str:
    label = (
        code_label("exclusion_reason", row.reason, lang) if isinstance(row.reason, str) and row.reason else ""
    )
    note = row.note_zh if lang == "zh" else row.note_en  # which document, which year: in both languages
    if isinstance(note, str) and note:
        return f"{label}{'：' if lang == 'zh' else ': '}{note}" if label else note
    return label


def unit_table() -> Shown:
    """Every unit the parser knows, with its exact size in 亩 or its SI unit (for the code page)."""
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
    view = analyst_table(pd.DataFrame(rows))
    return Shown({each: view for each in LANGS}, "zh", view)


def dictionary(table_name: str, lang: str = "zh") -> Shown:
    """The declared columns of one table, as in the CSV and workbook: name, label, unit, meaning."""
    import pandas as pd

    from ..tables.catalog import spec
    from ..tables.formats import unit_label
    from ..tables.schema import field_rows

    declared = field_rows(spec(table_name).columns)
    pages = {}
    for each in LANGS:
        header = [_words(k, each) for k in ("csv_column", "label", "unit", "description")]
        rows = [
            [
                f"<code>{esc(r['column'])}</code>",
                esc(r[f"label_{each}"]),
                esc(unit_label(r["unit"], each) if not r["unit"].startswith("see") else ""),
                esc(r[f"description_{each}"]),
            ]
            for r in declared
        ]
        pages[each] = html_table(header, rows, table_id=f"columns-{table_name}")
    return Shown(pages, lang, analyst_table(pd.DataFrame(declared)))
