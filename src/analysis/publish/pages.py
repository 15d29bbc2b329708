"""A notebook as reviewer pages (one per language) and as a code page for analysts.

The reviewer pages are assembled here from the executed notebook, not
exported by nbconvert: the story is in Markdown cells tagged by language
(`lang-zh`, `lang-en`; untagged cells belong to both), and each output of
`analysis.present` carries an HTML fragment per language (present.PAGE_MIME).
A cell tagged `code-only` is left out of the reviewer pages. An output without
fragments (a stray print) is left out too: only what present made, escaped,
reaches a reviewer. The code page is the notebook as it ran, exported by
nbconvert through the offline template, with the build machine's paths
removed from the injected parameters.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..present.display import FIGURE_REF
from ..present.shown import LANGS, PAGE_MIME
from .offline import external_urls

__all__ = [
    "NotebookPage",
    "code_nav",
    "embed",
    "external_urls",
    "read_notebook",
    "reviewer_file",
    "write_code_page",
]

TEMPLATES = Path(__file__).parent / "templates"
LANG_TAGS = {f"lang-{lang}": lang for lang in LANGS}
CODE_ONLY = "code-only"
_FIGURE = re.compile(r'(src|srcset)="' + re.escape(FIGURE_REF) + r'([a-z]{2}/(?:phone/)?[a-z0-9_]+\.png)"')
_HEADING = re.compile(r"<h([23])>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def reviewer_file(name: str, lang: str) -> str:
    """The file name of a reviewer page in reports/html: <name>.html (Chinese), <name>.en.html."""
    return f"{name}.html" if lang == "zh" else f"{name}.{lang}.html"


@dataclass
class NotebookPage:
    name: str  # the notebook's stem, e.g. 01_land_transfers
    title: dict[str, str] = field(default_factory=dict)  # lang -> plain text
    lede: dict[str, str] = field(default_factory=dict)  # lang -> plain text (first paragraph)
    body: dict[str, str] = field(default_factory=dict)  # lang -> HTML
    code_file: str = ""
    appendix: bool = False  # technical matter (sources, checks, formulas): after the story, in an appendix

    def file(self, lang: str) -> str:
        return reviewer_file(self.name, lang)


_markdown = None


def _render_markdown(text: str) -> str:
    """Markdown from our notebooks as HTML; raw HTML in it is escaped, plain URLs stay text."""
    global _markdown
    if _markdown is None:
        import mistune

        _markdown = mistune.create_markdown(escape=True)
    return _markdown(text)


def _cell_langs(cell) -> tuple[str, ...]:
    tags = [LANG_TAGS[t] for t in cell.get("metadata", {}).get("tags", []) if t in LANG_TAGS]
    return tuple(tags) or LANGS


def _title_and_lede(source: str) -> tuple[str, str, str]:
    """(title, first paragraph, the rest) of a notebook's first Markdown cell."""
    lines = source.strip().splitlines()
    title = lines[0].lstrip("#").strip() if lines and lines[0].startswith("#") else ""
    rest = "\n".join(lines[1:] if title else lines).strip()
    lede, _, more = rest.partition("\n\n")
    return title, lede.strip(), more.strip()


def _number_headings(html: str, counter: list[int]) -> str:
    """Give each h2/h3 of rendered Markdown an id (s-1, s-2 ...): the same in both languages."""

    def named(match: re.Match) -> str:
        counter[0] += 1
        return f'<h{match[1]} id="s-{counter[0]}">{match[2]}</h{match[1]}>'

    return _HEADING.sub(named, html)


def embed(html: str, figures: Path | None, report_id: str | None = None) -> str:
    """Charts the notebook saved (src="figure:zh/x.png") as embedded images; left as they are without a folder.

    With `report_id`, a chart is looked up in its report's own folder (figures/zh/<report_id>/x.png).

    An image left unembedded names the scheme figure:, which the offline check refuses: a chart
    that cannot be found fails the build instead of showing a broken image.
    """
    if figures is None:
        return html

    def embedded(match: re.Match) -> str:
        lang, _, rest = match[2].partition("/")
        path = figures / lang / report_id / rest if report_id else figures / match[2]
        if not path.is_file():
            return match[0]
        return f'{match[1]}="data:image/png;base64,{base64.b64encode(path.read_bytes()).decode("ascii")}"'

    return _FIGURE.sub(embedded, html)


def read_notebook(nb, name: str, figures: Path | None = None) -> NotebookPage:
    """The reviewer pages of an executed notebook (its charts from `figures`): title, lede, body per language."""
    appendix = bool(nb.metadata.get("analysis", {}).get("appendix"))
    page = NotebookPage(name, code_file=f"{name}.code.html", appendix=appendix)
    parts: dict[str, list[str]] = {lang: [] for lang in LANGS}
    counters = {lang: [0] for lang in LANGS}
    for cell in nb.cells:
        if CODE_ONLY in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "markdown":
            for lang in _cell_langs(cell):
                source = cell.source
                if lang not in page.title:
                    page.title[lang], page.lede[lang], source = _title_and_lede(source)
                if source:
                    parts[lang].append(_number_headings(_render_markdown(source), counters[lang]))
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                fragments = output.get("data", {}).get(PAGE_MIME)
                if fragments:
                    for lang in LANGS:
                        parts[lang].append(embed(fragments.get(lang, ""), figures))
    for lang in LANGS:
        page.title.setdefault(lang, name)
        page.lede.setdefault(lang, "")
        page.body[lang] = "\n".join(parts[lang])
    return page


def contents(html: str) -> list[tuple[str, str]]:
    """(id, text) of every h2 with an id in a page body: its contents list."""
    import html as html_module

    found = re.findall(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', html, re.S)
    return [(ident, html_module.unescape(_TAG.sub("", text)).strip()) for ident, text in found]


_exporter = None


def _code_exporter():
    """One exporter per process: the first export costs ~0.4 s, later ones ~0.03 s."""
    global _exporter
    if _exporter is None:
        from nbconvert import HTMLExporter

        _exporter = HTMLExporter(
            template_name="offline", extra_template_basedirs=[str(TEMPLATES)], embed_images=True
        )
        _exporter.language_code = "zh"  # browsers then draw Chinese with a Simplified Chinese face
    return _exporter


_PATH_VALUE = re.compile(r"^(?P<name>[A-Z_]+_DIR) = .*$", re.M)


def _without_machine_paths(nb):
    """A copy of nb whose injected parameters and printed warnings name no folder of the build machine."""
    import copy

    from ..source.paths import CHECKOUT_DATA, data_dir

    folders = ((f"{data_dir()}/", "data/"), (f"{CHECKOUT_DATA.parent}/", ""))  # data/raw/x.txt, src/...
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell.source = _PATH_VALUE.sub(
                lambda m: f"{m['name']} = 'figures/'  # the build's own folder, copied to figures/",
                cell.source,
            )
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                text = output["text"] if isinstance(output["text"], str) else "".join(output["text"])
                for folder, shown in folders:
                    text = text.replace(folder, shown)
                output["text"] = text
    return nb


def code_nav(page: NotebookPage, report_name: str = "", publisher: str = "") -> str:
    """The code page's header: the report (to the index), its publisher, the reviewer pages of both languages."""
    from html import escape

    from ..source.rules import LabelTable, rules_dir

    words = LabelTable(rules_dir(__file__) / "site.csv")
    index, zh, en = (escape(words.label("site", k, "zh")) for k in ("index", "review_zh", "review_en"))
    return (
        f'<nav class="site-nav" aria-label="{index}">'
        f'<a class="report" href="../index.html">{escape(report_name) or index}</a>'
        f'<span class="publisher">{escape(publisher)}</span><a href="{page.file("zh")}">{zh}</a>'
        f'<a class="switch" href="{page.file("en")}" lang="en" hreflang="en">{en}</a></nav>'
    )


def write_code_page(nb, page: NotebookPage, out_dir: Path, nav: str = "") -> Path:
    """reports/html/<name>.code.html: the notebook as it ran, with its code, offline, with the site's header."""
    title = page.title.get("zh") or page.name
    body, _ = _code_exporter().from_notebook_node(
        _without_machine_paths(nb), resources={"metadata": {"name": title}, "site_nav": nav}
    )
    path = out_dir / page.code_file
    path.write_text(body, encoding="utf-8")
    return path
