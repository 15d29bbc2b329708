"""A caveat that sends the reader to a table names it as its page shows it (a heading of that page)."""

from __future__ import annotations

import csv
import json
import re

from analysis.derive import all_tables
from tests.helpers import DATA, ROOT

_NOTEBOOKS = {"land_transfers": "01", "land_use": "02", "indicators": "03", "sources": "00"}


def _headings(page: str) -> set[str]:
    """The '## ' headings of the page's notebook, Chinese and English."""
    (path,) = (ROOT / "notebooks").glob(f"{_NOTEBOOKS[page]}_*.ipynb")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "".join("".join(c["source"]) + "\n" for c in cells if c["cell_type"] == "markdown")
    return {h.strip() for h in re.findall(r"^#{2,3} (.+)$", text, re.M)}


def test_a_caveat_names_a_table_by_the_heading_its_page_shows_it_under():
    """lookall14: the indicators page's caveat said the ratio of restored land to the towns' task was in
    “主要比率” (the workbook's sheet of derived ratios; 'the key ratios'), a heading the page has not: its table
    is 比率与完成情况 / Rates and achieved against target."""
    tables = {spec.zh.split("：")[0] for spec in all_tables().values()}
    checked = 0
    for path in sorted((DATA / "registry").glob("*/caveats.csv")):
        for row in csv.DictReader(path.open(encoding="utf-8")):
            if row["page"] not in _NOTEBOOKS:
                continue
            headings = _headings(row["page"])
            for name in re.findall(r"“([^”]+)”", row["zh"]):
                if name in tables or name in headings:
                    assert name in headings, (path.parent.name, row["page"], name)
                    checked += 1
            assert "the key ratios" not in row["en"], (path.parent.name, row["en"])
    assert checked >= 1
