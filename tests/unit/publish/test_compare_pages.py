"""Which comparisons the library allows, and the comparison pages' tables (fast: no chart is drawn).

On the fixture library: 锡山区 2023 and 2024, 惠山区 2024 (no land use), 滨湖区 2024 (its 划拨 area
cannot be read). Every number links to its sentence in its report's annotated page.
"""

from __future__ import annotations

import re

import pytest

from analysis.publish.compare import comparisons
from analysis.publish.compare_pages import body_html

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
ALL = ["xishan_2023", "xishan_2024", "huishan_2024", "binhu_2024"]


def test_the_library_gives_one_years_and_one_districts_comparison(library):
    years, districts = comparisons(ALL)
    assert (years.key, years.kind, years.report_ids) == (
        "years-xishan",
        "years",
        ("xishan_2023", "xishan_2024"),
    )
    assert years.title == {"zh": "锡山区：2023—2024年对比", "en": "Xishan District: 2023 to 2024, compared"}
    assert years.href == {"zh": "compare/years-xishan/index.html", "en": "compare/years-xishan/index.en.html"}
    assert (districts.key, districts.report_ids) == (
        "districts-2024",
        ("xishan_2024", "huishan_2024", "binhu_2024"),
    )
    assert districts.title["zh"] == "2024年区县对比"


def test_only_the_reports_asked_for_are_compared(library):
    assert [c.key for c in comparisons(["xishan_2024", "binhu_2024"])] == ["districts-2024"]
    assert comparisons(["xishan_2023", "binhu_2024"]) == []  # other district and other year
    assert comparisons(["binhu_2024"]) == []


def _text(report: str, start: int, end: int) -> str:
    from tests.helpers import LIBRARY

    return (LIBRARY / "raw" / f"{report}.txt").read_text(encoding="utf-8")[start:end]


def _links(html: str) -> list[tuple[str, int, int, str]]:
    found = re.findall(r'href="\.\./\.\./(\w+)/html/report(?:\.en)?\.html#q-(\d+)-(\d+)">(.*?)</a>', html)
    return [(r, int(s), int(e), text) for r, s, e, text in found]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_number_of_the_years_page_links_to_its_sentence(library, lang):
    years = comparisons(ALL)[0]
    html = body_html(years, lang, {}, [])
    links = _links(html)
    assert len(links) >= 2 * 16  # every figure of both years (derived ones: the sentence of their numerator)
    for report, start, end, _ in links:
        assert _text(report, start, end)  # a real place in that report's text
    area = next(link for link in links if link[0] == "xishan_2024" and link[3].startswith("1,686.5"))
    assert "1686.5亩" in _text(*area[:3])
    if lang == "zh":
        assert "+166.5亩（+11.0%）" in html  # 1686.5 - 1520, 166.5 / 1520 = 11.0 %
        assert "+0.23个百分点" in html  # development intensity: a share's change in points
        assert '<a href="../../xishan_2023/index.html">2023年</a>' in html
    else:
        assert "+166.5 mu (+11.0%)" in html and '<a href="../../xishan_2023/index.en.html">2023</a>' in html


def test_a_gap_on_the_districts_page_says_why_and_links_to_its_sentence(library):
    districts = comparisons(ALL)[1]
    zh = body_html(districts, "zh", {}, [])
    binhu = re.search(r'<a class="quote" href="\.\./\.\./binhu_2024/html/report\.html#q-(\d+)-(\d+)">— '
                      r'<small class="missing">原文数字未能读取</small></a>', zh)  # fmt: skip
    assert binhu and _text("binhu_2024", int(binhu[1]), int(binhu[2])) == "划拨供地16宗"
    assert (
        zh.count('— <small class="missing">报告无土地利用数据</small>') == 6
    )  # huishan: every land-use figure
    assert "0%" not in re.findall(r"<td[^>]*>(.*?)</td>", zh)  # nothing missing is shown as a zero
    en = body_html(districts, "en", {}, [])
    assert "stated but could not be read" in en and "Huishan District" in en


def test_a_reports_own_tables_leave_out_the_other_districts(library):
    from analysis.publish.files import table_frames

    own = table_frames("xishan_2024")
    assert "districts_compared" not in own  # it holds 惠山区 and 滨湖区: only the comparisons have it
    assert set(own["years_compared"]["district"]) == {"锡山区"}  # its own district's years stay
    assert list(table_frames("all")["districts_compared"]["district"]) == ["锡山区", "惠山区", "滨湖区"]
