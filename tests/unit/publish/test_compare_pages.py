"""Which comparisons the library allows, and the comparison pages' tables (fast: no chart is drawn).

On the fixture library: 锡山区 2023 and 2024, 惠山区 2024 (no land use), 滨湖区 2024 (its 划拨 area
cannot be read). Every number links to its sentence in its report's annotated page.
"""

from __future__ import annotations

import re
from datetime import UTC

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
        # 1686.5 - 1520, 166.5 / 1520 = 11.0 %: each part whole, a break between them (a phone, look10)
        assert (
            '<span><span class="nowrap">+166.5亩</span><wbr><span class="nowrap">（+11.0%）</span></span>'
            in html
        )
        assert "+0.2个百分点" in html  # development intensity: +0.23 points, a share's one decimal
        assert '<a href="../../xishan_2023/index.html">2023年</a>' in html
    else:
        assert (
            '<span><span class="nowrap">+166.5 mu</span> <span class="nowrap">(+11.0%)</span></span>' in html
        )
        assert '<a href="../../xishan_2023/index.en.html">2023</a>' in html


def test_a_gap_on_the_districts_page_says_why_and_links_to_its_sentence(library):
    districts = comparisons(ALL)[1]
    zh = body_html(districts, "zh", {}, [])
    binhu = re.search(r'<a class="quote" href="\.\./\.\./binhu_2024/html/report\.html#q-(\d+)-(\d+)">— '
                      r'<small class="missing">原文数字未能读取</small></a>', zh)  # fmt: skip
    assert binhu and _text("binhu_2024", int(binhu[1]), int(binhu[2])) == "划拨供地16宗"
    # huishan: every land-use figure missing for one reason, said once in the row (look12: on a phone card it
    # stood under each of six dashes); its other five cells a dash
    huishan = re.search(r"<tr><th[^>]*><a[^>]*>惠山区</a>.*?</tr>", zh.split('id="group-land_use"')[1])
    assert huishan, zh.split('id="group-land_use"')[1][:600]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", huishan[0])
    assert cells == ['— <small class="missing">报告无土地利用数据</small>'] + ["—"] * 5
    assert "0%" not in re.findall(r"<td[^>]*>(.*?)</td>", zh)  # nothing missing is shown as a zero
    en = body_html(districts, "en", {}, [])
    assert "stated but could not be read" in en and "Huishan District" in en


def test_a_reports_own_tables_leave_out_the_other_districts(library):
    from analysis.publish.files import table_frames

    own = table_frames("xishan_2024")
    assert "districts_compared" not in own  # it holds 惠山区 and 滨湖区: only the comparisons have it
    assert set(own["years_compared"]["district"]) == {"锡山区"}  # its own district's years stay
    assert list(table_frames("all")["districts_compared"]["district"]) == ["锡山区", "惠山区", "滨湖区"]


def _decimals(cell: str) -> set[int]:
    """The decimal counts of the numbers in a cell's text (tags dropped)."""
    text = re.sub(r"<[^>]+>", "", cell).replace(",", "")
    return {
        len(m[1] or "") for m in re.finditer(r"\d+(?:\.(\d+))?", text) if not re.fullmatch(r"20\d\d", m[0])
    } or set()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_computed_figure_never_mixes_decimal_counts(library, lang):
    """One number style (issue 18): shares and intensity one decimal (62.0% beside 60.9%), prices two, changes
    in % and percentage points one; what a report states keeps its printed precision."""
    from analysis.derive.compared import FIGURES

    years, districts = comparisons(ALL)
    computed = {f.figure for f in FIGURES if f.ratio_id}
    from analysis.publish.compare_pages import figure_label

    labels = {figure_label(f, lang): f for f in computed}
    html = body_html(years, lang, {}, []) + body_html(districts, lang, {}, [])
    found: dict[str, set[int]] = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html):  # years: a figure per row
        head = re.search(r'<th scope="row">(.*?)</th>', row)
        if head and head[1] in labels:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
            for cell in cells[:-1]:  # the values of each year (the last cell is the change)
                found.setdefault(labels[head[1]], set()).update(_decimals(cell))
    for label, cell in re.findall(
        r'<td data-label="([^"]+)" class="num">(.*?)</td>', html
    ):  # districts: a column
        if label in labels and "missing" not in cell:
            found.setdefault(labels[label], set()).update(_decimals(cell))
    assert set(found) == computed
    for figure, counts in found.items():
        price = {2}  # 446.78万元/亩 is CNY 4.47 million per mu in English: a price rounded for reading
        assert counts == (price if figure == "price_wan_yuan_per_mu" else {1}), figure
    changes = re.findall(r'<td data-label="(?:比上年|Change)" class="num">(.*?)</td>', html)
    # in English a change of proceeds reads in CNY billion, one decimal more than 亿元 (−7.25亿元: −0.725)
    assert changes and all(_decimals(c) <= {1, 2, 0, 3 * (lang == "en")} for c in changes)
    for cell in changes:  # a share's change in points, a rate of change in %: one decimal each
        for number in re.findall(r"[+\u2212]?[\d,.]+(?=%|个百分点| percentage)", cell):
            assert _decimals(number) == {1}, cell


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_figures_label_names_no_unit_its_values_do_not_use(library, lang):
    """A unit is said once, in the cell or in the header: a header unit beside the cell's disagreed in English:
    'Transfer proceeds (CNY 100 million)' over 'CNY 7.535 billion', 'Price per mu (CNY 10,000 per mu)' over
    'CNY 4.4678 million per mu'. (The items table names its units over its columns: scope colgroup, look10.)"""
    years, districts = comparisons(ALL)
    html = body_html(years, lang, {}, []) + body_html(districts, lang, {}, [])
    heads = re.findall(r'<th scope="(?:row|col)"[^>]*>(.*?)</th>', html)
    proceeds = "出让金额" if lang == "zh" else "Transfer proceeds"
    assert proceeds in heads and not [h for h in heads if "亿元" in h or "100 million" in h or "10,000" in h]
    assert "CNY 7.535 billion" in html or lang == "zh"


def test_an_english_price_is_rounded_for_reading_and_as_printed_on_hover(library):
    """'CNY 4.4678 million per mu' (look7, 2026-12-06): 446.78万元/亩 reads CNY 4.47 million per mu, and the
    cell's tooltip gives the figure the tables print; the Chinese page has no tooltip to give."""
    years, districts = comparisons(ALL)
    en = body_html(years, "en", {}, []) + body_html(districts, "en", {}, [])
    # xishan 2024: 75.35亿元 / 1686.5亩 = 446.78万元/亩
    assert re.search(r'<a class="value" title="446.78万元/亩" href="[^"]+">CNY 4.47 million per mu</a>', en)
    assert "4.4678" not in en
    zh = body_html(years, "zh", {}, []) + body_html(districts, "zh", {}, [])
    assert "446.78万元/亩" in zh and "title=" not in zh


def test_a_missing_figures_reason_may_wrap_in_a_number_column():
    """'— no land-use figures in the report' in six nowrap number cells made the districts page 1,543 px wide."""
    from tests.helpers import ROOT

    css = (ROOT / "src/analysis/publish/templates/reviewer/site.css").read_text(encoding="utf-8")
    assert re.search(r"\.missing\s*\{[^}]*white-space:\s*normal", css)


def test_the_items_table_names_each_measures_unit_once_over_its_columns(library):
    """look9: 12 number cells each with its unit ('CNY 5.43 million per mu') wrapped the 13-column items table to
    three lines a row at 1366 px. A row holds four units, a column one: the unit sits once over each measure's
    two years and change; the cells are numbers, still linked, the English price with its printed figure on
    hover; a phone card's label names both (面积（亩） · 2023年)."""
    years = comparisons(ALL)[0]
    zh, en = (body_html(years, lang, {}, []) for lang in ("zh", "en"))
    items = {
        lang: re.search(r'id="items"[^>]*>(.*?)</table>', html)[1] for lang, html in (("zh", zh), ("en", en))
    }
    for unit in ("面积（亩）", "出让金（亿元）", "亩均出让价款（万元/亩）"):
        assert f'<th scope="colgroup" colspan="3">{unit}</th>' in items["zh"]
    assert '<th scope="colgroup" colspan="3">Price per mu (CNY million)</th>' in items["en"]
    assert '<th rowspan="2" scope="col">项目</th>' in items["zh"]
    cells = re.findall(r"<td [^>]*>(.*?)</td>", items["zh"] + items["en"])
    assert cells and not [c for c in cells if re.search(r"[亩宗元]|mu|CNY|parcel", re.sub(r"<[^>]+>", "", c))]
    # xishan 2024: 1686.5亩; 75.35亿元 / 1686.5亩 = 446.78万元/亩, CNY 4.47 million per mu in English
    assert re.search(
        r'data-label="面积（\u2060亩\u2060） · 2024年" class="num"><a class="value" href="[^"]+">1,686.5</a>',
        zh,
    )
    assert re.search(r'<a class="value" title="446.78万元/亩" href="[^"]+">4.47</a>', items["en"])
    # land use: the change's unit is its header's (变化（公顷）), as the surveys' are: 21502.3 - 21580.6 = -78.3,
    # with the surveys' one decimal (look14: −78.30 beside 21,580.6, and +95.10 where the main figures say +95.1)
    assert re.search(r'<td data-label="变化（[^"]+）" class="num">\u221278.3</td>', zh)
    land_use = re.search(r'id="land-use"[^>]*>(.*?)</table>', zh)[1]
    assert "公顷</a>" not in land_use and "−78.3公顷" not in land_use and ">+95.1<" in land_use


def test_a_phone_cards_label_never_breaks_inside_its_unit():
    """look9: on a 390 px phone a card's label broke '亩均出让价款（万元/' / '亩）': the label is CSS content
    (data-label), so a word joiner between the bracket's characters keeps （万元/亩） on one line."""
    from analysis.present.table_html import html_table

    html = html_table(["项目", "亩均出让价款（万元/亩）", "a", "b", "c"], [["x", "1", "2", "3", "4"]])
    assert 'data-label="亩均出让价款（\u2060万\u2060元\u2060/\u2060亩\u2060）"' in html
    assert '<th scope="col">亩均出让价款（万元/亩）</th>' in html  # the header itself is untouched
    assert 'data-label="a"' in html  # a label without a bracket is as it was


def test_the_years_figures_become_cards_on_a_phone(library):
    """look10, measured at 390 px: four columns each holding a figure with its unit (543.42万元/亩,
    −96.64万元/亩（−17.8%）) were 438 px in 350 even when allowed to wrap between parts: cards instead, each
    value beside its year (2023年) as on the wider tables."""
    years = comparisons(ALL)[0]
    zh = body_html(years, "zh", {}, [])
    assert '<div class="table-wrap cards" id="figures">' in zh
    assert re.search(r'<td data-label="2023年" class="num"><a class="value" href="[^"]+">38宗</a></td>', zh)


def test_the_comparisons_workbooks_readme_rows_are_as_high_as_their_wrapped_text(library, tmp_path):
    """look10 (LibreOffice, printed): the comparisons workbook's 说明 sheet had no row heights, so its wrapped
    English lines and the sha256 lines ran over the rows below; tables.xlsx's 说明 sets them (sheets.ReadmeCells)."""
    from datetime import datetime

    import openpyxl

    from analysis.publish.compare_office import write_workbook

    path = write_workbook(tmp_path / "comparisons.xlsx", comparisons(ALL), datetime(2026, 12, 6, tzinfo=UTC))
    sheet = openpyxl.load_workbook(path)["说明"]
    how = next(
        c for row in sheet.iter_rows(max_col=3) for c in row if str(c.value).startswith("Every figure")
    )
    assert sheet.row_dimensions[how.row].height >= 2 * 15  # two lines or more at 60 characters a line
    sha = [c for row in sheet.iter_rows(max_col=3) for c in row if str(c.value).startswith("sha256 ")]
    assert len(sha) == 4 and all(sheet.row_dimensions[c.row].height >= 2 * 15 for c in sha)
    assert sheet.column_dimensions["B"].width > 59 and sheet["A1"].value


def test_a_comparison_chart_shows_its_portrait_picture_on_a_phone(library):
    """look12: at 390 px the comparison pages showed the slide pictures (three panels side by side, their text
    about 5 px high); a phone is given the portrait picture, as the reports' pages give theirs."""
    years, _ = comparisons(ALL)
    slide, phone = b"slide-png", b"phone-png"
    html = body_html(years, "zh", {"yoy_price": (slide, "亩均出让价款", [("a.png", "PNG")], phone)}, [])
    figure = re.search(r'<figure class="chart">.*?</figure>', html, re.S)[0]
    assert '<source media="(max-width: 40rem)" srcset="data:image/png;base64,cGhvbmUtcG5n">' in figure
    assert '<img src="data:image/png;base64,c2xpZGUtcG5n" alt="亩均出让价款" width="1000">' in figure
    assert (
        figure.index("<picture>")
        < figure.index("<source")
        < figure.index("<img")
        < figure.index("</picture>")
    )
