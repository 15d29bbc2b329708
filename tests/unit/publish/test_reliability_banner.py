"""Every reviewer page of a report says what kind of text it reads like and how far such rows were right.

The banner's words and figures come from extract/rules/reliability.csv: a changed copy changes the pages.
"""

from __future__ import annotations

import html
import re
import shutil

from analysis.extract import text_kind
from analysis.publish.pages import read_notebook
from analysis.publish.site import write_site
from tests.unit.publish.test_pages import _notebook

HEADER = "kind,passages,expected_rows,right_rows,printed_rows,false_rows,unseen,sets,measured_at\n"


def _banners(path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [
        html.unescape(re.sub(r"<[^>]+>", "|", b)) for b in re.findall(r'<p class="reliability.*?</p>', text)
    ]


def _site(tmp_path, monkeypatch, measured: str) -> dict:
    """Wujin's reviewer pages, written with a copy of the rules whose reliability.csv holds one row."""
    rules = tmp_path / "rules"
    shutil.copytree(text_kind.RULES, rules)
    (rules / "reliability.csv").write_text(HEADER + measured + "\n", encoding="utf-8")
    monkeypatch.setattr(text_kind, "RULES", rules)
    page = read_notebook(_notebook(), "01_x")
    (tmp_path / "site" / "html").mkdir(parents=True)
    return write_site(tmp_path / "site", [page], "wujin_2024", with_pdfs=False)


def test_every_page_carries_the_banner_chinese_first_with_the_csvs_figures(tmp_path, monkeypatch):
    written = _site(
        tmp_path, monkeypatch, "work_summary,31,64,50,58,6,yes,holdout3 holdout4 holdout5,abc1234"
    )
    zh = "本文读来像工作总结。依据31篇未参与开发的同类文本：人工列出的行中78%读对，印出的行中10%有误。请逐行对照原句核对。"
    en = (
        "This text reads like a work summary. Based on 31 unseen passages of this kind: 78% of the rows listed"
        " by hand came out right, 10% of printed rows false. Check every row against its sentence."
    )
    pages = [path for files in written.values() for path in files]
    assert {p.name for p in pages} >= {
        "index.html",
        "index.en.html",
        "01_x.html",
        "report.html",
        "report.en.html",
    }
    for path in pages:  # the front page, the notebook pages, the annotated report, in both languages
        assert _banners(path) == [f"||{zh}| |{en}||"], path.name  # <p><span zh> <span en></p>
    front = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert (
        front.index('class="doc-title"') < front.index('class="reliability') < front.index('id="story-title"')
    )


def test_a_kind_that_reads_well_says_so_and_is_marked_good(tmp_path, monkeypatch):
    _site(tmp_path, monkeypatch, "work_summary,12,40,39,39,0,yes,holdout3,abc1234")
    text = (tmp_path / "site" / "html" / "report.en.html").read_text(encoding="utf-8")
    assert '<p class="reliability good" role="note">' in text
    assert (
        "这类文本读得好，抽查几行即可。" in text
        and "Texts of this kind read well: spot-check a few rows." in text
    )
