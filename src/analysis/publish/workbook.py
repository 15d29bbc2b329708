"""The tables as one Excel workbook: a sheet per tidy table, units in the headers, a provenance sheet."""

from __future__ import annotations

from pathlib import Path

from ..tables.schema import FIELDS, field_rows

__all__ = ["header", "write_workbook"]


def header(column: str) -> str:
    """'area_mu (亩)': the column name with its declared unit, as Excel users see it."""
    unit = FIELDS[column].unit if column in FIELDS else ""
    return f"{column} ({unit})" if unit and not unit.startswith("见") else column


def write_workbook(tables: dict[str, object], provenance: object, out: Path) -> Path:
    """Write `tables` (name -> DataFrame) and a provenance sheet to an .xlsx file."""
    import pandas as pd

    out.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, frame in tables.items():
            frame.rename(columns=header).to_excel(writer, sheet_name=name[:31], index=False)
        provenance.to_excel(writer, sheet_name="provenance", index=False)
        pd.DataFrame(field_rows()).to_excel(writer, sheet_name="columns", index=False)
        for sheet in writer.book.worksheets:
            sheet.freeze_panes = "A2"
    return out
