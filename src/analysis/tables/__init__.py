"""Stage 3, the tidy tables: typed DataFrames, every row with the quote it came from.

    land_transfers()  land supply by level: supply, channels, methods, use types; market totals
    land_use()        the land-use areas by class (三大类, 三调一级类)
    indicators()      every other quantitative statement (from the registry)
    reconcile()       each stated total against the sum of its parts
    numbers()         every digit in the report, and what became of it

Every table is declared once (catalog.declare), with columns from schema.FIELDS.
Imports only from the source and extraction stages.
"""

# Tables are declared as their modules are imported: this order is the catalog's.
# isort: off
from .facts import indicators, land_transfers, land_use
from .reconcile import reconcile
from .numbers import numbers

# isort: on

__all__ = ["indicators", "land_transfers", "land_use", "numbers", "reconcile"]
