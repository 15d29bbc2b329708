"""Stage 4, derived measures: shares, prices, intensities, checks and year-over-year changes.

    transfer_ratios(report)       出让 by use type: shares, parcel size, price per 亩 and per m²
    supply_ratios(report)         出让 and 划拨 as shares of state land supplied; collective entries apart
    land_use_ratios(report)       each class's share of the total; 耕地 within 农用地
    development_intensity(report) 建设用地 / total, with and without 未利用地
    indicator_ratios(report)      the reviewer's checks of a report (data/registry/<report>/checks.csv)
    key_ratios(report)            every ratio above, one per row: the long table the wide ones pivot
    transfer_changes(report), land_use_changes(report)   year over year, by item (compare.py)
    compared_figures(report)      the figures comparisons set side by side, or why one is missing (compared.py)
    years_compared(report), districts_compared(report), figure_changes(report)   the library compared
    all_tables()                  the whole table catalog: the fact tables and these

Every function takes `report` like the fact tables, and optionally the fact
frames to derive from (`transfer_ratios(land_transfers=frame)`). Every row
names the facts it was computed from (`inputs`) and shows its arithmetic with
the operands as printed (`formula`). Imports only from the earlier stages.
"""

from __future__ import annotations

from ..tables import catalog

# Tables are declared as their modules are imported: this order is the catalog's.
# isort: off
from .transfers import transfer_ratios
from .supply import supply_ratios
from .land_use import development_intensity, land_use_ratios
from .key_ratios import key_ratios
from .checks import indicator_ratios
from .compared import compared_figures
from .compare import districts_compared, figure_changes, land_use_changes, transfer_changes, years_compared

# isort: on

__all__ = [
    "all_tables",
    "compared_figures",
    "development_intensity",
    "districts_compared",
    "figure_changes",
    "indicator_ratios",
    "key_ratios",
    "land_use_changes",
    "land_use_ratios",
    "supply_ratios",
    "transfer_changes",
    "transfer_ratios",
    "years_compared",
]


def all_tables() -> dict[str, catalog.TableSpec]:
    """Every declared table, in catalog order: the fact tables, the derived ones, the comparisons."""
    return catalog.declared()
