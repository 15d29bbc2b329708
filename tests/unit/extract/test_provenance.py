"""How a supply row was read (records.Provenance): where its use type and its period were chosen.

The texts are ours (our words, our numbers). Each value is set where the extractor chooses it (supply_statement.py): a
label from a 分别 list, from the row's own words, carried from the statement before, or none (a total); a
period from a list, the row's own clause, its sentence's lead, carried from before, or the report's year (said
somewhere before the row, or by default).
"""

from __future__ import annotations

import warnings

import pytest

from analysis.extract import trust
from analysis.extract.extraction import extract
from analysis.extract.records import LABEL_FROM, MADE_BY, PERIOD_FROM, Provenance, TransferRecord
from tests.helpers import text_report


def _read(text: str, year: int = 2025) -> list[tuple]:
    """(statement, use type, period, label_from, period_from) of each supply row of the text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = extract(text_report(text, year)).transfers
    return [(r.statement, r.use_type, r.period.label, r.how.label_from, r.how.period_from) for r in found]


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        (  # the parts' names come from the 分别 list; the sentence says its year (the report's: said all the same)
            "2025年,全县供应国有建设用地共320公顷,其中工矿仓储用地、商服用地分别供应120公顷、80公顷。",
            [
                ("supply", "合计", "2025", "none", "sentence"),
                ("part", "工矿仓储", "2025", "list", "sentence"),
                ("part", "商服", "2025", "list", "sentence"),
            ],
        ),
        (  # the part's use type stands beside its own figures
            "全县出让国有建设用地45宗,面积210亩,其中工业用地12宗、面积96亩。",
            [
                ("channel_total", "合计", "2025", "none", "default"),
                ("part", "工业", "2025", "words", "default"),
            ],
        ),
        (  # 成交12宗 names no use type: the market total before it in the sentence gives its own
            "本月全市共推出住宅用地18宗,成交12宗。",
            [
                ("market_offered", "住宅", "2025", "words", "default"),
                ("market_sold", "住宅", "2025", "carried", "default"),
            ],
        ),
        (  # one value a month: each month is the list's
            "2月、3月全县分别出让土地15宗和9宗。",
            [
                ("channel_total", "合计", "2025-02", "none", "list"),
                ("channel_total", "合计", "2025-03", "none", "list"),
            ],
        ),
        (  # the sentence's lead names 2023; the clause after ; names its own year
            "2023年全县出让土地31宗;2024年,出让土地27宗。",
            [
                ("channel_total", "合计", "2023", "none", "sentence"),
                ("channel_total", "合计", "2024", "none", "clause"),
            ],
        ),
        (  # the half-year of the sentence before, which had no figure
            "2025年上半年,全县土地市场平稳运行。全县共出让土地30宗,面积200亩。",
            [("channel_total", "合计", "2025-01..2025-06", "none", "carried")],
        ),
        (  # no period anywhere: the report's year by default
            "全县共出让土地30宗,面积200亩。",
            [("channel_total", "合计", "2025", "none", "default")],
        ),
        (  # the report's year, said by a sentence before, not by its own
            "2025年,全县土地市场平稳运行。全县共出让土地30宗,面积200亩。",
            [("channel_total", "合计", "2025", "none", "report_year")],
        ),
        (  # months a sentence before set, said again by its own sentence: said
            "1-11月,全县土地市场平稳运行。1-11月,全县共出让土地30宗,面积200亩。",
            [("channel_total", "合计", "2025-01..2025-11", "none", "sentence")],
        ),
        (  # the year opens the row's own words, before its figure (round 13): said, not the report's year
            "2025年全国重点40城成交住宅用地2310宗。",
            [("market_sold", "住宅", "2025", "words", "sentence")],
        ),
    ],
)
def test_each_row_says_how_its_label_and_period_were_chosen(text, rows):
    assert _read(text) == rows


def test_a_row_made_by_a_later_step_says_which():
    # the total and first part of a list of counts, put together after the drafts (lists.py); the last count's part
    # is a draft's
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = extract(text_report(LIST_OF_COUNTS)).transfers
    assert [(r.statement, r.use_type, r.how.label_from, r.how.made_by) for r in found] == [
        ("method_total", "合计", "elsewhere", "list_total"),
        ("part", "住宅", "elsewhere", "list_part"),
        ("part", "商业", "words", "draft"),
    ]


LIST_OF_COUNTS = "3宗住宅用地、2宗商业用地挂牌出让成交,总面积86亩,成交总额5.2亿元。"


@pytest.mark.parametrize(
    ("text", "row"),
    [
        (  # a bracketed sub-count (hierarchy.of_which): its period is its draft's (none said), its label the step's
            "全区出让国有工业用地挂牌27宗(其中新型产业用地5宗),面积1545亩。",
            ("of_which", "新型产业", "elsewhere", "default", "of_which"),
        ),
        (  # an amount whose scope the sentence leaves open (4 lots or all 9?): a row of its own, flagged
            "全区集体经营性建设用地入市9宗,其中出让入市4宗、租赁入市5宗,金额1859万元。",
            ("scope_unclear", "集体经营性建设用地", "elsewhere", "elsewhere", "scope"),
        ),
        (  # proceeds no record of their own holds, and no record before to take them (proceeds.py)
            "全年实现土地出让收入9.72亿元。",
            ("channel_total", "合计", "elsewhere", "elsewhere", "proceeds"),
        ),
    ],
)
def test_a_row_another_step_made_says_which(text, row):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = extract(text_report(text)).transfers
    made = [(r.statement, r.use_type, r.how.label_from, r.how.period_from, r.how.made_by) for r in found]
    assert made[-1] == row and all(r.how.made_by == "draft" for r in found[:-1])


def test_a_row_says_elsewhere_unless_a_step_says_how():
    assert Provenance() == Provenance("elsewhere", "elsewhere", "elsewhere")
    assert all(
        "elsewhere" in declared for declared in (LABEL_FROM, PERIOD_FROM, MADE_BY)
    )  # the default is one


def test_how_a_row_was_read_is_no_part_of_what_it_states():
    one = TransferRecord("part", "transfer", "合计", "工业", 0, 4, None)
    other = TransferRecord("part", "transfer", "合计", "工业", 0, 4, None, how=Provenance("list", "clause"))
    assert one == other  # records compared (repeats, lists of records) stay equal whatever their provenance


@pytest.mark.parametrize(
    ("text", "several"),
    [
        ("全县出让土地45宗、面积210亩。", [False]),  # side by side
        ("全县出让土地45宗,面积210亩。", [True]),  # a comma between: two clauses
        ("全县出让土地1,245亩,出让收入3.2亿元。", [True]),  # the comma grouping 1,245 is no clause's end
        ("全县出让土地1,245亩。", [False]),
    ],
)
def test_joined_tells_figures_standing_in_more_than_one_clause(text, several):
    report = text_report(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = extract(report).transfers
    assert [trust.joined(report.text, r) for r in found] == several


def test_every_corpus_row_says_how_it_was_read_in_declared_values():
    """Over the corpus (every family): each supply row carries one declared value of each, and every value the
    extractor chooses is met somewhere."""
    from tests import corpus

    seen = set()
    for path in sorted(corpus.CORPUS.glob("*.txt")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = extract(corpus.report_of(corpus.read(path))).transfers
        for r in found:
            how = r.how
            assert how.label_from in LABEL_FROM and how.period_from in PERIOD_FROM, (path.name, how)
            assert how.made_by in MADE_BY, (path.name, how)
            seen |= {how.label_from, how.period_from, how.made_by}
    assert seen >= {
        "list",
        "words",
        "carried",
        "none",
        "clause",
        "sentence",
        "report_year",
        "default",
        "draft",
    }
