"""Tidy, traceable tables, ratios and charts from Chinese land-administration work reports.

    >>> import analysis
    >>> analysis.land_transfers()          # the 2024 Wujin report
    >>> analysis.land_use("all")           # every report in data/raw/manifest.csv

Imports are lazy: `import analysis` does not load pandas or matplotlib, so
that the build can decide that nothing changed in a fraction of a second.
"""

from __future__ import annotations

# Nothing that takes time: `python -m analysis` runs this before __main__ can catch a Ctrl-C, which here
# would be a traceback (importlib is loaded by the interpreter already; typing is not).
import importlib

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


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
