"""Reading the small hand-written CSV files (manifest, registry, patterns).

Every problem is reported as one line naming the file, the row (as a text
editor counts lines, header = line 1) and the column. A CSV file is a regular
file of at most MAX_CSV_BYTES (a FIFO or a device is refused, not waited on).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from ..errors import AnalysisError, RegistryError
from ..files import read_limited, utf8_text

__all__ = ["MAX_CSV_BYTES", "read_rows"]

MAX_CSV_BYTES = 8 * 2**20  # a registry of a long report has a few hundred rows (tens of KB)


def read_rows(
    path: Path,
    required: Sequence[str],
    optional: Sequence[str] = (),
    *,
    error: type[AnalysisError] = RegistryError,
    non_empty: Sequence[str] | None = None,
) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV as dicts, each with a '_line' key (1-based line number).

    Checks that the header has every required column and no unknown one, and
    that the columns in `non_empty` (default: all required) are filled in.
    """
    raw, _ = read_limited(path, MAX_CSV_BYTES, error, "a CSV file")
    text = utf8_text(raw, path, error)
    if not text.strip():
        raise error(f"{path}:1: expected a header row, found an empty file")
    # The file as csv reads one: a quoted field keeps its line breaks, and line numbers stay true
    # (splitlines() would also split on U+2028, a form feed or NEL inside a field).
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _rows(path, reader, required, optional, non_empty, error)
    except csv.Error as exc:  # a field over the csv module's limit: usually a double quote left open
        raise error(f"{path}:{reader.line_num}: {exc} (a double quote left open?)") from None


def _rows(path, reader, required, optional, non_empty, error) -> list[dict[str, str]]:
    header = [name.strip().strip("\ufeff") for name in next(reader, [])]
    if not any(header):
        raise error(f"{path}:{reader.line_num}: expected a header row, found an empty line")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise error(f"{path}:1: column(s) {', '.join(map(repr, repeated))} named twice in the header")
    missing = [name for name in required if name not in header]
    if missing:
        raise error(f"{path}:1: header lacks column(s) {', '.join(missing)}; found {header}")
    unknown = [name for name in header if name not in required and name not in optional]
    if unknown:
        raise error(f"{path}:1: unknown column(s) {', '.join(unknown)}")
    must_fill = list(required if non_empty is None else non_empty)
    rows = []
    line_no = reader.line_num + 1  # where the next record starts, as an editor counts lines
    for values in reader:
        start, line_no = line_no, reader.line_num + 1
        if not values or all(not v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise error(
                f"{path}:{start}: expected {len(header)} fields, found {len(values)}"
                " (a comma inside a value needs double quotes)"
            )
        row = dict(zip(header, values, strict=True))
        for name in must_fill:
            if not row[name].strip():
                raise error(f"{path}:{start}: column '{name}' is empty")
        row["_line"] = str(start)
        rows.append(row)
    return rows
