"""One exception family for the library.

Every message is one line that says where (a file with line:column, or a
table with row and column), what was expected and what was found, so that the
command line can print it as it is and exit 2.
"""

from __future__ import annotations

__all__ = [
    "AnalysisError",
    "BuildError",
    "ExtractionError",
    "ExtractionWarning",
    "RegistryError",
    "ReportError",
    "SchemaError",
    "line_col",
]


class AnalysisError(Exception):
    """Base of every error the library raises on purpose."""


class ReportError(AnalysisError):
    """A raw report or its manifest cannot be read or does not match."""


class RegistryError(AnalysisError):
    """A curated file under data/ (registry, exclusions) is malformed."""


class ExtractionError(AnalysisError):
    """The text does not hold what a table needs, or holds it twice."""


class SchemaError(AnalysisError):
    """A table does not match its declared columns."""


class BuildError(AnalysisError):
    """The report build failed (a notebook, an export)."""


class ExtractionWarning(UserWarning):
    """Something a table needs is missing from the text; the table is empty or partial.

    The command line prints these on stderr (`warning: ...`) and keeps exit status 0.
    """


def line_col(text: str, offset: int) -> str:
    """1-based 'line:column' of a character offset in text."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"
