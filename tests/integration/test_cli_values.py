"""The command line on mutated reports: the text's own values, or one line and exit 2; nothing else.

`python -m analysis table land_transfers --report FILE` runs in-process
(analysis.cli.main) on the 2024 report with its supply sentence edited:
signs, letters, range dashes, brackets with 其中, invisible characters, long
digit runs, units and words put in, characters deleted or repeated. Each run
must end in one of two ways:

- exit 0, and every figure in the table is what its printed text says
  (parsed here independently: digits, scale word, unit), never negative,
  never read out of a code or scientific notation (1e309亩), a range (5-10亩)
  or a number split by an invisible character; every quote is the raw text;
- exit 2 with one line on stderr and nothing on stdout.

A traceback fails the test (main re-raises what is not an AnalysisError).
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import re
import tempfile
import unicodedata
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from analysis.cli import main
from analysis.source import units
from analysis.source.normalize import invisible
from tests.helpers import REPORT_TEXT
from tests.properties import examples

_SUPPLY = REPORT_TEXT.index("土地供应平稳有序")
_SUPPLY_END = REPORT_TEXT.index("用地潜能持续释放")
PIECES = [
    *["-", "−", "－", "负", "+", "e", "E", "e+", "e-", "1e", "A", "x", "—", "~", "1-", "5-"],
    *["\u200b", "\u200d", "\ufeff", "\u00ad", "\x07", "\x1b"],
    *["(", ")", "(其中", "其中", "、", ",", ";", "。", "\n", "9" * 16, "9" * 40, "0.", ".5", ",000"],
    *["亩", "宗", "公顷", "亿元", "万元", "万", "%", "余", "约", "占", "压降", "下降", "同比变化"],
    *["新型产业用地5宗", "(其中新型产业用地5宗)", "出让金", "面积", "挂牌", "出让", "划拨", "工业用地"],
]


@st.composite
def mutated_reports(draw) -> str:
    text = REPORT_TEXT
    for _ in range(draw(st.integers(1, 6))):
        at = min(draw(st.integers(_SUPPLY, _SUPPLY_END)), len(text))
        op = draw(st.sampled_from(["insert", "insert", "insert", "delete", "duplicate", "digit"]))
        span = draw(st.integers(1, 8))
        if op == "insert":
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + span :]
        elif op == "duplicate":
            text = text[:at] + text[at : at + span] * 2 + text[at + span :]
        else:
            text = text[:at] + draw(st.sampled_from("0123456789")) + text[at + 1 :]
    return text


def _run(text: str) -> tuple[int, str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"mutant_{next(_names)}.txt"  # a new name each time: no cached report is reused
        path.write_text(text, encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["table", "land_transfers", "--report", str(path)])
    return status, out.getvalue(), err.getvalue()


_names = itertools.count()


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PRINTED = re.compile(
    rf"(?:{_alternatives(q.qualifier for q in units.qualifiers())})?(?P<sign>[-−+]|负)?"
    rf"(?P<digits>\d[\d, ]*(?:\.\d+)?) ?(?:余|多)?(?P<scale>{_alternatives(units.scales())})?(?:(?P<rest>\d+)(?P<rest_scale>千万|百万|十万|万|千|百)?)?(?:余|多)?"
    rf"(?P<unit>{_alternatives(units.units())})"
)
_REST_SCALE = {"千万": 10**7, "百万": 10**6, "十万": 10**5, "万": 10**4, "千": 10**3, "百": 100}
_TARGET = {"parcels": None, "area_mu": "亩", "revenue_yuan": "元", "share_pct": "%"}
_PRINTED_COLUMN = {"parcels": "parcels_printed", "area_mu": "area_printed", "revenue_yuan": "revenue_printed"}
_PRINTED_COLUMN["share_pct"] = "share_printed"


def _value_of(printed: str, column: str) -> Fraction:
    """What a printed figure says, read here without the library's regex: digits, scale, unit."""
    folded = unicodedata.normalize("NFKC", invisible().sub("", printed))
    folded = re.sub(r"(?<=[\d.])\r?\n(?=\d)", "", folded)  # issue 17: a number split by a line break is one
    match = _PRINTED.fullmatch(folded)
    assert match, f"{printed!r} is not a figure as reports print one"
    assert match["sign"] in (None, "+"), f"{printed!r}: a negative figure read as supply"
    value = Fraction(Decimal(match["digits"].replace(",", "").replace(" ", "")))
    value *= units.scale_factor(match["scale"] or "")
    if match["rest"]:  # 1万2000亩, 203亿7500万元: a second part, smaller than the first's scale
        factor = units.scale_factor(match["scale"] or "")
        part = int(match["rest"]) * _REST_SCALE.get(match["rest_scale"] or "", 1)
        digits_ok = match["rest_scale"] or len(match["rest"]) == len(str(int(factor))) - 1
        assert match["scale"] and digits_ok and part < factor, f"{printed!r}: no two-part amount"
        value += part
    unit = units.unit(match["unit"])
    target = _TARGET[column]
    return value if target is None else value * unit.to_si / units.unit(target).to_si


def _stands_alone(raw: str, quote_start: int, quote: str, printed: str) -> bool:
    """Some place of `printed` in the quote is not glued to a letter, a range dash or a split digit."""
    for found in re.finditer(re.escape(printed), quote):
        before = raw[: quote_start + found.start()]
        before = invisible().sub("", before)[-3:]
        glued = re.search(r"[A-Za-z\d.]$|[A-Za-z\d.][-−—–~～+－]$|[A-Za-z][-−+]?$", before)
        if not glued:
            return True
    return False


def _check_table(text: str, out: str) -> None:
    for row in csv.DictReader(io.StringIO(out)):
        start, end = int(row["quote_start"]), int(row["quote_end"])
        assert text[start:end] == row["quote"]
        for column, printed_column in _PRINTED_COLUMN.items():
            printed = row[printed_column]
            if not printed:
                assert row[column] == "", f"{row['item_id']}: {column} without its printed text"
                continue
            assert printed in row["quote"], f"{row['item_id']}: {printed} is not in its quote"
            assert _stands_alone(text, start, row["quote"], printed), f"{printed} is glued in {row['quote']}"
            expected = _value_of(printed, column)
            assert abs(Fraction(row[column]) - expected) <= abs(expected) * Fraction(1, 10**12), (
                f"{row['item_id']}: {column} = {row[column]}, but the text prints {printed}"
            )


@examples(25, fuzz=50)  # a whole report's table each; make fuzz runs 50 times FUZZ_SCALE
@given(mutated_reports())
def test_the_command_line_gives_the_texts_own_values_or_one_line(text):
    status, out, err = _run(text)
    assert status in (0, 2)
    if status == 2:
        assert out == "" and err.startswith("error: ") and err.count("\n") == 1, err
        return
    _check_table(text, out)


# --- a metamorphic property: invisible characters anywhere change no value ----------------------

_BASELINE = {}


def _values(out: str) -> list[tuple]:
    columns = ("item_id", "parent_item_id", "statement", "parcels", "area_mu", "revenue_yuan", "share_pct")
    return [tuple(row[c] for c in columns) for row in csv.DictReader(io.StringIO(out))]


@examples(12, fuzz=25)  # a whole report's table each
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(REPORT_TEXT)), st.sampled_from(["\u200b", "\u2060", "\u00ad", "\x07", "\x85"])
        ),
        min_size=1,
        max_size=12,
    )
)
def test_invisible_characters_anywhere_change_no_value_and_are_warned_about(insertions):
    if not _BASELINE:
        _BASELINE["rows"] = _values(_run(REPORT_TEXT)[1])
    text = REPORT_TEXT
    for at, char in sorted(insertions, reverse=True):  # from the end, so offsets stay valid
        text = text[:at] + char + text[at:]
    status, out, err = _run(text)
    assert status == 0 and _values(out) == _BASELINE["rows"]
    assert f"{len(insertions)} invisible character(s)" in err
    _check_table(text, out)


# --- what the property found, kept as ordinary tests (issue 15, item 1) --------------------------


def _row(out: str, quote_part: str) -> dict | None:
    return next((r for r in csv.DictReader(io.StringIO(out)) if quote_part in r["quote"]), None)


def test_a_count_that_is_not_whole_is_no_parcel_count():
    # 协议出让6宗安置房用地,面积572.41亩 with 宗 put in: 572.4宗 was read as 572 parcels
    text = REPORT_TEXT.replace("面积572.41亩", "面积572.4宗1亩", 1)
    status, out, _ = _run(text)
    assert status == 0
    _check_table(text, out)
    row = _row(out, "572.4宗")
    assert row["parcels"] == "6" and row["parcels_printed"] == "6宗"  # the 6 of 协议出让6宗, not 572


def test_minus_zero_parcels_is_no_supply_figure():
    # 划拨供地49宗 with -0: read as parcels 0, a negative figure taken for supply
    text = REPORT_TEXT.replace("划拨供地49宗", "划拨供地-0宗", 1)
    status, out, _ = _run(text)
    assert status == 0
    _check_table(text, out)
    assert all(r["parcels_printed"] != "-0宗" for r in csv.DictReader(io.StringIO(out)))
