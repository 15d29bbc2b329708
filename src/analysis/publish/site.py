"""The reviewer pages in Chinese and English: the front page, one page per notebook, the annotated report.

    write_site(stage, notebook_pages, report_id, figures=...)   # reports/index.html, index.en.html, html/*.html

reports/index.html (Chinese, what a reviewer opens) and index.en.html tell
the story first: three or four finding sentences (stated figures and
standard ratios, each number linked to its row, each sentence to the
report's own), one main chart, the figure cards; then the pages, the
caveats and the files. html/<notebook>.html and .en.html are the notebook
pages, the story pages first and the appendix (sources, checks, hashes,
the column dictionary, formulas) after them; html/report.html and
report.en.html the whole report with every number marked. Every page has
the report's name, its publisher, the build date and version, a link to the
front page, previous and next, a contents list and a switch to the other
language; charts and tables have their downloads beside them. Every text
from the manifest or the tables is escaped (autoescaping templates;
fragments from analysis.present escape their own data).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import BuildError
from ..present.shown import LANGS
from ..source.rules import LabelTable, rules_dir
from .banner import NO_BANNER, Banner, banner
from .links import Site
from .offline import external_urls
from .pages import NotebookPage, contents, embed, reviewer_file

__all__ = [
    "DOWNLOADS",
    "REPORT_PAGE",
    "SiteInfo",
    "href",
    "publish_site",
    "reading_order",
    "story_first",
    "write_site",
]

TEMPLATES = Path(__file__).parent / "templates" / "reviewer"
WORDS = LabelTable(rules_dir(__file__) / "site.csv")
REPORT_PAGE = "report"
DOWNLOADS = (  # (file relative to reports/, key of its description in rules/site.csv)
    ("report_zh.pdf", "download_pdf_zh"),
    ("report_en.pdf", "download_pdf_en"),
    ("charts_zh.pptx", "download_deck_zh"),
    ("charts_en.pptx", "download_deck_en"),
    ("charts_zh_pictures.pptx", "download_pictures_zh"),
    ("charts_en_pictures.pptx", "download_pictures_en"),
    ("tables.xlsx", "download_workbook"),
)  # each table's CSV is beside the table, each chart's PNG and SVG beside the chart (folders do not list over HTTP)


@dataclass(frozen=True)
class SiteInfo:
    """What every page says about the report and the build, in one language."""

    report: str  # the document's name, as its publisher cites it (present.naming)
    title: str  # the title its text opens with, where known
    publisher: str
    built: str
    version: str
    # what the report's own checks say, the kind its text reads like and how far such rows were right
    reliability: Banner = NO_BANNER


def _info(report, lang: str) -> SiteInfo:
    from ..present.naming import document_headline, document_name

    zh = lang == "zh"
    publisher = (report.publisher if zh else report.publisher_en or report.publisher) or report.district or ""
    name = document_name(report, lang)
    reliability = banner(report)
    return SiteInfo(
        name, document_headline(report, lang) or name, publisher, _build_date(), _version(), reliability
    )


def _build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return time.strftime("%Y-%m-%d", time.gmtime(int(epoch)) if epoch else time.localtime())


@cache
def _version() -> str:
    """The project's version: from the checkout's pyproject.toml, else from the installed metadata."""
    import tomllib
    from importlib import metadata

    try:
        with open(Path(__file__).resolve().parents[3] / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        names = metadata.packages_distributions().get(__package__.split(".")[0], [])
        return metadata.version(names[0]) if names else "unknown"


@cache
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


@cache
def _css() -> str:
    from markupsafe import Markup

    return Markup((TEMPLATES / "site.css").read_text(encoding="utf-8"))


def _words(lang: str) -> dict[str, str]:
    return {r["key"]: r[lang] for r in WORDS.rows if r["group"] == "site"}


def story_first(pages: list[NotebookPage]) -> list[NotebookPage]:
    """The notebook pages in reading order: the story, then the appendix (each in name order)."""
    return sorted(pages, key=lambda p: (p.appendix, p.name))


def reading_order(pages: list[NotebookPage], lang: str) -> list[tuple[str, str]]:
    """(file relative to reports/html, title) of every reviewer page of one language, in reading order."""
    words = _words(lang)
    order = [("../index.html" if lang == "zh" else "../index.en.html", words["index"])]
    order += [(p.file(lang), p.title[lang]) for p in story_first(pages)]
    return [*order, (reviewer_file(REPORT_PAGE, lang), words["report_page"])]


def href(from_file: str, to: str) -> str:
    """A link from one page to another; both named relative to reports/html (the index as ../index.html)."""
    if not from_file.startswith("../"):
        return to
    return to.removeprefix("../") if to.startswith("../") else f"html/{to}"


def _render(lang: str, file: str, title: str, body: str, order, info: SiteInfo, **extra) -> str:
    from markupsafe import Markup

    files = [f for f, _ in order]
    at = files.index(file)
    other = "en" if lang == "zh" else "zh"
    neighbours = {  # the index has its own link: a page after it needs no "previous"
        "prev": {"href": href(file, order[at - 1][0]), "title": order[at - 1][1]} if at > 1 else None,
        "next": {"href": href(file, order[at + 1][0]), "title": order[at + 1][1]}
        if at + 1 < len(order)
        else None,
    }
    switch = file.replace(".en.html", ".html") if lang == "en" else file.replace(".html", f".{other}.html")
    nav = {"index": href(file, files[0]), "other": href(file, switch), **neighbours}
    return (
        _environment()
        .get_template("page.html.j2")
        .render(
            lang=lang,
            other_lang=other,
            title=title,
            lede=extra.get("lede", ""),
            toc=extra.get("toc") if extra.get("toc") is not None else contents(body),
            body=Markup(body),
            code_page=extra.get("code_page"),
            banner_in_body=extra.get("banner_in_body", False),
            site=info,
            nav=nav,
            w=_words(lang),
            css=_css(),
        )
    )


def _report_page(report, lang: str, order, info: SiteInfo) -> str:
    from markupsafe import Markup

    from ..present.annotated import annotated_report

    parts = annotated_report(report, lang)
    body = (
        _environment()
        .get_template("report_body.html.j2")
        .render(w=_words(lang), **{k: Markup(parts[k]) for k in ("legend", "text", "notes")})
    )
    toc = [(f"sec-{number}", heading) for number, heading in parts["sections"]]
    words = _words(lang)
    file = reviewer_file(REPORT_PAGE, lang)
    return _render(
        lang, file, words["report_page"], body, order, info, lede=words["report_page_lede"], toc=toc
    )


def _index_page(report, pages, lang: str, order, info: SiteInfo, downloads, summary: dict) -> str:
    from markupsafe import Markup

    from ..present.caveats import marked

    words = _words(lang)
    yoy = summary["previous_year"][
        lang
    ]  # 比上年 of each card's figure, where the district has an earlier report
    headlines = [
        {
            "label": h.label[lang],
            "values": [(Markup(v[lang]), anchor) for v, anchor in h.values],
            "changes": [Markup(yoy.get(fact, "")) for fact in h.facts],
            "quote": h.quote,
        }
        for h in summary["headlines"]
    ]
    notes = [Markup(f.html(lang)) for f in summary["mismatches"]]
    notes += [Markup(marked(c[lang])) for c in summary["caveats"]]
    notes += [Markup(marked(c[lang])) for c in summary["missing"]]
    listed = [
        {
            "href": f"html/{p.file(lang)}",
            "title": p.title[lang],
            "summary": p.lede[lang],
            "code": f"html/{p.code_file}",
            "appendix": p.appendix,
        }
        for p in story_first(pages)
    ]
    report_file = f"html/{reviewer_file(REPORT_PAGE, lang)}"
    listed.append(
        {"href": report_file, "title": words["report_page"], "summary": "", "code": None, "appendix": True}
    )
    body = (
        _environment()
        .get_template("index_body.html.j2")
        .render(
            lang=lang,
            w=words,
            findings=Markup(summary["findings"].pages[lang]),
            chart=Markup(summary["chart"][lang]),
            headlines=headlines,
            notes=notes,
            pages=listed,
            downloads=downloads,
            headline=info.title if info.title != info.report else "",
            publisher=info.publisher,
            site=info,  # the banner follows the title line here (reliability.html.j2)
        )
    )
    title = (
        f"{info.report}：{words['index_title']}" if lang == "zh" else f"{info.report}: {words['index_title']}"
    )
    return _render(
        lang, order[0][0], title, body, order, info, lede=words["index_lede"], toc=[], banner_in_body=True
    )


def _downloads(lang: str, with_pdfs: bool) -> list[tuple[str, str]]:
    """(href from reports/, description) of the files planners take away, those this build has."""
    words = _words(lang)
    return [(file, words[key]) for file, key in DOWNLOADS if with_pdfs or not file.endswith(".pdf")]


def _main_chart(report) -> dict[str, str]:
    """The front page's one chart (the report's wording names it, else the first of the deck), per language."""
    from .. import charts
    from ..present.display import main_chart

    return main_chart(report, charts.DECK_CHARTS[0])


def _for_page(html: str, file: str, figures: Path | None, report_id: str) -> str:
    """A page's charts embedded from the exported figures; its downloads made relative to where it lives
    (reports/<id>/ or reports/<id>/html/) and pointed into the report's own folders."""
    from ..present.shown import FILE_REF

    depth = "../../" if file.startswith("../") else "../../../"  # to the output folder
    html = embed(html, figures, report_id)
    for lang in LANGS:
        html = html.replace(
            f'href="{FILE_REF}figures/{lang}/', f'href="{FILE_REF}figures/{lang}/{report_id}/'
        )
    html = html.replace(f'href="{FILE_REF}reports/', f'href="{FILE_REF}reports/{report_id}/')
    return html.replace(f'href="{FILE_REF}', f'href="{depth}')


def write_site(
    stage: Path,
    pages: list[NotebookPage],
    report_id: str,
    *,
    with_pdfs: bool = True,
    figures: Path | None = None,
) -> dict:
    """Write the reviewer pages of both languages into `stage` (a reports/ folder); {lang: [files]}.

    `figures` is the folder the build exported the charts to (figures/, with zh/ and en/): the pages embed them.
    """
    from ..present import caveat_lines, findings, headline_rows
    from ..present.caveats import missing_lines
    from ..present.compare_cards import previous_year
    from ..present.highlights import mismatch_findings
    from ..source.reports import load_report

    report = load_report(report_id)
    summary = {  # the front page's data, for both languages
        "findings": findings("index", report),
        "chart": _main_chart(report) if figures is not None else dict.fromkeys(LANGS, ""),
        "headlines": headline_rows(report),
        "mismatches": mismatch_findings(report),
        "caveats": caveat_lines("index", report),
        "missing": missing_lines(report),
        "previous_year": {lang: previous_year(report.report_id, lang) for lang in LANGS},
    }
    written = {}
    for lang in LANGS:
        info, order = _info(report, lang), reading_order(pages, lang)
        html = {}
        for page in pages:
            html[page.file(lang)] = _render(
                lang, page.file(lang), page.title[lang], page.body[lang], order, info,
                lede=page.lede[lang], code_page=page.code_file,
            )  # fmt: skip
        html[order[-1][0]] = _report_page(report, lang, order, info)
        html[order[0][0]] = _index_page(
            report, pages, lang, order, info, _downloads(lang, with_pdfs), summary
        )
        site = Site({file: _for_page(html[file], file, figures, report_id) for file, _ in order})
        written[lang] = []
        for file, _ in order:
            text = site.resolve(file, prefix="html/" if file == order[0][0] else "")
            found = external_urls(text)
            if found:
                raise BuildError(f"reports/html/{file}: {len(found)} external URL(s), e.g. {found[0]}")
            path = Path(os.path.normpath(stage / "html" / file))
            path.write_text(text, encoding="utf-8")
            written[lang].append(path)
    return written


def publish_site(
    stage: Path,
    pages: list[NotebookPage],
    report_id: str,
    printer=False,
    figures: Path | None = None,
    sealed: Callable[[str, list[Path]], bool] | None = None,
) -> Callable[[], list[Path]]:
    """Write the reviewer pages of both languages into `stage` and start printing their PDFs.

    `printer` is a pdf.Printer the build started early (its browser launches while the notebooks
    run), None where there is none; by default one is started here. Returns the function that
    waits for the PDFs ([] where Chromium is missing): the build calls it after its other work, so
    that printing runs beside it. `sealed(lang, files)` takes the published PDF of those very
    pages over (library.reuse_pdf): that language is not printed.
    """
    from . import pdf

    if printer is False:
        printer = pdf.start_printer({report_id: stage}, LANGS)
    try:
        written = write_site(stage, pages, report_id, with_pdfs=printer is not None, figures=figures)
    except BaseException:
        if printer is not None:
            printer.wait_quietly()
        raise
    if printer is None:
        return list
    if sealed is not None:  # an empty list: the printer leaves that language of the report out
        written = {lang: [] if sealed(lang, files) else files for lang, files in written.items()}
    printer.print(written, _pdf_meta(report_id), key=report_id)
    return printer.wait


def _pdf_meta(report_id: str) -> dict[str, dict[str, str]]:
    """Each PDF's title (the report's name), subject (the bureau) and creator (this project)."""
    from ..source.reports import load_report

    report = load_report(report_id)
    out = {}
    for lang in LANGS:
        info, words = _info(report, lang), _words(lang)
        title = (
            f"{info.report}：{words['index_title']}"
            if lang == "zh"
            else f"{info.report}: {words['index_title']}"
        )
        out[lang] = {
            "title": title,
            "subject": info.publisher,
            "creator": f"wujin-land-analysis {info.version}",
        }
    return out
