"""比上年 on a report's cards, on the fixture library: 锡山区 2024 against 2023 (hand arithmetic)."""

from __future__ import annotations

import pytest

from analysis.present.compare_cards import card_key, previous_year

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def test_each_card_of_a_later_year_says_its_change(library):
    zh = previous_year("xishan_2024", "zh")
    # 42 - 38 = +4 宗, 4 / 38 = +10.5 %; 1686.5 - 1520 = +166.5 亩, +11.0 %; 75.35 - 82.6 = -7.25 亿元, -8.8 %
    assert zh["land_transfers/transfer.total/parcels"] == '<span class="yoy">比上年+4宗（+10.5%）</span>'
    assert zh["land_transfers/transfer.total/area_mu"] == '<span class="yoy">比上年+166.5亩（+11.0%）</span>'
    assert (
        zh["land_transfers/transfer.total/revenue_yuan"]
        == '<span class="yoy">比上年−7.25亿元（−8.8%）</span>'
    )
    # a share moves by percentage points: (17335.9 - 17240.8) / 40701.6 × 100 = +0.23
    assert zh["key_ratios/development_intensity/value"] == '<span class="yoy">比上年+0.23个百分点</span>'
    en = previous_year("xishan_2024", "en")
    assert (
        en["land_use/land_use.construction/area_ha"] == '<span class="yoy">vs 2023: +95.1 ha (+0.6%)</span>'
    )


def test_no_card_changes_without_an_earlier_report(library):
    assert previous_year("xishan_2023", "zh") == {}  # the earliest year
    assert previous_year("binhu_2024", "zh") == {}  # the only year of 滨湖区


def test_card_keys_name_facts_as_the_cards_do():
    assert card_key("transfer_area_mu") == "land_transfers/transfer.total/area_mu"
    assert card_key("development_intensity_pct") == "key_ratios/development_intensity/value"
