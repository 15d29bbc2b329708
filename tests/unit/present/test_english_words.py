"""The English pages' own words are English: Chinese only as a gloss in brackets or in quotes.

An English reader cannot read "耕地 is part of 农用地" or "half a 亿元"; "cultivated land (耕地)" keeps
the report's term beside the translation. Quotes of the report (“…”, 《…》) stay as printed.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from tests.helpers import DATA, LIBRARY, ROOT

_CHINESE = re.compile(r"[\u4e00-\u9fff]+")
_ALLOWED = re.compile(r"\([^()]*\)|（[^（）]*）|“[^”]*”|《[^》]*》")  # a gloss in brackets, a quote


def bare_chinese(text: str) -> list[str]:
    """The Chinese of `text` outside brackets and quotes."""
    return _CHINESE.findall(_ALLOWED.sub("", text))


def _english_cells() -> list[tuple[str, str]]:
    out = []
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if "lang-en" in cell.get("metadata", {}).get("tags", []):
                out.append((notebook.name, "".join(cell["source"])))
    return out


def _english_rows() -> list[tuple[str, str]]:
    files = [ROOT / "src/analysis/present/rules/caveats.csv"]
    for registry in (DATA / "registry", LIBRARY / "registry"):
        files += sorted(registry.glob("*/caveats.csv")) + sorted(registry.glob("*/findings.csv"))
    out = []
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            out += [(str(path.relative_to(ROOT)), row["en"]) for row in csv.DictReader(handle)]
    return out


def test_the_rule_lets_glosses_and_quotes_through_and_nothing_else():
    assert bare_chinese("Cultivated land (耕地) is part of agricultural land (农用地)") == []
    assert bare_chinese("the report says “正在紧张推进中” of 《工作总结》") == []
    assert bare_chinese("耕地 (cultivated land) is part of 农用地") == ["耕地", "农用地"]


@pytest.mark.parametrize("where, text", _english_cells() + _english_rows())
def test_english_words_carry_chinese_only_as_a_gloss_or_a_quote(where, text):
    assert bare_chinese(text) == [], (where, text)


def _wording_rows() -> list[tuple[str, str]]:
    """The English of every rule table that has some (wording, ratio notes, the reliability banner ...)."""
    out = []
    for path in sorted((ROOT / "src/analysis").glob("*/rules/*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        out += [(str(path.relative_to(ROOT)), row["en"]) for row in rows if row.get("en")]
    return out


def test_a_percentage_is_written_as_the_numbers_beside_it():
    """'The often-cited 30 % is a rule of thumb' beside '31.7%' in one sentence (look8, 2026-12-06); look9:
    the ratio notes ('about 80 %') and the reliability banner ('{right_pct} % of expected rows', with a
    no-break space) still wrote it so."""
    texts = _english_cells() + _english_rows() + _wording_rows()
    spaced = re.compile(r"[\d}][ \u00a0\u202f]%")
    assert len(texts) > 300 and [(where, t) for where, t in texts if spaced.search(t)] == []
