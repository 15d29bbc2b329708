"""Notebook 00's views of the sources: the raw file, the quotes, the units, the columns."""

from __future__ import annotations

from .display import table

__all__ = ["dictionary", "provenance_check", "report_card", "unit_table"]


def report_card(report=None):
    """The raw file of a report: where it is, its manifest entry, its hash, its sections."""
    import pandas as pd

    from ..source.reports import load_report

    r = load_report(report)
    rows = [
        ("report_id", r.report_id),
        ("file", str(r.path.name)),
        ("district", r.district),
        ("year", str(r.year)),
        ("title", r.title),
        ("publisher", r.publisher),
        ("characters", len(r.raw)),
        ("sha256", r.sha256),
        ("sha256 matches data/raw/manifest.csv", r.in_manifest),
        ("sections", " | ".join(s.heading for s in r.sections if s.heading)),
    ]
    return table(pd.DataFrame(rows, columns=["field", "value"]))


def provenance_check(report=None):
    """For each table: rows, and how many quotes are exactly the raw text at their offsets."""
    import pandas as pd

    from ..source.reports import load_report
    from ..tables import catalog

    raw = load_report(report).raw
    rows = []
    for name, spec in catalog.declared("fact").items():
        frame = spec.build(report)
        exact = sum(raw[r.quote_start : r.quote_end] == r.quote for r in frame.itertuples())
        rows.append(
            {"table": name, "rows": len(frame), "quotes_exact": exact, "all_exact": exact == len(frame)}
        )
    return table(pd.DataFrame(rows))


def unit_table():
    """Every unit the parser knows, with its exact size in 亩 or its SI unit."""
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
    return table(pd.DataFrame(rows))


def dictionary(table_name: str):
    """The declared columns of one table: dtype, unit, description in Chinese and English."""
    import pandas as pd

    from ..tables.catalog import spec
    from ..tables.schema import field_rows

    return table(pd.DataFrame(field_rows(spec(table_name).columns)))
