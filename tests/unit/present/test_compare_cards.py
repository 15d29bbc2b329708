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
    # a share moves by percentage points: (17335.9 - 17240.8) / 40701.6 × 100 = +0.23, one decimal as shares
    assert zh["key_ratios/development_intensity/value"] == '<span class="yoy">比上年+0.2个百分点</span>'
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


def test_a_gap_of_years_is_never_called_the_year_before(tmp_path, monkeypatch):
    """锡山区 2022 and 2024 (no 2023): the card says 比2022年, the page's column too, never 比上年."""
    import hashlib
    import shutil

    from analysis.publish.compare import comparisons
    from analysis.publish.compare_pages import body_html
    from tests.helpers import LIBRARY, clear_caches

    data = tmp_path / "data"
    shutil.copytree(LIBRARY, data)
    older = {"2023": "2022", "2022": "2021"}  # the 2023 report moved a year back, its survey too

    def back(text: str) -> str:
        return text.replace("2022", "\0").replace("2023", "2022").replace("\0", "2021")

    text = back((data / "raw" / "xishan_2023.txt").read_text(encoding="utf-8"))
    (data / "raw" / "xishan_2022.txt").write_text(text, encoding="utf-8")
    (data / "raw" / "xishan_2023.txt").unlink()
    shutil.move(data / "registry" / "xishan_2023", data / "registry" / "xishan_2022")
    for name in ("indicators.csv", "number_exclusions.csv"):
        path = data / "registry" / "xishan_2022" / name
        path.write_text(back(path.read_text(encoding="utf-8")), encoding="utf-8")
    manifest = data / "raw" / "manifest.csv"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = manifest.read_text(encoding="utf-8").splitlines()
    row = next(line for line in lines if line.startswith("xishan_2023,"))
    fields = row.replace("xishan_2023", "xishan_2022").replace("2023", older["2023"]).split(",")
    fields[-1] = digest
    manifest.write_text(
        "\n".join([*(x for x in lines if x != row), ",".join(fields)]) + "\n", encoding="utf-8"
    )
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(data))
    clear_caches()
    try:
        zh = previous_year("xishan_2024", "zh")
        assert (
            zh["land_transfers/transfer.total/parcels"] == '<span class="yoy">比2022年+4宗（+10.5%）</span>'
        )
        years = next(c for c in comparisons(["xishan_2022", "xishan_2024"]) if c.kind == "years")
        html = body_html(years, "zh", {}, [])
        assert ">比2022年</th>" in html and "比上年" not in html
    finally:
        clear_caches()
