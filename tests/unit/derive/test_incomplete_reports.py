"""Derived tables of incomplete reports (issue 15): what cannot be computed is left out and said, never refused.

On main, key_ratios, transfer_ratios, supply_ratios and `tables` refused a report without a 出让
total, a 划拨 total or proceeds, naming land_transfers. Each text below is written for this test;
its expected values are worked out by hand beside it.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from analysis import derive
from analysis.cli import main
from analysis.errors import ExtractionWarning

# Supply total and 划拨 only: 划拨 20 of 120 parcels (16.67 %), 500 of 3000 亩 (16.67 %), 25 亩/宗;
# state supply 3000 / 120 = 25 亩/宗. No 出让 total: no transfer ratios.
NO_TRANSFER = "某区2024年工作总结\n全年供应国有建设用地120宗、面积3000亩，其中划拨供地20宗、面积500亩。\n"
# 出让 without proceeds: 工业 40 of 100 parcels and 1000 of 2500 亩 (40 %), 住宅 60 % and 60 %;
# 25 亩/宗 each and overall. No revenue shares, no prices; no 划拨: no channel shares.
NO_PROCEEDS = "某区2024年工作总结\n全年出让土地100宗、面积2500亩。其中工业用地40宗、面积1000亩，住宅用地60宗、面积1500亩。\n"
# A 出让 total with proceeds and no parts: 50亿元 / 2500亩 = 200 万元/亩; per m²
# 5e9 / (2500 × 10000/15) = 3000 元/平方米; 2500 / 100 = 25 亩/宗.
NO_PARTS = "某区2024年工作总结\n全年出让土地100宗、面积2500亩，出让金50亿元。\n"
# A part of 0亩: its shares are 0 %, its price divides by zero and is left out.
ZERO_AREA = (
    "某区2024年工作总结\n全年出让国有建设用地100宗、面积2500亩、出让金50亿元，其中工业用地40宗、面积1000亩、"
    "出让金10亿元，商业用地0宗、面积0亩、出让金0亿元，住宅用地60宗、面积1500亩、出让金40亿元。\n"
)


def _report(tmp_path, text: str, name: str) -> str:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _said(caught) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, ExtractionWarning)]


def _ratios(frame) -> dict[str, float]:
    return {r: pytest.approx(v) for r, v in zip(frame["ratio_id"], frame["value"], strict=True)}


def test_no_transfer_total(tmp_path):
    report = _report(tmp_path, NO_TRANSFER, "no_transfer")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        transfers = derive.transfer_ratios(report)
        supply = derive.supply_ratios(report).set_index("item_id")
        key = derive.key_ratios(report)
    assert transfers.empty
    assert list(supply.index) == ["allocation.total", "supply.total"]
    assert supply.loc["allocation.total", "state_supply_area_share_pct"] == pytest.approx(100 * 500 / 3000)
    assert supply.loc["allocation.total", "state_supply_parcels_share_pct"] == pytest.approx(100 * 20 / 120)
    assert supply.loc["supply.total", "avg_parcel_area_mu"] == pytest.approx(25)
    assert _ratios(key) == {
        "allocation_share.area": 100 * 500 / 3000,
        "allocation_share.parcels": 100 * 20 / 120,
        "avg_parcel_area.allocation": 25,
        "avg_parcel_area.state_supply": 25,
    }
    said = _said(caught)
    assert (
        "table transfer_ratios: report no_transfer: no transfer ratios: the report states no 出让 total"
        in " ".join(said)
    )


def test_no_proceeds(tmp_path):
    report = _report(tmp_path, NO_PROCEEDS, "no_proceeds")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        transfers = derive.transfer_ratios(report).set_index("item_id")
        supply = derive.supply_ratios(report).set_index("item_id")
        key = derive.key_ratios(report)
    assert transfers.loc["transfer.industrial", "parcels_share_pct"] == pytest.approx(40)
    assert transfers.loc["transfer.residential", "area_share_pct"] == pytest.approx(60)
    assert transfers.loc["transfer.total", "avg_parcel_area_mu"] == pytest.approx(25)
    assert transfers["price_wan_yuan_per_mu"].isna().all() and transfers["revenue_share_pct"].isna().all()
    assert list(supply.index) == ["transfer.total"]  # no 划拨, no supply total: no state row
    assert supply.loc["transfer.total", "avg_parcel_area_mu"] == pytest.approx(25)
    assert pd.isna(supply.loc["transfer.total", "state_supply_area_share_pct"])
    assert set(key["ratio_id"]) == {
        "parcels_share.industrial",
        "area_share.industrial",
        "parcels_share.residential",
        "area_share.residential",
        "avg_parcel_area.industrial",
        "avg_parcel_area.residential",
        "avg_parcel_area.overall",
    }
    said = " ".join(_said(caught))
    assert "revenue_share.industrial: the report gives no proceeds for transfer.industrial" in said
    assert "transfer_share.area: the report states no 划拨 total (allocation.total)" in said


def test_no_parts(tmp_path):
    report = _report(tmp_path, NO_PARTS, "no_parts")
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        transfers = derive.transfer_ratios(report)
        key = derive.key_ratios(report)
    assert list(transfers["item_id"]) == ["transfer.total"]
    assert _ratios(key) == {
        "price_per_mu.overall": 200,
        "price_per_m2.overall": 3000,
        "avg_parcel_area.overall": 25,
    }


def test_a_zero_to_divide_by_leaves_out_that_ratio_only(tmp_path):
    report = _report(tmp_path, ZERO_AREA, "zero_area")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        transfers = derive.transfer_ratios(report).set_index("item_id")
    assert transfers.loc["transfer.commercial", "area_share_pct"] == 0
    assert pd.isna(transfers.loc["transfer.commercial", "price_wan_yuan_per_mu"])
    # 住宅: 40亿元 / 1500亩 = 266.67 万元/亩
    assert transfers.loc["transfer.residential", "price_wan_yuan_per_mu"] == pytest.approx(4e9 / 1500 / 1e4)
    assert "price_per_mu.commercial: it would divide by 0亩" in " ".join(_said(caught))


@pytest.mark.parametrize("text", [NO_TRANSFER, NO_PROCEEDS, NO_PARTS, ZERO_AREA])
def test_tables_writes_every_table_of_an_incomplete_report(capsys, tmp_path, text):
    report = _report(tmp_path, text, "incomplete")
    status = main(["tables", "--report", report, "--out", str(tmp_path / "tables")])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert out.startswith("wrote 14 tables to") and "error:" not in err  # all but districts_compared
    for name in ("key_ratios", "transfer_ratios", "supply_ratios"):
        assert (tmp_path / "tables" / f"{name}.csv").is_file()
        assert main(["table", name, "--report", report]) == 0
    capsys.readouterr()


def test_a_withheld_row_is_no_input_of_a_derived_figure():
    """A row the trust step withholds (extract/trust.py) is not printed, so nothing derived from it is: the
    derivations read the printed rows of the frame they are given."""
    from analysis import land_transfers
    from analysis.derive.inputs import by_report

    frame = land_transfers("wujin_2024")
    marked = frame.assign(withheld=frame["item_id"] == "transfer.education")
    rows = by_report("land_transfers", marked, None)["wujin_2024"]
    assert len(rows) == 9 and "transfer.education" not in {r["item_id"] for r in rows}
    assert len(by_report("land_transfers", frame, None)["wujin_2024"]) == 10
