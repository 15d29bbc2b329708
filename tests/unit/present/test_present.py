"""What notebooks show: findings built from the data and linked to their rows, tables for readers, notebook 00."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import present, tables
from analysis.present.reader import column_label, number_text, reader_table

PAYLOAD = "<img src=x onerror=alert(1)>"


def test_findings_fill_in_the_numbers_from_the_data():
    text = "\n".join(present.finding_lines("land_transfers", lang="en"))
    # 1563 / 3771.41 = 41.44 %; 152 / 203.69 = 74.62 %; 972.49 / 45.31 = 21.46
    assert "was 41.4% of the area transferred and 74.6% of the proceeds" in text
    # 972.49万元/亩 is CNY 9,724,900 per mu; 45.31万元/亩 CNY 453,100: computed, rounded for reading
    # (look7, 2026-12-06: 'CNY 9.7249 million per mu', 'CNY 453,100 per mu')
    # (look9: three digits below a million, CNY 0.453, so that 9.72 / 0.453 = 21.46 as the multiple says)
    assert "CNY 9.72 million per mu, 21.46 times the industrial price (CNY 0.453 million per mu)" in text
    html = present.findings("land_transfers", lang="en").pages["en"]
    assert 'title="972.49万元/亩">CNY 9.72 million per mu</a>' in html  # the figure the tables print
    assert "title=" not in present.findings("land_transfers", lang="zh").pages["zh"]
    # 761.69 / 972.49 = 78.3 %, a reference figure, never a headline
    assert "78.3% of the listed residential-commercial price (reference)" in text
    # the report's own mismatches, kept as printed: 1545 + 1563 + 91 + 572.41 = 3771.41
    assert "The stated total of 3,771.3 mu is 0.11 mu less than the sum of its parts (3,771.41 mu)" in text
    # 203.75 - 203.69 = 0.06亿元: more or less in words, never a sign before the currency (look9: '+CNY 6 million')
    assert "The stated total of CNY 20.375 billion is CNY 6 million more than the sum of its parts" in text
    assert "by +" not in text and "by −" not in text
    land = "\n".join(present.finding_lines("land_use", lang="en"))
    # 28032.9 / 88398.76 = 31.71 %; without 未利用地: 28032.9 / 65734.28 = 42.65 %, a reference
    assert "was 31.7%" in land and "it is 42.6% (reference" in land


def test_the_front_page_tells_the_story_in_stated_figures_and_standard_ratios():
    zh = present.finding_lines("index", lang="zh")
    assert 3 <= len(zh) <= 4
    # 2024年完成国有用地出让56宗,面积3771.3亩,出让金额203.75亿元; 划拨供地49宗,面积3499亩
    assert zh[0] == "2024年出让国有建设用地56宗、3,771.3亩，出让金203.75亿元；另划拨供地3,499亩。"
    # 1563 / 3771.41 = 41.4 %; 152 / 203.69 = 74.6 %
    assert zh[1] == "住宅房地产及商业用地占出让面积的41.4%，却带来74.6%的出让金。"
    en = present.finding_lines("index", lang="en")
    assert "for CNY 20.375 billion" in en[0] and "亿元" not in "".join(en)
    html = present.findings("index", lang="zh").pages["zh"]
    assert '<a href="#row-land_transfers-transfer.total">3,771.3亩</a>' in html
    assert html.count('class="src"') == len(zh)  # every sentence links to the report's own sentence


def test_each_page_has_three_to_five_findings():
    for page in ("sources", "land_transfers", "land_use", "indicators"):
        assert 3 <= len(present.finding_lines(page)) <= 5, page


def test_each_number_of_a_finding_links_to_its_row():
    html = present.findings("land_transfers", lang="zh").pages["zh"]
    # 1563 / 3771.41 = 41.44 %: the row of key_ratios it is read from
    assert '<a href="#row-key_ratios-area_share.residential_commercial">41.4%</a>' in html
    assert '<a href="#row-reconciliation-transfer.total.area_mu">3,771.3亩</a>' in html
    assert "<strong>" in html and "**" not in html


def test_findings_in_chinese_quote_the_same_numbers():
    text = "\n".join(present.finding_lines("land_transfers", lang="zh"))
    assert "占出让面积的41.4%，占出让金的74.6%" in text
    assert "972.49万元/亩，是工业用地（45.31万元/亩）的21.46倍" in text
    assert "报告所列合计3,771.3亩比分项之和（3,771.41亩）少0.11亩" in text
    assert "报告所列合计203.75亿元比分项之和（203.69亿元）多0.06亿元" in text
    land = "\n".join(present.finding_lines("land_use", lang="zh"))
    assert "为31.7%" in land and "42.6%（参考" in land
    assert "滆湖" not in land and "太湖" not in land  # no statement the report does not make


def test_indicator_findings_are_a_selection_not_every_ratio():
    lines = present.finding_lines("indicators", lang="en")
    # 353 / 369 = 95.66 %; 80 / 88 = 90.91 %
    assert "listed major projects was 95.7%" in lines[0] and "90.9%" in lines[0]
    assert not any("211" in line for line in lines)  # 11608 / 5500 is no completion rate: never a finding


def test_a_report_without_its_own_findings_gets_the_generic_ones(data_copy):
    (data_copy / "registry" / "wujin_2024" / "findings.csv").unlink()
    land = "\n".join(present.finding_lines("land_use", lang="en"))
    # 28032.9 / 88398.76 = 31.71 %
    assert "was **31.7%**" not in land and "was 31.7%" in land
    transfers = "\n".join(present.finding_lines("land_transfers", lang="en"))
    assert "CNY 9.72 million per mu" in transfers  # 972.49万元/亩
    checks = present.finding_lines("indicators", lang="zh")  # computed standard checks with a denominator
    assert 2 <= len(checks) <= 5 and checks[0] == "重大项目用地保障率为95.7%。"  # 353 / 369


def test_numbers_read_as_printed_or_with_fixed_decimals_and_separators_in_both_languages():
    from analysis.tables.formats import number_text as style

    assert number_text(3771.3, None, "zh") == "3,771.3" and style(0.1859) == "0.1859"  # 1859万元 in 亿元
    assert style(91 / 15) == "6.07"  # a conversion: 2 decimals
    assert style(45.5, 2) == "45.50" and style(1545.0, 2) == "1,545" and style(100.0, 1) == "100"
    assert style(2024, year=True) == "2024" and style(8103.969, 0) == "8,104"
    assert style(28032.9, None, "en") == style(28032.9, None, "zh") == "28,032.9"
    assert style(-0.11) == "−0.11" and style(-0.001, 2) == "0.00"  # a true minus; none on what rounds to 0


def test_a_table_prints_a_negative_with_the_minus_its_sentences_use():
    """The reconciliation table printed '-0.11' (a hyphen) where the finding said '−0.11' (look7)."""
    frame = tables.reconcile()
    for lang, plus in (("zh", "+0.06"), ("en", "+0.006")):  # English reads 亿元 in CNY billion
        html = reader_table(frame, ["measure", "stated", "parts_sum", "difference"], lang)
        assert ">−0.11<" in html and "-0.11" not in html
        # and a difference that is positive has its plus, as the finding's '+0.06亿元' (look8): 203.75 − 203.69
        assert f">{plus}<" in html and ">+0<" not in html


def test_reader_tables_show_labels_units_and_ticks_never_field_names_or_ids():
    frame = tables.land_transfers()
    columns = ["item_id", "method", "use_type", "use_type_en", "is_total", "parcels", "revenue_yuan", "quote"]
    zh, en = (reader_table(frame, columns, lang) for lang in ("zh", "en"))
    assert column_label("revenue_yuan", "zh") == "出让金（亿元）" and "item_id" not in zh
    assert "transfer.total<" not in zh
    assert ">203.75<" in zh and ">0.1859<" in zh  # 203.75亿元 and 1859万元, in the report's 亿元
    assert "✓" in zh and "True" not in zh and "False" not in zh
    assert 'id="row-land_transfers-transfer.total"' in zh
    assert (
        '<a href="#q-1990-2029" class="quote">2024年完成国有用地出让56宗,面积3771.3亩,出让金额203.75亿元</a>'
        in zh
    )
    assert ">Industrial<" in en and column_label("area_mu", "en") == "Area (mu)"
    assert column_label("revenue_yuan", "en") == "Proceeds (CNY billion)"
    assert "Total (合计)" not in en


def test_a_derived_subtotal_is_never_labelled_as_the_reports_total():
    from analysis import derive

    zh = reader_table(derive.transfer_ratios(), ["item_id", "method", "use_type", "is_derived"], "zh")
    row = re.search(r'<tr id="row-transfer_ratios-transfer.listed"[^>]*>(.*?)</tr>', zh)[1]
    assert "挂牌小计" in row and "合计" not in row


def test_text_from_data_is_escaped_in_tables_and_sentences():
    frame = pd.DataFrame({"name_zh": [PAYLOAD], "sentence": [PAYLOAD * 3], "quote": [PAYLOAD]})
    shown = present.table(frame)
    for html in (*shown.pages.values(), shown.notebook):
        assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    rows = pd.DataFrame(
        {
            "sentence": [f"详见 http://example.com/x {PAYLOAD}"],
            "quote": ["x"],
            "quote_start": [0],
            "quote_end": [1],
        }
    )
    html = present.sentences(rows).pages["zh"]
    assert "<img" not in html and 'href="http' not in html  # a plain URL stays text


def test_every_quote_checks_out_in_notebook_00():
    html = present.provenance_check(lang="zh").pages["zh"]
    counts = re.findall(r'class="num">(\d+)</td><td data-label="[^"]+" class="num">(\d+)</td>', html)
    assert [a == b for a, b in counts] == [True] * 5
    assert sum(int(a) for a, _ in counts) == 10 + 4 + 43 + 3 + 95


def test_excluded_digits_are_marked_in_their_sentence_once():
    html = present.number_inventory(lang="zh").pages["zh"]
    # 2024年是新中国成立75周年: one line for the sentence, both digits marked
    assert "<mark>2024</mark>年是新中国成立<mark>75</mark>周年" in html
    assert html.count("年是新中国成立") == 1


def test_units_are_given_exactly():
    html = present.unit_table().notebook
    assert ">15<" in html and ">3/2000<" in html  # 1 公顷 = 15 亩; 1 平方米 = 3/2000 亩


def test_no_comparison_shows_nothing_on_the_pages():
    shown = present.year_over_year("land_transfers")
    assert shown.pages == {"zh": "", "en": ""} and "暂无可比较的数据" in shown.notebook


def test_report_card_shows_the_hash_the_load_checked():
    html = present.report_card(lang="zh").pages["zh"]
    assert "08b9f7d1cb694428bd704f25234fc9e1db3d7c3a80dc085c5cbaae4d86425251" in html
    assert ">2024<" in html and "✓" in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_annotated_report_marks_every_digit_and_every_quote(lang):
    from analysis.present.annotated import annotated_report

    parts = annotated_report(lang=lang)
    text = parts["text"]
    assert (
        parts["counts"] == {"fact": 68, "excluded": 27, "heading": 0, "unaccounted": 0}
        and parts["dropped"] == 0
    )
    # 原地、异地恢复耕地11608亩: the quote is an element, its digits link to the indicator's row
    assert (
        '<span class="q" id="q-1120-1135">原地、异地恢复耕地<a class="n fact" id="n-1129" href="#row-indicators-farmland_restored">11608</a>亩</span>'
        in text
    )
    assert text.count('class="n ') == 68 + 27


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("zh", "名称或编号：自然资源部文件编号（部104号文）"),
        ("en", "Part of a name or number (strategy, metro line, document): document number of the Ministry"),
    ],
)
def test_an_excluded_number_is_explained_in_the_pages_language(lang, note):
    """The Chinese page named an excluded number's reason only: the registry's note_zh was left out
    (2026-12-06), so a reviewer reading Chinese saw 名称或编号 and not which document."""
    from analysis.present.annotated import annotated_report

    assert note in annotated_report(lang=lang)["notes"]


def test_a_row_note_is_shown_in_the_pages_language_on_a_column_wide_enough_to_read():
    from analysis import derive

    frame = derive.supply_ratios()
    zh, en = (reader_table(frame, ["item_id", "method", "note_zh", "note_en"], lang) for lang in ("zh", "en"))
    assert "原文未说明“金额1859万元”" in zh and "The sentence does not say whether" not in zh
    assert (
        "The sentence does not say whether “金额1859万元” covers only the 4 parcels of entry by transfer"
        in en
    )
    assert "原文未说明" not in en and "entries (4宗)" not in en  # the count and the method in English (look7)
    assert re.search(r'<td data-label="说明" class="prose">原文未说明', zh)  # not one character wide


def test_an_amount_of_unclear_scope_is_named_in_the_pages_language():
    """The English front page's caveat opened with the report's Chinese (金额1859万元:): its figure in English."""
    from analysis.present.highlights import mismatch_findings

    (scope,) = [f for f in mismatch_findings("wujin_2024") if "note_en" in f.values]
    assert scope.text("zh").startswith("金额1859万元：原文未说明")
    assert scope.text("en").startswith("CNY 18.59 million: The sentence does not say whether")


def test_computed_values_side_by_side_in_a_sentence_share_their_decimals(library):
    """惠山区 2024's 划拨 finding read '面积的31.9%、宗数的38%' (look7, 2026-12-06): one sentence, two styles.
    Shares of one unit in a sentence keep their decimals, as a comparison's column does; a lone one does not."""
    from analysis import present

    # 划拨: 604 / (1288 + 604) = 31.92 % of the area; 19 / (31 + 19) = 38.0 % of the parcels
    zh = "\n".join(present.finding_lines("land_transfers", "huishan_2024", "zh"))
    assert "面积的31.9%、宗数的38.0%" in zh
    en = "\n".join(present.finding_lines("land_transfers", "huishan_2024", "en"))
    assert "31.9% of the state land supplied by area and 38.0% by parcels" in en


def test_what_a_report_lacks_is_said_in_plain_words_and_the_file_only_to_the_analyst(library):
    """The front page told bureau reviewers '未定义复核比率（checks.csv）' (look7, 2026-12-06): readers get
    plain words; `add` (the analyst's next steps) names the file."""
    from analysis.adding import curate_next
    from analysis.present.caveats import missing_lines
    from analysis.source.reports import load_report

    lines = missing_lines("huishan_2024")  # no checks.csv, no charts.csv
    said = [line[lang] for line in lines for lang in ("zh", "en")]
    assert "尚未为本报告设定复核比率，无比率与完成情况。" in said
    assert (
        "No reviewer's checks have been set for this report: no rates or achieved-against-target checks."
        in said
    )
    assert not [s for s in said if ".csv" in s]
    report = load_report("huishan_2024")
    steps = curate_next({"report_id": "huishan_2024", **{c: "x" for c in ("district", "district_en",
                         "title_en", "publisher", "publisher_en")}})  # fmt: skip
    assert f"{report.files.path('checks')}: no reviewer's checks have been set for this report" in "\n".join(
        steps
    )


def test_a_section_heading_has_an_english_gloss_on_the_english_page():
    """The English indicators page showed the report's headings in Chinese only ('(一)坚持规划赋能,…', look7):
    the report's wording.csv glosses each by hand (its zh is the heading as printed); the Chinese page is as
    before."""
    from analysis.source.reports import load_report

    frame = tables.indicators()
    en = present.by_section(frame, ["indicator_id"], "en").pages["en"]
    assert (
        '<h3><span lang="zh">(一)坚持规划赋能,助推区域协调优质发展</span> <span class="gloss" lang="en">'
        "Planning as the enabler of balanced, high-quality regional development</span></h3>"
    ) in en
    assert en.count('class="gloss"') == frame["section_no"].nunique() == 6
    zh = present.by_section(frame, ["indicator_id"], "zh").pages["zh"]
    assert "<h3>(一)坚持规划赋能,助推区域协调优质发展</h3>" in zh and "gloss" not in zh
    files = load_report().files
    for number, heading in frame[["section_no", "section"]].drop_duplicates().itertuples(index=False):
        assert files.text("section", str(number), "zh") == heading  # glossed is what the report prints


def test_without_its_own_gloss_a_heading_says_what_its_figures_are_about(library):
    """A report whose wording.csv glosses no heading: the section's topics, from the code labels."""
    frame = tables.indicators("xishan_2024")
    en = present.by_section(frame, ["indicator_id"], "en").pages["en"]
    glosses = re.findall(r'<span class="gloss" lang="en">(.*?)</span>', en)
    assert glosses == ["Figures on: Spatial planning"]  # 一、规划引领: its figures' topic, as labelled


def test_the_number_inventory_gives_each_reason_with_its_note_on_a_column_that_wraps():
    """look10: the English inventory's reasons ran on one line (nowrap), 899 px of a 1,112 px page, squeezing the
    excerpts to 130 px at 1366 (and the table to 1,005 px on a phone); reasons were joined by '；' in English;
    the Chinese one gave 日期或年份 without the registry's note_zh (which year)."""
    from analysis.present.checks import number_inventory

    zh, en = (number_inventory("wujin_2024", lang).pages[lang] for lang in ("zh", "en"))
    assert '<td data-label="去向及原因" class="prose">名称或编号：常州市“532”发展战略的名称</td>' in zh
    assert "日期或年份：获奖年份；日期或年份：案例征集年份" in zh
    assert "A year or date: award year; A year or date: case-collection year" in en and "；" not in en
    assert 'class="nowrap"' not in zh + en


def test_a_page_without_findings_says_so_in_words_not_markdown(library):
    """look10 (xishan_2024's PDF, page 03): 'What stands out' read '_Nothing to report._', markdown's
    underscores escaped onto the page."""
    zh, en = (present.findings("indicators", "xishan_2024", lang).pages[lang] for lang in ("zh", "en"))
    assert (zh, en) == ("<p>这部分没有可列出的要点。</p>", "<p>Nothing here stands out to list.</p>")


def test_an_empty_table_says_it_is_empty_instead_of_a_header_over_nothing(library):
    """look10 (xishan_2024's notebook 03): 'Rates and achieved against target' showed a header and no row."""
    from analysis import derive

    frame = derive.indicator_ratios("xishan_2024")
    assert frame.empty  # the fixture report gives no rates of its own
    html = reader_table(frame, ["name_zh", "value", "unit", "inputs"], "en")
    assert html == '<p class="empty">The report gives none of the figures this table needs: it is empty.</p>'


def _header_rows(page: str) -> list[list[str]]:
    """The header rows of a page's first table: each cell's text, with its row and column spans."""
    head = re.search(r"<thead>(.*?)</thead>", page)[1]
    return [
        [
            (re.sub(r"<[^>]+>", "", cell[1]), cell[0].strip())
            for cell in re.findall(r"<th([^>]*)>(.*?)</th>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", head)
    ]


def test_the_year_over_year_table_names_its_two_years_once_in_its_header(library, monkeypatch):
    """look10's leftover: notebook 01's table repeated 对比年份 2023 | 报告年份 2024 in every row and headed
    the earlier year's columns 对比宗数, 对比面积 (Earlier parcels). Each measure now stands over its two years,
    named plainly (2023年 | 2024年 | 变化), as the library's years table does; the rows name their channel, so
    出让's 合计 and 划拨's 合计 are no longer two rows called 合计."""
    from analysis import charts
    from analysis.errors import AnalysisError

    def no_chart(*args, **kwargs):  # the table alone: its chart is test_year_over_year's (12 renders)
        raise AnalysisError("not drawn here")

    monkeypatch.setattr(charts, "render_comparison", no_chart)
    zh = present.year_over_year("land_transfers", "xishan_2024", "zh").pages["zh"]
    span2, col3 = 'rowspan="2" scope="col"', 'scope="colgroup" colspan="3"'
    assert _header_rows(zh) == [
        [("供地渠道", span2), ("用途", span2), ("宗数", col3), ("面积（亩）", col3), ("出让金（亿元）", col3),
         ("亩均出让价款变化率（%）", 'rowspan="2" scope="col" class="num"')],
        [("2023年", 'scope="col" class="num"'), ("2024年", 'scope="col" class="num"'),
         ("变化", 'scope="col" class="num"')] + [("2023年", 'scope="col" class="num"'),
         ("2024年", 'scope="col" class="num"'), ("变化率（%）", 'scope="col" class="num"')] * 2,
    ]  # fmt: skip
    first = re.search(r'<tr id="row-transfer_changes-transfer.total"[^>]*>(.*?)</tr>', zh)[1]
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", first)]
    # xishan 2023 -> 2024: 38 -> 42 parcels, 1,520 -> 1,686.5 mu (+11.0 %), 82.6 -> 75.35 亿元 (-8.8 %)
    assert cells == ["国有建设用地出让", "合计", "38", "42", "+4", "1,520", "1,686.5", "+11.0", "82.6", "75.35",
                     "−8.8", "−17.8"]  # fmt: skip
    assert 'data-label="面积（⁠亩⁠） · 2023年"' in first  # a phone card names the measure and the year
    # a computed rate keeps its column's one decimal, as the comparison pages and cards print it: 划拨 1,150 ->
    # 1,035 mu is -10.0 %, not '−10' under '−4.9'; 工业's price 4.3亿/860亩 = 5.05亿/1,010亩 = 50万元/亩: 0.0
    allocation = re.search(r'<tr id="row-transfer_changes-allocation.total"[^>]*>(.*?)</tr>', zh)[1]
    assert [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", allocation)][7] == "−10.0"
    industrial = re.search(r'<tr id="row-transfer_changes-transfer.industrial"[^>]*>(.*?)</tr>', zh)[1]
    assert re.findall(r"<td[^>]*>(.*?)</td>", industrial)[-1] == "0.0"
    # the English page names the channel in English (the comparison frame carries no channel_en of its own)
    transfers_en = present.year_over_year("land_transfers", "xishan_2024", "en").pages["en"]
    first_en = re.search(r'<tr id="row-transfer_changes-transfer.total"[^>]*>(.*?)</tr>', transfers_en)[1]
    assert re.findall(r"<td[^>]*>(.*?)</td>", first_en)[:2] == ["State land transfer (出让)", "Total"]
    en = present.year_over_year("land_use", "xishan_2024", "en").pages["en"]
    assert _header_rows(en)[1] == [
        ("2022", 'scope="col" class="num"'),  # the data years the two land-use tables describe
        ("2023", 'scope="col" class="num"'),
        ("Change", 'scope="col" class="num"'),
        ("Change (%)", 'scope="col" class="num"'),
    ]
    assert "Earlier data year" not in en and "Earlier area" not in en
    # a phone card's labels: the measure and the year, or the change named whole (not 'Area (ha) · Change (%)')
    labels = re.findall(r'data-label="([^"]+)"', en.split("</tr>")[2])
    assert [label.replace("\u2060", "") for label in labels] == [
        "Land class", "Area (ha) · 2022", "Area (ha) · 2023", "Change in area (ha)", "Change in area (%)"
    ]  # fmt: skip
