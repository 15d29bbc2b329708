"""The library's front page: reports/index.html (Chinese) and index.en.html.

    write_front_page(stage, ["xishan_2023", "xishan_2024", ...])

One card per report, newest first: its name (a link to its own front page,
reports/<id>/index.html), district, year, title, publisher, its headline
figures (each a link to its card there), the kind its text reads like and how
far rows of that kind came out right (extract/text_kind.py), whether every
run of digits of its text is accounted for and every statement read into a
table, else how many are not, each with a link to them in its annotated
report. Then the comparisons the library allows (publish/compare.py).
Every text from data is escaped (autoescaping template; headline values are
fragments of analysis.present, which escape their own data).
"""

from __future__ import annotations

from pathlib import Path

from ..present.shown import LANGS
from .site import WORDS, SiteInfo, _build_date, _css, _environment, _version, _words

__all__ = ["report_cards", "write_front_page"]


def _library_words(lang: str) -> dict[str, str]:
    return {r["key"]: r[lang] for r in WORDS.rows if r["group"] == "library"}


def _capital(label: str) -> str:
    """A label opening a line: 'Work summary' (a kind's English name is written for the middle of a sentence)."""
    return label[:1].upper() + label[1:]


def report_cards(report_ids: list[str], lang: str) -> list[dict]:
    """What the front page says of each report, newest first (of one year, in manifest order)."""
    from markupsafe import Markup

    from ..extract.text_kind import kind_label, report_kind, told
    from ..present import headline_rows
    from ..present.naming import document_name
    from ..source.reports import load_report

    words = _library_words(lang)
    zh = lang == "zh"
    cards = []
    for order, report_id in enumerate(report_ids):
        report = load_report(report_id)
        kind = report_kind(report)
        headlines = [
            {
                "label": h.label[lang],
                "values": [Markup(v[lang]) for v, _anchor in h.values],
                "href": f"{report_id}/{'index.html' if zh else 'index.en.html'}#headline-{i}",
            }
            for i, h in enumerate(headline_rows(report), start=1)
        ]
        cards.append(
            {
                "order": (-(report.year or 0), order),
                "name": document_name(report, lang),
                "href": f"{report_id}/{'index.html' if zh else 'index.en.html'}",
                "district": (report.district if zh else report.district_en or report.district)
                or words["none"],
                "year": report.year or words["none"],
                "title": report.title if zh else report.title_en,
                "publisher": (report.publisher if zh else report.publisher_en or report.publisher)
                or words["none"],
                "kind": _capital(kind_label(kind, lang)),  # what its text reads like
                "measure": told(kind, lang, "card"),  # how far rows of that kind came out right
                "headlines": headlines,
                "read": _read(report, lang),
            }
        )
    return sorted(cards, key=lambda card: card["order"])


def _read(report, lang: str) -> list[tuple[str, str]]:
    """How fully the report was read, a line each, with the link to what was not (else ''): its digits (all
    accounted for, or how many are not: the first is marked red on the annotated report), its statements,
    and the rows read but withheld (present.withheld), where there are."""
    from .. import tables
    from ..present.notes import digits_said
    from ..present.reader import WORDING
    from ..present.withheld import unread_apart

    unread, withheld = (len(found) for found in unread_apart(report))
    words = _library_words(lang)
    page = f"{report.report_id}/html/{'report.html' if lang == 'zh' else 'report.en.html'}"
    numbers = tables.numbers(report)
    loose = numbers.loc[numbers["status"] == "unaccounted", "quote_start"]
    statements = (
        words["fully_read"]
        if not unread
        else words["not_read_one"]  # 1 statement, not 1 statement(s)
        if unread == 1
        else words["not_read"].format(n=unread)
    )
    held = WORDING.label("own_check", "withheld_one" if withheld == 1 else "withheld_some", lang)
    return [
        (_capital(digits_said(report, lang)), f"{page}#n-{int(loose.min())}" if len(loose) else ""),
        (statements, f"{page}#unread" if unread else ""),
    ] + ([(_capital(held.format(n=withheld)), f"{page}#unread")] if withheld else [])


def _comparisons(report_ids: list[str], lang: str) -> list[dict[str, str]]:
    from .compare import comparisons

    return [{"href": c.href[lang], "title": c.title[lang]} for c in comparisons(report_ids)]


def _publishers(report_ids: list[str], lang: str) -> str:
    """The bureaus whose reports the library holds, each once, as the footer's publisher."""
    from ..source.reports import load_report

    names = []
    for report_id in report_ids:
        report = load_report(report_id)
        name = (
            report.publisher if lang == "zh" else report.publisher_en or report.publisher
        ) or report.district
        if name and name not in names:
            names.append(name)
    return ("、" if lang == "zh" else "; ").join(names)


def write_front_page(stage: Path, report_ids: list[str]) -> list[Path]:
    """reports/index.html and index.en.html: the library of `report_ids`."""
    from markupsafe import Markup

    written = []
    for lang in LANGS:
        other = "en" if lang == "zh" else "zh"
        words, library = _words(lang), _library_words(lang)
        body = (
            _environment()
            .get_template("library_body.html.j2")
            .render(
                w=library, cards=report_cards(report_ids, lang), comparisons=_comparisons(report_ids, lang)
            )
        )
        file = "index.html" if lang == "zh" else "index.en.html"
        info = SiteInfo(
            library["title"], library["title"], _publishers(report_ids, lang), _build_date(), _version()
        )
        html = (
            _environment()
            .get_template("page.html.j2")
            .render(
                lang=lang,
                other_lang=other,
                title=library["title"],
                lede=library["lede"],
                toc=[],
                body=Markup(body),
                code_page=None,
                site=info,
                nav={
                    "index": file,
                    "other": "index.en.html" if lang == "zh" else "index.html",
                    "prev": None,
                    "next": None,
                },
                w=words,
                css=_css(),
            )
        )
        path = stage / file
        path.write_text(html, encoding="utf-8")
        written.append(path)
    return written
