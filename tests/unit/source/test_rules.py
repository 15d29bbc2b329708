"""Rule tables: regexes of many phrases compiled behind a look-ahead for their first characters."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.extract import phrases
from analysis.source.rules import gated
from tests.properties import examples

_CUE_TEXT = st.text(
    alphabet="计划目标比较上去年同期月季十四五近1-9,。出让划拨供应成交推出宗亩公顷的地自以来位于区 \u3000",
    max_size=40,
)


@examples(60)
@given(_CUE_TEXT)
def test_a_gated_regex_finds_exactly_what_the_plain_one_finds(text):
    regex, _ = phrases.period_cues()
    plain = re.compile(regex.pattern.split(")(?:", 1)[1][:-1]) if regex.pattern.startswith("(?=") else regex
    assert [m.span() for m in regex.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for kind in ("exclude", "channel", "kind"):
        cue = phrases.cue_regex(kind)
        ungated = re.compile("|".join(f"(?:{c.regex.pattern})" for c in phrases.cues()[kind]))
        assert [m.span() for m in cue.finditer(text)] == [m.span() for m in ungated.finditer(text)]


def test_gated_puts_the_first_characters_in_front():
    assert gated("计划|目标").pattern == "(?=[目计])(?:计划|目标)"
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
    """periods.carried_period skips a sentence with none of _PERIODISH's characters; each row's own examples
    (what its regex finds in its note) must pass that gate, or the row is never read there (截至目前 was not,
    until 2026-12-06)."""
    from analysis.extract import periods
    from analysis.source.rules import rule_table

    rows = rule_table(phrases.RULES, "period_cues", ("regex", "kind"), ("value", "note"))
    missed = [
        m.group()
        for r in rows
        for m in re.finditer(r["regex"], r.get("note") or "")
        if m.group() and not periods._PERIODISH.search(m.group())
    ]
    assert not missed, f"period cues the gate skips: {missed}"


def test_every_searched_cue_regex_is_gated():
    assert phrases.period_cues()[0].pattern.startswith("(?=[")
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
        "extract.phrases",
        "period_cues",
        '"(?P<y>\\d{4})年度",year,,',
        "column 'regex': group name 'y' cannot be used: line ",  # the line of its first use
    ),
    ("extract.phrases", "land_use_phrases", 'survey,"(调查",,', "column 'regex': not a regular expression"),
    ("source.reports", "headings", '"^[(",x,', "column 'regex': not a regular expression"),
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
        "大约,middle,no,about",
        "column 'position': expected one of before, after",
    ),
    ("source.units", "qualifiers", "大约,before,maybe,about", "column 'threshold': expected one of yes, no"),
    (
        "source.numerals",
        "chinese_numerals",
        "廿,二十,digit,",
        "column 'value': expected a whole number, found '二十'",
    ),
]


def _clear_rule_caches() -> None:
    from analysis.extract import drafts, extraction, land_use, phrases, supply
    from analysis.source import numerals, quantities, reports, rules, units
    from analysis.tables import frames

    for module in (
        rules,
        units,
        numerals,
        quantities,
        reports,
        phrases,
        drafts,
        supply,
        land_use,
        extraction,
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
