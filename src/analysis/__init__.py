"""Tidy, traceable tables, ratios and charts from Chinese land-administration work reports.

    >>> import analysis
    >>> analysis.land_transfers()          # the 2024 Wujin report
    >>> analysis.land_use("all")           # every report in data/raw/manifest.csv

Imports are lazy: `import analysis` does not load pandas or matplotlib, so
that the build can decide that nothing changed in a fraction of a second.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "AnalysisError",
    "indicators",
    "land_transfers",
    "land_use",
    "load_report",
    "numbers",
    "reconcile",
]

_EXPORTS = {
    "land_transfers": "tables",
    "land_use": "tables",
    "indicators": "tables",
    "reconcile": "tables",
    "numbers": "tables",
    "load_report": "source.reports",
    "AnalysisError": "errors",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
