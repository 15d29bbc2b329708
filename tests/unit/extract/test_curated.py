"""Curated statements (data/registry/<report>/statements.csv): add, correct or remove a supply statement.

The passage below is written for these tests. The extractor reads its 出让
and 划拨 figures; it cannot read 新供工业项目用地 (no supply verb it knows),
which an analyst adds by quote and meaning.
"""

from __future__ import annotations

import pytest

from analysis import land_transfers, numbers
from analysis.errors import RegistryError
from tests.helpers import none_if_missing

TEXT = (
    "某县自然资源局2023年工作总结\n"
    "2023年，全县共出让国有建设用地41宗，面积139.58公顷，成交价款18.62亿元；划拨供地16宗，面积52.07公顷。\n"
    "开发区全年新供工业项目用地45宗、1200亩。\n"
)
pytestmark = pytest.mark.filterwarnings("ignore::analysis.errors.ExtractionWarning")  # no land use here
HEADER = "item_id,statement,channel,method,use_type,period,parent_item_id,quote,note\n"


@pytest.fixture
def passage(data_copy):
    path = data_copy / "raw" / "passage.txt"
    path.write_text(TEXT, encoding="utf-8")
    (data_copy / "registry" / "passage").mkdir()
    return path


def _statements(data_copy, rows: str) -> None:
    (data_copy / "registry" / "passage" / "statements.csv").write_text(HEADER + rows, encoding="utf-8")


def _rows(path) -> list[tuple]:
    frame = land_transfers(path)
    return [
        tuple(
            none_if_missing(v)
            for v in (r.item_id, r.statement, r.use_type, r.parcels, r.area_mu, r.source, r.period)
        )
        for r in frame.itertuples()
    ]


def test_without_a_statements_file_every_row_is_extracted(passage):
    assert _rows(passage) == [
        ("transfer.total", "channel_total", "合计", 41, pytest.approx(139.58 * 15), "extracted", "2023"),
        ("allocation.total", "channel_total", "合计", 16, pytest.approx(52.07 * 15), "extracted", "2023"),
    ]


def test_a_curated_statement_adds_what_the_extractor_missed(passage, data_copy):
    _statements(
        data_copy,
        "transfer.industrial,part,transfer,,工业,,transfer.total,新供工业项目用地45宗、1200亩,新供 = 出让\n",
    )
    frame = land_transfers(passage).set_index("item_id")
    row = frame.loc["transfer.industrial"]
    # 新供工业项目用地45宗、1200亩: 45 parcels, 1200 亩 = 80 公顷, parsed from the quote
    assert (row["parcels"], row["area_mu"], row["area_ha"], row["source"]) == (45, 1200, 80, "curated")
    assert row["parent_item_id"] == "transfer.total" and row["channel"] == "国有建设用地出让"
    assert TEXT[row["quote_start"] : row["quote_end"]] == row["quote"] == "新供工业项目用地45宗、1200亩"
    counted = numbers(passage).set_index("quote")
    assert counted.loc["45", "used_by"] == "land_transfers:transfer.industrial"


def test_a_curated_statement_replaces_the_extracted_one_and_its_numbers(passage, data_copy):
    # the analyst knows 41宗 covers January to November only
    _statements(
        data_copy,
        "transfer.total,channel_total,transfer,,,2023-01..2023-11,,出让国有建设用地41宗，面积139.58公顷,\n",
    )
    rows = {r[0]: r for r in _rows(passage)}
    assert rows["transfer.total"][5:] == ("curated", "2023-01..2023-11")
    assert rows["transfer.total"][3] == 41
    frame = land_transfers(passage).set_index("item_id")
    assert (
        none_if_missing(frame.loc["transfer.total", "revenue_yuan"]) is None
    )  # 18.62亿元 is outside the quote
    assert "18.62" in set(numbers(passage).query("status == 'unaccounted'")["quote"])


def test_not_supply_removes_a_false_row_and_check_lists_its_numbers(passage, data_copy):
    _statements(data_copy, ",not_supply,,,,,,划拨供地16宗，面积52.07公顷,a quota trade in this county\n")
    assert [r[0] for r in _rows(passage)] == ["transfer.total"]
    unaccounted = numbers(passage).query("status == 'unaccounted'")["quote"].tolist()
    assert {"16", "52.07"} <= set(unaccounted)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "x,part,transfer,,工业,,,新供工业项目用地46宗,",
            r"statements.csv:2: column 'quote': “新供工业项目用地46宗” is not in",
        ),
        ("x,part,transfer,,工业,,,用地45宗、1200亩。\n开发区,", r"statements.csv:2: expected 9 fields"),
        (
            "x,whatever,transfer,,,,,新供工业项目用地45宗,",
            r"statements.csv:2: column 'statement': expected one of supply",
        ),
        (
            "x,part,state,,,,,新供工业项目用地45宗,",
            r"statements.csv:2: column 'channel': 'state' is not a channel key",
        ),
        (
            "x,part,transfer,网拍,,,,新供工业项目用地45宗,",
            r"statements.csv:2: column 'method': '网拍' is not a method",
        ),
        (
            "x,part,transfer,,,,nope,新供工业项目用地45宗,",
            r"statements.csv:2: column 'parent_item_id': no row 'nope'",
        ),
        (
            "x,part,transfer,,,2023-13x,,新供工业项目用地45宗,",
            r"statements.csv:2: column 'period': expected 2023",
        ),
        (
            "x,channel_total,transfer,,,,,41宗，面积139.58公顷，成交价款18.62亿元；划拨供地16宗,",
            r"statements.csv:2: column 'quote': two parcels figures \(41宗, 16宗\)",
        ),
        (
            "transfer.total,part,transfer,,,,,开发区全年新供,",
            r"statements.csv:2: column 'quote': “开发区全年新供” holds no figure",
        ),
    ],
)
def test_a_malformed_statement_is_refused_naming_file_line_and_column(passage, data_copy, row, message):
    _statements(data_copy, row + "\n")
    with pytest.raises(RegistryError, match=message) as caught:
        land_transfers(passage)
    assert "\n" not in str(caught.value)
