"""Every derived ratio, one row each: the long table the wide ratio tables are pivots of."""

from __future__ import annotations

from ..tables import schema
from ..tables.catalog import declare
from ..tables.frames import records
from .checks import indicator_ratios
from .inputs import by_report, identity
from .land_use import land_use_ratio_list
from .supply import supply_ratio_list
from .terms import ratio_row
from .transfers import transfer_ratio_list

__all__ = ["key_ratios"]


@declare(
    "key_ratios",
    "主要比率",
    "Every derived ratio, one row each, with its formula and the facts it is computed from",
    columns=(
        *schema.REPORT,
        "ratio_group",
        "ratio_id",
        "name_zh",
        "name_en",
        "value",
        "unit",
        "numerator",
        "denominator",
        "formula",
        "inputs",
        "note_zh",
        "note_en",
    ),
    kind="derived",
)
def key_ratios(report=None, *, land_transfers=None, land_use=None, indicators=None):
    """Every ratio, one row each: value (unrounded) in `unit`, with formula and inputs."""
    rows = []
    for report_id, group in by_report("land_transfers", land_transfers, report).items():
        ratios = transfer_ratio_list(report_id, group)
        ratios += supply_ratio_list(report_id, group)
        rows += [ratio_row(identity(group[0]), r) for r in ratios]
    for report_id, group in by_report("land_use", land_use, report).items():
        rows += [ratio_row(identity(group[0]), r) for r in land_use_ratio_list(report_id, group)]
    checks = indicator_ratios(report, indicators=indicators, land_transfers=land_transfers, land_use=land_use)
    return schema.conform(rows + records(checks), "key_ratios")
