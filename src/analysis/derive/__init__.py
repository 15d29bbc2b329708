"""Stage 4, derived measures: shares, prices, intensities, checks and year-over-year changes.

Every derived row names the facts it was computed from (`inputs`) and shows its
arithmetic with the operands as printed (`formula`). Imports only from the
earlier stages.
"""
