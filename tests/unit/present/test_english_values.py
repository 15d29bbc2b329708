"""English pages read a figure in English: 1.33万亩 is 13,300 mu, 7765万元 CNY 77.65 million (look8's left items)."""

from __future__ import annotations

import pytest

from analysis import tables
from analysis.present.reader import reader_table
from analysis.tables.formats import english_reading, value_text

INDICATOR_COLUMNS = ["indicator_id", "name_zh", "name_en", "kind", "value_printed", "qualifier", "quote"]


@pytest.mark.parametrize(
    ("number", "unit", "qualifier", "read"),
    [
        (1.33, "万亩", None, "13,300 mu"),  # 1.33 x 10,000
        (7765, "万元", None, "CNY 77.65 million"),  # 77,650,000 元
        (386.5, "公顷", None, "386.5 ha"),  # its own unit, not 5,797.5 mu
        (17.4, "万平方米", None, "174,000 m²"),
        (498, "个", None, "498"),  # the row's name says what is counted
        (168, "份", None, "168"),
        (100, "条", "余", "more than 100"),  # 100余条
        (100, "%", None, "100%"),
        (-19, "%", None, "−19%"),
    ],
)
def test_a_printed_figure_reads_in_english(number, unit, qualifier, read):
    assert english_reading(number, unit, qualifier) == read


def _indicator_rows(ids: list[str]):
    frame = tables.indicators("wujin_2024")
    return frame[frame["indicator_id"].isin(ids)]


def test_the_english_indicators_table_has_a_value_in_english_beside_the_quote():
    rows = _indicator_rows(["wetland_protected_new", "safety_hazards_fixed"])
    html = reader_table(rows, INDICATOR_COLUMNS, "en")
    # 新增湿地保护面积1.33万亩: 13,300 mu, the printed figure its tooltip; 整改各类安全隐患100余条
    assert '<span class="label">Value</span>' in html and "As printed" not in html
    assert '<span class="nowrap" title="1.33万亩">13,300 mu</span>' in html  # one line, on paper too
    assert '<span class="nowrap" title="100余条">more than 100</span>' in html
    assert ">more than (余)<" in html  # the qualifier in English, the report's word beside it
    zh = reader_table(rows, INDICATOR_COLUMNS, "zh")
    assert "原文数值" in zh and ">1.33万亩<" in zh and "title=" not in zh and ">余<" in zh


def test_a_price_per_mu_reads_in_one_english_unit_in_sentences_tables_and_charts():
    """look8 left 'Price per mu (CNY 10,000 per mu)' 972.49 in the English tables and Wujin's price chart
    beside sentences and comparison pages saying CNY 9.72 million per mu: English reads CNY million."""
    from analysis import charts, derive, present

    # 152亿元 / 1563亩 = 972.49万元/亩 = CNY 9.72 million; 7亿元 / 1545亩 = 45.31万元/亩 = CNY 0.453 million
    sentence = "\n".join(present.finding_lines("land_transfers", lang="en"))
    assert "CNY 9.72 million per mu" in sentence and "CNY 0.453 million per mu" in sentence
    html = reader_table(derive.transfer_ratios(), None, "en")
    assert '<span class="label">Price per mu</span> (CNY million)' in html  # may break between its words
    assert 'data-label="Price per mu (CNY million)" class="num">9.72<' in html
    assert 'class="num">0.45<' in html and "972.49" not in html and "10,000" not in html
    ratios = reader_table(derive.key_ratios(), None, "en")
    assert '>9.72</td><td data-label="Unit">CNY million per mu<' in ratios
    zh = reader_table(derive.transfer_ratios(), None, "zh")
    assert '亩均出让价款</span><wbr><span class="nowrap">（万元/亩）</span>' in zh and ">972.49<" in zh
    spec = charts.chart_spec("price_per_mu", lang="en")
    assert spec.panels[0].axis.title == "Price per mu (CNY million)"
    assert spec.labels() == ["9.72", "7.62", "1.20", "0.45"]  # 761.69 and 119.78万元/亩 too
    assert charts.chart_spec("price_per_mu", lang="zh").labels()[0] == "972.49万元/亩"


def test_money_reads_in_one_english_unit_in_sentences_cards_tables_and_charts():
    """look12 left English tables saying 'Proceeds (CNY 100 million)' 203.75 beside sentences, cards and the
    comparison charts saying CNY 20.375 billion: one reading unit, CNY billion, every printed digit kept."""
    from analysis import derive, present
    from analysis.present.headlines import _with_unit
    from analysis.tables.formats import reading_decimals, reading_value, unit_label

    assert "CNY 20.375 billion" in "\n".join(present.finding_lines("land_transfers", lang="en"))
    html = reader_table(tables.land_transfers(), ["use_type", "revenue_yuan"], "en")
    assert 'data-label="Proceeds (CNY billion)" class="num">20.375<' in html  # 203.75亿元
    assert 'class="num">0.01859<' in html and 'class="num">15.2<' in html  # 1859万元, 152亿元
    assert "100 million" not in html and "203.75" not in html
    ratios = reader_table(derive.transfer_ratios(), None, "en")
    assert "Proceeds (CNY billion)" in ratios and "100 million" not in ratios
    assert unit_label("亿元", "en") == "CNY billion" and reading_value(43.6, "亿元", "en") == 4.36
    assert reading_decimals(2, "亿元", "en") == 3 and reading_decimals(2, "亿元", "zh") == 2  # 0.005: 0.0005
    assert reading_decimals(2, "万元/亩", "en") == 2 and reading_decimals(None, "亿元", "zh", 0.1859) is None
    assert reading_decimals(None, "亿元", "en", 0.1859) == 5  # 1859万元: 0.01859
    assert reading_decimals(None, "亿元", "en", 7.0) == 1  # 7亿元: 0.7
    assert _with_unit("revenue_yuan", {"revenue_yuan": 20375000000.0}, "en") == "CNY 20.375 billion"  # a card
    zh = reader_table(tables.land_transfers(), ["use_type", "revenue_yuan"], "zh")
    assert 'class="num">203.75<' in zh and "（亿元）" in zh and "billion" not in zh


def test_rounded_prices_give_the_multiple_the_sentence_states():
    """look8: 'CNY 9.72 million per mu, 21.46 times the industrial price (CNY 0.45 million per mu)', where
    9.72 / 0.45 = 21.6. Each English finding with a multiple and two prices agrees with itself."""
    import re

    from analysis import present

    checked = 0
    for page in ("index", "land_transfers"):
        for line in present.finding_lines(page, lang="en"):
            prices = [float(p) for p in re.findall(r"CNY ([\d.]+) million per mu", line)]
            times = re.search(r"([\d.]+) times", line)
            if times and len(prices) == 2:
                # 972.49 / 45.31 = 21.463; 9.72 / 0.453 = 21.457: both 21.46
                assert round(prices[0] / prices[1], 2) == float(times[1]), line
                checked += 1
    assert checked == 1
    assert value_text(45.31, "万元/亩", "en", 2) == "CNY 0.453 million per mu"
    assert value_text(45.31, "万元/亩", "en", 2, fixed=True) == "CNY 0.45 million per mu"  # in a column
    assert value_text(972.49, "万元/亩", "en", 2, fixed=True) == "CNY 9.72 million per mu"
    assert value_text(1385.42, "万元/亩", "en", 2) == "CNY 13.85 million per mu"


def test_an_english_header_has_a_space_before_its_unit():
    """look9: 'Share of parcels(%)' (the label and its unit joined by a <wbr> only, no space)."""
    from analysis.present.reader import _header_html

    assert _header_html("parcels_share_pct", "en") == (
        '<span class="label">Share of parcels</span> <span class="nowrap">(%)</span>'
    )
    assert _header_html("parcels_share_pct", "zh").endswith('</span><wbr><span class="nowrap">（%）</span>')
    # look10: '(CNY 100 million)' kept whole made the year-over-year table 1,131 px in 1,112 at 1366
    assert _header_html("revenue_yuan", "en") == '<span class="label">Proceeds</span> (CNY billion)'


def test_no_note_readers_see_names_a_field():
    """look9: the digit accounting said 'reference year of the land-use figures (land_use.reference_year)':
    a number exclusion's notes are read on the pages (both languages), so they say it in words."""
    import csv
    import re

    from tests.helpers import DATA, LIBRARY

    field = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\b[a-z_]+\.[a-z_]+\b")  # land_use.reference_year, area_mu
    found = []
    for registry in (DATA / "registry", LIBRARY / "registry"):
        for path in sorted(registry.glob("*/number_exclusions.csv")):
            with path.open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    found += [
                        (path.parent.name, m)
                        for n in ("note", "note_zh")
                        for m in field.findall(row.get(n) or "")
                    ]
    assert found == []


def test_a_label_in_brackets_takes_its_unit_inside_them():
    """look9: 'Share of state supply (area)(%)' on the English page (a label ending in brackets, then the unit's)."""
    from analysis.present.reader import _header_html, column_label

    assert column_label("state_supply_area_share_pct", "en") == "Share of state supply (area, %)"
    assert _header_html("state_supply_area_share_pct", "en") == (
        '<span class="label">Share of state supply (area, %)</span>'
    )
    assert column_label("state_supply_area_share_pct", "zh") == "占国有供地面积（%）"  # no bracket of its own
    assert column_label("area_mu", "en") == "Area (mu)"


def test_a_unit_hidden_inside_a_word_is_not_the_labels_own():
    """A header leaves out a unit its label already names (Price per mu); 'ha' inside 'Change' is not one: the
    land-use change column was headed 'Change in area', with no unit, beside 'Area (ha)'."""
    from analysis.present.reader import _header_html, column_label

    assert column_label("area_change_ha", "en") == "Change in area (ha)"
    assert _header_html("area_change_ha", "en") == (
        '<span class="label">Change in area</span> <span class="nowrap">(ha)</span>'
    )
    assert column_label("price_wan_yuan_per_mu", "en") == "Price per mu (CNY million)"


def test_a_phone_cards_number_label_takes_the_room_its_table_needs():
    """look13 (fixture library at 390 px): a card's label took 40 % of it whatever its length, so 280 number
    cells went over two lines: 'Proceeds (CNY billion) · 2023' beside '8.26', 平均每宗面积（亩/宗） beside
    '40.15'. A table of long labels and short numbers gives its labels more (52 % at most, every row alike);
    one whose numbers are long, or whose labels are short, keeps 40 % (no style at all)."""
    import re
    from pathlib import Path

    from analysis.present.table_html import html_table

    head = ["Use", "Parcels", "Proceeds (CNY billion) · 2023", "Price per mu (CNY million) · 2023", "Quote"]
    short = html_table(
        head, [["Industrial", "27", "0.7", "0.45", "a quote of the report, long"]], numeric=(1, 2, 3)
    )
    assert 'class="table-wrap cards" style="--number-label: 52%"' in short
    wide = html_table(
        head, [["Industrial", "27", "0.7", "−CNY 0.97 million per mu (−17.8%)", "q"]], numeric=(1, 2, 3)
    )
    assert re.search(r"--number-label: (\d+)%", wide) and int(re.search(r"(\d+)%", wide)[1]) < 50
    plain = html_table(
        ["名称", "宗数", "面积", "金额", "说明"], [["工业", "27", "1,545", "7", "x"]], numeric=(1, 2, 3)
    )
    assert "style=" not in plain and 'class="table-wrap cards"' in plain
    site = Path(__file__).parents[3] / "src/analysis/publish/templates/reviewer/site.css"
    assert (
        "td { display: grid; grid-template-columns: minmax(6rem, var(--number-label, 40%)) 1fr;"
        in site.read_text()
    )


def test_the_english_land_use_table_names_the_class_a_row_is_part_of_in_english():
    """lookall14: the English table's "Part of" column showed 农用地 (parent_class had no English twin).
    From the report: 耕地面积10190.56公顷 follows 农用地面积37701.38公顷, so 耕地 is part of 农用地."""
    land_use = tables.land_use()
    cultivated = land_use[land_use["item_id"] == "land_use.cultivated"].iloc[0]
    assert (cultivated["parent_class"], cultivated["parent_class_en"]) == ("农用地", "Agricultural land")
    en = reader_table(land_use, ["land_class", "parent_class", "area_ha"], "en")
    zh = reader_table(land_use, ["land_class", "parent_class", "area_ha"], "zh")
    assert '<td data-label="Part of" class="term">Agricultural land</td>' in en and "农用地</td>" not in en
    assert '<td data-label="所属地类" class="term">农用地</td>' in zh
