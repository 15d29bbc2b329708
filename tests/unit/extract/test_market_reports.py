"""Market reports read right (issue 17, round 13, helper mkt13): each reading rule on a sentence of its shape."""

from __future__ import annotations

import pytest

from analysis.extract import drafts
from analysis.source.quantities import find_quantities


def _bound(text: str, printed: str) -> bool:
    q = next(q for q in find_quantities(text) if q.printed == printed)
    return bool(drafts.bound(q, text[max(0, q.start - 4) : q.start], text[q.end : q.end + 8]))


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("出让面积≥0.05公顷,成交金额≥300万元", "0.05公顷"),
        ("出让面积≥0.05公顷,成交金额≥300万元", "300万元"),
        ("单宗面积大于等于20亩", "20亩"),
        ("成交金额不低于500万元", "500万元"),
        ("地块面积>3公顷", "3公顷"),
    ],
)
def test_a_scope_threshold_by_sign_or_word_is_a_bound(text, printed):
    assert _bound(text, printed)


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("成交总面积为41.6公顷", "41.6公顷"),
        ("面积≥5公顷的地块9宗", "5公顷"),  # lots counted by a threshold: a condition, read elsewhere
    ],
)
def test_a_figure_or_a_condition_is_no_bound(text, printed):
    assert not _bound(text, printed)
