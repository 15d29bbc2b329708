"""Every reviewer page of a report says what kind of text it reads like and how far such rows were right.

The banner's words and figures come from extract/rules/reliability.csv: a changed copy changes the pages.
"""

from __future__ import annotations

import html
import re
import shutil
import warnings

import pytest

from analysis.errors import ExtractionWarning
from analysis.extract import text_kind
from analysis.publish.pages import read_notebook
from analysis.publish.site import write_site
from tests.unit.publish.test_pages import _notebook

HEADER = "kind,passages,expected_rows,right_rows,printed_rows,false_rows,unseen,sets,measured_at\n"


def _banners(path) -> list[tuple[list[str], list[str]]]:
    """Each banner of a page: its Chinese sentences and its English ones, each a line (a span) of its own."""
    text = path.read_text(encoding="utf-8")
    out = []
    for banner in re.findall(r'<p class="reliability (?!short).*?</p>', text):
        zh, en = (re.search(rf'<span lang="{lang}">(.*?</span>)</span>', banner)[1] for lang in ("zh", "en"))
        out.append(
            tuple([html.unescape(s) for s in re.findall(r"<span>(.*?)</span>", part)] for part in (zh, en))
        )
    return out


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
    # Wujin's own checks first (look10): 68 digits read as facts + 27 excluded = 95, none unaccounted; its
    # 出让 total against its parts: 56 = 56宗, 3771.3 - 3771.41 = -0.11亩, 203.75 - 203.69 = +0.06亿元 (both
    # within print rounding); no statement left unread
    zh = [
        "本报告自身的核对：原文95处数字均已读入表格或注明不计；合计与分项核对3项，均一致（2项差额在印刷舍入之内）；"
        "全部陈述均已读入表格。",
        "本文读来像工作总结。依据31篇未参与开发的同类文本：人工列出的行中78%读对，印出的行中10%有误。请逐行对照原句核对。",
    ]
    en = [
        "This report's own checks: all 95 numbers in its text are read into a table or set aside with a reason;"
        " totals agree with their parts in all 3 checks (2 within print rounding); every statement is read into"
        " a table.",
        "This text reads like a work summary. Based on 31 unseen passages of this kind: 78% of the rows listed"
        " by hand came out right, 10% of printed rows false. Check every row against its sentence.",
    ]
    pages = [path for files in written.values() for path in files]
    assert {p.name for p in pages} >= {
        "index.html",
        "index.en.html",
        "01_x.html",
        "report.html",
        "report.en.html",
    }
    fronts = [path for path in pages if path.name.startswith("index.")]
    for path in fronts:  # the full statement, on both languages' front pages
        assert _banners(path) == [(zh, en)], path.name  # the report's own checks first, then its kind
    front = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert (
        front.index('class="doc-title"') < front.index('class="reliability') < front.index('id="story-title"')
    )
    assert front.count('id="own-checks"') == 1


def test_the_front_page_folds_the_full_statement_under_its_one_line(tmp_path, monkeypatch):
    """look12: the full banner, both languages, took 440 px of a phone before the front page's findings (230 at
    1366 px). The front page now says the one line of the page's language, as the pages after it do, and folds
    the whole under it (closed: one tap opens it; a link to #own-checks opens it; the PDF prints it open)."""
    from analysis.publish.links import for_print

    _site(tmp_path, monkeypatch, "work_summary,31,64,50,58,6,yes,holdout3 holdout4 holdout5,abc1234")
    for name, line, more in (
        ("index.html", "本报告自身的核对未见问题。请逐行对照原句核对。", "全文说明与同类文本的实测"),
        (
            "index.en.html",
            "This report's own checks found no problem. Check every row against its sentence. ",
            "The full statement and how texts of this kind read",
        ),
    ):
        front = (tmp_path / "site" / name).read_text(encoding="utf-8")
        folded = re.findall(r"<details class=\"reliability[^\"]*\">(.*?)</details>", front, re.S)
        assert len(folded) == 1, name
        summary = re.search(r"<summary>(.*?)</summary>", folded[0])[1]
        assert html.unescape(summary) == f'{line}<span class="more">{more}</span>'
        assert 'id="own-checks"' in folded[0] and front.count('id="own-checks"') == 1
        assert "<details open" not in front
        assert '<details open class="reliability' in for_print(front, "index", {name})


def _short(path) -> list[tuple[str, str]]:
    """Each short banner of a page: its text and where its link goes."""
    text = path.read_text(encoding="utf-8")
    found = re.findall(
        r'<p class="reliability short[^"]*" role="note">(.*?)<a href="([^"]+)">(.*?)</a></p>', text
    )
    return [(html.unescape(said) + html.unescape(link), href) for said, href, link in found]


def test_inner_pages_carry_one_line_of_the_banner_in_their_language_linked_to_the_front(
    tmp_path, monkeypatch
):
    """On a phone the full banner took 440 px before each page's content (look10): the pages after the front
    say the report's own checks in a line of the page's language, the kind's advice, and link to the full
    statement on the front page (the PDF's first page)."""
    written = _site(
        tmp_path, monkeypatch, "work_summary,31,64,50,58,6,yes,holdout3 holdout4 holdout5,abc1234"
    )
    inner = [path for files in written.values() for path in files if not path.name.startswith("index.")]
    assert {p.name for p in inner} == {"01_x.html", "01_x.en.html", "report.html", "report.en.html"}
    for path in inner:
        assert _banners(path) == [], path.name  # not the full one
        zh = not path.name.endswith(".en.html")
        assert _short(path) == [
            (
                "本报告自身的核对未见问题。请逐行对照原句核对。全文说明与同类文本的实测见首页"
                if zh
                else "This report's own checks found no problem. Check every row against its sentence."
                " The full statement and how texts of this kind read: front page",
                "../index.html#own-checks" if zh else "../index.en.html#own-checks",
            )
        ], path.name


def test_a_kind_that_reads_well_says_so_and_is_marked_good(tmp_path, monkeypatch):
    _site(tmp_path, monkeypatch, "work_summary,12,40,39,39,0,yes,holdout3,abc1234")
    text = (tmp_path / "site" / "index.en.html").read_text(encoding="utf-8")
    assert '<details class="reliability good"><summary>' in text
    assert '<p class="reliability full" id="own-checks" role="note">' in text
    assert (
        "这类文本读得好，抽查几行即可。" in text
        and "Texts of this kind read well: spot-check a few rows." in text
    )
    inner = (tmp_path / "site" / "html" / "report.html").read_text(encoding="utf-8")
    assert (
        '<p class="reliability short good" role="note">本报告自身的核对未见问题。这类文本读得好，抽查几行即可。<a'
        in inner
    )


def test_the_banner_says_what_each_reports_own_checks_found(library):
    """Counted from each report's tables, never typed: binhu_2024 leaves '12亩' of 'A12亩' unread (a code, not
    a quantity) and one statement unread; xishan_2024 accounts for all 23 of its digits (19 facts, 4 excluded)."""
    from analysis.present.notes import own_checks

    binhu, xishan = own_checks("binhu_2024"), own_checks("xishan_2024")
    assert (
        binhu.zh
        == "本报告自身的核对：原文23处数字中有1处未能说明；合计与分项核对3项，全部一致；1条陈述未读入表格。请先核对这几项。"
    )
    assert binhu.en == (
        "This report's own checks: 1 of the 23 numbers in its text is not accounted for; totals agree with their"
        " parts in all 3 checks; 1 statement is not read into a table. Check these first."
    )
    assert not binhu.sound and xishan.sound
    assert xishan.zh.startswith(
        "本报告自身的核对：原文23处数字均已读入表格或注明不计；合计与分项核对3项，全部一致；"
    )


def test_a_problem_the_reports_own_checks_found_marks_the_banner_check(library, monkeypatch):
    """A kind that reads well does not hide a report's own unaccounted digit: the banner is marked `check`."""
    from analysis.extract import text_kind as kinds
    from analysis.publish.banner import banner
    from analysis.source.reports import load_report

    monkeypatch.setattr(kinds, "advice", lambda kind: "good")
    binhu = banner(load_report("binhu_2024"))
    assert binhu.marked == "check" and binhu.zh[0].startswith("本报告自身的核对：原文23处数字中有1处未能说明")
    # the inner pages' line names the problems only, and a problem found outranks the kind's advice
    assert (
        binhu.short("zh")
        == "本报告自身的核对：原文23处数字中有1处未能说明；1条陈述未读入表格。请先核对这几项。"
    )
    assert binhu.short("en") == (
        "This report's own checks: 1 of the 23 numbers in its text is not accounted for; 1 statement is not read"
        " into a table. Check these first."
    )
    assert (
        banner(load_report("xishan_2024")).short("zh")
        == "本报告自身的核对未见问题。这类文本读得好，抽查几行即可。"
    )
    assert banner(load_report("xishan_2024")).marked == "good"


def test_building_the_banner_gives_no_warning_its_reports_tables_gave(library):
    """site._info builds the banner once per language, and again for each PDF's metadata: it reads the report's
    extraction to count what is unread, and must not give the extraction's warnings again each time (huishan_2024
    states no land use: its tables warn so, the banner does not)."""
    from analysis import tables
    from analysis.publish.site import _info
    from analysis.source.reports import load_report

    report = load_report("huishan_2024")
    with pytest.warns(ExtractionWarning, match="no land-use statement"):
        for table in (tables.land_transfers, tables.land_use, tables.reconcile, tables.numbers):
            table(report)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for lang in ("zh", "en", "zh", "en"):
            _info(report, lang)
    assert [str(w.message) for w in caught if issubclass(w.category, ExtractionWarning)] == []
