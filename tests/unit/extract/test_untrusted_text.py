"""Text a careless or hostile hand has touched: signs, glued numbers, asides, invisible characters, limits.

Each test starts from the 2024 Wujin report (or a sentence written for it),
changes what issue 12 found changed, and asserts what a reader needs: the
text's own value, a row where the text has one, or one line naming the place.

The supply sentence the tests edit (data/raw/wujin_2024.txt, line 10):
    2024年完成国有用地出让56宗,面积3771.3亩,出让金额203.75亿元(国有工业用地挂牌27宗,面积1545亩,出让金7亿元;…)
"""

from __future__ import annotations

import csv
import hashlib
import io
import tracemalloc
import warnings

import pytest

from analysis import indicators, land_transfers, numbers, reconcile
from analysis.cli import main
from analysis.errors import ExtractionError, ExtractionWarning, line_col
from analysis.extract import extraction
from analysis.extract.records import MAX_RECORDS
from analysis.extract.text import MAX_SENTENCE
from analysis.source.reports import load_report
from tests.helpers import REPORT_TEXT, write_report

INDUSTRIAL = "国有工业用地挂牌27宗,面积1545亩"
VALUES = [
    "item_id",
    "parent_item_id",
    "statement",
    "method",
    "use_type",
    "parcels",
    "area_mu",
    "revenue_yuan",
]


def values(frame) -> list[tuple]:
    return [tuple(row) for row in frame[VALUES].astype(object).where(frame[VALUES].notna(), None).values]


def quietly(table, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExtractionWarning)
        return table(path)


@pytest.fixture(scope="module")
def wujin(tmp_path_factory) -> list[tuple]:
    """The land_transfers values of an untouched copy of the report, read as a file outside the manifest."""
    path = write_report(tmp_path_factory.mktemp("wujin"), REPORT_TEXT, "copy.txt")
    return values(quietly(land_transfers, path))


def run(capsys, *args) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


# --- item 5: a minus sign is never dropped; a word keeps the direction ---------------------------


def test_the_petition_change_keeps_its_printed_value_and_says_it_fell():
    # 2024年登记办理信访事项76件,…,信访量较去年同比压降19%。
    row = indicators().set_index("indicator_id").loc["petition_volume_change"]
    assert (row["value_printed"], row["number"], row["unit"], row["kind"]) == ("19%", 19.0, "%", "change")
    assert row["direction"] == "decrease"  # 压降: the volume fell by 19 %, as printed
    assert indicators()["direction"].notna().sum() == 1  # no other indicator of the report says which way


def _rewrite_report(data, old: str, new: str) -> None:
    """The report in the test's copy of data/ with one phrase changed, its hash and registry quote to match."""
    raw = data / "raw" / "wujin_2024.txt"
    changed = REPORT_TEXT.replace(old, new)
    raw.write_text(changed, encoding="utf-8")
    manifest = data / "raw" / "manifest.csv"
    digest = hashlib.sha256(changed.encode("utf-8")).hexdigest()
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            hashlib.sha256(REPORT_TEXT.encode()).hexdigest(), digest
        ),
        encoding="utf-8",
    )
    registry = data / "registry" / "wujin_2024" / "indicators.csv"
    registry.write_text(registry.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("minus", ["-", "−", "－"])
def test_a_printed_minus_sign_reaches_the_indicator(data_copy, minus):
    _rewrite_report(data_copy, "同比压降19%", f"同比变化{minus}19%")
    row = indicators().set_index("indicator_id").loc["petition_volume_change"]
    assert (row["value_printed"], row["number"], row["value_base"]) == (f"{minus}19%", -19.0, -19.0)
    assert row["direction"] == "decrease"


def test_a_fall_written_twice_is_refused_naming_the_place(data_copy):
    _rewrite_report(data_copy, "同比压降19%", "同比下降-19%")
    at = line_col(REPORT_TEXT, REPORT_TEXT.index("同比压降19%") + 4)
    with pytest.raises(
        ExtractionError, match=rf"wujin_2024.txt:{at}: “下降-19%”: a word and a sign both say"
    ):
        indicators()


def test_a_negative_supply_figure_is_not_read_and_its_digits_stay_unaccounted(tmp_path):
    path = write_report(tmp_path, "2024年完成国有用地出让56宗,面积-3771.3亩,出让金额203.75亿元。\n")
    rows = values(quietly(land_transfers, path))
    assert rows == [("transfer.total", None, "channel_total", "合计", "合计", 56, None, 203.75e8)]  # no area
    frame = quietly(numbers, path)
    assert frame.loc[frame["quote"] == "3771.3", "status"].tolist() == ["unaccounted"]


# --- item 6: scientific notation and codes are not quantities ------------------------------------


def test_scientific_notation_gives_no_area_a_warning_and_unaccounted_digits(tmp_path, capsys):
    path = write_report(tmp_path, REPORT_TEXT.replace(INDUSTRIAL, "国有工业用地挂牌27宗,面积1e309亩"))
    status, out, err = run(capsys, "table", "land_transfers", "--report", str(path))
    assert status == 0
    industrial = next(r for r in csv.DictReader(io.StringIO(out)) if r["item_id"] == "transfer.industrial")
    assert (industrial["parcels"], industrial["area_mu"], industrial["area_printed"]) == (
        "27",
        "",
        "",
    )  # not 309
    at = line_col(REPORT_TEXT, REPORT_TEXT.index(INDUSTRIAL) + len("国有工业用地挂牌27宗,面积1e"))
    assert f"warning: {path}:{at}: 1 number(s) before a unit not read (“1e309亩”)" in err
    frame = quietly(numbers, path)
    glued = REPORT_TEXT.index(INDUSTRIAL) + len("国有工业用地挂牌27宗,面积")
    found = frame[frame["quote_start"].between(glued, glued + 5)]
    assert found[["quote", "status"]].values.tolist() == [["1", "unaccounted"], ["309", "unaccounted"]]
    status, out, _ = run(capsys, "check", "--report", str(path))
    assert status == 1  # check fails on unaccounted numbers


# --- item 7: a bracketed sub-count belongs to the record it follows ------------------------------


def test_a_bracketed_sub_count_is_an_of_which_row_and_reconciliation_is_unchanged(tmp_path, wujin):
    text = REPORT_TEXT.replace(INDUSTRIAL, "国有工业用地挂牌27宗(其中新型产业用地5宗),面积1545亩")
    path = write_report(tmp_path, text)
    rows = values(quietly(land_transfers, path))
    of_which = ("transfer.industrial.new_industry", "transfer.industrial", "of_which", "挂牌", "新型产业", 5)
    assert rows == [*wujin[:2], (*of_which, None, None), *wujin[2:]]  # 27宗 keeps its 1545亩 and 7亿元
    industrial = rows[1]
    assert industrial[:2] == ("transfer.industrial", "transfer.total") and industrial[5:] == (27, 1545.0, 7e8)
    original = write_report(tmp_path, REPORT_TEXT, "original.txt")
    columns = ["total_item_id", "measure", "stated", "parts_sum", "is_within_rounding", "part_item_ids"]
    assert reconcile(path)[columns].values.tolist() == reconcile(original)[columns].values.tolist()
    # the parts still sum to 56 宗 (27 + 21 + 2 + 6): the 5 are among the 27, not beside them
    parcels = reconcile(path).set_index("measure").loc["parcels"]
    assert (parcels["stated"], parcels["parts_sum"]) == (56, 56)


def test_an_of_which_row_follows_its_parent_and_is_never_summed(tmp_path):
    # 48 = 27 + 21; the 5 新型产业 parcels are among the 27 工业 ones
    text = (
        "2024年出让国有建设用地48宗:工业用地27宗(其中新型产业用地5宗),面积1545亩,住宅用地21宗,面积1563亩。\n"
    )
    path = write_report(tmp_path, text)
    rows = values(quietly(land_transfers, path))
    assert [r[:3] + r[5:7] for r in rows] == [
        ("transfer.total", None, "channel_total", 48, None),
        ("transfer.industrial", "transfer.total", "part", 27, 1545.0),
        ("transfer.industrial.new_industry", "transfer.industrial", "of_which", 5, None),
        ("transfer.residential", "transfer.total", "part", 21, 1563.0),
    ]
    (check,) = quietly(reconcile, path).itertuples()
    assert (check.stated, check.parts_sum, check.is_consistent) == (48, 48, True)
    assert check.part_item_ids == "transfer.industrial; transfer.residential"


def test_a_bracketed_list_after_a_total_is_still_its_parts(tmp_path):
    # the 其中 list in brackets names use types under the channel total: parts, as before
    text = "2024年出让国有建设用地10宗,面积100亩(其中:工业用地4宗,面积40亩;住宅用地6宗,面积60亩)。\n"
    rows = values(quietly(land_transfers, write_report(tmp_path, text)))
    assert [r[:3] + r[5:7] for r in rows] == [
        ("transfer.total", None, "channel_total", 10, 100.0),
        ("transfer.industrial", "transfer.total", "part", 4, 40.0),
        ("transfer.residential", "transfer.total", "part", 6, 60.0),
    ]


# --- item 8: invisible characters are read past, with a warning ----------------------------------


def test_invisible_characters_change_no_value_and_are_named(tmp_path, wujin):
    text = REPORT_TEXT.replace("面积1545亩", "面积15\u200b45亩").replace("划拨供地49宗", "划拨\x07供地49宗")
    path = write_report(tmp_path, text)
    with pytest.warns(ExtractionWarning) as caught:
        frame = land_transfers(path)
    assert values(frame) == wujin  # 1545 亩 stays 1545 亩 (it was 45), and 划拨 stays a row
    quote = frame.set_index("item_id").loc["transfer.industrial", ["quote", "quote_start", "quote_end"]]
    assert (
        "15\u200b45亩" in quote["quote"] and text[quote["quote_start"] : quote["quote_end"]] == quote["quote"]
    )
    at = line_col(text, text.index("\u200b"))
    messages = [str(w.message) for w in caught]
    assert (
        f"{path}:{at}: 2 invisible character(s) (U+200B ZERO WIDTH SPACE, U+0007 control character) in the text,"
        " read as if absent (a number they split is read whole); the quotes keep them"
    ) in messages


# --- item 14: a 5,000-digit number --------------------------------------------------------------


def test_a_five_thousand_digit_number_is_one_line_naming_its_place(tmp_path, capsys):
    path = write_report(tmp_path, REPORT_TEXT.replace("面积1545亩", "面积" + "9" * 5000 + "亩"))
    status, out, err = run(capsys, "table", "land_transfers", "--report", str(path))
    at = line_col(REPORT_TEXT, REPORT_TEXT.index("面积1545亩") + 2)
    assert (status, out) == (2, "")
    assert (
        err
        == f"error: {path}:{at}: a number of 5,000 digits before a unit; a quantity has at most 15 digits\n"
    )


# --- item 15: limits, and work that grows with the text, not with its square -----------------------


def test_a_sentence_past_the_limit_is_refused_at_once(tmp_path, capsys):
    # 700 KB of 1宗、 in one sentence never finished before (item ids were numbered in quadratic time)
    path = write_report(tmp_path, "2024年完成国有用地出让" + "1宗、" * 80_000 + "。\n")
    status, out, err = run(capsys, "table", "land_transfers", "--report", str(path))
    assert (status, out) == (2, "")
    assert err == (
        f"error: {path}:1:1: a sentence of 240,014 characters; sentences are read up to {MAX_SENTENCE:,}"
        " (is a full stop 。 missing?)\n"
    )


def test_more_statements_than_the_limit_are_refused(tmp_path):
    text = "".join(f"出让工业用地{i}宗,面积{i}亩。" for i in range(1, MAX_RECORDS + 2)) + "\n"
    path = write_report(tmp_path, text)
    last = text.index(f"出让工业用地{MAX_RECORDS + 1}宗")
    with pytest.raises(
        ExtractionError, match=rf":1:{last + 1}: more than 5,000 land-supply statements; a report"
    ):
        quietly(land_transfers, path)


def _parts(n: int) -> str:
    """n parts of one use type in one paragraph, each its own sentence: ids transfer.industrial, .2, .3 …"""
    return (
        "2024年出让国有建设用地。" + "".join(f"出让工业用地{i}宗,面积{i}亩。" for i in range(1, n + 1)) + "\n"
    )


def _peak_memory(text: str) -> int:
    """Peak bytes allocated to extract a text (time is measured by benchmarks/extraction.py, not here)."""
    report = load_report(write_report_once(text))
    extraction._extract.cache_clear()
    tracemalloc.start()
    result = extraction._extract(report)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(result.transfers) == text.count("宗")
    return peak


def write_report_once(text: str):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="scaling"))
    return write_report(folder, text, f"parts_{len(text)}.txt")


@pytest.mark.slow
def test_four_times_the_statements_take_about_four_times_the_memory():
    # Quadratic numbering made 4x the parts cost 16x; linear work costs 4x (the time: `make bench`, growth line).
    small, large = _peak_memory(_parts(600)), _peak_memory(_parts(2400))
    assert large / small < 7, f"memory grew {large / small:.1f}x for 4x the statements"
    ids = [r.item_id for r in extraction._extract(load_report(write_report_once(_parts(2400)))).transfers]
    assert ids[:3] == ["transfer.industrial", "transfer.industrial.not_stated", "transfer.industrial.2"]
    assert ids[-1] == "transfer.industrial.2399" and len(set(ids)) == 2400


def test_a_paragraphs_sentences_read_alone_are_the_layouts():
    """text.sentences without the text's stops finds those of its own span only (not the whole text's, once a
    paragraph); what it finds is what Layout finds with the stops it gathers once."""
    from analysis.extract import text

    txt = "2024年,全区供应土地74.3亩。其中工业用地12宗!余下.\n\n第二段没有句号\n第三段。又一句?"
    layout = text.Layout(txt)
    assert [text.sentences(txt, s, e) for (s, e), _ in layout.paragraphs] == [p for _, p in layout.paragraphs]
    assert text.sentences(txt, 0, 18) == [(0, 18)]  # 74.3: a decimal point, no stop
