"""The fixture library (tests/fixtures/library/): each report gives exactly its hand-worked rows.

Four invented reports of three districts (see its README): each text is in
raw/, its registry in registry/<id>/, its expected rows and arithmetic in
expected/<id>.txt, in the corpus's notation (tests/corpus.py). The reports
are loaded through the library's manifest, so its sha256 rows are checked too.
"""

from __future__ import annotations

import dataclasses
import warnings

import pytest

from analysis.source import reports
from tests import corpus
from tests.helpers import LIBRARY

REPORTS = ("xishan_2023", "xishan_2024", "huishan_2024", "binhu_2024")


def expected(report_id: str) -> corpus.Passage:
    passage = corpus.read(LIBRARY / "expected" / f"{report_id}.txt")
    text = (LIBRARY / "raw" / f"{report_id}.txt").read_text(encoding="utf-8")
    return dataclasses.replace(passage, text=text)


def test_the_manifest_lists_four_reports_of_three_districts(library):
    listed = {r.report_id: (r.district, r.year) for r in reports.all_reports()}
    assert listed == {
        "xishan_2023": ("锡山区", 2023),
        "xishan_2024": ("锡山区", 2024),
        "huishan_2024": ("惠山区", 2024),
        "binhu_2024": ("滨湖区", 2024),
    }


@pytest.mark.parametrize("report_id", REPORTS)
def test_each_report_gives_its_hand_worked_rows(library, report_id):
    from analysis import tables

    passage = expected(report_id)
    report = reports.load_report(report_id)
    assert report.year == passage.report_year
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # binhu's unread area and huishan's missing land use warn
        transfers, land_use = tables.land_transfers(report_id), tables.land_use(report_id)
    assert corpus.as_floats(corpus.found_supply(transfers)) == corpus.as_floats(
        corpus.expected_supply(passage)
    )
    assert corpus.as_floats(corpus.found_land_use(land_use)) == corpus.as_floats(
        corpus.expected_land_use(passage)
    )
    for frame in (transfers, land_use):
        assert all(report.raw[r.quote_start : r.quote_end] == r.quote for r in frame.itertuples())


def test_binhu_names_its_unread_area_and_nothing_else_is_unaccounted(library):
    from analysis import tables
    from tests.helpers import clear_caches

    clear_caches()  # a first read: numbers() warns when it reads a text, not when its cache answers
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        numbers = {r: tables.numbers(r) for r in REPORTS}
    unaccounted = {r: list(f.loc[f["status"] == "unaccounted", "quote"]) for r, f in numbers.items()}
    assert unaccounted == {"xishan_2023": [], "xishan_2024": [], "huishan_2024": [], "binhu_2024": ["5,12"]}
    assert any("binhu_2024.txt:5:133" in str(w.message) for w in caught)
