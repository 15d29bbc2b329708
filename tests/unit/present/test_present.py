"""What notebooks show: findings built from the data, readable tables, the checks of notebook 00."""

from __future__ import annotations

import pandas as pd

from analysis import present


def test_findings_fill_in_the_numbers_from_the_data():
    text = present.findings("land_transfers").data
    # 1563 / 3771.41 = 41.44 %; 152 / 203.69 = 74.62 %; 972.49 / 45.31 = 21.46
    assert "**41.4 %** of the area transferred and **74.6 %** of the proceeds" in text
    assert "**972.49 万元/亩**, **21.46 times** the industrial price (45.31 万元/亩)" in text
    # 761.69 / 972.49 = 78.3 %
    assert "**78.3 %** of the listed residential-commercial price" in text
    # the report's own mismatches, kept as printed
    assert "The stated total 3771.3亩 differs from the sum of its parts (3771.41亩) by -0.11亩" in text
    assert "金额1859万元: The sentence does not say whether" in text
    land = present.findings("land_use").data
    # 28032.9 / 88398.76 = 31.71 %; without 未利用地: 28032.9 / 65734.28 = 42.65 %
    assert "was **31.7 %**" in land and "it is **42.6 %**" in land


def test_a_sentence_whose_ratios_are_missing_is_left_out():
    from analysis.present.highlights import _filled

    assert _filled(["a {x:.1f}", "b {y:.1f}"], {"x": 1.0}) == ["a 1.0"]


def test_findings_in_chinese_quote_the_same_numbers():
    text = "\n".join(present.finding_lines("land_transfers", lang="zh"))
    # 1563 / 3771.41 = 41.44 %; 152 / 203.69 = 74.62 %; 972.49 / 45.31 = 21.46
    assert "占出让面积的**41.4%**，占出让金的**74.6%**" in text
    assert "**972.49万元/亩**，是工业用地（45.31万元/亩）的**21.46倍**" in text
    assert "报告所列合计3771.3亩与分项之和（3771.41亩）相差-0.11亩" in text
    land = "\n".join(present.finding_lines("land_use", lang="zh"))
    assert "为**31.7%**" in land and "滆湖、太湖" in land  # the report's own sentence names its lakes


def test_a_report_without_its_own_findings_gets_the_generic_ones(data_copy):
    (data_copy / "registry" / "wujin_2024" / "findings.csv").unlink()
    land = "\n".join(present.finding_lines("land_use"))
    # 28032.9 / 88398.76 = 31.71 %: the same number, without the sentence about Wujin's lakes
    assert "was **31.7 %**" in land and "滆湖" not in land and "rivers and lake water" in land
    transfers = "\n".join(present.finding_lines("land_transfers"))
    assert "**21.46 times** the industrial price per mu" in transfers  # 972.49 / 45.31


def test_tables_read_as_printed():
    frame = pd.DataFrame({"year": [2024], "area_mu": [572.41], "margin": [1.555], "revenue_yuan": [4.36e9]})
    html = present.table(frame).to_html()
    assert ">2024<" in html and ">572.41<" in html and ">1.555<" in html and ">4,360,000,000<" in html


def test_every_quote_checks_out_in_notebook_00():
    frame = present.provenance_check().data
    assert frame["all_exact"].all() and frame["rows"].sum() == 10 + 4 + 43 + 3 + 95


def test_units_are_given_exactly():
    frame = present.unit_table().data.set_index("unit")
    assert frame.loc["公顷", "size_in_mu"] == "15" and frame.loc["平方米", "size_in_mu"] == "3/2000"


def test_no_comparison_says_so_in_one_line():
    assert "nothing to compare yet" in present.year_over_year("land_transfers").data


def test_report_card_shows_the_hash_the_load_checked():
    card = present.report_card().data.set_index("field")["value"]
    assert card["sha256"] == "08b9f7d1cb694428bd704f25234fc9e1db3d7c3a80dc085c5cbaae4d86425251"
    assert card["year"] == "2024"
