"""Stage 3, the tidy tables: typed DataFrames, every row with the quote it came from.

    land_transfers()  state transfers by use type, allocation, collective entries
    land_use()        the land-use areas by class
    indicators()      every other quantitative statement (from the registry)
    reconcile()       each stated total against the sum of its parts
    numbers()         every digit in the report, and what became of it

Imports only from the source and extraction stages.
"""

from .facts import indicators, land_transfers, land_use, numbers, reconcile

__all__ = ["indicators", "land_transfers", "land_use", "numbers", "reconcile"]

from .facts import TABLE_FUNCTIONS, catalog  # noqa: F401  (moves in the next commit)
