"""Which report a text is: its district, year, title and publisher, read off the text itself.

    read_identity(text)   # Identity(district='钟楼区', year=2024, title='钟楼区自然资源和规划局2024年工作总结',
                          #          publisher='钟楼区自然资源和规划局')

Used for a text outside the manifest (`--report PATH`) and by `add`, whose
options override each guess. A guess is never typed into a table: it names
the report (manifest row, pages), and `add` prints it for the analyst to
confirm.

NOTES
- The year is the one the title names (钟楼区…2024年工作总结), else the year
  the text names most often (a plan for next year is named less than the
  year reported on); the district the most frequent 两字+区/县 that is no
  common word (rules/district_words.csv: 全区, 园区, 社区 …).
- The title is the first line where it reads as one (short, naming a work
  summary, report or bulletin); a slogan line (凝聚奋进力量…) is no title.
  The publisher is the bureau the title names before its year, else a
  branch (武进分局) the text names; None when neither.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from .normalize import normalize
from .rules import rule_table, rules_dir

__all__ = ["Identity", "read_identity"]

_RULES = rules_dir(__file__)
_TITLED_YEAR = re.compile(r"(?<!\d)(20\d\d)年(?:度)?(?:工作)?(?:总结|报告|公报)")
_TITLE_WORDS = re.compile(r"(?:总结|报告|公报|年报)$")
_PUBLISHER = re.compile(r"^(.{2,40}?(?:局|分局|委员会|厅|中心|办公室))(?:20\d\d年)")
_BRANCH = re.compile(r"[\u4e00-\u9fff]{2}分局")


@dataclass(frozen=True)
class Identity:
    district: str | None
    year: int | None
    title: str | None  # the text's own title line, None when its first line is none
    publisher: str | None


@cache
def _not_districts() -> frozenset[str]:
    return frozenset(
        r["not_a_district"] for r in rule_table(_RULES, "district_words", ("not_a_district",), ("note",))
    )


def read_identity(text: str) -> Identity:
    """District, year, title and publisher as the text gives them (None for what it does not)."""
    folded = normalize(text).text
    first = folded.lstrip().split("\n", 1)[0].strip()
    short = len(first) < 60
    titled = _TITLED_YEAR.search(first) if short else None
    years = Counter(re.findall(r"(?<!\d)(20\d\d)年", folded))
    year = int(max(years, key=lambda y: (years[y], y))) if years else None
    if titled:  # the title says which year, whatever the plans for the next one
        year = int(titled.group(1))
    stop = _not_districts()
    names = Counter(
        m for m in re.findall(r"([\u4e00-\u9fff]{2}[区县])", folded) if m not in stop and m[-2:] not in stop
    )
    district = max(names, key=lambda n: (names[n], n)) if names else None
    title = first if short and _TITLE_WORDS.search(first) else None
    named = _PUBLISHER.match(title) if title else None
    branches = Counter(_BRANCH.findall(folded))
    publisher = (
        named.group(1) if named else (max(branches, key=lambda b: (branches[b], b)) if branches else None)
    )
    return Identity(district, year, title, publisher)
