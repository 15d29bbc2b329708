"""The sheets under both workbooks (tables.xlsx, compare/comparisons.xlsx): formats, printing, the 说明 sheet.

    Writer(path, properties)                 one XlsxWriter book, formula-safe, and its cell formats
    readme_sheet(writer, title, built_at)    the 说明 sheet's title and build time; its cells for the rest
    print_setup(sheet)                       A4 landscape, fitted to the page width, header rows repeated

NOTES
- Formula safety: XlsxWriter is opened with strings_to_formulas, _urls and
  _numbers off and every text is written with write_string, so a text that
  begins with =, +, - or @ is a text cell, never a live formula.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .wording import WORDING

__all__ = [
    "BEIJING",
    "LINE_PT",
    "ReadmeCells",
    "Writer",
    "built_text",
    "display_width",
    "print_setup",
    "readme_sheet",
    "words",
]

BEIJING = ZoneInfo("Asia/Shanghai")
LINE_PT = 15  # a normal row
README = "说明"


def words(key: str, lang: str = "zh", group: str = "workbook") -> str:
    """The workbooks' words (publish/wording: group workbook unless named)."""
    return WORDING.label(group, key, lang)


def display_width(text: str) -> int:
    """Width in Excel's character units: a Chinese character counts two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


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


def print_setup(sheet) -> None:
    """Printed (or saved as PDF): A4 landscape, fitted to the page width, both header rows on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, 1)


_README_WIDTHS = (26, 56, 64, 8, 24)


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
                self.sheet.set_row(row, min(409, lines * LINE_PT))
        for col, width in enumerate(self.widths):
            self.sheet.set_column(col, col, width)
        print_setup(self.sheet)


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
