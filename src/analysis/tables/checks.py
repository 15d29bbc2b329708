"""`python -m analysis check`: validate a report's tables and summarise them."""

from __future__ import annotations

from .. import tables
from ..extract.text_kind import report_kind, told_both
from ..source.reports import Report, all_reports, load_report

__all__ = ["summary"]

_LISTED = 20  # unaccounted numbers named one by one; a text full of them is summed up


def _one(report: Report) -> tuple[list[str], bool]:
    transfers = tables.land_transfers(report)
    land_use = tables.land_use(report)
    indicators = tables.indicators(report)
    reconciliation = tables.reconcile(report)
    numbers = tables.numbers(report)
    counts = numbers["status"].value_counts()
    unaccounted = numbers[numbers["status"] == "unaccounted"]
    lines = [
        f"{report.report_id}: {report.path}"
        + (" (sha256 matches the manifest)" if report.in_manifest else " (not in the manifest)"),
        f"  land_transfers: {len(transfers)} rows, {int(transfers['is_total'].sum())} totals,"
        f" {int(transfers['is_scope_ambiguous'].sum())} of unclear scope,"
        f" {int((transfers['source'] == 'curated').sum())} curated (statements.csv)" + _withheld(transfers),
        f"  land_use: {len(land_use)} rows" + _withheld(land_use),
        f"  indicators: {len(indicators)} rows",
        f"  numbers: {len(numbers)} digit runs: {counts.get('fact', 0)} read as facts,"
        f" {counts.get('excluded', 0)} excluded with a reason, {counts.get('heading', 0)} headings,"
        f" {counts.get('unaccounted', 0)} unaccounted",
    ]
    for row in unaccounted.head(_LISTED).itertuples():
        lines.append(f"    unaccounted: {row.quote} at {report.where(row.quote_start)}: {row.sentence[:40]}…")
    if len(unaccounted) > _LISTED:
        lines.append(
            f"    … and {len(unaccounted) - _LISTED} more unaccounted"
            f" (python -m analysis table numbers --report {report.report_id if report.in_manifest else report.path}"
            " lists them all)"
        )
    lines += _unread(report)
    kind = report_kind(report)
    lines.append(f"  text kind: {told_both(kind)}")
    for row in reconciliation.itertuples():
        if row.part_statement == "conflict":
            lines.append(
                f"  conflict {row.total_item_id} {row.measure}: stated {row.stated:g}{row.unit},"
                f" {row.part_item_ids} states {row.parts_sum:g}{row.unit}: both kept, neither summed"
            )
            continue
        if row.is_consistent:
            state = "adds up"
        elif row.is_within_rounding:
            state = "differs within print rounding"
        else:
            state = "DIFFERS beyond print rounding"
        lines.append(
            f"  reconciliation {row.total_item_id} {row.measure}: stated {row.stated:g}{row.unit},"
            f" parts {row.parts_sum:g}{row.unit}, difference {row.difference:+g}{row.unit}: {state}"
        )
    return lines, unaccounted.empty


def _withheld(frame) -> str:
    """', N withheld (not printed)' when the trust step withholds rows of the table (extract/trust.py)."""
    from .frames import withheld_rows

    withheld = int(withheld_rows(frame).sum())
    return f", {withheld} withheld (not printed; table --all-rows)" if withheld else ""


def _unread(report: Report) -> list[str]:
    """What the extractor did not read, or read twice with other figures: line:column, quote and why."""
    from ..extract.trust import trusted

    unread = trusted(report).unread
    lines = [f"  not read or in conflict: {len(unread)}"] if unread else []
    for u in unread[:_LISTED]:
        start, end = report.normalized.raw_span(u.start, u.end)
        quote = report.raw[start:end].strip()
        quote = quote if len(quote) <= 30 else quote[:29] + "…"
        lines.append(f"    {report.where(start)} “{quote}”: {u.told}")
    if len(unread) > _LISTED:
        lines.append(
            f"    … and {len(unread) - _LISTED} more (python -m analysis table land_transfers warns of each)"
        )
    return lines


def summary(report=None) -> tuple[str, bool]:
    """(printable summary, True when every number is accounted for)."""
    reports = all_reports() if report == "all" else [load_report(report)]
    lines, ok = [], True
    for r in reports:
        more, fine = _one(r)
        lines += more
        ok = ok and fine
    return "\n".join(lines) + "\n", ok
