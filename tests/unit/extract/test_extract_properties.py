"""Property tests: whatever text comes in, only tables or the library's own errors come out.

Random and mutated reports (characters deleted, duplicated, swapped, digits
changed, random unicode inserted; statements built from report-like words;
raw bytes) go through land_transfers() and land_use(). Anything but a table
or an AnalysisError is a bug; every row that does come out must still quote
the raw text exactly. Two metamorphic properties follow: a clause that is not
supply (收回, 报批, 计划, 总投资 ...) added at the end of any record, and
full-width forms of any digits or punctuation, leave the numbers unchanged.
(The first found that an excluded clause inside a list of parts used to end
the list, so that 协议出让6宗 after it became a second total.)
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import warnings
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from analysis import land_transfers, land_use, reconcile
from analysis.cli import main
from analysis.errors import AnalysisError
from analysis.source.reports import Report
from tests.helpers import REPORT_TEXT, text_report
from tests.properties import examples

# Each example builds the typed tables of a text (a mutated report's: ~70 ms): the fast suite runs half the
# examples it ran until round 12; `make fuzz` runs the old counts, FUZZ_SCALE times each
FAST = examples(20, fuzz=40)
FEWER = examples(12, fuzz=25)


def _report(text: str) -> Report:
    return text_report(text, None, "mutant")


def _tables_or_library_error(text: str) -> None:
    """The property: tables whose rows quote the raw text, or an AnalysisError; nothing else."""
    report = _report(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            frames = [land_transfers(report), land_use(report), reconcile(report)]
        except AnalysisError as exc:
            assert "\n" not in str(exc)
            return
    for frame in frames:
        for start, end, quote in zip(frame["quote_start"], frame["quote_end"], frame["quote"], strict=True):
            assert text[start:end] == quote
    transfers = frames[0]
    assert set(transfers["parent_item_id"].dropna()) <= set(transfers["item_id"])
    both = transfers.dropna(subset=["area_mu"])
    assert ((both["area_mu"] - both["area_ha"] * 15).abs() <= 1e-6 * both["area_mu"].abs() + 1e-9).all()


# --- mutations of the real report ---------------------------------------------------

_SUPPLY = REPORT_TEXT.index("土地供应平稳有序")
_position = st.integers(0, len(REPORT_TEXT))


@st.composite
def mutated_reports(draw) -> str:
    text = REPORT_TEXT
    for _ in range(draw(st.integers(1, 8))):
        # half of the edits land in the supply and land-use statements, where extraction looks hardest
        near = draw(st.booleans())
        at = draw(st.integers(_SUPPLY, _SUPPLY + 400)) if near else draw(st.integers(0, len(text)))
        at = min(at, len(text))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "digit", "insert", "insert_word"]))
        span = draw(st.integers(1, 12))
        if op == "delete":
            text = text[:at] + text[at + span :]
        elif op == "duplicate":
            text = text[:at] + text[at : at + span] * 2 + text[at + span :]
        elif op == "swap" and at + span < len(text):
            text = text[:at] + text[at + span] + text[at + 1 : at + span] + text[at] + text[at + span + 1 :]
        elif op == "digit":
            text = text[:at] + draw(st.sampled_from("0123456789０１２.,，．")) + text[at + 1 :]
        elif op == "insert":
            text = text[:at] + draw(st.text(max_size=6)) + text[at:]
        else:
            text = text[:at] + draw(st.sampled_from(WORDS)) + text[at:]
    return text


WORDS = [
    *"0123456789.,;:()、，；：（）。\n",
    *["其中", "宗", "亩", "万亩", "公顷", "亿元", "万元", "余", "约", "1,234", "０．５"],
    *["国有用地出让", "出让国有建设用地", "划拨供地", "以划拨方式供应", "集体经营性建设用地", "入市"],
    *["挂牌", "协议出让", "租赁入市", "入股", "出让入市", "工业用地", "住宅用地", "收回", "计划"],
    *["出让金额", "出让金", "成交价款", "土地出让收入", "金额", "总投资", "面积"],
    *["农用地面积", "其中耕地", "建设用地", "未利用地", "2023年", "(三)", "3．"],
]


@FAST
@given(mutated_reports())
def test_mutated_reports_give_tables_or_library_errors(text):
    _tables_or_library_error(text)


@FAST
@given(st.lists(st.sampled_from(WORDS), max_size=80).map("".join))
def test_statements_from_report_words_give_tables_or_library_errors(text):
    _tables_or_library_error(text)


@FAST
@given(st.text(max_size=300))
def test_random_unicode_gives_tables_or_library_errors(text):
    _tables_or_library_error(text)


# --- raw bytes through the command line ---------------------------------------------


@FEWER
@given(
    st.one_of(
        st.binary(max_size=200),
        mutated_reports().map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    )
)
def test_the_command_line_exits_0_or_2_with_at_most_one_error_line(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.txt"
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["table", "land_transfers", "--report", str(path)])
    assert status in (0, 2)
    errors = [line for line in err.getvalue().splitlines() if line.startswith("error: ")]
    assert len(errors) == (status == 2)


# --- a metamorphic property: numbers that are not supply change nothing --------------

_SENTENCE = REPORT_TEXT[_SUPPLY : REPORT_TEXT.index("。", _SUPPLY) + 1]
_RECORD_ENDS = [_SUPPLY + i for i, c in enumerate(_SENTENCE) if c in ";)。"]
NOT_SUPPLY = [
    ",收回闲置土地{n}宗、{m}亩",
    ",报批新增建设用地{m}亩",
    ",2025年计划出让国有建设用地{n}宗、{m}亩",
    ",恢复耕地{m}亩",
    ",带动项目总投资{m}亿元",
    ",项目总投资金额{m}亿元",
    ",争取省级补助资金{m}万元",
    ",比上年增加{n}宗",
]


def _transfer_values(text: str) -> list[tuple]:
    frame = land_transfers(_report(text))
    columns = ["item_id", "parent_item_id", "method", "use_type", "parcels", "area_mu", "revenue_yuan"]
    return [tuple(row) for row in frame[columns].astype(object).itertuples(index=False)]


@FEWER
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_RECORD_ENDS),
            st.sampled_from(NOT_SUPPLY),
            st.integers(1, 99),
            st.decimals(1, 9999, places=1).map(str),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_a_clause_that_is_not_supply_leaves_the_supply_rows_alone(insertions):
    text = REPORT_TEXT
    for at, clause, n, m in sorted(insertions, reverse=True):  # from the end, so offsets stay valid
        text = text[:at] + clause.format(n=n, m=m) + text[at:]
    assert _transfer_values(text) == _transfer_values(REPORT_TEXT)


_FOLDABLE = [i for i, c in enumerate(REPORT_TEXT) if c in "0123456789.,;:()"]


@FEWER
@given(st.sets(st.sampled_from(_FOLDABLE), max_size=400))
def test_full_width_forms_anywhere_give_the_same_numbers(positions):
    chars = list(REPORT_TEXT)
    for i in positions:
        chars[i] = chr(ord(chars[i]) + 0xFEE0)  # 3 -> ３, , -> ，, ( -> （
    assert _transfer_values("".join(chars)) == _transfer_values(REPORT_TEXT)
