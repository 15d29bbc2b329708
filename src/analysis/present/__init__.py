"""Stage 6, what notebooks call to show things: charts, tables for readers, findings, caveats.

Notebooks stay thin: no figure from the report is typed in a notebook, and the
sentences that quote numbers ("what stands out") are filled in from the
tables, so they change when the data does. Every function returns a `Shown`:
the analyst's view in the notebook, and a fragment per language (zh, en) that
the build puts on the reviewer pages.

    chart("price_per_mu", REPORT, LANG)                   # shows it; the build exports the files
    table(frame, ["use_type", "area_mu", "quote"], LANG)  # exact here; labelled and rounded on the pages
    findings("land_transfers", REPORT, LANG)              # 3-5 bullets, each number linked to its row
    caveats("land_use", REPORT, LANG)                     # the report's own caveats, else generic ones
    note("parts_agree", REPORT, LANG)                     # a sentence about the report, from its tables

Imports only from the earlier stages.
"""

from .caveats import caveat_lines, caveats
from .checks import dictionary, number_inventory, provenance_check, report_card, source_facts, unit_table
from .display import PHONE_DIR, by_section, chart, chart_alt, sentences, table, year_over_year
from .headlines import Headline, headline_rows
from .highlights import finding_lines, finding_sources, findings
from .notes import note
from .reader import column_label, number_text, reader_table
from .shown import LANGS, PAGE_MIME, Shown

__all__ = [
    "LANGS",
    "PAGE_MIME",
    "PHONE_DIR",
    "Headline",
    "Shown",
    "by_section",
    "caveat_lines",
    "caveats",
    "chart",
    "chart_alt",
    "column_label",
    "dictionary",
    "finding_lines",
    "finding_sources",
    "findings",
    "headline_rows",
    "note",
    "number_inventory",
    "number_text",
    "provenance_check",
    "reader_table",
    "report_card",
    "sentences",
    "source_facts",
    "table",
    "unit_table",
    "year_over_year",
]
