"""Rows read but withheld (extract/trust.py) as readers see them: listed for reviewers on the annotated report,
Chinese first, with line:column, their digits marked and linked to the list; left out of every table a page,
a workbook or a CSV shows, with a line saying how many were left out and where they are listed.

The text is ours (our words, our numbers), in the shape of the yardstick's auction news.
"""

from __future__ import annotations

import re
import warnings

import pytest

from analysis import present, tables
from tests.helpers import text_report

# auction news (土拍, 溢价率, 房企): 9 lots put up (withheld: lots put up are not lots sold), 7 sold
PUT_UP = (
    "5月12日,桐溪市举行今年第三场土拍,现场推出9宗地块,最终成交7宗,总出让面积418.6亩,成交总价26.4亿元,"
    "平均溢价率6%,多家房企参与竞价。"
)
AT = PUT_UP.index("现场推出9宗")  # the withheld row's quote: line 1, column AT + 1
NINE = PUT_UP.index("9宗")  # its one digit


@pytest.fixture
def report():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield text_report(PUT_UP, 2025, "tongxi")


def _quiet(function, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args)


def test_the_fixture_withholds_the_lots_put_up(report):
    frame = _quiet(tables.land_transfers, report)
    assert frame[["parcels", "withheld"]].values.tolist() == [[9, True], [7, False]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_annotated_report_lists_a_withheld_row_chinese_first_with_line_and_column(report, lang):
    from analysis.present.annotated import annotated_report

    parts = _quiet(annotated_report, report, lang)
    item = re.search(rf'<li id="u-{AT}" class="withheld">(.*?)</li>', parts["notes"])[1]
    # line:column links to the row's first digit in the text; the quote; why in Chinese, then in English
    assert item.startswith(
        f'<a href="#n-{NINE}">1:{AT + 1}</a> “现场推出9宗” <span lang="zh">未列入表格：推出（挂牌、公告）'
    )
    assert item.index('<span lang="zh">未列入表格') < item.index('<span lang="en">withheld: lots put up')
    # its digit in the text: not 'read into a table' but withheld, linked to the list
    assert f'<a class="n withheld" id="n-{NINE}" href="#u-{AT}">9</a>' in parts["text"]
    legend = re.sub(r"<[^>]+>", "", parts["legend"])
    said = {
        "zh": ("读入表格：3", "读到但未列入表格：1"),
        "en": ("read into a table: 3", "read but withheld: 1"),
    }
    assert all(s in legend for s in said[lang])  # 7, 418.6, 26.4 printed; 9 withheld


def test_a_table_on_a_page_shows_the_printed_rows_and_says_how_many_were_withheld(report):
    frame = _quiet(tables.land_transfers, report)
    shown = present.table(frame, ["item_id", "channel", "method", "parcels", "area_mu", "revenue_yuan"], "zh")
    for page in (shown.pages["zh"], shown.notebook):
        assert page.count("<tr") == 2  # its header and the 7 lots sold
        assert ">9<" not in page
    assert (
        '<p class="withheld-note">另有1行读到但未列入本表（本文自身的证据不足以支持）：'
        '见<a href="#unread">原文页的列表</a>。</p>'
    ) in shown.pages["zh"]
    assert "1 more row was read but withheld from this table" in shown.pages["en"]
    assert "另有1行读到但未列入本表" in shown.notebook  # an analyst running the notebook is told too
    sentences = _quiet(present.sentences, frame, "zh").pages["zh"]
    # the one sentence holds both: only the printed row's quote is linked as read
    assert sentences.count('class="quote"') == 1 and 'class="quote">最终成交7宗' in sentences


def test_the_reports_own_checks_count_withheld_rows_apart_from_statements_not_read(report):
    from analysis.present.notes import own_checks

    own = _quiet(own_checks, report)
    assert "1行读到但未列入表格（本文自身的证据不足以支持）" in own.zh and "1条陈述未读入表格" not in own.zh
    assert "1 row is read but withheld (the text's own evidence does not support it)" in own.en
    assert not own.sound and own.zh.endswith("请先核对这几项。")


def test_published_tables_hold_the_printed_rows(report, monkeypatch):
    from analysis.publish import files

    frames = _quiet(files.table_frames, report)
    assert frames["land_transfers"]["parcels"].tolist() == [7]


def test_the_library_card_counts_withheld_rows_apart_and_links_to_their_list(report):
    """A row read but withheld is no statement the extractor failed to read: its own line on the card."""
    from analysis.publish.front import _read

    lines = _quiet(_read, report, "en")
    assert lines[1:] == [
        ("Every statement read into a table", ""),
        (
            "1 row is read but withheld (the text's own evidence does not support it)",
            "tongxi/html/report.en.html#unread",
        ),
    ]
    assert _quiet(_read, report, "zh")[2][0] == "1行读到但未列入表格（本文自身的证据不足以支持）"


def test_a_withheld_rows_reason_is_chinese_with_the_english_under_it_and_its_digits_dashed():
    """Seen on the built page: the two reasons ran on as one paragraph."""
    from tests.helpers import ROOT

    css = (ROOT / "src/analysis/publish/templates/reviewer/site.css").read_text(encoding="utf-8")
    assert re.search(r'^li\.withheld span\[lang="en"\] \{ display: block;', css, re.M)
    assert re.search(r"^a\.n\.withheld, \.swatch\.withheld \{[^}]*dashed", css, re.M)


def test_the_sources_page_counts_a_withheld_rows_digits_apart_and_lists_them_with_why(report):
    """Seen on the built appendix: its sentence said '4处读入表格' and its digit table '读入表格 4' while the
    annotated report's legend said 3 read and 1 withheld. 7 runs: 5, 12 (a date), 9 (withheld), 7, 418.6, 26.4
    (read), 6 (溢价率6%: unaccounted)."""
    from analysis.present.highlights import findings

    said = _quiet(findings, "sources", report).text
    assert said.startswith(
        "报告中共有7处数字：3处读入表格，1处读到但未列入表格，2处排除（年份、名称等，附原因），1处未说明。"
    )
    page = _quiet(present.number_inventory, report, "zh").pages["zh"]
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", page)]
    assert cells[2:6] == ["读入表格", "3", "读到但未列入表格", "1"]
    (line,) = [row for row in page.split("<tr>") if "<mark>9</mark>" in row]
    assert "未列入表格：推出（挂牌、公告）的地块尚未成交" in line
    # its column holds exclusions, 未说明 and a withheld row's why: headed by what became of them, not 排除原因
    assert '<th scope="col">去向及原因</th>' in page and "排除原因" not in page


def test_the_annotated_reports_lede_says_what_a_dashed_digit_is():
    """The legend named 'read but withheld'; the page's lede, which tells a reviewer what each mark links to,
    did not."""
    from analysis.publish.site import _words

    assert "读到但未列入表格的（虚线）链接到未列入的原因" in _words("zh")["report_page_lede"]
    assert "one read but withheld (dashed) to why it is withheld" in _words("en")["report_page_lede"]


def test_two_withheld_rows_of_one_quote_are_both_named(monkeypatch):
    """review12: the withheld rows were gathered by their quote's offsets, so a second withheld row of the same
    quote took the first one's place: its digits would have counted as printed facts on the card, the sources
    page and the annotated report, linked to a row no table prints."""
    import pandas as pd

    from analysis.present.withheld import withheld_uses

    two = pd.DataFrame(
        {
            "item_id": ["transfer.auction@2025-05", "market.offered@2025-05"],
            "withheld": [True, True],
            "quote_start": [10, 10],
            "quote_end": [30, 30],
        }
    )
    monkeypatch.setattr(tables, "land_transfers", lambda report: two)
    monkeypatch.setattr(tables, "land_use", lambda report: two.iloc[0:0])
    assert sorted(withheld_uses("ours")) == [
        "land_transfers:market.offered@2025-05",
        "land_transfers:transfer.auction@2025-05",
    ]
