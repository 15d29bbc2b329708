"""Stage 6, what notebooks call to show things: charts (saved for the build), tables, findings.

Notebooks stay thin: no figure from the report is typed in a notebook, and the
few sentences that quote numbers ("what stands out") are built from the ratio
tables, so they change when the data does.

    chart("price_per_mu", REPORT, LANG, FIGURES_DIR)   # shows it; saves zh + en when the build asks
    table(frame, ["use_type", "area_mu", "quote"])      # a readable, index-free table
    findings("land_transfers", REPORT)                  # Markdown bullets with the numbers filled in

Imports only from the earlier stages.
"""

from .checks import dictionary, provenance_check, report_card, unit_table
from .display import DECK_DIR, by_section, chart, sentences, table, year_over_year
from .highlights import finding_lines, findings

__all__ = [
    "DECK_DIR",
    "by_section",
    "chart",
    "dictionary",
    "finding_lines",
    "findings",
    "provenance_check",
    "report_card",
    "sentences",
    "table",
    "unit_table",
    "year_over_year",
]
