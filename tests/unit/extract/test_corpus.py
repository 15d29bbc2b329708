"""The development corpus: every passage gives exactly its hand-worked rows, negatives none with a reason.

tests/fixtures/corpus/*.txt: 74 passages written for issue 8 (see its README),
each with its expected supply and land-use rows and the arithmetic beside
the text. Rows are compared as sets in the corpus's notation (tests/corpus.py):
statement, channel, method, use type, period, parcels, area in 亩 and
proceeds in 元 converted exactly, the share as printed, and the parent row.
"""

from __future__ import annotations

import pytest

from tests import corpus

PASSAGES = {p.stem: p for p in corpus.FILES}

# Negatives: each reason the corpus names (its expect section, "reason = ...") as a key of the
# not_supply vocabulary; the warning must name at least one of them.
NEGATIVE_REASONS = {
    "8_01_neg_annual_supply_plan": {"plan"},  # 计划供应 / 年度供应计划
    "8_02_neg_upcoming_listing": {"announcement"},  # 将于…挂牌出让
    "8_03_neg_approval_conversion": {"approval"},  # 批准建设用地, 农用地转用
    "8_04_neg_expropriation": {"expropriation"},  # 征收
    "8_05_neg_land_reserve": {"reserve"},  # 收储 / 储备
    "8_06_neg_backlog_digestion": {"backlog"},  # 批而未供 disposal
    "8_07_neg_idle_land": {"idle_land"},  # 处置闲置土地
    "8_08_neg_mortgage": {"mortgage"},  # 抵押
    "8_09_neg_mining_rights": {"mining_right"},  # 采矿权 / 探矿权 出让
    "8_10_neg_proposed_parcel_notice": {"proposed"},  # 拟出让
    "8_11_neg_next_year_target": {"plan", "target"},  # 工作打算, 计划供应, 力争
    "8_12_neg_consolidation_quota": {"consolidation"},  # 新增耕地, 节余指标交易
    "8_13_neg_traditional_plan": {"plan", "proposed"},  # 供地計劃, 擬供應
    "8_14_neg_first_registration": {"registration"},  # 首次登记
    "9_08_neg_developer_purchase": {"purchase"},  # 房地产开发企业土地购置面积 (issue 17)
    "10_03_neg_mining_rights_later_clause": {"mining_right"},  # 矿业权…,2024年出让97宗 (issue 17, section 2)
    "10_04_neg_housing_sales_units": {"housing_sales"},  # 商品房共成交1184套/10.26万㎡
    "10_16_neg_budget_enforcement_prices": {"enforcement"},
    "13_01_neg_notices_batches_proposals": {"announcement", "proposed", "reserve"},  # 发布了…出让公告, 拟提交
    "13_03_neg_mining_rights_price_line": {"mining_right"},
    "15_08_neg_listing_offer_and_lot_history": {
        "earlier_sale",
        "not_sold",
    },  # 起始价 only, 曾于…终止
    "13_13_neg_scheduled_pending_forecast": {"announcement", "target"},  # 定于, 正在挂牌, 待出让, 有望
    "10_21_neg_lots_to_come": {
        "announcement",
        "proposed",
    },  # 将推出, 即将挂牌出让, 拟推出  # 立案查处违法用地案件48宗 (budgets: money only)
    "17_01_neg_supply_plan_sentence_wide": {"plan"},  # 供应计划…公布,…控制在860公顷。其中,出让…
    "17_02_neg_forecast_and_lots_to_come": {"target", "announcement", "condition"},  # 预计…,合计出让面积…
    "17_03_neg_supplied_out_of_approved": {"approval", "backlog"},  # 批准…,截至目前,已供应…,供地率
    "17_06_neg_quotas_and_next_week": {"approval", "plan", "announcement", "proposed"},  # 指标, 下周, 待拍
    "17_08_neg_price_monitoring_targets_stock": {"proposed", "monitoring", "plan", "reserve", "target"},
    "17_11_neg_farmland_change_study": {"approval"},  # 研究区…新增建设用地, class areas of a study
    "20_03_neg_listing_notice_decided": {"announcement"},  # …挂牌出让公告, 决定以挂牌方式出让3宗
    "20_07_neg_plan_issued_in_the_lead": {"announcement"},  # 公布《…出让计划》 in the lead, 待出让
    "24_02_neg_auction_preview_tells_no_sale": {"announcement"},  # 将于…举行…拍卖会, no sale told
}


def counts_in_readme() -> dict[str, tuple[int, int]]:
    """Each family's (files, expected rows) from the README's Counts table: one line per family, so
    two changes adding passages to different families never touch the same line."""
    counts = {}
    for line in (corpus.FILES[0].parent / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| ") and cells[0].isdigit():
            counts[cells[0]] = (int(cells[2]), int(cells[3]))
    return counts


def test_the_corpus_has_its_families_and_negatives():
    passages = [corpus.read(p) for p in corpus.FILES]
    found: dict[str, tuple[int, int]] = {}
    for p in passages:
        files, rows = found.get(p.path.stem.split("_")[0], (0, 0))
        found[p.path.stem.split("_")[0]] = (files + 1, rows + len(p.supply) + len(p.land_use))
    assert found == counts_in_readme()
    assert sum(files for files, _ in found.values()) >= 153  # never fewer than at issue 17's round 4
    assert {p.name for p in passages if p.is_negative} == set(NEGATIVE_REASONS)


@pytest.mark.parametrize("name", sorted(PASSAGES))
def test_each_passage_gives_its_rows_exactly(name):
    passage = corpus.read(PASSAGES[name])
    supply, land = corpus.found(passage)  # the rows of its two frames, in the corpus's notation
    assert supply == corpus.as_floats(corpus.expected_supply(passage))
    assert land == corpus.as_floats(corpus.expected_land_use(passage))
    for rows in corpus.rows(passage):  # the rows of land_transfers, then of land_use
        for row in rows:
            assert passage.text[row.quote_start : row.quote_end] == row.quote


WITHHELD = sorted(name for name, path in PASSAGES.items() if corpus.read(path).withheld is not None)


@pytest.mark.parametrize("name", WITHHELD)
def test_each_passage_withholds_the_rows_its_withheld_section_names(name):
    """The trust step (extract/trust.py): the rows a passage's `=== withheld` section names, each by its gate, and
    no other row, are withheld; the frame keeps them all (the test above)."""
    passage = corpus.read(PASSAGES[name])
    transfers, _, _ = corpus.run(passage)
    for gate in {*passage.withheld.values(), *transfers["withheld_gate"].dropna()}:
        ids = {i for i, g in passage.withheld.items() if g == gate}
        expected = corpus.as_floats(corpus.expected_supply(passage, ids))
        assert corpus.as_floats(corpus.found_supply(transfers, gate)) == expected, gate
    assert transfers["withheld"].sum() == len(passage.withheld)


def test_the_trust_gates_have_corpus_passages():
    """Every gate of extract/rules/trust_gates.csv withholds a row of some corpus passage that says so."""
    from analysis.extract.trust import gates

    named = {g for name in WITHHELD for g in corpus.read(PASSAGES[name]).withheld.values()}
    assert {g.gate for g in gates()} <= named


@pytest.mark.parametrize("name", sorted(PASSAGES))
def test_printed_figures_are_the_passages_own(name):
    """area, proceeds and share as printed (traditional units kept); 2_01 prints 公顷 once, after the last value."""
    passage = corpus.read(PASSAGES[name])
    transfers, _ = corpus.rows(passage)
    printed = {(r["area"], r["revenue"], r["share_pct"]) for r in passage.supply}
    for row in transfers:
        found = tuple(
            "-" if not isinstance(v, str) else v
            for v in (row.area_printed, row.revenue_printed, row.share_printed)
        )
        assert any(
            all(e.startswith(f) for e, f in zip(expected, found, strict=True)) for expected in printed
        ), found


@pytest.mark.parametrize("name", sorted(NEGATIVE_REASONS))
def test_a_negative_gives_empty_tables_and_one_line_saying_why(name):
    from analysis.extract import vocabulary

    passage = corpus.read(PASSAGES[name])
    transfers, land_use, messages = corpus.run(passage)
    assert transfers.empty and land_use.empty
    (why,) = {m for m in messages if "no land-supply statement found" in m}
    assert "\n" not in why and f"{passage.path}:1:1 “" in why  # the sentence, by line:column
    named = {
        key
        for key in vocabulary.VOCABULARY.keys("not_supply")
        if f"({vocabulary.label('not_supply', key)})" in why
    }
    assert named & NEGATIVE_REASONS[name], why


def test_corpus_score():
    """The measurement the report quotes: rows recovered / expected, and false rows."""
    found = corpus.score([corpus.read(p) for p in corpus.FILES])
    files = sum(f for f, _ in counts_in_readme().values())
    rows = sum(r for _, r in counts_in_readme().values())
    assert found == {"expected": rows, "recovered": rows, "false": 0, "passages": files, "exact": files}


def test_the_command_line_prints_an_empty_table_and_one_reason_line(capsys, tmp_path):
    from analysis.cli import main

    passage = corpus.read(PASSAGES["8_04_neg_expropriation"])  # 全年完成土地征收4620亩…
    path = tmp_path / "expropriation.txt"
    path.write_text(passage.text, encoding="utf-8")
    assert main(["table", "land_transfers", "--report", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith("report_id,district,year,item_id") and len(out.splitlines()) == 1
    (line,) = [e for e in err.splitlines() if "land-supply" in e]
    assert line.startswith("warning: ") and f"{path}:1:1 “全年完成土地征收4620亩" in line
    assert "expropriation (土地征收)" in line


@pytest.mark.filterwarnings("ignore::analysis.errors.ExtractionWarning")
def test_a_total_stated_twice_is_one_row_and_both_mentions_are_read():
    from analysis import numbers

    # 5_01: 共供应国有建设用地58宗、186.4公顷 … (next paragraph) 全年供地58宗、186.4公顷
    report = corpus.report_of(corpus.read(PASSAGES["5_01_total_stated_twice"]))
    counted = numbers(report)
    read = counted[counted["quote"].isin(["58", "186.4"])]
    assert len(read) == 4 and set(read["used_by"]) == {"land_transfers:supply.total"}


def test_two_totals_for_different_periods_are_two_rows_not_a_refusal():
    # 5_06: 前三季度(1-9月)供应建设用地96.3公顷;至年底,全年共供应建设用地148.7公顷
    transfers, _, _ = corpus.run(corpus.read(PASSAGES["5_06_jan_sep_and_fullyear"]))
    assert dict(zip(transfers["item_id"], transfers["period"], strict=True)) == {
        "supply.total@2023-01..2023-09": "2023-01..2023-09",
        "supply.total": "2023",
    }


# A closing paragraph telling next steps, as bureau summaries end (下一步…将…): it states no figure, so it
# changes no row of what came before. One lead check once read every 将…推出 as "the text tells lots still to
# be sold" and dropped the rows of 40 positive passages (round 8).
NEXT_STEPS = "下一步，我局将加快推出优质地块，确保完成全年供地任务。"
# More closing paragraphs that state no supply done: a plan for next year, figures of other work, and lots
# still to come (their 挂牌 once gave the story's lot before them its method: 18 passages changed, round 8).
CLOSINGS_SLOW = (
    "明年，计划供应国有建设用地1200亩，其中工业用地800亩。",
    "全年办理不动产登记3200件，化解信访积案12件。",
    "另有2宗地块将于下月挂牌出让。",
    "2025年将于一季度挂牌出让5宗住宅用地。",
)


def _changed_by_a_closing(closing: str) -> list[str]:
    changed = []
    for path in corpus.FILES:
        passage = corpus.read(path)
        if passage.is_negative:
            continue
        closed = passage.text.rstrip() + "\n" + closing + "\n"
        if corpus._found(path, passage.report_year, closed) != corpus.found(passage):
            changed.append(path.stem)
    return changed


def test_a_closing_paragraph_of_next_steps_changes_no_row():
    changed = _changed_by_a_closing(NEXT_STEPS)
    assert not changed, f"{len(changed)} passages changed by a closing 下一步 paragraph: {changed}"


@pytest.mark.slow
@pytest.mark.parametrize("closing", CLOSINGS_SLOW)
def test_a_closing_paragraph_of_other_things_changes_no_row(closing):
    changed = _changed_by_a_closing(closing)
    assert not changed, f"{len(changed)} passages changed by the closing paragraph {closing!r}: {changed}"


def test_a_bound_is_no_figure_and_a_warning_names_it():
    """逾4200亩, 突破320亿元, 不足300亩, 1200亩以上: no figure of any row, each named by line:column (round 8)."""
    passage = corpus.read(PASSAGES["24_09_bounds_are_no_figures"])
    transfers, _, messages = corpus.run(passage)
    assert transfers["area_mu"].isna().all() and transfers["revenue_yuan"].isna().all()
    bounds = [m for m in messages if "not read: a bound" in m]
    for at, printed in (("1:24", "逾4200亩"), ("1:40", "320亿元"), ("2:12", "300亩"), ("2:26", "1200亩")):
        assert any(f"{passage.path}:{at}: “{printed}”" in m for m in bounds), (at, bounds)
