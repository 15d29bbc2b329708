"""Row anchors (issue 15, "Links to the wrong row"): unique and stable for any item id.

On main an anchor kept only [A-Za-z0-9_.-], so transfer.物流 and transfer.医疗 were both
row-…-transfer.__ and the annotated report linked the figures of one use type to the other's row.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from analysis.present.shown import anchor, row_anchor
from tests.properties import examples

TWO_USES = (
    "某区2024年工作总结\n"
    "全年出让国有建设用地10宗、面积100亩、出让金5亿元，"
    "其中物流用地4宗、面积40亩、出让金2亿元，医疗用地6宗、面积60亩、出让金3亿元。\n"
)


def test_item_ids_of_the_same_length_in_chinese_get_their_own_anchors():
    assert row_anchor("transfer_ratios", "transfer.物流") != row_anchor("transfer_ratios", "transfer.医疗")
    assert row_anchor("transfer_ratios", "transfer.物流") == "row-transfer_ratios-transfer.~7269~~6d41~"


def test_ascii_ids_keep_the_anchors_they_had():
    assert row_anchor("land_transfers", "transfer.total") == "row-land_transfers-transfer.total"
    assert row_anchor("key_ratios", "price_per_mu.industrial") == "row-key_ratios-price_per_mu.industrial"
    assert anchor("n", 1129) == "n-1129"


def test_parts_joined_by_a_dash_stay_apart():
    assert anchor("a-b", "c") != anchor("a", "b-c")
    assert anchor("x_2d_") != anchor("x-")  # an escape never equals a plain text
    assert anchor("~7269~") != anchor("物")


@examples(300)
@given(st.text(max_size=12), st.text(max_size=12))
def test_anchors_are_unique_and_safe_for_any_item_id(first, second):
    a, b = row_anchor("land_transfers", first), row_anchor("land_transfers", second)
    assert re.fullmatch(r"[A-Za-z0-9_.~-]+", a)
    assert (a == b) == (first == second)
    assert a == row_anchor("land_transfers", first)  # stable: the same id, the same anchor


def test_each_use_type_row_is_linked_from_its_own_figures(tmp_path):
    """The annotated report links 4宗 to the 物流 row and 6宗 to the 医疗 row, and each row exists once."""
    from analysis import derive
    from analysis.present.annotated import annotated_report
    from analysis.present.reader import reader_table

    path = tmp_path / "two_uses.txt"
    path.write_text(TWO_USES, encoding="utf-8")
    page = reader_table(derive.transfer_ratios(str(path)), None, "zh")
    ids = re.findall(r'<tr id="([^"]+)"', page)
    assert len(ids) == len(set(ids)) == 3  # the total and the two use types
    text = annotated_report(str(path), "zh")["text"]
    links = re.findall(r'<a class="n fact" id="n-\d+" href="#row-land_transfers-([^"]+)">(\d+)</a>', text)
    by_row: dict[str, set[str]] = {}
    for item, digits in links:
        by_row.setdefault(item, set()).add(digits)
    assert by_row["transfer.~7269~~6d41~"] == {"4", "40", "2"}  # 物流
    assert by_row["transfer.~533b~~7597~"] == {"6", "60", "3"}  # 医疗
