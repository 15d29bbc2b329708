"""What a notebook cell shows: one view for the notebook, one HTML fragment per language for the pages.

Every present function returns a `Shown`. In JupyterLab it displays the
analyst's view (exact values, the notebook's LANG); the executed notebook
also keeps, under the MIME type PAGE_MIME, an HTML fragment in Chinese and
one in English, which the build places on the reviewer pages. So a notebook
runs once and its pages exist in both languages.

NOTES
- Fragments are built here with every text from data passed through
  `esc` (html.escape): a report sentence, a manifest field or a registry name
  holding `<img onerror=…>` arrives on a page as text. Nothing from data goes
  through Markdown, which would let HTML through.
- A link inside a fragment names only an anchor (`href="#row-land_use-…"`):
  which page holds that anchor is known only when every notebook has run, so
  the build resolves it (publish.links). The anchor names are made here, once.
"""

from __future__ import annotations

import base64
import html
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "LANGS",
    "PAGE_MIME",
    "Shown",
    "anchor",
    "display_width",
    "esc",
    "link",
    "quote_anchor",
    "row_anchor",
]

PAGE_MIME = "application/vnd.analysis.page+json"
FILE_REF = (
    "files:"  # href="files:figures/zh/x.svg": a published file, made relative to each page by the build
)
LANGS = ("zh", "en")
_UNSAFE_IN_ID = re.compile(r"[^A-Za-z0-9_.]")  # and so "-", which joins the parts, and "~"


def esc(value: object) -> str:
    """Text from data, safe in HTML text and in double-quoted attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def anchor(*parts: object) -> str:
    """An element id made of parts ('row', 'land_transfers', 'transfer.total' -> row-land_transfers-transfer.total).

    Unique and stable for any parts: letters, digits, '_' and '.' stay as they are, every other
    character is written ~<hex code point>~ ('transfer.物流' -> 'transfer.~7269~~6d41~'), so two
    item ids never share an anchor and a link never goes to another row. '-' joins the parts.
    """
    return "-".join(_UNSAFE_IN_ID.sub(_escaped, str(p)) for p in parts)


def _escaped(match: re.Match) -> str:
    return f"~{ord(match[0]):x}~"


def row_anchor(table: str, key: str) -> str:
    """The id of a table row on the pages: row-<table>-<item_id or indicator_id or ratio_id>."""
    return anchor("row", table, key)


def quote_anchor(start: int, end: int) -> str:
    """The id of a quote's place in the annotated report: q-<quote_start>-<quote_end>."""
    return f"q-{int(start)}-{int(end)}"


def link(target: str | None, text_html: str, **attributes: str) -> str:
    """<a href="#target">text</a>, or the text alone when there is no target."""
    if not target:
        return text_html
    extra = "".join(f' {name.rstrip("_")}="{esc(value)}"' for name, value in attributes.items())
    return f'<a href="#{esc(target)}"{extra}>{text_html}</a>'


@dataclass
class Shown:
    """A cell's output: `pages` {lang: HTML fragment}; the notebook shows `notebook` (HTML) or pages[lang]."""

    pages: dict[str, str]
    lang: str = "zh"
    notebook: str | None = None
    png: bytes | None = None  # a chart: shown as an image in the notebook
    png_width: int | None = None
    text: str = ""  # text/plain, for consoles
    meta: dict = field(default_factory=dict)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle: dict = {PAGE_MIME: {**self.pages, **({"meta": self.meta} if self.meta else {})}}
        metadata: dict = {}
        if self.png is not None:
            bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
            if self.png_width:
                metadata["image/png"] = {"width": self.png_width}
        else:
            bundle["text/html"] = self.notebook if self.notebook is not None else self.pages[self.lang]
        bundle["text/plain"] = self.text or f"<{len(self.pages)} page fragments>"
        return bundle, metadata

    def __add__(self, other: Shown) -> Shown:
        """Two outputs shown as one (their fragments one after the other)."""
        joined = {lang: self.pages[lang] + other.pages[lang] for lang in self.pages}
        notebook = (self.notebook or self.pages[self.lang]) + (other.notebook or other.pages[other.lang])
        return Shown(joined, self.lang, notebook, text=self.text + other.text)


def display_width(text: str) -> int:
    """Width in half-width characters (Excel's character units): a Chinese character counts two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
