"""The development corpus (tests/fixtures/corpus/): passages with their expected rows, and how to score them.

Each passage file holds the text, the expected supply and land-use rows
worked out by hand, and the arithmetic (see the corpus README). This module
reads a file, runs the library's tables on its text, and puts both sides in
the corpus's own notation, so that they compare as sets of rows:

    (statement, channel, method, use_type, period, parcels, area 亩, revenue 元, share, parent)

The expected values are converted here with their own small unit table
(exact fractions), not with the library's, so a wrong factor in the library
cannot hide. The table's conventions map onto the corpus's: 合计 and 未说明
are '-', and so is 划拨 as the method of a 划拨 part (the channel's one method,
implied, not printed); the channel labels map to the corpus's short names.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from analysis.source.normalize import normalize
from analysis.source.quantities import find_quantities
from tests.helpers import FIXTURES, text_report

CORPUS = FIXTURES / "corpus"
FILES = sorted(p for p in CORPUS.glob("*.txt"))

_SCALES = {"万亿": 10**12, "萬億": 10**12, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "": 1}
_IN_MU = {
    "亩": 1,
    "畝": 1,
    "公顷": 15,
    "公頃": 15,
    "平方公里": 1500,
    "平方米": Fraction(15, 10000),
    "平米": Fraction(15, 10000),
    "㎡": Fraction(15, 10000),  # the yardstick's pages print land areas in ㎡ and 万㎡ too
    "m²": Fraction(15, 10000),
}
_IN_YUAN = {"元": 1}
_CHANNELS = {
    "国有建设用地出让": "出让",
    "划拨": "划拨",
    "国有建设用地租赁": "租赁",
    "作价出资（入股）": "作价出资",
    "集体经营性建设用地入市": "集体入市",
}
_PRINTED = re.compile(
    r"^(?:约|約|近|超|逾)?(\d+(?:\.\d+)?)(万亿|萬億|万|萬|亿|億)?(.+)$"
)  # 約436.8畝: as printed


def exact(printed: str, units: dict) -> Fraction | None:
    """The value of '312.45公顷' in the unit table's base (亩 or 元), exactly; None for '-'."""
    if printed == "-":
        return None
    # 八点五亩, 五百二十万元 (27_04): an amount in Chinese numerals, read as the table reads it
    match = _PRINTED.match(printed) or _PRINTED.match(normalize(printed).text)
    # 1亿7778万4418元 (32_01): an amount in parts, read as the table reads it
    if match is None or match[3] not in units:
        (q,) = find_quantities(normalize(printed).text)
        assert q.unit in units, f"unknown unit in {printed!r}"
        return q.value * units[q.unit]
    return Fraction(match[1]) * _SCALES[match[2] or ""] * units[match[3]]


@dataclass
class Passage:
    path: Path
    report_year: int
    text: str
    supply: list[dict] = field(default_factory=list)
    land_use: list[dict] = field(default_factory=list)
    expect: str = ""
    withheld: dict[str, str] | None = None  # id -> the trust gate expected to withhold it; None: not checked

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def is_negative(self) -> bool:
        return not self.supply and not self.land_use


def _rows(lines: list[str], columns: tuple[str, ...]) -> list[dict]:
    rows = []
    for line in lines:
        if line.strip() and not line.startswith("#"):
            values = [v.strip() for v in line.split("|")]
            assert len(values) == len(columns), line
            rows.append(dict(zip(columns, values, strict=True)))
    return rows


SUPPLY = (
    "id",
    "parent",
    "statement",
    "channel",
    "method",
    "use_type",
    "period",
    "parcels",
    "area",
    "revenue",
    "share_pct",
)
LAND_USE = ("land_class", "classification", "parent_class", "reference_year", "area")


def read(path: Path) -> Passage:
    sections: dict[str, list[str]] = {}
    current = "header"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== "):
            current = line[4:].strip()
            sections[current] = []
        else:
            sections.setdefault(current, []).append(line)
    year = int(next(line.split(":")[1] for line in sections["header"] if line.startswith("# report_year:")))
    return Passage(
        path,
        year,
        "\n".join(sections.get("text", [])).strip("\n"),  # the fixture library keeps its texts in raw/
        _rows(sections["supply"], SUPPLY),
        _rows(sections["land_use"], LAND_USE),
        "\n".join(sections["expect"]),
        _withheld(sections),
    )


def _withheld(sections: dict[str, list[str]]) -> dict[str, str] | None:
    """The optional `=== withheld` section: `id | gate` for each row the trust step must withhold (extract/trust.py;
    a section of comments only: none); a passage without the section is not checked for it."""
    if "withheld" not in sections:
        return None
    return {r["id"]: r["gate"] for r in _rows(sections["withheld"], ("id", "gate"))}


def expected_supply(passage: Passage, ids: set[str] | None = None) -> list[tuple]:
    """The expected supply rows in the corpus's notation (only those of `ids` when given)."""
    by_id = {r["id"]: r for r in passage.supply}

    def key(r: dict) -> tuple:
        return (r["statement"], r["channel"], r["method"], r["use_type"], r["period"])

    return sorted(
        (
            (
                *key(r),
                None if r["parcels"] == "-" else int(r["parcels"]),
                exact(r["area"], _IN_MU),
                exact(r["revenue"], _IN_YUAN),
                None if r["share_pct"] == "-" else r["share_pct"],
                key(by_id[r["parent"]]) if r["parent"] != "-" else None,
            )
            for r in passage.supply
            if ids is None or r["id"] in ids
        ),
        key=repr,  # rows that differ only where one has None and the other a number
    )


def _method(row) -> str:
    if row.method in ("合计", "未说明") or (row.method == "划拨" and row.channel == "划拨"):
        return "-"
    return {"协议出让": "协议"}.get(row.method, row.method)


def found_supply(frame, gate: str | None = None) -> list[tuple]:
    """The land_transfers rows in the corpus's notation (with `gate`: only the rows that gate withholds)."""
    return _supply_notation(tuples(frame), gate)


def _supply_notation(rows: list, gate: str | None = None) -> list[tuple]:
    by_id = {r.item_id: r for r in rows}

    def key(r) -> tuple:
        channel = _CHANNELS.get(r.channel, r.channel) if isinstance(r.channel, str) else "-"
        use_type = "-" if r.use_type in ("合计",) else r.use_type
        return (r.statement, channel, _method(r), use_type, r.period)

    def number(value, kind=Fraction):
        import pandas as pd

        return None if pd.isna(value) else kind(value)

    return sorted(
        (
            (
                *key(r),
                number(r.parcels, int),
                number(r.area_mu),
                number(r.revenue_yuan),
                None if not isinstance(r.share_printed, str) else r.share_printed,
                key(by_id[r.parent_item_id]) if isinstance(r.parent_item_id, str) else None,
            )
            for r in rows
            if gate is None or (r.withheld is True and r.withheld_gate == gate)
        ),
        key=repr,  # as expected_supply sorts
    )


def expected_land_use(passage: Passage) -> list[tuple]:
    return sorted(
        (
            r["land_class"],
            r["classification"],
            r["parent_class"],
            int(r["reference_year"]),
            exact(r["area"], _IN_MU),
        )
        for r in passage.land_use
    )


def found_land_use(frame) -> list[tuple]:
    return _land_use_notation(tuples(frame))


def _land_use_notation(rows: list) -> list[tuple]:
    return sorted(
        (
            r.land_class,
            r.classification,
            r.parent_class if isinstance(r.parent_class, str) else "-",
            int(r.reference_year),
            Fraction(r.area_mu),
        )
        for r in rows
    )


def as_floats(rows: list[tuple]) -> list[tuple]:
    """Fractions as the floats a table holds (the table converts exactly, then rounds once)."""
    return [tuple(float(v) if isinstance(v, Fraction) else v for v in row) for row in rows]


def report_of(passage: Passage):
    from analysis.source.reports import Report

    return Report(
        f"corpus_{passage.name}",
        passage.path,
        None,
        None,
        passage.report_year,
        "",
        "",
        None,
        None,
        passage.text,
        in_manifest=False,
    )


def supply_rows_of(text: str, year: int = 2023) -> list[tuple]:
    """The supply rows (as floats) the extractor reads off a text outside the manifest, warnings ignored."""
    from analysis import tables

    report = text_report(text, year, "property")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return as_floats(found_supply(tables.land_transfers(report)))


def run(passage: Passage):
    """(land_transfers, land_use, warning messages) of a passage. Made once per text: each passage is read
    by three tests and the score (the frames are shared: read them, never change them)."""
    transfers, land_use, messages = _run(passage.path, passage.report_year, passage.text)
    return transfers, land_use, list(messages)


# 1024: every passage's text (296) and each with the closing paragraph test_corpus appends (264) fit, 512 did not
@lru_cache(maxsize=1024)
def _run(path: Path, report_year: int, text: str):
    from analysis import tables

    report = report_of(Passage(path, report_year, text))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        transfers, land_use = tables.land_transfers(report), tables.land_use(report)
    return transfers, land_use, tuple(str(w.message) for w in caught)


def found(passage: Passage) -> tuple[list[tuple], list[tuple]]:
    """(supply rows, land-use rows) a passage gives, in the corpus's notation as floats: made once per text,
    as its tables are (the score and the passage's own test compare the same rows)."""
    return _found(passage.path, passage.report_year, passage.text)


@lru_cache(maxsize=1024)
def _found(path: Path, report_year: int, text: str) -> tuple[list[tuple], list[tuple]]:
    transfers, land_use = _frame_rows(path, report_year, text)
    return as_floats(_supply_notation(transfers)), as_floats(_land_use_notation(land_use))


def rows(passage: Passage) -> tuple[list, list]:
    """tuples() of the passage's land_transfers and land_use: made once per text, as its frames are (the
    passage's tests and `found` read the same rows)."""
    return _frame_rows(passage.path, passage.report_year, passage.text)


@lru_cache(maxsize=1024)
def _frame_rows(path: Path, report_year: int, text: str) -> tuple[list, list]:
    transfers, land_use, _ = _run(path, report_year, text)
    return tuples(transfers), tuples(land_use)


def tuples(frame) -> list:
    """frame.itertuples() at a third of its cost: pandas fetches every column of a frame one by one, and
    making a namedtuple class costs as much as reading a small frame (one class per set of columns)."""
    if frame.empty:
        return []
    row = _row_type(tuple(frame.columns))
    values = frame.to_numpy(dtype=object).tolist()
    return [row(i, *v) for i, v in zip(frame.index, values, strict=True)]


@lru_cache(maxsize=64)
def _row_type(columns: tuple[str, ...]) -> type:
    from collections import namedtuple

    return namedtuple("Row", ["Index", *columns], rename=True)


def score(passages: list[Passage]) -> dict[str, int]:
    """Rows recovered, expected and false over the passages (supply and land use together)."""
    from collections import Counter

    totals = Counter()
    for passage in passages:
        supply, land_use = found(passage)
        wanted = as_floats(expected_supply(passage)), as_floats(expected_land_use(passage))
        for expected, rows in zip(wanted, (supply, land_use), strict=True):
            hit = Counter(expected) & Counter(rows)
            totals["expected"] += len(expected)
            totals["recovered"] += sum(hit.values())
            totals["false"] += len(rows) - sum(hit.values())
        totals["passages"] += 1
        totals["exact"] += wanted == (supply, land_use)
    return dict(totals)
