"""The comparisons written as the build writes them: pages in both languages, charts, decks, workbook.

On the fixture library (four reports, three districts), as the run's build of it wrote them
(conftest.library_built, which test_library_build.py reads too): every comparison chart drawn in both
languages (PNG and SVG) and written natively into the decks.
"""

from __future__ import annotations

import re

import pytest

# on one worker with the other module that reads the library's build (tests/scheduling.py): the second
# never waits idle for the first to build it
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def written(library_built):
    """The library's build folder: its reports/compare/ and figures/<lang>/compare/ (publish.compare)."""
    return library_built[0]


def test_every_file_of_both_comparisons_is_written(written):
    compare = written / "reports" / "compare"
    pages = sorted(p.relative_to(written).as_posix() for p in compare.rglob("*") if p.is_file())
    assert pages == [
        "reports/compare/comparisons.xlsx",
        "reports/compare/comparisons_en.pptx",
        "reports/compare/comparisons_zh.pptx",
        "reports/compare/districts-2024/index.en.html",
        "reports/compare/districts-2024/index.html",
        "reports/compare/years-xishan/index.en.html",
        "reports/compare/years-xishan/index.html",
    ]
    charts = {p.name for p in (written / "figures" / "en" / "compare" / "districts-2024").iterdir()}
    assert charts == {
        f"districts_{n}.{x}" for n in ("supply", "channels", "land_use") for x in ("png", "svg")
    }


@pytest.mark.parametrize(("page", "lang"), [("years-xishan", "zh"), ("years-xishan", "en"),
                                            ("districts-2024", "zh"), ("districts-2024", "en")])  # fmt: skip
def test_each_page_is_offline_in_its_language_with_its_charts(written, page, lang):
    from analysis.publish.offline import external_urls

    name = "index.html" if lang == "zh" else "index.en.html"
    html = (written / "reports" / "compare" / page / name).read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in html and external_urls(html) == []
    assert html.count('<img src="data:image/png;base64,') == 3  # the three charts, embedded
    other = "index.en.html" if lang == "zh" else "index.html"
    assert f'href="{other}"' in html  # the switch to the other language
    assert ('href="../../index.html"' if lang == "zh" else 'href="../../index.en.html"') in html
    for figure in re.findall(r'href="\.\./\.\./\.\./(figures/[^"]+)"', html):
        assert (written / figure).is_file(), figure  # each chart's PNG and SVG beside it
    heading = {"zh": "主要数字", "en": "Main figures"}[lang]
    assert f">{heading}</h2>" in html


def test_the_decks_hold_every_comparison_chart_as_editable_charts(written):
    from pptx import Presentation

    for lang, title in (
        ("zh", "2024年各区县出让与划拨占比"),
        ("en", "Transfers and allocations by district, 2024"),
    ):
        deck = Presentation(str(written / "reports" / "compare" / f"comparisons_{lang}.pptx"))
        slides = list(deck.slides)
        assert len(slides) == 1 + 2 * (1 + 3)  # title, then each comparison: a divider and three charts
        titles = [s.shapes.title.text_frame.text.replace("\v", "") for s in slides if s.shapes.title]
        assert title in titles
        channels = slides[titles.index(title)]
        charts = [s for s in channels.shapes if s.has_chart] + [
            shape
            for group in channels.shapes
            if group.shape_type == 6
            for shape in group.shapes
            if shape.has_chart
        ]
        assert len(charts) == 2  # area and parcels shares, native
        texts = [shape.text_frame.text for group in channels.shapes if group.shape_type == 6
                 for shape in group.shapes if shape.has_text_frame]  # fmt: skip
        assert ("原文数字未能读取" if lang == "zh" else "stated but could not be read") in texts
        assert deck.core_properties.title


def test_the_workbook_has_chinese_sheets_and_leaves_gaps_empty(written):
    from openpyxl import load_workbook

    book = load_workbook(written / "reports" / "compare" / "comparisons.xlsx")
    assert book.sheetnames == [
        "说明",
        "历年对比·锡山区",
        "比上年·锡山区",
        "供地比上年·锡山区",
        "地类比上年·锡山区",
        "历年指标来源·锡山区",
        "区县对比·2024年",
        "区县指标来源·2024年",
    ]
    sheet = book["区县对比·2024年"]
    header = [c.value.replace("\n", "") for c in sheet[1]]  # a label broken before its unit (面积 / （亩）)
    names = [c.value for c in sheet[2]]
    assert "划拨面积（亩）" in header and "开发强度（%）" in header
    rows = {r[names.index("district")]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["滨湖区"][names.index("allocation_area_mu")] is None  # not read: empty, never 0
    assert rows["惠山区"][names.index("development_intensity_pct")] is None  # no land use
    assert rows["锡山区"][names.index("transfer_area_mu")] == 1686.5
    readme = "\n".join(str(c.value) for row in book["说明"].iter_rows() for c in row if c.value)
    assert "空格从不表示零" in readme and "never means zero" in readme
