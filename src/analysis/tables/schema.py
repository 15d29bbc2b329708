"""Tables checked against their declarations, and the data dictionary printed from them.

Every column is declared once in rules/columns.csv (fields.py: dtype, unit,
reading unit, labels and descriptions in Chinese and English, role, codes);
which columns a table has, beside the function that builds it
(catalog.declare). The declarations are used twice: every table is checked
against them at the end of the step that makes it (`conform`, which also
names the frame: `frame.attrs["table"]`), and the data dictionary
(`python -m analysis dictionary`, data/README.md) is printed from them.

NOTES
- pandera (DataFrameSchema, Column(title=, description=, metadata=)) was
  measured as the maintained way to declare and check this: it adds 0.38 s
  to every process that imports it (kernels, the command line, each test
  worker) and three packages (pydantic, typeguard, typing-inspect), while
  what it would check here is the 40 lines of `validate`; most of a
  declaration is for readers (labels, reading units, decimals, codes),
  which pandera would hold as an untyped metadata dict. The declaration
  keeps pandera's vocabulary (label = title, description, dtype, categories)
  so that moving to it stays a mechanical change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from ..errors import SchemaError
from . import catalog
from .fields import FIELDS, PROVENANCE, REPORT, Field

__all__ = [
    "FIELDS",
    "PROVENANCE",
    "REPORT",
    "Field",
    "conform",
    "dictionary_markdown",
    "empty",
    "field_rows",
    "validate",
]


def _dtype(field: Field) -> Any:
    return _pandas_dtype(field.dtype)


@cache  # a dtype is a value: made once per name, not once per column of every frame
def _pandas_dtype(name: str) -> Any:
    import pandas as pd

    return {
        "string": pd.StringDtype(),
        "Int64": pd.Int64Dtype(),
        "Float64": pd.Float64Dtype(),
        "boolean": pd.BooleanDtype(),
    }.get(name, name)


@cache  # pandas checks the categories each time one is made: a third of conform's time on small frames
def _categorical(order: tuple[str, ...]) -> Any:
    import pandas as pd

    return pd.CategoricalDtype(list(order))


def conform(
    records: Iterable[Mapping[str, Any]],
    table: str,
    categories: Mapping[str, list[str]] | None = None,
):
    """A DataFrame of the records with exactly the declared columns and dtypes.

    `categories` gives the order of categorical columns (the report's order);
    by default a category's order is the order of first appearance.
    """
    import pandas as pd

    spec = catalog.spec(table)
    rows = list(records)
    for index, row in enumerate(rows):
        extra = set(row) - set(spec.columns)
        if extra:
            raise SchemaError(f"table {table}: row {index}: undeclared column(s) {sorted(extra)}")
    columns = {}
    for name in spec.columns:
        field = FIELDS[name]
        values = [row.get(name) for row in rows]
        if field.dtype == "category":
            order = tuple(
                (categories or {}).get(name)
                or field.categories
                or dict.fromkeys(v for v in values if v is not None)
            )
            unknown = {v for v in values if v is not None} - set(order)
            if unknown:
                raise SchemaError(
                    f"table {table}: column {name}: values {sorted(unknown)} not in categories {list(order)}"
                )
            # from codes: the frame of pd.Categorical(values, categories=order) in a third of its time
            codes = {category: code for code, category in enumerate(order)}
            columns[name] = pd.Categorical.from_codes(
                [-1 if v is None else codes[v] for v in values], dtype=_categorical(order)
            )
        else:
            try:
                columns[name] = pd.array([pd.NA if v is None else v for v in values], dtype=_dtype(field))
            except (TypeError, ValueError) as exc:
                raise SchemaError(f"table {table}: column {name}: expected {field.dtype}: {exc}") from None
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))
    frame.attrs["table"] = table  # the frame says which table it is; nobody guesses from its columns
    return validate(frame, table)


def empty(table: str):
    """A table with its declared columns and no rows."""
    return conform([], table)


def validate(frame, table: str):
    """Check a DataFrame against its declaration; return it unchanged."""
    spec = catalog.spec(table)
    if tuple(frame.columns) != spec.columns:
        missing = [c for c in spec.columns if c not in frame.columns]
        extra = [c for c in frame.columns if c not in spec.columns]
        raise SchemaError(
            f"table {table}: columns differ from the declaration: missing {missing}, extra {extra}"
        )
    for name, found in zip(spec.columns, frame.dtypes, strict=True):  # one call, not a Series per column
        field = FIELDS[name]
        expected = "category" if field.dtype == "category" else _dtype(field)
        if str(found) != str(expected) and not (field.dtype == "category" and str(found) == "category"):
            raise SchemaError(f"table {table}: column {name}: expected dtype {field.dtype}, found {found}")
    return frame


def field_rows(columns: Iterable[str] | None = None) -> list[dict[str, str]]:
    """The declarations as rows (column, dtype, unit, labels and descriptions): of `columns`, or of every field."""
    chosen = FIELDS.values() if columns is None else (FIELDS[c] for c in columns)
    return [
        {
            "column": f.name,
            "dtype": f.dtype,
            "unit": f"see {f.unit_from}" if f.unit_from else f.unit,
            "reading_unit": f.reading_unit if f.reading_unit != f.unit else "",
            "label_zh": f.label_zh,
            "label_en": f.label_en,
            "description_zh": f.description_zh,
            "description_en": f.description_en,
        }
        for f in chosen
    ]


def dictionary_markdown(tables: Mapping[str, catalog.TableSpec]) -> str:
    """The data dictionary, one section per table of `tables` (the catalog), from the declarations."""
    lines = [
        "# Data dictionary / 数据字典",
        "",
        "Generated by `python -m analysis dictionary` from the column declarations in"
        " `src/analysis/tables/rules/columns.csv` and the table catalog; a test keeps this file in sync."
        " Do not edit by hand. `unit` is the unit of the exact values (CSV, library); `shown in` the"
        " unit readers see on the pages, sheets and slides, where it differs.",
        "",
    ]
    for spec in tables.values():
        lines += [f"## `{spec.name}` — {spec.zh}", "", spec.en, ""]
        lines += [
            "| column | dtype | unit | shown in | 名称 | label | 说明 | description |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for row in field_rows(spec.columns):
            cells = [str(v).replace("|", "\\|") for v in row.values()]
            lines.append("| `" + cells[0] + "` | " + " | ".join(cells[1:]) + " |")
        lines.append("")
    return "\n".join(lines)
