"""A printed PDF finished as a publication: the page of each contents entry, its language and metadata.

    numbers = page_numbers(draft_pdf, entries)     # where each heading fell in the draft print
    finished(pdf, "zh", {"title": ..., "subject": ..., "creator": ...})   # /Lang and metadata

Chromium writes the browser's user agent as /Creator and no /Lang; pypdf
rewrites the file with both (the tagged structure and the bookmarks are
kept: the writer is a clone of the printed file).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["finished", "page_numbers"]


def _outline(reader) -> list[tuple[str, int]]:
    """(title, page number from 1) of every bookmark, in document order."""
    found = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((str(item.title).strip(), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def page_numbers(draft: Path, entries: list[tuple[int, str, str]]) -> list[str]:
    """The page each contents entry fell on in the draft print, matched in order by its text."""
    from pypdf import PdfReader

    marks = _outline(PdfReader(str(draft)))
    draft.unlink(missing_ok=True)
    numbers, at = [], 0
    for _, _, text in entries:
        hit = next((i for i in range(at, len(marks)) if marks[i][0] == text), None)
        numbers.append(str(marks[hit][1]) if hit is not None else "")
        at = hit + 1 if hit is not None else at
    return numbers


def finished(path: Path, lang: str, meta: dict[str, str]) -> Path:
    """The PDF with its language (/Lang) and metadata: title, subject (the bureau), creator (this project)."""
    import io
    import logging

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # the ToUnicode update keeps the first trailer's /Size
    writer = PdfWriter(clone_from=PdfReader(str(path)))
    writer._root_object[NameObject("/Lang")] = TextStringObject("zh-CN" if lang == "zh" else "en")
    writer.add_metadata({f"/{k.capitalize()}": v for k, v in meta.items() if v})
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path
