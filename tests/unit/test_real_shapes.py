"""The yardstick's --by-shape totals: each found row counted once, as right, right by numbers only, or false.

A row's shape is the figures it carries (P parcels, A area, R proceeds, S share); whole matches are taken
before matches by numbers, as the set totals take them, so the shape counts add up to the found rows.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _real():
    spec = importlib.util.spec_from_file_location("real_yardstick", ROOT / "benchmarks" / "real.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


SUPPLY_2021 = ("supply", "出让", "-", "-", "2021")
OFFERED_2021 = ("offered", "-", "-", "-", "2021")


def test_each_found_row_is_counted_once_by_its_figures():
    real = _real()
    want = [((12, 300.0, None, None), SUPPLY_2021), ((5, None, None, None), SUPPLY_2021)]
    got = [
        ((5, None, None, None), OFFERED_2021),  # right numbers, wrong kind
        ((12, 300.0, None, None), SUPPLY_2021),  # right
        ((None, None, 8.1e8, None), SUPPLY_2021),  # no expected row has these numbers
        ((5, None, None, None), SUPPLY_2021),  # right: taken before the offered row above
    ]
    assert real._shapes(want, got) == Counter(
        {("PA..", "right"): 1, ("P...", "right"): 1, ("P...", "false"): 1, ("..R.", "false"): 1}
    )


def test_a_second_row_with_the_same_numbers_is_false():
    real = _real()
    want = [((7, None, 1.1e9, None), SUPPLY_2021)]
    got = [((7, None, 1.1e9, None), OFFERED_2021), ((7, None, 1.1e9, None), OFFERED_2021)]
    assert real._shapes(want, got) == Counter({("P.R.", "labels"): 1, ("P.R.", "false"): 1})


def test_a_blind_set_is_scored_only_when_asked(tmp_path, monkeypatch, capsys):
    real = _real()
    monkeypatch.setattr(real, "PASSAGES", tmp_path)
    chosen = [real.Passage("a", "study", "news", 2024, ""), real.Passage("b", "holdout3", "news", 2024, "")]
    for p in chosen:
        p.path.write_text("全年出让土地12宗。", encoding="utf-8")
    monkeypatch.setattr(real, "passages", lambda: chosen)
    monkeypatch.setattr(real, "score", lambda p: real.Outcome(empty=True))
    monkeypatch.setattr("sys.argv", ["real.py", "-v", "--by-kind"])
    real.main()
    shown = capsys.readouterr().out
    assert "study" in shown and "holdout3" not in shown
    monkeypatch.setattr("sys.argv", ["real.py", "--blind", "--by-kind", "--by-shape"])
    real.main()
    shown = capsys.readouterr().out
    assert "holdout3 1 passages" in shown
    # the open set shows its wrong labels and shapes once, the blind one never
    assert shown.count("wrong label on rows right by numbers") == 1
    assert shown.count("news                   1 passages") == 2


def test_an_area_printed_in_square_metres_is_scored_in_mu():
    """The pages print land areas in ㎡ and 万㎡ (a listing site's 合计供应面积为47.57万㎡): the expected rows
    write them as printed, and the scorer reads them exactly, as it reads 平方米."""
    from fractions import Fraction

    from tests.corpus import _IN_MU, exact

    assert exact("47.57万㎡", _IN_MU) == Fraction("713.55")
    assert exact("38816㎡", _IN_MU) == exact("38816平方米", _IN_MU) == Fraction("58.224")
    assert exact("2.5万m²", _IN_MU) == Fraction("37.5")


def test_every_expected_figure_is_in_a_unit_the_scorer_holds():
    """An area or a sum in a unit the scorer has no factor for would stop the whole yardstick run."""
    real = _real()
    for passage in real.passages():
        supply, land_use = real.expected_rows(passage)
        assert len(supply) + len(land_use) == len(passage.expected)


def test_the_yardstick_files_end_their_lines_alike():
    # one line ending per file: a helper's editor once wrote a set's rows with CRLF among LF rows,
    # which diffs every line of the set when the next editor normalises it
    for name in ("passages.csv", "expected.csv"):
        assert b"\r" not in (ROOT / "benchmarks" / "real" / name).read_bytes(), name
