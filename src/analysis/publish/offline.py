"""Pages must work with no network and run no script: checked by parsing and by loading them.

`external_urls` parses a page for anything that would leave the file: URL
attributes (src, href, srcset, poster, ping, ...), CSS url() and @import, a
meta refresh. A URL leaves when it names a scheme other than data: (browsers
read `https:example.com/x.png` as `https://example.com/x.png`), or starts
with two slashes or backslashes (scheme-relative); tabs and newlines inside a
URL are ignored first, as browsers ignore them.

`guard(page)` is the loading half, for a Playwright page: every request is
intercepted, those to file: and data: go through, every other one is
refused and recorded. The PDF step loads every reviewer page this way, and
the browser tests load every page of a build.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["external_urls", "guard", "guard_async", "leaves"]

_URL_ATTRIBUTES = {
    "src",
    "href",
    "data",
    "poster",
    "srcset",
    "imagesrcset",
    "action",
    "formaction",
    "xlink:href",
    "background",
    "ping",
    "manifest",
    "codebase",
    "cite",
    "longdesc",
    "icon",
}
_LOCAL_SCHEMES = ("data:", "file:", "about:", "#")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
_INVISIBLE = re.compile(r"[\t\n\r]")
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)|image-set\(\s*['"]([^'"]+)""", re.I)
_EMBEDDED = re.compile(r"(data:[a-z]+/[a-z0-9.+\-]+;base64),[A-Za-z0-9+/=\s]+")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.I)


def leaves(url: str) -> bool:
    """True when a browser would fetch `url` from outside the page's own file."""
    clean = _INVISIBLE.sub("", url).strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x1f\x7f")
    if clean.lower().startswith(_LOCAL_SCHEMES):
        return False
    return bool(_SCHEME.match(clean)) or clean[:2] in ("//", "\\\\", "/\\", "\\/")


class _UrlCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            match = _REFRESH_URL.search(values.get("content") or "")
            if match and leaves(match[1]):
                self.urls.append(match[1])
        for name, value in attrs:
            if value is None:
                continue
            if name in _URL_ATTRIBUTES:
                if name in ("srcset", "imagesrcset"):
                    candidates = [v.strip().split(" ")[0] for v in value.split(",")]
                elif name == "ping":
                    candidates = value.split()
                else:
                    candidates = [value]
                self.urls += [v for v in candidates if leaves(v)]
            elif name == "style":
                self._css(value)

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self._css(data)

    def _css(self, text: str) -> None:
        for match in _CSS_URL.finditer(text):
            url = match.group(1) or match.group(2) or match.group(3)
            if leaves(url):
                self.urls.append(url)


def external_urls(page: str) -> list[str]:
    """Every URL in a page that points outside the file: attributes, CSS url() and @import, meta refresh."""
    collector = _UrlCollector()
    collector.feed(_EMBEDDED.sub(r"\1,", page))  # an embedded image's bytes hold no URL: skip them
    collector.close()
    return collector.urls


def guard(page) -> list[str]:
    """Refuse every request of a Playwright page that would leave the file; returns the list it fills."""
    refused: list[str] = []

    def route(r) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            refused.append(url)
            r.abort()

    page.route("**/*", route)
    return refused


async def guard_async(page) -> list[str]:
    """`guard` for a page of Playwright's async API."""
    refused: list[str] = []

    async def route(r) -> None:
        url = r.request.url
        if url.startswith(("file:", "data:")):
            await r.continue_()
        else:
            refused.append(url)
            await r.abort()

    await page.route("**/*", route)
    return refused
