"""HTML pages for reviewers: each notebook with and without code, an index, all offline.

Reviewers often read these pages with no network: the template under
templates/offline drops every CDN script of nbconvert's lab template, images
are embedded, and `external_urls` (used by the build before it publishes,
and by the tests) parses a page for anything that would leave the file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["Page", "external_urls", "index_page", "notebook_pages", "notebook_summary"]

TEMPLATES = Path(__file__).parent / "templates"
_URL_ATTRIBUTES = {
    "src",
    "href",
    "data",
    "poster",
    "srcset",
    "action",
    "formaction",
    "xlink:href",
    "background",
}
_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""", re.I)


@dataclass(frozen=True)
class Page:
    file: str  # relative to reports/html
    title: str
    summary: str
    code_file: str


def notebook_summary(nb) -> tuple[str, str]:
    """(title, one-line summary) from the notebook's first markdown cell."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = [line.strip() for line in cell.source.splitlines()]
        title = next((line.lstrip("# ").strip() for line in lines if line.startswith("#")), "")
        body = [line for line in lines if line and not line.startswith("#")]
        return title, (body[0] if body else "")
    return "", ""


_exporters: dict[bool, object] = {}


def _exporter(with_code: bool):
    """One exporter per variant per process: the first export costs ~0.4 s, later ones ~0.03 s."""
    if with_code not in _exporters:
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(
            template_name="offline",
            extra_template_basedirs=[str(TEMPLATES)],
            embed_images=True,
            exclude_input=not with_code,
            exclude_input_prompt=not with_code,
            exclude_output_prompt=not with_code,
        )
        exporter.language_code = "zh"  # browsers then draw Chinese with a Simplified Chinese face
        _exporters[with_code] = exporter
    return _exporters[with_code]


def notebook_pages(nb, name: str, out_dir: Path) -> Page:
    """Write <name>.html (for reviewers, no code) and <name>.code.html into out_dir."""
    title, summary = notebook_summary(nb)
    for with_code, file in ((False, f"{name}.html"), (True, f"{name}.code.html")):
        body, _ = _exporter(with_code).from_notebook_node(nb, resources={"metadata": {"name": title or name}})
        (out_dir / file).write_text(body, encoding="utf-8")
    return Page(f"{name}.html", title or name, summary, f"{name}.code.html")


def index_page(pages: list[Page], downloads: list[tuple[str, str]], report) -> str:
    """reports/index.html: a line on each notebook page, and the files planners take away.

    The heading names the report from its manifest entry (district, year, title), never from code.
    """
    heading = html.escape(f"{report.district or ''}{report.title}")
    heading_en = html.escape(" ".join(x for x in (report.district_en, report.title_en) if x))
    source_line = report.source_line("zh")
    items = "\n".join(
        f'<li><a href="html/{html.escape(p.file)}">{html.escape(p.title)}</a>'
        f' <small>(<a href="html/{html.escape(p.code_file)}">with code</a>)</small>'
        f"<br><span>{html.escape(p.summary)}</span></li>"
        for p in pages
    )
    files = "\n".join(
        f'<li><a href="{html.escape(href)}">{html.escape(href)}</a> — {html.escape(what)}</li>'
        for href, what in downloads
    )
    return f"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading} · {heading_en}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; max-width: 52rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.55; color: #222; }}
li {{ margin: 0 0 0.9rem 0; }} span {{ color: #555; }} small {{ color: #777; }}
</style>
</head>
<body>
<h1>{heading} · {heading_en}</h1>
<p>Every number below comes from the report text and carries the sentence it came from.
Notebook pages are for reviewers (no code); each has a version with code.</p>
<h2>Notebooks</h2>
<ul>
{items}
</ul>
<h2>Files</h2>
<ul>
{files}
</ul>
<p><small>{html.escape(source_line)}</small></p>
</body>
</html>
"""


class _UrlCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name in _URL_ATTRIBUTES:
                candidates = (
                    [v.strip().split(" ")[0] for v in value.split(",")] if name == "srcset" else [value]
                )
                self.urls += [v for v in candidates if _EXTERNAL.match(v)]
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
            url = match.group(1) or match.group(2)
            if _EXTERNAL.match(url):
                self.urls.append(url)


def external_urls(page: str) -> list[str]:
    """Every URL in a page that points outside the file: src/href attributes, CSS url() and @import."""
    collector = _UrlCollector()
    collector.feed(page)
    collector.close()
    return collector.urls
