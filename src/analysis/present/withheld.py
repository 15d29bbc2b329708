"""Rows read but withheld (extract/trust.py), as readers see them.

    unread_apart(report)          # (statements not read, withheld rows' Unread): what the lists and counts say
    digit_counts(report)          # {'fact': 3, 'withheld': 1, ...}: the digits of withheld rows counted apart
    withheld_uses(report)         # {'land_transfers:market.offered@2025-05': row} of every withheld row
    withheld_line(frame, lang)       # '另有1行读到但未列入本表…': the line under a table that left rows out

A withheld row stays in the frames (an analyst's `table --all-rows`); what a
reader sees, a table on a page, a chart, a deck, a workbook or a CSV, holds
the printed rows only (tables.frames.printed), and the annotated report lists
the withheld ones beside the statements not read, Chinese first, with
line:column. The report's own checks and its library card count them apart:
a row read but withheld is not a statement the extractor failed to read.
"""

from __future__ import annotations

from .reader import WORDING
from .shown import esc

__all__ = ["digit_counts", "status_label", "unread_apart", "withheld_line", "withheld_uses"]

_FACT_TABLES = ("land_transfers", "land_use")


def status_label(status: str, lang: str) -> str:
    """What became of a run of digits, for readers: tables.numbers' status, or 'read but withheld'."""
    from ..tables.codes import code_label

    if status == "withheld":  # not a status of tables.numbers: a fact whose row the trust step withholds
        return WORDING.label("reader", "withheld_status", lang)
    return code_label("status", status, lang)


def withheld_uses(report) -> dict[str, dict]:
    """{'table:item_id': row} of every withheld row: how tables.numbers names the row a digit was read into
    (an item id is its table's one row; two withheld rows may share a quote)."""
    from .. import tables
    from ..tables.frames import records, withheld_rows

    uses = {}
    for name in _FACT_TABLES:
        frame = getattr(tables, name)(report)
        for row in records(frame[withheld_rows(frame)]):
            uses[f"{name}:{row['item_id']}"] = {**row, "table": name}
    return uses


def digit_counts(report) -> dict[str, int]:
    """The report's runs of digits by what became of them (tables.numbers' status), the digits of withheld rows
    counted apart from the facts ('withheld', only where there are)."""
    from .. import tables

    numbers = tables.numbers(report)
    counts = {s: int(n) for s, n in numbers["status"].value_counts().items()}
    withheld = int(numbers["used_by"].isin(list(withheld_uses(report))).sum())
    return {**counts, "fact": counts.get("fact", 0) - withheld, "withheld": withheld} if withheld else counts


def unread_apart(report) -> tuple[list, list]:
    """The extraction's unread list in two: statements not read, and the Unread of withheld rows (the trust
    step lists each withheld row there too, naming its gate). A withheld row that also disagrees with another
    has two entries at its offsets: its conflict is a statement's, not a second withheld row."""
    from ..extract.trust import judged
    from ..source.reports import load_report

    found = judged(load_report(report))  # built after its tables warned: not again (the banner, the card)
    statements, withheld = [], []
    for u in found.unread:
        (withheld if u.gate else statements).append(u)
    return statements, withheld


def withheld_line(frame, lang: str) -> str:
    """The line under a table whose frame had withheld rows, linked to their list ('' when none)."""
    from ..tables.frames import withheld_rows

    n = int(withheld_rows(frame).sum())
    if not n:
        return ""
    words = WORDING.label("reader", "withheld_one" if n == 1 else "withheld_some", lang).format(
        n=n, link="{link}"
    )
    link = f'<a href="#unread">{esc(WORDING.label("reader", "withheld_link", lang))}</a>'
    return f'<p class="withheld-note">{esc(words).replace("{link}", link)}</p>'
