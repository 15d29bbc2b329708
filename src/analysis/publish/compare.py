"""The library compared: what comparisons the manifest allows, and their pages, charts, decks and workbook.

    comparisons(["xishan_2023", "xishan_2024", "huishan_2024"])   # cheap: the manifest only, no pandas
    # [Comparison(key="years-xishan", kind="years", ...), Comparison(key="districts-2024", kind="districts", ...)]
    write_comparisons(stage, figures, report_ids)   # what the build calls, in a warm kernel

Two or more years of one district give `years-<district>`; two or more
districts in one year give `districts-<year>`. Under the build's reports/
folder (`stage`):

    compare/<key>/index.html, index.en.html      the comparison pages (compare_pages.py)
    compare/comparisons_zh.pptx, _en.pptx       every comparison chart, editable, one per 16:9 slide
    compare/comparisons.xlsx                    说明, then each comparison's tables (Chinese sheet names)

and under `figures`: <lang>/compare/<key>/<chart>.png and .svg. A
comparison whose chart cannot be drawn says so on its page and its slide is
left out; it never stops the others, nor any report's own pages.

NOTES
- A page's address depends on its district or year only (years-<slug of
  district_en>, districts-<year>), so it stays when reports are added.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..present.shown import LANGS
from ..source.levels import admin_level

__all__ = ["Comparison", "comparisons", "write_comparisons"]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SUFFIXES = re.compile(r"\s+(district|county|city)$", re.IGNORECASE)


@dataclass(frozen=True)
class Comparison:
    key: str  # years-xishan, districts-2024: its folder under compare/
    kind: str  # "years" or "districts"
    report_ids: tuple[str, ...]  # oldest first (years), manifest order (districts)
    title: dict[str, str]  # lang -> title
    href: dict[str, str]  # lang -> page, relative to reports/

    @property
    def charts(self) -> tuple[str, ...]:
        from ..charts import DISTRICT_CHARTS, YEAR_CHARTS

        return YEAR_CHARTS if self.kind == "years" else DISTRICT_CHARTS


def _slug(row: dict) -> str:
    english = _SUFFIXES.sub("", (row.get("district_en") or "").strip()).lower()
    slug = _NOT_SLUG.sub("-", english).strip("-")
    return slug or "d" + hashlib.sha1(row["district"].encode("utf-8")).hexdigest()[:8]


def _words(lang: str) -> dict[str, str]:
    from .compare_pages import words

    return words(lang)


def comparisons(report_ids: list[str]) -> list[Comparison]:
    """The comparisons the given manifest reports allow: years of a district, then districts of a year."""
    from ..source.reports import manifest

    rows = [r for r in manifest() if r["report_id"] in set(report_ids) and r.get("district")]
    out = []
    districts: dict[str, list[dict]] = {}
    for r in rows:
        districts.setdefault(r["district"], []).append(r)
    for group in districts.values():
        if len({r["year"] for r in group}) > 1:
            group = sorted(group, key=lambda r: int(r["year"]))
            first, last = group[0], group[-1]
            title = {
                lang: _words(lang)["years_title"].format(
                    district=(last.get("district_en") or last["district"])
                    if lang == "en"
                    else last["district"],
                    first=first["year"],
                    last=last["year"],
                )
                for lang in LANGS
            }
            out.append(_comparison(f"years-{_slug(last)}", "years", group, title))
    years: dict[tuple[str, str], list[dict]] = {}
    for r in rows:  # like with like: districts of one year and one level (admin_level)
        years.setdefault((r["year"], admin_level(r["district"])), []).append(r)
    for (year, level), group in sorted(years.items()):
        if len({r["district"] for r in group}) > 1:
            title = {lang: _words(lang)["districts_title"].format(year=year) for lang in LANGS}
            key = f"districts-{year}" if level == "county" else f"districts-{year}-{level}"
            out.append(_comparison(key, "districts", group, title))
    return out


def _comparison(key: str, kind: str, group: list[dict], title: dict[str, str]) -> Comparison:
    href = {"zh": f"compare/{key}/index.html", "en": f"compare/{key}/index.en.html"}
    return Comparison(key, kind, tuple(r["report_id"] for r in group), title, href)


def write_comparisons(stage: str, figures: str, report_ids: list[str]) -> None:
    """Every comparison of `report_ids`: pages under <stage>/compare/, charts under <figures>/<lang>/compare/,
    one deck per language and one workbook. Nothing is written when there is no comparison."""
    found = comparisons(list(report_ids))
    if not found:
        return
    stage_path, figures_path = Path(stage), Path(figures)
    built_at = datetime.now(UTC).replace(microsecond=0)
    specs: dict[tuple[str, str], list] = {}  # (key, lang) -> chart specs drawn
    for comparison in found:
        for lang in LANGS:
            specs[(comparison.key, lang)] = _write_page(comparison, lang, stage_path, figures_path)
    from .compare_office import write_deck, write_workbook

    for lang in LANGS:
        write_deck(stage_path / "compare" / f"comparisons_{lang}.pptx", found, specs, lang, built_at)
    write_workbook(stage_path / "compare" / "comparisons.xlsx", found, built_at)


def _write_page(comparison: Comparison, lang: str, stage: Path, figures: Path) -> list:
    """Draw the comparison's charts (saved under figures/), write its page; the specs drawn."""
    from ..charts import chart_spec
    from ..charts.draw import figure
    from ..charts.figures import png_bytes, save_figure
    from ..errors import AnalysisError
    from .compare_pages import body_html
    from .offline import external_urls

    report = comparison.report_ids[-1]
    pictures, specs, notes = {}, [], []
    subdir = f"compare/{comparison.key}"
    for name in comparison.charts:
        try:
            spec = chart_spec(name, report, lang)
        except AnalysisError as error:  # a chart the reports lack figures for: said on the page
            notes.append(_words(lang)["chart_left_out"].format(chart=name, why=str(error)))
            continue
        saved = save_figure(figure(spec, context="slide"), name, lang, figures, subdir=subdir)
        files = [(f"../../../figures/{lang}/{subdir}/{path.name}", path.suffix[1:].upper()) for path in saved]
        png = next(path for path in saved if path.suffix == ".png").read_bytes()  # drawn once, read back
        phone = png_bytes(figure(spec, context="phone", portrait=True))  # the slide was unreadable at 390 px
        pictures[name] = (png, spec.alt, files, phone)
        specs.append(spec)
        notes += [n for n in spec.notes if n not in notes]
    html = _page(comparison, lang, body_html(comparison, lang, pictures, notes))
    found = external_urls(html)
    if found:
        from ..errors import BuildError

        raise BuildError(f"reports/{comparison.href[lang]}: {len(found)} external URL(s), e.g. {found[0]}")
    path = stage / comparison.href[lang]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return specs


def _page(comparison: Comparison, lang: str, body: str) -> str:
    """The page in the site's template: header, language switch, link to the library's front page, footer."""
    from markupsafe import Markup

    from . import site
    from .pages import contents

    other = "en" if lang == "zh" else "zh"
    w = _words(lang)
    info = site.SiteInfo(
        w["site_name"], comparison.title[lang], w["publishers"], site._build_date(), site._version()
    )
    index = "../../index.html" if lang == "zh" else "../../index.en.html"
    nav = {"index": index, "other": Path(comparison.href[other]).name, "prev": None, "next": None}
    return (
        site._environment()
        .get_template("page.html.j2")
        .render(
            lang=lang,
            other_lang=other,
            title=comparison.title[lang],
            lede=w[f"{comparison.kind}_lede"],
            toc=contents(body),
            body=Markup(body),
            code_page=None,
            site=info,
            nav=nav,
            w=site._words(lang),
            css=site._css(),
        )
    )
