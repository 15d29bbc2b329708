"""The one table catalog: every table declared once, beside the function that builds it.

    @declare("land_use", "土地利用现状", "Land use by class ...", columns=(...), kind="fact")
    def land_use(report=None): ...

    spec("land_use").columns      # the declared columns, in order
    declared()                    # every table declared so far, in declaration order

Every builder is a function of the report (`build(report)`: None for the
default report, a manifest id, a path, a Report, or "all"); derived builders
may also take the frames they derive from as keywords. The command line, the
CSV writer, the workbook, the pages and the provenance check all read this
one list. Fact tables (kind "fact") carry a quote and its offsets in every
row; derived tables (kind "derived", "comparison") name the facts they were
computed from.

The tables of this stage register when `analysis.tables` is imported; the
derived ones when `analysis.derive` is (`analysis.derive.all_tables()` gives
the whole catalog).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import SchemaError
from .fields import FIELDS

__all__ = ["KINDS", "TableSpec", "declare", "declared", "spec"]

KINDS = ("fact", "derived", "comparison")


@dataclass(frozen=True)
class TableSpec:
    name: str
    zh: str  # title shown to readers
    en: str
    columns: tuple[str, ...]  # each declared in schema.FIELDS
    kind: str  # one of KINDS
    build: Callable[..., Any]  # build(report=None, **frames) -> DataFrame


_CATALOG: dict[str, TableSpec] = {}


def declare(name: str, zh: str, en: str, *, columns: tuple[str, ...], kind: str) -> Callable:
    """Register the decorated function as the builder of table `name` (declared once)."""
    if kind not in KINDS:
        raise SchemaError(f"table {name}: unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    unknown = [c for c in columns if c not in FIELDS]
    if unknown:
        raise SchemaError(f"table {name}: column(s) {unknown} are not declared in schema.FIELDS")

    def register(function: Callable) -> Callable:
        if name in _CATALOG and _CATALOG[name].build is not function:
            raise SchemaError(f"table {name} is declared twice")
        _CATALOG[name] = TableSpec(name, zh, en, tuple(columns), kind, function)
        return function

    return register


def spec(name: str) -> TableSpec:
    """The declaration of table `name` (SchemaError naming the known tables otherwise)."""
    try:
        return _CATALOG[name]
    except KeyError:
        raise SchemaError(f"unknown table {name!r}; declared: {', '.join(_CATALOG)}") from None


def declared(kind: str | None = None) -> dict[str, TableSpec]:
    """Every table declared so far (of one kind, if given): facts, derived, comparisons, each in declaration order."""
    ordered = sorted(_CATALOG.values(), key=lambda s: KINDS.index(s.kind))  # stable: declaration order within
    return {s.name: s for s in ordered if kind is None or s.kind == kind}
