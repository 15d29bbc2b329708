"""Rule tables: regexes of many phrases compiled behind a look-ahead for their first characters."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract import phrases
from analysis.source.rules import gated

_CUE_TEXT = st.text(
    alphabet="计划目标比较上去年同期月季十四五近1-9,。出让划拨供应成交推出宗亩公顷的地", max_size=40
)


@settings(max_examples=60, deadline=None)
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
