"""The sheets under both workbooks (tables.xlsx, compare/comparisons.xlsx): formats, printing, the 说明 sheet.

    Writer(path, properties)                 one XlsxWriter book, formula-safe, and its cell formats
    readme_sheet(writer, title, built_at)    the 说明 sheet's title and build time; its cells for the rest
    print_setup(sheet, widths, keys)         A4 landscape, header rows repeated; fitted to the page width, or
                                             over pages across at a readable scale, key columns repeated

NOTES
- Formula safety: XlsxWriter is opened with strings_to_formulas, _urls and
  _numbers off and every text is written with write_string, so a text that
  begins with =, +, - or @ is a text cell, never a live formula.
- Fitted to the page width, a wide sheet printed tiny (look13: 土地供应's
  seventeen columns at about 45 %, 10 pt text at 4.5 pt): where fitting
  would print under READABLE, the sheet goes on over pages across, broken
  between columns, its key columns (供地渠道, 供地方式, 用途) repeated at the
  left of each page, as a statistical yearbook continues a wide table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..present.shown import display_width
from .wording import WORDING

__all__ = [
    "BEIJING",
    "LINE_PT",
    "READABLE",
    "ReadmeCells",
    "Writer",
    "built_text",
    "column_pt",
    "page_columns",
    "print_setup",
    "readme_sheet",
    "words",
]

BEIJING = ZoneInfo("Asia/Shanghai")
LINE_PT = 15  # a normal row
_TALLEST_ROW_PT = 409  # the highest row Excel allows
README = "说明"


def words(key: str, lang: str = "zh", group: str = "workbook") -> str:
    """The workbooks' words (publish/wording: group workbook unless named)."""
    return WORDING.label(group, key, lang)


class Writer:
    """One XlsxWriter workbook, its properties (title, author, created ... and the house's category), its formats."""

    def __init__(self, out: Path, properties: dict):
        import xlsxwriter

        options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
        self.book = xlsxwriter.Workbook(str(out), options)
        self.book.set_properties({**properties, "category": words("category")})
        self._formats: dict[tuple, object] = {}

    def format(self, number: str | None = None, *, wrap: bool = False, **more) -> object:
        key = (number, wrap, tuple(sorted(more.items())))
        if key not in self._formats:
            spec = {"valign": "top", "font_name": "Microsoft YaHei", "font_size": 10, **more}
            if number:
                spec["num_format"] = number
            if wrap:
                spec["text_wrap"] = True
            self._formats[key] = self.book.add_format(spec)
        return self._formats[key]

    def header(self) -> object:
        return self.format(wrap=True, bold=True, bg_color="#E8EEF4", bottom=1, valign="vcenter")

    def names(self) -> object:
        return self.format(italic=True, font_color="#555555", bottom=1)


# A4 landscape less two margins of half an inch, in points, less 6 %: LibreOffice sets a column about 5 %
# wider than Excel does (Carlito for Calibri), and a page it finds too narrow it breaks again, one column a
# page; the least print scale that reads (10 pt text printed at 8 pt or more): a wider sheet goes on over
# pages across, its key columns repeated on each
_PAGE_PT, _MARGIN_IN, READABLE = (842 - 2 * 36) * 0.94, 0.5, 0.8


def column_pt(width: float) -> float:
    """A column `width` characters wide (Excel's unit, as set_column takes it) in points on paper."""
    pixels = int(width * 12 + 0.5) if width < 1 else int(width * 7 + 0.5) + 5  # as Excel and XlsxWriter
    return pixels * 0.75


def _printed_pt(widths: Sequence[float]) -> float:
    """Columns `widths` characters wide, side by side on paper, in points."""
    return sum(map(column_pt, widths))


def _repeated(widths: Sequence[float], keys: int) -> int:
    """How many of the `keys` leading columns every page repeats: as many as take a third of it or less."""
    return max((n for n in range(keys + 1) if _printed_pt(widths[:n]) <= _PAGE_PT / READABLE / 3), default=0)


def page_columns(widths: Sequence[float], keys: int = 0) -> tuple[list[range], int, float]:
    """(the columns each page across prints at READABLE scale or more, as many as fit; how many leading key
    columns, of `keys`, every page after the first repeats at its left; their width in points)."""
    repeat = _repeated(widths, keys)
    limit, repeated = _PAGE_PT / READABLE, _printed_pt(widths[:repeat])
    pages, start, used = [], 0, 0.0
    for j, width in enumerate(widths):
        if used + column_pt(width) > limit and j > max(start, repeat - 1):
            pages.append(range(start, j))
            start, used = j, repeated
        used += column_pt(width)
    return [*pages, range(start, len(widths))], repeat, repeated


def print_setup(sheet, widths: Sequence[float] = (), keys: int = 0) -> None:
    """Printed (or saved as PDF): A4 landscape, both header rows on every page; fitted to the page width where
    that prints at READABLE scale or more, else over pages across at the largest scale their widest allows,
    each repeating the row's keys (`widths`: the printed columns', in characters; `keys`: how many lead)."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=_MARGIN_IN, right=_MARGIN_IN)
    sheet.repeat_rows(0, 1)
    pages, repeat, repeated = page_columns(widths, keys)
    if len(pages) == 1:
        sheet.fit_to_pages(1, 0)
        return
    widest = max(
        _printed_pt(widths[page.start : page.stop]) + (repeated if page.start else 0) for page in pages
    )
    sheet.set_print_scale(max(int(100 * READABLE), min(100, int(100 * _PAGE_PT / widest))))
    sheet.set_v_pagebreaks([page.start for page in pages[1:]])
    if repeat:
        sheet.repeat_columns(0, repeat - 1)


_README_WIDTHS = (24, 52, 60, 8, 24)


class ReadmeCells:
    """Text cells of the 说明 sheet, and the height each row needs for its wrapped text."""

    def __init__(self, sheet, writer: Writer, widths: tuple[int, ...] = _README_WIDTHS):
        self.sheet, self.writer, self.lines, self.widths = sheet, writer, {}, widths

    def put(self, row: int, col: int, text: str, fmt=None) -> None:
        self.sheet.write_string(row, col, text, fmt or self.writer.format(wrap=True))
        room = self.widths[col] - 2
        needed = sum(max(1, math.ceil(display_width(line) / room)) for line in text.split("\n"))
        self.lines[row] = max(self.lines.get(row, 1), needed)

    def heading(self, row: int, key: str) -> None:
        """The words of `key` in Chinese / English, bold, in the first column (来源报告 / Sources)."""
        self.put(row, 0, f"{words(key)} / {words(key, 'en')}", self.writer.format(bold=True))

    def close(self) -> None:
        for row, lines in self.lines.items():
            if lines > 1:
                self.sheet.set_row(row, min(_TALLEST_ROW_PT, lines * LINE_PT))
        for col, width in enumerate(self.widths):
            self.sheet.set_column(col, col, width)
        print_setup(self.sheet, self.widths)


def built_text(built_at: datetime, lang: str = "zh") -> str:
    """2026-11-30 16:30 北京时间（UTC+08:00） / 2026-11-30 16:30 Beijing time (UTC+08:00)."""
    local = built_at.astimezone(BEIJING)
    zone = "北京时间（UTC+08:00）" if lang == "zh" else "Beijing time (UTC+08:00)"
    return f"{local:%Y-%m-%d %H:%M} {zone}"


def readme_sheet(
    writer: Writer, title: str, built_at: datetime, widths: tuple[int, ...] = _README_WIDTHS
) -> ReadmeCells:
    """The 说明 sheet, first of the book: its title, then when it was built (Chinese, English); its cells, for
    the rows from 3 on (close them when done: rows as high as their wrapped text)."""
    sheet = writer.book.add_worksheet(README)
    cells = ReadmeCells(sheet, writer, widths)
    sheet.write_string(0, 0, title, writer.format(bold=True, font_size=14))
    sheet.set_row(0, 2 * LINE_PT)
    cells.heading(1, "built")
    cells.put(1, 1, built_text(built_at, "zh"))
    cells.put(1, 2, built_text(built_at, "en"))
    return cells
