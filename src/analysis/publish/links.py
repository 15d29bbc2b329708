"""Links between the reviewer pages: each `href="#anchor"` goes to the page that holds the anchor.

Fragments name anchors only (present.shown): a finding links to
`#row-key_ratios-…`, a quote to `#q-1990-2029`. Once every page is built,
`resolve` keeps a link whose anchor is on its own page, points it at the
first page (in reading order) that has it otherwise, and turns it into plain
text when no page has it. Ids repeated on one page keep their first element.

For the PDF the pages become one document: `for_print` prefixes each page's
ids with its name and points every link between pages inside the document.
"""

from __future__ import annotations

import re

__all__ = ["Site", "for_print", "ids_of"]

_ID = re.compile(r'\sid="([^"]+)"')
_LOCAL_LINK = re.compile(r'<a ((?:[a-z-]+="[^"]*" )*)href="#([^"]+)"([^>]*)>(.*?)</a>', re.S)
_PAGE_LINK = re.compile(r'href="(?:\.\./|html/)?([A-Za-z0-9_.\-]+\.html)?(?:#([^"]+))?"')
_DETAILS = re.compile(r"<details(?=[\s>])")


def ids_of(html: str) -> list[str]:
    return _ID.findall(html)


def _dedupe_ids(html: str) -> str:
    seen: set[str] = set()

    def once(match: re.Match) -> str:
        if match[1] in seen:
            return ""
        seen.add(match[1])
        return match[0]

    return _ID.sub(once, html)


class Site:
    """Pages by file (relative to one folder), in reading order, and where each anchor lives."""

    def __init__(self, pages: dict[str, str]):
        self.pages = {file: _dedupe_ids(html) for file, html in pages.items()}
        self.home: dict[str, str] = {}
        self.own: dict[str, set[str]] = {}
        for file, html in self.pages.items():
            self.own[file] = set(ids_of(html))
            for ident in self.own[file]:
                self.home.setdefault(ident, file)

    def resolve(self, file: str, prefix: str = "") -> str:
        """The page `file` with its local links pointed at their anchors' pages (`prefix` before a file)."""

        def target(match: re.Match) -> str:
            before, anchor, rest, text = match[1], match[2], match[3], match[4]
            if anchor in self.own[file]:
                return match[0]
            if anchor in self.home:
                return f'<a {before}href="{prefix}{self.home[anchor]}#{anchor}"{rest}>{text}</a>'
            return f"<span>{text}</span>"  # no page shows it: text, not a dead link

        return _LOCAL_LINK.sub(target, self.pages[file])

    def unresolved(self, file: str) -> list[str]:
        """Anchors that page `file` links to and no page holds (the build reports them)."""
        return sorted({m[1] for m in _LOCAL_LINK.findall(self.pages[file]) if m[1] not in self.home})


def for_print(html: str, page: str, files: set[str]) -> str:
    """A page's body for the one-document PDF: ids `<page>--<id>`, links between pages inside it."""

    def link(match: re.Match) -> str:
        file, anchor = match[1], match[2] or "top"
        if (file and file not in files) or (not file and not match[2]):
            return match[0]
        owner = file.removesuffix(".html") if file else page
        return f'href="#{owner}--{anchor}"'

    html = _ID.sub(lambda m: f' id="{page}--{m[1]}"', html)
    html = _PAGE_LINK.sub(link, html)
    return _DETAILS.sub("<details open", html)
