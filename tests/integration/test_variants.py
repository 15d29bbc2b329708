"""Variant reports under tests/fixtures/: other years, other bureaus' wording, other units.

Each fixture's expected tables are written down by hand from reading the
fixture (the sentence is quoted above its rows, the arithmetic is in the
comments), not from running the code. Same row format as test_tables.py.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import warnings

import pytest

from analysis import land_transfers, land_use, reconcile
from analysis.cli import main
from analysis.errors import AnalysisError, ExtractionError, ExtractionWarning, ReportError
from analysis.extract.text_kind import kind_of, told
from analysis.source.normalize import normalize
from tests.helpers import (
    FIXTURES,
    ROOT,
    none_if_missing,
    transfer_rows,
)

T, A, C = "国有建设用地出让", "划拨", "集体经营性建设用地入市"
CL = "集体经营性建设用地"

# --- wujin_2025: next year's report in the 2024 wording ------------------------------
# (三) 土地供应平稳有序,2025年完成国有用地出让49宗,面积3120.5亩,出让金额168.4亿元(国有工业用地挂牌25宗,
# 面积1380亩,出让金6.2亿元;国有住宅房地产及商业用地挂牌16宗,面积1205.5亩,出让金128亿元;教育用地挂牌3宗,
# 面积120亩,出让金1.5亿元;协议出让4宗安置房用地,面积415亩,出让金32.5亿元);划拨供地41宗,面积2876亩;
# 完成集体经营性建设用地租赁入市2宗、入股3宗,出让入市5宗,金额2460万元。
# Not taken: 恢复耕地2350亩, 耕地恢复任务3000亩, 报批完成新增建设用地1860亩, 林地审批512亩, 收回国有住宅用地7宗,516亩,
# 低效用地再开发3890亩, 批而未供3100亩, 2026年计划出让国有建设用地50宗、3000亩, 计划供应划拨用地40宗.
WUJIN_2025 = [
    ("transfer.total", T, "合计", "合计", True, 49, 3120.5, 168.4e8),
    ("transfer.industrial", T, "挂牌", "工业", False, 25, 1380, 6.2e8),
    ("transfer.residential_commercial", T, "挂牌", "住宅房地产及商业", False, 16, 1205.5, 128e8),
    ("transfer.education", T, "挂牌", "教育", False, 3, 120, 1.5e8),
    ("transfer.resettlement_housing", T, "协议出让", "安置房", False, 4, 415, 32.5e8),
    ("allocation.total", A, "合计", "合计", True, 41, 2876, None),
    ("collective.lease", C, "租赁入市", CL, False, 2, None, None),
    ("collective.equity", C, "入股", CL, False, 3, None, None),
    ("collective.collective_transfer", C, "出让入市", CL, False, 5, None, None),
    ("collective.amount_scope_unclear", C, "未说明", CL, False, None, None, 2460e4),  # 2460万元
]
# (五) 武进区2024年农用地面积37650.12公顷,其中耕地面积10210.3公顷,建设用地28101.45公顷,未利用地22647.19公顷。
WUJIN_2025_LAND_USE = [
    ("农用地", None, 37650.12),
    ("耕地", "农用地", 10210.3),
    ("建设用地", None, 28101.45),
    ("未利用地", None, 22647.19),
]
WUJIN_2025_RECONCILE = [
    # measure, stated, parts_sum, is_consistent, is_within_rounding (in the total's printed unit)
    ("parcels", 49, 48, False, False),  # 25 + 16 + 3 + 4 = 48 宗, stated 49: counts have no rounding
    ("area_mu", 3120.5, 3120.5, True, True),  # 1380 + 1205.5 + 120 + 415 = 3120.5 亩
    ("revenue_yuan", 168.4, 168.2, False, True),  # 6.2 + 128 + 1.5 + 32.5 = 168.2 亿元; 128亿 is ±0.5亿
]

# --- wujin_2024_other_wording: the 2024 facts as another bureau writes them -----------
# 二、2.土地市场平稳运行。全年以挂牌、协议方式出让国有建设用地面积3771.3亩、56宗，成交价款203.75亿元，
# 带动项目总投资560亿元。其中：协议出让安置房用地572.41亩、6宗，成交金额43.6亿元；挂牌出让教育用地91亩、2宗，
# 成交金额1.09亿元；挂牌出让工业用地1545亩、27宗，成交金额7亿元；挂牌出让住宅房地产及商业用地1563亩、21宗，
# 成交金额152亿元。以划拨方式供应国有建设用地3499亩、49宗。集体经营性建设用地入市9宗，其中租赁入市1宗、
# 入股4宗、出让入市4宗，土地出让收入1859万元。
# Not taken: 总投资560亿元 (investment), 收回国有住宅用地11宗、834亩, 2025年计划出让国有建设用地60宗、4000亩,
# 力争土地出让收入突破200亿元, 恢复耕地11608亩, 报批新增建设用地2085亩.
OTHER_WORDING = [
    ("transfer.total", T, "合计", "合计", True, 56, 3771.3, 203.75e8),
    ("transfer.resettlement_housing", T, "协议出让", "安置房", False, 6, 572.41, 43.6e8),
    ("transfer.education", T, "挂牌", "教育", False, 2, 91, 1.09e8),
    ("transfer.industrial", T, "挂牌", "工业", False, 27, 1545, 7e8),
    ("transfer.residential_commercial", T, "挂牌", "住宅房地产及商业", False, 21, 1563, 152e8),
    ("allocation.total", A, "合计", "合计", True, 49, 3499, None),
    ("collective.total", C, "合计", "合计", True, 9, None, None),  # this bureau states the 9 itself
    ("collective.lease", C, "租赁入市", CL, False, 1, None, None),
    ("collective.equity", C, "入股", CL, False, 4, None, None),
    ("collective.collective_transfer", C, "出让入市", CL, False, 4, None, None),
    ("collective.amount_scope_unclear", C, "未说明", CL, False, None, None, 1859e4),
]
# 三、完成2023年度国土变更调查，全区农用地面积37701.38公顷（其中耕地10190.56公顷）、建设用地28032.9公顷、
# 未利用地22664.48公顷。
LAND_USE_2023 = [
    ("农用地", None, 37701.38),
    ("耕地", "农用地", 10190.56),
    ("建设用地", None, 28032.9),
    ("未利用地", None, 22664.48),
]

# --- jintan_2024_mixed_units: 公顷, 亩 and 万亩; 亿元 and 万元 -----------------------
# 三、全年出让国有建设用地42宗，面积177.6公顷，出让收入49.55亿元（工业用地挂牌30宗，面积1860亩，出让金9850万元；
# 住宅用地挂牌8宗，面积0.06万亩，出让金41.2亿元；商业用地拍卖4宗，面积13.6公顷，出让金7.365亿元）；
# 划拨供地35宗，面积0.21万亩。
# Not taken: 报批新增建设用地126.5公顷, 农用地转用98.2公顷, 收回闲置土地3宗、12.5公顷, 盘活存量建设用地1560亩,
# 恢复耕地0.35万亩, 2025年计划供应国有建设用地200公顷, 争取土地出让收入50亿元.
MIXED_UNITS = [
    ("transfer.total", T, "合计", "合计", True, 42, 2664, 49.55e8),  # 177.6公顷 × 15 = 2664亩
    ("transfer.industrial", T, "挂牌", "工业", False, 30, 1860, 9850e4),  # 9850万元 = 98,500,000元
    ("transfer.residential", T, "挂牌", "住宅", False, 8, 600, 41.2e8),  # 0.06万亩 = 600亩
    ("transfer.commercial", T, "拍卖", "商业", False, 4, 204, 7.365e8),  # 13.6公顷 × 15 = 204亩
    ("allocation.total", A, "合计", "合计", True, 35, 2100, None),  # 0.21万亩 = 2100亩
]
# 一、金坛区2023年农用地面积65410.3公顷，其中耕地42.6万亩，建设用地1.83万公顷，未利用地13849.7公顷。
MIXED_UNITS_LAND_USE = [
    ("农用地", None, 65410.3),
    ("耕地", "农用地", 28400),  # 42.6万亩 = 426000亩 / 15 = 28400公顷
    ("建设用地", None, 18300),  # 1.83万公顷 = 18300公顷
    ("未利用地", None, 13849.7),
]
MIXED_UNITS_RECONCILE = [
    ("parcels", 42, 42, True, True),  # 30 + 8 + 4
    (
        "area_mu",
        177.6,
        177.6,
        True,
        True,
    ),  # in 公顷, the total's unit: 1860/15 + 600/15 + 13.6 = 124 + 40 + 13.6
    ("revenue_yuan", 49.55, 49.55, True, True),  # in 亿元: 0.985 + 41.2 + 7.365
]

# --- xinbei_2024_fullwidth: full-width digits and punctuation, thousands separators, more use types
# 二、２０２４年，全区完成国有建设用地出让６５宗，面积４，２１８．６亩，出让金额２８６．４５亿元，涉及项目总投资约５２０亿元
# （其中：工业用地挂牌３２宗，面积１，８０６．２亩，出让金１１．２８亿元；住宅用地挂牌１５宗，面积１，２１０亩，出让金２０５．６亿元；
# 商服用地挂牌９宗，面积４６８．４亩，出让金３９．７２亿元；商业用地拍卖３宗，面积１２３亩，出让金１８．６亿元；
# 其他用地协议出让６宗，面积６１１亩，出让金１１．２５亿元）；划拨供地５３宗，面积２，９４０．５亩。
# Not taken: 总投资约５２０亿元, 报批新增建设用地２，３５６亩, 农用地转用１，８４２亩, 收回…５宗，面积１２６．８亩,
# 恢复耕地３，１２０亩, 高标准农田１．５万亩, ２０２５年计划出让国有建设用地７０宗.
FULLWIDTH = [
    ("transfer.total", T, "合计", "合计", True, 65, 4218.6, 286.45e8),
    ("transfer.industrial", T, "挂牌", "工业", False, 32, 1806.2, 11.28e8),
    ("transfer.residential", T, "挂牌", "住宅", False, 15, 1210, 205.6e8),
    ("transfer.commercial_services", T, "挂牌", "商服", False, 9, 468.4, 39.72e8),
    ("transfer.commercial", T, "拍卖", "商业", False, 3, 123, 18.6e8),
    ("transfer.other", T, "协议出让", "其他", False, 6, 611, 11.25e8),
    ("allocation.total", A, "合计", "合计", True, 53, 2940.5, None),
]
# 四、新北区２０２３年农用地面积２０，８１２．４６公顷，其中耕地面积９，６３５．２１公顷，建设用地２１，３０６．０８公顷，
# 未利用地１，７２５．１８公顷。
FULLWIDTH_LAND_USE = [
    ("农用地", None, 20812.46),
    ("耕地", "农用地", 9635.21),
    ("建设用地", None, 21306.08),
    ("未利用地", None, 1725.18),
]

# --- zhonglou_2024_no_land_use: no land-use paragraph; 其中-list with ； ------------------
# 2.土地供应 2024年，全区出让国有建设用地18宗，面积612.5亩，成交价款96.8亿元，其中工业用地7宗，面积205.5亩，
# 成交价款2.3亿元；住宅用地6宗，面积286亩，成交价款78.5亿元；商业用地5宗，面积121亩，成交价款16亿元。
# 以划拨方式供应国有建设用地22宗，面积468亩。
# Not taken: 收回闲置土地2宗、36亩, 低效用地再开发560亩, 2025年计划出让国有建设用地20宗、700亩, 力争成交价款100亿元.
NO_LAND_USE = [
    ("transfer.total", T, "合计", "合计", True, 18, 612.5, 96.8e8),
    ("transfer.industrial", T, "未说明", "工业", False, 7, 205.5, 2.3e8),  # the text names no method
    ("transfer.residential", T, "未说明", "住宅", False, 6, 286, 78.5e8),
    ("transfer.commercial", T, "未说明", "商业", False, 5, 121, 16e8),
    ("allocation.total", A, "合计", "合计", True, 22, 468, None),
]

VARIANTS = {
    "wujin_2025.txt": (WUJIN_2025, WUJIN_2025_LAND_USE, 2024),
    "wujin_2024_other_wording.txt": (OTHER_WORDING, LAND_USE_2023, 2023),
    "jintan_2024_mixed_units.txt": (MIXED_UNITS, MIXED_UNITS_LAND_USE, 2023),
    "xinbei_2024_fullwidth.txt": (FULLWIDTH, FULLWIDTH_LAND_USE, 2023),
    "zhonglou_2024_no_land_use.txt": (NO_LAND_USE, [], None),
}


def _quiet(function, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExtractionWarning)
        return function(path)


@pytest.mark.parametrize("name", list(VARIANTS))
def test_land_transfers_of_each_variant(name):
    expected, _, _ = VARIANTS[name]
    assert transfer_rows(_quiet(land_transfers, FIXTURES / name)) == [tuple(r) for r in expected]


@pytest.mark.parametrize("name", list(VARIANTS))
def test_land_use_of_each_variant(name):
    _, expected, reference_year = VARIANTS[name]
    frame = _quiet(land_use, FIXTURES / name)
    assert [
        (r.land_class, none_if_missing(r.parent_class), r.area_ha) for r in frame.itertuples()
    ] == expected
    if expected:
        assert set(frame["reference_year"]) == {reference_year}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_every_row_quotes_its_raw_fixture_text(name):
    raw = (FIXTURES / name).read_text(encoding="utf-8")
    for function in (land_transfers, land_use):
        for row in _quiet(function, FIXTURES / name).itertuples():
            assert raw[row.quote_start : row.quote_end] == row.quote
            assert row.quote in row.sentence
            for printed in ("parcels_printed", "area_printed", "revenue_printed"):
                value = getattr(row, printed, None)
                assert none_if_missing(value) is None or value in row.quote


def test_full_width_quotes_stay_full_width():
    frame = land_transfers(FIXTURES / "xinbei_2024_fullwidth.txt").set_index("item_id")
    assert frame.loc["transfer.total", "area_printed"] == "４，２１８．６亩"
    assert (
        frame.loc["transfer.commercial_services", "quote"]
        == "商服用地挂牌９宗，面积４６８．４亩，出让金３９．７２亿元"
    )
    assert frame.loc["transfer.commercial_services", "use_type_en"] == "Commercial & services"
    assert frame.loc["transfer.other", "use_type_en"] == "Other"


def test_quotes_start_at_their_clause_not_inside_a_list():
    frame = land_transfers(FIXTURES / "wujin_2024_other_wording.txt").set_index("item_id")
    # 以挂牌、协议方式: the 、 inside the clause does not cut the quote
    assert frame.loc["transfer.total", "quote"] == (
        "全年以挂牌、协议方式出让国有建设用地面积3771.3亩、56宗，成交价款203.75亿元"
    )
    assert frame.loc["collective.lease", "quote"] == "租赁入市1宗"  # without the 其中
    assert frame.loc["allocation.total", "quote"] == "以划拨方式供应国有建设用地3499亩、49宗"


def test_parts_in_the_next_sentence_belong_to_the_total():
    frame = land_transfers(FIXTURES / "wujin_2024_other_wording.txt").set_index("item_id")
    parts = frame[frame["parent_item_id"] == "transfer.total"].index.tolist()
    assert parts == [r[0] for r in OTHER_WORDING[1:5]]
    collective = frame[frame["parent_item_id"] == "collective.total"].index.tolist()
    assert collective == ["collective.lease", "collective.equity", "collective.collective_transfer"]
    # 1859万元 may cover the 4 出让入市 parcels or all 9: the note says so, nothing is guessed
    assert "全部9宗" in frame.loc["collective.amount_scope_unclear", "note_zh"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("wujin_2025.txt", WUJIN_2025_RECONCILE), ("jintan_2024_mixed_units.txt", MIXED_UNITS_RECONCILE)],
)
def test_reconcile_keeps_the_texts_totals(name, expected):
    frame = reconcile(FIXTURES / name)
    found = [
        (r.measure, r.stated, r.parts_sum, r.is_consistent, r.is_within_rounding) for r in frame.itertuples()
    ]
    assert [f[0] for f in found] == [e[0] for e in expected]
    for (measure, stated, parts, consistent, within), row in zip(expected, found, strict=True):
        assert row[1] == pytest.approx(stated) and row[2] == pytest.approx(parts), measure
        assert row[3:] == (consistent, within), measure


def test_the_2025_parcels_mismatch_is_reported_not_fixed():
    frame = reconcile(FIXTURES / "wujin_2025.txt").set_index("measure")
    assert frame.loc["parcels", "difference"] == 1  # 49 stated - 48 summed
    assert land_transfers(FIXTURES / "wujin_2025.txt").loc[0, "parcels"] == 49


def test_other_wording_gives_the_2024_numbers():
    """The same facts in other words: the same numbers by item, whatever the order."""
    from tests.unit.tables.test_tables import TRANSFERS

    mine = {r[0]: r[5:] for r in OTHER_WORDING}
    assert {r[0]: tuple(r[5:]) for r in TRANSFERS} == {
        k: v for k, v in mine.items() if k != "collective.total"
    }


def test_a_report_without_land_use_warns_naming_what_is_missing(tmp_path):
    path = tmp_path / "zhonglou_2024_no_land_use.txt"  # a fresh path: no cached table, so the warning shows
    path.write_bytes((FIXTURES / path.name).read_bytes())
    with pytest.warns(ExtractionWarning, match=r"zhonglou_2024_no_land_use\.txt: no land-use statement"):
        frame = land_use(path)
    assert frame.empty and list(frame.columns)[:3] == ["report_id", "district", "year"]


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("junk_empty.txt", ReportError, "junk_empty.txt: the file is empty"),
        ("junk_binary.txt", ReportError, "junk_binary.txt: byte 8: expected UTF-8 text, found binary data"),
    ],
)
def test_junk_is_refused_with_one_clear_error(name, error, message):
    for function in (land_transfers, land_use):
        with pytest.raises(error, match=message.replace(".", r"\.")) as caught:
            function(FIXTURES / name)
        assert "\n" not in str(caught.value)


def test_a_text_without_land_figures_gives_empty_tables_and_a_warning(tmp_path):
    """Issue 17: no land figures is no unreadable input: empty tables, one warning; --strict refuses."""
    from analysis.extract.extraction import strict_check
    from analysis.source.reports import load_report

    path = tmp_path / "junk_no_figures.txt"  # fresh: no cached table
    path.write_bytes((FIXTURES / path.name).read_bytes())
    with pytest.warns(ExtractionWarning, match="no land-supply statement"):
        assert land_transfers(path).empty and land_use(path).empty
    with pytest.raises(ExtractionError, match=r"junk_no_figures\.txt: no land figures found"):
        strict_check(load_report(path))


def test_two_candidate_totals_are_both_kept_each_naming_the_other(tmp_path):
    """Issue 17: two totals that really disagree are both rows, flagged, never summed; --strict refuses."""
    from analysis.extract.extraction import strict_check
    from analysis.source.reports import load_report

    path = tmp_path / "two_totals.txt"
    path.write_bytes((FIXTURES / path.name).read_bytes())
    with pytest.warns(ExtractionWarning) as caught:
        frame = land_transfers(path)
    message = next(str(w.message) for w in caught if "candidate totals" in str(w.message))
    assert "ambiguous: 2 candidate totals for 国有建设用地出让" in message
    assert "two_totals.txt:3:7 “全区完成国有建设用地出让30宗，面积1200亩，出让金额45亿元”" in message
    assert "two_totals.txt:5:1 “全年共出让国有土地32宗，面积1260亩，成交价款47亿元”" in message
    totals = frame[frame["channel"] == T].set_index("item_id")
    assert totals.loc["transfer.total", ["parcels", "conflict"]].tolist() == [30, "transfer.total.2"]
    assert totals.loc["transfer.total.2", ["parcels", "conflict"]].tolist() == [32, "transfer.total"]
    checked = reconcile(path)
    conflict = checked[checked["part_statement"] == "conflict"].set_index("measure")
    assert conflict.loc["parcels", ["stated", "parts_sum"]].tolist() == [30, 32]  # set against, never summed
    assert not checked["part_item_ids"].str.contains("transfer.total.2; ").any()
    with pytest.raises(ExtractionError, match="ambiguous: 2 candidate totals for 国有建设用地出让"):
        strict_check(load_report(path))


# --- the command line, in process (fast) and as a real subprocess (slow) -----------------


def test_cli_in_process_for_every_variant(capsys, tmp_path):
    for name, (expected, land, _) in VARIANTS.items():
        path = tmp_path / name  # a fresh path: tables cached by other tests would not warn again
        path.write_bytes((FIXTURES / name).read_bytes())
        assert main(["table", "land_transfers", "--report", str(path)]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert [r["item_id"] for r in rows] == [e[0] for e in expected], name
        assert main(["table", "land_use", "--report", str(path)]) == 0
        out, err = capsys.readouterr()
        assert len(out.splitlines()) == 1 + len(land), name
        assert ("no land-use statement" in err) == (not land), name


CLI_CASES = [
    ("wujin_2025.txt", "land_transfers", 0, "", "transfer.total,,国有建设用地出让"),
    ("wujin_2024_other_wording.txt", "land_transfers", 0, "", "collective.total,,集体经营性建设用地入市"),
    (
        "jintan_2024_mixed_units.txt",
        "land_use",
        0,
        "",
        "耕地,Cultivated land,农用地,Agricultural land,2023,28400.0",
    ),
    ("xinbei_2024_fullwidth.txt", "land_transfers", 0, "", "transfer.commercial_services"),
    ("zhonglou_2024_no_land_use.txt", "land_use", 0, "warning: ", "report_id,district,year"),
    ("junk_empty.txt", "land_transfers", 2, "error: ", ""),
    ("junk_binary.txt", "land_use", 2, "error: ", ""),
    ("junk_no_figures.txt", "land_transfers", 0, "warning: ", "report_id,district,year"),
    ("two_totals.txt", "land_transfers", 0, "warning: ", "transfer.total.2"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "table", "status", "stderr", "stdout"), CLI_CASES)
def test_cli_subprocess_for_every_fixture(name, table, status, stderr, stdout):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "table", table, "--report", str(FIXTURES / name)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    if stderr == "error: ":
        assert result.stderr.startswith(stderr) and len(lines) == 1 and name in result.stderr
        return
    # a table printed: first the one line naming the kind of its text and how far such rows were right (kind9)
    text = normalize((FIXTURES / name).read_text(encoding="utf-8")).text
    kind = kind_of(text).kind
    assert lines[0] == f"note: {told(kind, 'zh')} {told(kind, 'en')}", lines
    lines = lines[1:]
    if stderr:  # a partly read report: warnings, one line each, naming the file (issue 17)
        assert lines and all(line.startswith(stderr) for line in lines) and name in result.stderr
    else:  # read whole: at most the statements it sets aside, each with line:column and why
        assert all(line.startswith("warning: ") and ": not read: " in line for line in lines), lines
    if stdout:
        assert stdout in result.stdout
    else:
        assert result.stdout == ""


def test_library_errors_are_analysis_errors():
    assert issubclass(ExtractionError, AnalysisError) and issubclass(ReportError, AnalysisError)
