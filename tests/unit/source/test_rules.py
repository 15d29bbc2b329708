"""Rule tables: regexes of many phrases compiled behind a look-ahead for their first characters."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.extract import periods, phrases
from analysis.extract.text import cjk_run, sentences
from analysis.source.fast_search import (
    _runs,
    found_anywhere,
    gated,
    gated_union,
    opening_chars,
    positions_of,
    row_groups,
)
from analysis.source.pairs import opening_pairs
from analysis.source.rules import rule_table
from tests.properties import examples

_CUE_TEXT = st.text(
    alphabet="计划目标比较上去年同期月季十四五近1-9,。出让划拨供应成交推出宗亩公顷的地自以来位于区 \u3000",
    max_size=40,
)


def _found(regex: re.Pattern[str], text: str) -> list:
    return [(m.span(), m.lastgroup) for m in regex.finditer(text)]


@examples(60)
@given(_CUE_TEXT)
def test_a_gated_regex_finds_exactly_what_the_plain_one_finds(text):
    regex, _ = periods.period_cues()
    rows = rule_table(periods.RULES, "period_cues", ("regex", "kind"), ("value", "note"))
    plain = re.compile("|".join(f"(?P<r{i}>{r['regex']})" for i, r in enumerate(rows)))
    assert _found(regex, text) == _found(plain, text)  # the same spans, and the same row for each
    for kind in ("exclude", "channel", "kind", "figure_after"):
        cue = phrases.cue_regex(kind)
        ungated = re.compile("|".join(f"(?:{c.regex.pattern})" for c in phrases.cues()[kind]))
        assert [m.span() for m in cue.finditer(text)] == [m.span() for m in ungated.finditer(text)]
        named = re.compile(
            "|".join(f"(?P<c{i}>{c.regex.pattern})" for i, c in enumerate(phrases.cues()[kind]))
        )
        assert _found(phrases._kind_regex(kind), text) == _found(named, text)
        assert [phrases.cue_at(kind, text, i) for i in range(len(text))] == [
            next((c.value for c in phrases.cues()[kind] if c.regex.match(text, i)), None)
            for i in range(len(text))
        ]  # the first row (in the table's order) that matches there


@examples(60)
@given(st.text(alphabet="中国用地、1a \n", max_size=12), st.integers(0, 12))
def test_cjk_run_is_what_the_regex_finds(words, end):
    end = min(end, len(words))
    found = re.search(r"[\u4e00-\u9fff]+$", words[:end])
    assert cjk_run(words, end) == (found.span() if found else None)


@examples(60)
@given(st.text(alphabet="。!?.1地 \n", max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_sentences_end_where_the_stop_class_finds_a_stop(text, start, end):
    end = min(end, len(text))
    start = min(start, end)
    spans, begin = [], start  # the definition by a regex class, which sentences() finds by str.find
    for at in (m.start() for m in re.finditer(r"[。!?.]", text[:end]) if m.start() >= start):
        if text[at] == "." and 0 < at < len(text) - 1 and text[at - 1].isdigit() and text[at + 1].isdigit():
            continue
        spans.append((begin, at + 1))
        begin = at + 1
    spans += [(begin, end)] if begin < end else []
    assert sentences(text, start, end) == [(s, e) for s, e in spans if text[s:e].strip(" .。")]


@examples(60)
@given(
    st.text(alphabet="宗幅块地1", max_size=20), st.sampled_from(["宗", "宗幅块", "幅幅"]), st.integers(0, 20)
)
def test_positions_of_are_where_a_class_of_the_characters_matches(text, chars, start):
    found = [m.start() for m in re.finditer(f"[{chars}]", text) if m.start() >= start]
    assert positions_of(chars, text, start) == found


@examples(60)
@given(_CUE_TEXT, st.integers(0, 40), st.integers(0, 40))
def test_found_anywhere_finds_a_match_exactly_where_the_regex_finds_one(text, pos, endpos):
    regexes = [periods.period_cues()[0], phrases.cue_regex("channel", "kind", "sale", "group_total")]
    regexes += [phrases.cue_regex(kind) for kind in phrases.cues()] + [phrases.exclusions_but("change")]
    for regex in regexes:
        assert bool(found_anywhere(regex).search(text, pos, endpos)) == bool(regex.search(text, pos, endpos))


def test_found_anywhere_leaves_a_union_whose_first_row_only_is_gated_as_it_is():
    # figure_after's rows: the first opens with a gate of its own, a later one with any character (…比较): read as
    # one gate of the whole, 比较 was found by the regex and not by its yes/no form (hypothesis, 2026-12-07)
    regex = phrases.cue_regex("figure_after")
    assert found_anywhere(regex) is regex and regex.search("比较")
    assert found_anywhere(phrases.cue_regex("land")).search("土地") and found_anywhere(
        phrases.cue_regex("land")
    ) is not (phrases.cue_regex("land"))


def test_row_groups_are_each_row_s_named_groups_in_order():
    regex = re.compile("(?P<r0>a(?P<x>b)(?P<y>c)?)|(?P<r1>d)|(?P<r2>(?P<z>e))")
    assert row_groups(regex) == (("r0", "x", "y"), ("r1",), ("r2", "z"))


@examples(60)
@given(_CUE_TEXT)
def test_a_period_cue_match_s_groups_are_its_row_s(text):
    regex, _ = periods.period_cues()
    for m in regex.finditer(text):
        own = row_groups(regex)[int(m.lastgroup[1:])]
        assert {k: v for k, v in m.groupdict().items() if v} == {k: m.group(k) for k in own if m.group(k)}


def test_found_anywhere_puts_the_gate_s_class_first():
    assert (
        found_anywhere(gated(r"(?<![比较])上年|计")).pattern == r"[上计](?<=(?=(?:(?<![比较])上年|计))[上计])"
    )  # a row of one character: no pair of characters to open with
    assert (
        found_anywhere(gated(r"(?<![比较])上年|计划\]|计\d")).pattern
        == r"(?:上[年]|计(?s:.))(?<=(?=(?:(?<![比较])上年|计划\]|计\d))(?:上[年]|计(?s:.)))"
    )  # every row opens with two characters (计\d: any second one after 计): those two, then the look-ahead
    assert found_anywhere(gated("计划|目标")).pattern == "计划|目标"  # not gated: as it is
    assert found_anywhere(gated("(?<![比较])上年")).search("今年比上年,上年") is not None
    assert found_anywhere(gated("(?<![比较])上年")).search("今年比上年") is None


def test_gated_union_gates_each_row_that_opens_with_a_group_or_a_look_behind():
    union = gated_union(["(?P<a>计划)", "目标", r"(?<![比较])上年", "(?:预计)"])
    assert union.pattern == "(?=[上目计预])(?:(?=[计])(?P<a>计划)|目标|(?=[上])(?<![比较])上年|(?:预计))"
    assert [m.lastgroup for m in union.finditer("比上年计划,上年目标")] == ["a", None, None]


def test_gated_puts_the_first_characters_in_front():
    # the engine scans for 计/目 itself when every branch opens with a literal (also inside a group), or for a
    # class that opens the pattern: a look-ahead would only slow it (2-4 times on a report)
    assert gated("计划|目标").pattern == "计划|目标"
    assert gated("(?P<use>商业|工业)(?:用地|土地)").pattern == "(?P<use>商业|工业)(?:用地|土地)"
    assert gated(r"[市县]\d").pattern == r"[市县]\d"
    assert gated("(?<![住民])宅地|计划").pattern == "(?=[宅计])(?:(?<![住民])宅地|计划)"
    assert gated(r"(?<![比较])上年|\d+月").pattern.startswith("(?=[0123456789上])")
    assert gated(r".*年").pattern == r".*年"  # any first character: left as it is
    spaced = gated(r"自?\s*\d+年以来").pattern  # \s: every space it matches, the ideographic one too
    assert spaced.startswith("(?=[") and "\u3000" in spaced and "自" in spaced


# Cues read with .match at a fixed place (right after a figure) need no gate; every searched one does,
# or one ungated row makes the whole alternation try every branch at every position (issue 17: the
# extraction went from 3 to 5 ms a report when one period cue opened with \s* and one exclusion with ^).
# place_name: its first character may be any (a name); matched at a clause's start, or searched back from a
# suffix (省, 市 …) only (extract/abstain.py)
_MATCHED_AT_A_PLACE = {"figure_after", "paid_after", "place_name", "clause_lead"}


def test_every_period_cue_holds_a_character_the_carried_period_gate_looks_for():
    """period_context.carried_period skips a sentence with none of _PERIODISH's characters; each row's own examples
    (what its regex finds in its note) must pass that gate, or the row is never read there (截至目前 was not,
    until 2026-12-06)."""
    from analysis.extract import period_context
    from analysis.source.rules import rule_table

    rows = rule_table(periods.RULES, "period_cues", ("regex", "kind"), ("value", "note"))
    missed = [
        m.group()
        for r in rows
        for m in re.finditer(r["regex"], r.get("note") or "")
        if m.group() and not period_context._PERIODISH.search(m.group())
    ]
    assert not missed, f"period cues the gate skips: {missed}"


def _holds_one_of(items, held) -> bool:
    """Every match of the parsed regex holds a character `held` matches, in its span or in a look-ahead (which
    cannot see past endpos): sound, not complete (False when unsure)."""
    from re import _constants as c

    for op, arg in items:
        found = (
            (op is c.LITERAL and held.fullmatch(chr(arg)))
            or (op is c.IN and all(o is c.LITERAL and held.fullmatch(chr(v)) for o, v in arg))
            or (op is c.SUBPATTERN and _holds_one_of(arg[-1], held))
            or (op is c.BRANCH and all(_holds_one_of(b, held) for b in arg[1]))
            or (op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1 and _holds_one_of(arg[2], held))
            or (op is c.ASSERT and arg[0] == 1 and _holds_one_of(arg[1], held))  # a look-ahead
        )
        if found:
            return True
    return False


def test_every_period_cue_holds_a_character_period_at_looks_for():
    """periods.period_at does not scan a window holding none of _CUE_CHARS: no row can match there."""
    from re import _parser

    from analysis.extract import period_context

    rows = rule_table(periods.RULES, "period_cues", ("regex", "kind"), ("value", "note"))
    missed = [r["regex"] for r in rows if not _holds_one_of(_parser.parse(r["regex"]), periods._CUE_CHARS)]
    assert not missed, f"period cues holding none of _CUE_CHARS: {missed}"
    assert not _holds_one_of(
        _parser.parse("截[至止]到?(?:目前|当前|现在)"), period_context._PERIODISH
    )  # 截止当前
    assert _holds_one_of(_parser.parse(r"\d(?=[)》])|上个?月"), re.compile("[)》月]"))


_WINDOW_CHARS = "上去同期前个半下全今本当止目现在度底末份日周第.(《1203,近这十四一二年月季截至到)-"


@examples(60)
@given(st.text(alphabet=_WINDOW_CHARS, max_size=30))
def test_a_window_without_cue_characters_holds_no_period_cue(text):
    for pos in range(len(text)):
        for endpos in range(pos, len(text) + 1):
            if not periods._CUE_CHARS.search(text, pos, endpos):
                assert periods.period_cues()[0].search(text, pos, endpos) is None


def test_every_searched_cue_regex_is_gated():
    assert periods.period_cues()[0].pattern.startswith("(?=[")
    ungated = [k for k in phrases.cues() if not phrases._kind_regex(k).pattern.startswith("(?=[")]
    assert set(ungated) <= _MATCHED_AT_A_PLACE, f"cue kinds searched without a gate: {ungated}"


# --- a value a rule row cannot hold is one line naming file:line and column (issue 12, item 14) ----

BAD_ROWS = [
    # (module holding RULES, file, appended row, what the one line says)
    (
        "extract.phrases",
        "supply_clauses",
        'exclude,"计划[出让",plan,',
        "column 'regex': not a regular expression",
    ),
    (
        "extract.periods",
        "period_cues",
        '"(?P<y>\\d{4})年度",year,,',
        "column 'regex': group name 'y' cannot be used: line ",  # the line of its first use
    ),
    ("extract.phrases", "land_use_phrases", 'survey,"(调查",,', "column 'regex': not a regular expression"),
    ("source.sections", "headings", '"^[(",x,', "column 'regex': not a regular expression"),
    (
        "source.units",
        "units",
        "顷,area,abc,平方米,x,",
        "column 'to_si': expected a number (10000/15, 0.5) above 0, found 'abc'",
    ),
    ("source.units", "units", "顷,volume,1,平方米,x,", "column 'dimension': expected one of area, money"),
    (
        "source.units",
        "scales",
        "兆,0,mega",
        "column 'factor': expected a number (10000/15, 0.5) above 0, found '0'",
    ),
    (
        "source.units",
        "qualifiers",
        "大约,middle,no,about,about",
        "column 'position': expected one of before, after",
    ),
    (
        "source.units",
        "qualifiers",
        "大约,before,maybe,about,about",
        "column 'threshold': expected one of yes, no",
    ),
    (
        "source.numerals",
        "chinese_numerals",
        "廿,二十,digit,",
        "column 'value': expected a whole number, found '二十'",
    ),
]


def _clear_rule_caches() -> None:
    from analysis.extract import (
        drafts,
        extraction,
        land_use,
        land_use_statements,
        measures,
        periods,
        phrases,
        supply,
        trust,
        use_type_words,
    )
    from analysis.source import directions, numerals, quantities, reports, rules, sections, units
    from analysis.tables import frames

    for module in (
        rules,
        units,
        numerals,
        quantities,
        directions,
        reports,
        sections,
        phrases,
        periods,
        use_type_words,
        drafts,
        measures,
        supply,
        land_use,
        land_use_statements,
        extraction,
        trust,
        frames,
    ):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


@pytest.mark.parametrize(
    ("module", "name", "row", "message"), BAD_ROWS, ids=[f"{b[1]}-{b[3][8:20]}" for b in BAD_ROWS]
)
def test_a_bad_rule_row_is_one_line_naming_file_line_and_column(
    tmp_path, monkeypatch, capsys, module, name, row, message
):
    import importlib

    from analysis.cli import main

    owner = importlib.import_module(f"analysis.{module}")
    folder = tmp_path / "rules"
    shutil.copytree(owner.RULES, folder)
    path = folder / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + row + "\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    monkeypatch.setattr(owner, "RULES", folder)
    _clear_rule_caches()
    try:
        status = main(["table", "land_transfers"])
    finally:
        monkeypatch.undo()
        _clear_rule_caches()
    out, err = capsys.readouterr()
    assert status == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"error: {path}:{line}: {message}")


@examples(60)
@given(_CUE_TEXT)
def test_a_regex_matches_only_where_one_of_its_opening_characters_stands(text):
    """clause_lead skips the period cues' regex where opening_chars does not match: it could not match there."""
    regexes = [periods.period_cues()[0], phrases.cue_regex("channel", "kind"), phrases.cue_regex("exclude")]
    for regex in regexes:
        opens = opening_chars(regex)
        assert opens is not None
        assert all(opens.match(text, p) for p in range(len(text) + 1) if regex.match(text, p))
    assert opening_chars(re.compile("a?b")).pattern == "[ab]"
    assert opening_chars(re.compile("a*")) is None  # (may match empty: any position)


def test_the_regex_caches_are_kept_by_the_regex_object_not_its_hash():
    """A Pattern's hash reads its whole compiled code (11 µs for the period cues); the caches ask its identity."""
    regex = periods.period_cues()[0]
    assert row_groups(regex) is row_groups(regex) and found_anywhere(regex) is found_anywhere(regex)
    other = re.compile("(?P<r0>x)|(?P<r1>y(?P<q>z))", re.IGNORECASE)
    assert row_groups(other) == (("r0",), ("r1", "q")) and row_groups(regex) != row_groups(other)


@examples(100)
@given(st.text(alphabet="0123456789٣１2019年-/.月日号 ,至到出让约负-", max_size=30), st.integers(0, 3))
def test_an_opening_gated_regex_finds_what_the_regex_finds(text, pos):
    """fast_search.opening_gated (speed, round 12): the regex behind a look-ahead for what it opens with, a digit
    of any script where it opens with \\d; the same matches and groups (auctions' days, where fast_search.gated
    reads ASCII)."""
    from analysis.extract import auction_dates
    from analysis.source.fast_search import opening_gated

    pos = min(pos, len(text))
    for regex in (auction_dates._DAY, re.compile(r"(?:(?<!\d)约)?\d+宗"), re.compile(r"(?<=出)让")):
        gated_one = opening_gated(regex)
        assert [(m.span(), m.groupdict()) for m in gated_one.finditer(text, pos)] == [
            (m.span(), m.groupdict()) for m in regex.finditer(text, pos)
        ]
    assert (
        opening_gated(auction_dates._DAY).search("٣月5日") is not None
    )  # (fast_search.gated's [0-9] would miss it)


# --- a long union is read in runs, each behind a gate of its own (round 13) ----

_ROWS = ["a", "ab", "(?<!x)b", "bc", "i", "c(?=d)", "cd", "d+", "(?:e|a)b", "ba", r"\d+", "f?g", "j"]
_ROWS += ["(?P<n>h)i", "x", "(?:hi|ih)"]  # 16 rows: 4 runs of 4 (_runs), each behind a look-ahead for what
# its rows open with; each run's first row alone opens with its letter (a gate missing it is seen)
_UNION = gated_union(f"(?P<c{i}>{row})" for i, row in enumerate(_ROWS))
_PLAIN = re.compile("|".join(f"(?P<c{i}>{row})" for i, row in enumerate(_ROWS)))


@examples(50)
@given(st.text(alphabet="abcdefghijx1 ", max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_a_union_read_in_runs_finds_what_the_plain_alternation_finds(text, pos, endpos):
    # each position is tried against the rows in the same order: the same matches, each by the same row
    found = [(m.span(), m.lastgroup) for m in _UNION.finditer(text, pos, endpos)]
    assert found == [(m.span(), m.lastgroup) for m in _PLAIN.finditer(text, pos, endpos)]
    assert bool(found_anywhere(_UNION).search(text, pos, endpos)) == bool(found)


def test_a_long_union_is_read_in_runs_and_a_short_one_flat():
    rows = [(f"(?P<c{i}>a)", {"a"}) for i in range(18)]
    assert [run.count("(?P<c") for run in _runs(rows)] == [4, 4, 4, 4, 2]  # runs of about the square root
    assert _runs(rows[:15]) == [row for row, _ in rows[:15]]  # runs of 3 save less than their gates cost
    assert _runs([("(?P<c>.)", None), *rows[1:16]])[0] == "(?:(?P<c>.)|(?P<c1>a)|(?P<c2>a)|(?P<c3>a))"


# --- a yes/no search gated by the first two characters of every match (source/pairs.py, round 13) ----

_PAIRED = gated(r"出让(?!入市)|成交|(?<=\d)个[^,]|土地交易|计划?\d|(?:被|已)(?:成功)?(?:拍出|卖出)")


@examples(60)
@given(
    st.text(alphabet="出让入市现成交为个1,土地交易计划被已功拍卖", max_size=24),
    st.integers(0, 24),
    st.integers(0, 24),
)
def test_a_pair_gate_finds_a_match_exactly_where_the_regex_finds_one(text, pos, endpos):
    for regex in (_PAIRED, phrases.cue_regex("channel", "kind", "sale", "group_total", "sold_word")):
        found, plain = found_anywhere(regex).search(text, pos, endpos), regex.search(text, pos, endpos)
        assert (found and found.start()) == (plain and plain.start())


def test_the_pairs_are_the_first_two_characters_of_every_match():
    assert opening_pairs(re.compile("ab+|c{2,3}|(?<=x)d(?=e)f")) == "a[b]|c[c]|d[f]"
    assert opening_pairs(re.compile("a[^b]|cd")) == "a(?s:.)|c[d]"  # any character after a
    assert opening_pairs(re.compile("ab|c")) is None  # c alone: a match of one character
    assert opening_pairs(re.compile(r"ab|\dc")) is None  # any first character
    pairs = "(?:个(?s:.)|出[让]|土[地]|已[卖成拍]|成[交]|被[卖成拍]|计(?s:.))"  # 计划?\d: any after 计
    assert found_anywhere(_PAIRED).pattern.startswith(pairs + "(?<=(?=")
