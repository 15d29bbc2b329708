"""One exception family for the library.

Every message is one line that says where (a file with line:column, or a
table with row and column), what was expected and what was found, so that the
command line can print it as it is and exit 2. `one_line` makes sure of it
(control characters escaped, length capped); `os_error_line` says what an
OSError of the operating system means in the same form.
"""

from __future__ import annotations

__all__ = [
    "MAX_MESSAGE_CHARS",
    "AnalysisError",
    "BuildError",
    "ExtractionError",
    "ExtractionWarning",
    "NoChart",
    "OutputError",
    "RegistryError",
    "ReportError",
    "SchemaError",
    "TextError",
    "line_col",
    "one_line",
    "os_error_line",
]

MAX_MESSAGE_CHARS = 1000  # an error line quoting a 15 MB sentence prints this much of it, not 15 MB


class AnalysisError(Exception):
    """Base of every error the library raises on purpose."""


class ReportError(AnalysisError):
    """A raw report or its manifest cannot be read or does not match."""


class RegistryError(AnalysisError):
    """A curated file under data/ (registry, exclusions) is malformed."""


class ExtractionError(AnalysisError):
    """The text does not hold what a table needs, or holds it twice."""


class TextError(ExtractionError):
    """A problem at an offset of the text being read (`start`), raised before its file and line are known.

    The caller that knows the report re-raises it as 'path:line:column: message'.
    """

    def __init__(self, start: int, message: str):
        self.start = start
        super().__init__(message)


class NoChart(AnalysisError):
    """A report lacks what a chart shows: the chart is left out, and every output says why (`words`)."""

    def __init__(self, message: str, words: dict[str, str]):
        self.words = words  # lang -> the reason, for readers
        super().__init__(message)


class SchemaError(AnalysisError):
    """A table does not match its declared columns."""


class BuildError(AnalysisError):
    """The report build failed (a notebook, an export)."""


class OutputError(AnalysisError):
    """A place to write is refused (it holds inputs, or files the command did not write) or unwritable."""


class ExtractionWarning(UserWarning):
    """Something a table needs is missing from the text; the table is empty or partial.

    The command line prints these on stderr (`warning: ...`) and keeps exit status 0.
    """


def line_col(text: str, offset: int) -> str:
    """1-based 'line:column' of a character offset in text."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def one_line(message: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`message` as one printable line of at most about `limit` characters.

    Line breaks and other control characters are written as escapes (\\n, \\x07);
    a longer message keeps its beginning (where) and its end (what to do) and
    says how long it was. The work is bounded by `limit`, not by the message.
    """

    def printable(part: str) -> str:
        return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in part)

    if len(message) <= limit and len(text := printable(message)) <= limit:
        return text
    head = printable(message[:limit])[: limit * 2 // 3]
    tail = printable(message[-limit:])[-(limit // 4) :]
    return f"{head} … [{len(message):,} characters in all] … {tail}"


def os_error_line(exc: OSError) -> str:
    """'<file>: <what the system said>' for an OSError (ENOSPC, EROFS, ELOOP, ENAMETOOLONG ...)."""
    where = exc.filename if exc.filename is not None else ""
    what = exc.strerror or str(exc)
    if exc.filename2 is not None:
        where = f"{where} -> {exc.filename2}"
    return f"{where}: {what}" if where != "" else what
