"""Reviewer pages: the offline check, links between pages, notebooks read by language, escaping."""

from __future__ import annotations

import nbformat
import pytest

from analysis.present import PAGE_MIME
from analysis.present.naming import document_headline
from analysis.publish.links import Site, for_print
from analysis.publish.offline import external_urls, leaves
from analysis.publish.pages import read_notebook, write_code_page
from analysis.publish.site import href, write_site
from analysis.source.reports import load_report

PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    "html",
    [
        '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"></script>',
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Noto">',
        '<img src="http://example.org/a.png">',
        '<img src="https:example.com/x.png">',  # no slashes: browsers still fetch https://example.com
        '<img src="ht\ttps://example.com/x.png">',  # a tab inside a URL is ignored by browsers
        '<img src="\\\\example.com/x.png">',  # two backslashes: scheme-relative
        '<img src="&#104;ttps://example.com/x.png">',  # an entity is decoded before the URL is read
        '<img srcset="a.png 1x, https://example.org/b.png 2x">',
        '<a href="#x" ping="https://example.org/p">x</a>',
        '<meta http-equiv="refresh" content="0; url=https://example.org/">',
        "<style>@import 'https://example.org/x.css';</style>",
        "<style>body { background: url(https://example.org/bg.png) }</style>",
        "<div style=\"background-image: url('//example.org/y.png')\"></div>",
        '<iframe src="HTTPS://EXAMPLE.ORG"></iframe>',
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_finds_every_external_reference(html):
    assert len(external_urls(f"<html><head></head><body>{html}</body></html>")) == 1


def test_local_and_embedded_references_are_fine():
    page = (
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
        '<a href="#section-1">here</a><a href="html/01_land_transfers.html">page</a>'
        '<a href="../index.en.html#q-1-2">index</a>'
        "<style>.x { background: url(data:image/svg+xml;base64,PHN2Zz4=) }</style>"
    )
    assert external_urls(page) == []
    assert not leaves("report.html#q-1990-2029") and leaves("https:example.com/x.png")


def test_links_go_to_the_page_that_holds_the_anchor_and_dead_ones_become_text():
    site = Site(
        {
            "a.html": '<p id="x">x</p><p id="x">again</p><a href="#x">1</a><a href="#y">2</a><a href="#z">3</a>',
            "b.html": '<tr id="y"></tr><a href="#x">4</a>',
            "../index.html": '<a href="#y">5</a>',
        }
    )
    a = site.resolve("a.html")
    assert a.count('id="x"') == 1  # the second element with that id loses it
    assert '<a href="#x">1</a>' in a and '<a href="b.html#y">2</a>' in a and "<span>3</span>" in a
    assert '<a href="a.html#x">4</a>' in site.resolve("b.html")
    assert '<a href="html/b.html#y">5</a>' in site.resolve("../index.html", prefix="html/")
    assert site.unresolved("a.html") == ["z"]


def test_for_print_keeps_ids_unique_across_pages_and_opens_folded_text():
    html = '<p id="q-1-2">q</p><a href="report.html#q-1-2">r</a><a href="#own">o</a><details class="fold">'
    printed = for_print(html, "01_x", {"report.html", "01_x.html"})
    assert 'id="01_x--q-1-2"' in printed and 'href="#report--q-1-2"' in printed
    assert 'href="#01_x--own"' in printed and "<details open" in printed


def test_hrefs_from_the_index_and_from_a_page():
    assert href("../index.html", "01_x.html") == "html/01_x.html"
    assert href("../index.html", "../index.en.html") == "index.en.html"
    assert href("01_x.html", "../index.html") == "../index.html"


def _notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 01 · 标题\n\n一句概要。", metadata={"tags": ["lang-zh"]}),
        nbformat.v4.new_markdown_cell("# 01 · Title\n\nOne line.", metadata={"tags": ["lang-en"]}),
        nbformat.v4.new_markdown_cell(
            "## 要点 <b>x</b> http://example.com/x", metadata={"tags": ["lang-zh"]}
        ),
        nbformat.v4.new_markdown_cell("## What stands out", metadata={"tags": ["lang-en"]}),
        nbformat.v4.new_code_cell("x", metadata={"tags": ["code-only"]}),
        nbformat.v4.new_code_cell("present.table(...)"),
    ]
    shown = {PAGE_MIME: {"zh": "<p>秘</p>", "en": "<p>s</p>"}, "text/html": "<p>s</p>"}
    nb.cells[4].outputs = [nbformat.v4.new_output("display_data", shown)]
    nb.cells[5].outputs = [
        nbformat.v4.new_output(
            "display_data", {PAGE_MIME: {"zh": "<p>表</p>", "en": "<p>table</p>"}, "text/html": "t"}
        ),
        nbformat.v4.new_output("stream", name="stdout", text="a stray print"),
    ]
    return nb


def test_a_notebook_becomes_one_page_per_language():
    page = read_notebook(_notebook(), "01_x")
    assert page.title == {"zh": "01 · 标题", "en": "01 · Title"}
    assert page.lede == {"zh": "一句概要。", "en": "One line."}
    assert page.body["zh"] == '<h2 id="s-1">要点 &lt;b&gt;x&lt;/b&gt; http://example.com/x</h2>\n\n<p>表</p>'
    assert page.body["en"] == '<h2 id="s-1">What stands out</h2>\n\n<p>table</p>'
    assert "秘" not in page.body["zh"] and "stray" not in page.body["zh"]  # code-only cell, plain output
    assert page.file("zh") == "01_x.html" and page.file("en") == "01_x.en.html"


def test_the_code_page_names_no_folder_of_the_build_machine(tmp_path):
    nb = _notebook()
    del nb.cells[2]  # nbconvert links plain URLs in Markdown: our notebooks hold none, the data goes as HTML
    nb.cells.insert(
        1,
        nbformat.v4.new_code_cell(
            "REPORT = 'a'\nFIGURES_DIR = '/tmp/secret/.build-cache/x.figures'",
            metadata={"tags": ["injected-parameters"]},
        ),
    )
    from analysis.source.paths import CHECKOUT_DATA, data_dir

    warning = (
        f"{CHECKOUT_DATA.parent}/src/analysis/tables/numbers.py:33: ExtractionWarning: "
        f"{data_dir()}/raw/x.txt:5:133: 1 number(s) before a unit not read\n"
    )
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stderr", text=warning)]
    page = read_notebook(nb, "01_x")
    text = write_code_page(nb, page, tmp_path).read_text(encoding="utf-8")
    assert "/tmp/secret" not in text and "FIGURES_DIR" in text
    assert str(CHECKOUT_DATA.parent) not in text and str(data_dir()) not in text  # a warning's paths too
    assert "src/analysis/tables/numbers.py:33" in text and "data/raw/x.txt:5:133" in text
    assert external_urls(text) == []


def test_every_text_from_data_is_escaped_on_every_page(tmp_path, monkeypatch):
    """A publisher, a title and a page title holding markup arrive as text, never as elements."""
    import dataclasses

    from analysis.source import reports

    real = load_report()
    hostile = dataclasses.replace(real, publisher=PAYLOAD, title=f"标题{PAYLOAD}", title_en=PAYLOAD)
    monkeypatch.setattr(reports, "load_report", lambda report=None: hostile)
    page = read_notebook(_notebook(), "01_x")
    page.title["zh"] = page.lede["en"] = PAYLOAD
    (tmp_path / "html").mkdir()
    written = write_site(tmp_path, [page], "wujin_2024", with_pdfs=False)
    for files in written.values():
        for path in files:
            text = path.read_text(encoding="utf-8")
            assert "<img src=x" not in text, path.name
            assert external_urls(text) == [], path.name
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in index


def test_the_footer_names_the_code_page_by_its_title_not_its_file_name(tmp_path):
    page = read_notebook(_notebook(), "01_x")
    (tmp_path / "html").mkdir()
    write_site(tmp_path, [page], "wujin_2024", with_pdfs=False)
    zh = (tmp_path / "html" / "01_x.html").read_text(encoding="utf-8")
    en = (tmp_path / "html" / "01_x.en.html").read_text(encoding="utf-8")
    assert '<a href="01_x.code.html">01 · 标题</a>' in zh and ">01_x.code.html<" not in zh
    assert '<a href="01_x.code.html">01 · Title</a>' in en


def test_the_printed_contents_list_no_section_the_paper_leaves_out():
    """The PDF's contents listed 'Files' with no page number: the front page's downloads are not printed."""
    from analysis.publish.pdf import _headings

    body = (
        '<h1>Front</h1><h2 id="story">The story</h2><section aria-labelledby="downloads-title" '
        'class="no-print"><h2 id="downloads-title">Files</h2><ul><li>x</li></ul></section>'
    )
    assert [text for _, _, text in _headings([("index", body)])] == ["Front", "The story"]


def test_a_books_title_is_in_chinese_brackets_in_chinese_only(tmp_path):
    """The English pages printed '《Gathering strength…》' (look7, 2026-12-06): English cites it in italics."""
    page = read_notebook(_notebook(), "01_x")
    (tmp_path / "html").mkdir()
    write_site(tmp_path, [page], "wujin_2024", with_pdfs=False)
    import html

    title_en, title_zh = (document_headline(lang=lang) for lang in ("en", "zh"))
    for name in ("index.en.html", "html/01_x.en.html"):
        text = html.unescape((tmp_path / name).read_text(encoding="utf-8"))
        assert f"《{title_en}" not in text and f"<cite>{title_en}</cite>" in text, name
    for name in ("index.html", "html/01_x.html"):
        text = html.unescape((tmp_path / name).read_text(encoding="utf-8"))
        assert f"《{title_zh}》" in text and "<cite>" not in text, name


def test_a_figure_is_never_broken_inside_on_screen_or_paper():
    """The library card broke 75.35亿元 as '75.35亿' / '元'; the printed headline card '3,77' / '1.3 mu'."""
    import re

    from tests.helpers import ROOT

    css = (ROOT / "src/analysis/publish/templates/reviewer/site.css").read_text(encoding="utf-8")
    rule = re.search(r"^ul\.findings a, a\.value \{([^}]*)\}", css, re.M)
    assert rule and "word-break: keep-all" in rule[1] and "overflow-wrap: normal" in rule[1]
    # nor between a number and its unit: a card on screen read '3,771.3' / 'mu' (look8, 2026-12-06)
    assert re.search(
        r"^ul\.findings a:not\(\.src\), \.headline \.values a \{ white-space: nowrap; \}", css, re.M
    )


def test_the_library_card_counts_statements_not_read_in_plain_words(library):
    """look9: the English card said '1 statement(s) not read into a table'."""
    from analysis.publish.front import report_cards

    (binhu,) = report_cards(["binhu_2024"], "en")  # binhu_2024: one statement the extractor cannot read
    assert binhu["read"][-1] == ("1 statement not read into a table", "binhu_2024/html/report.en.html#unread")
    (binhu_zh,) = report_cards(["binhu_2024"], "zh")
    assert binhu_zh["read"][-1] == ("1条陈述未读入表格", "binhu_2024/html/report.html#unread")


def test_the_library_card_counts_the_digits_its_text_leaves_unaccounted(library):
    """look10's leftover: binhu_2024's banner said '1 of the 23 numbers in its text is not accounted for' (the
    odd grouping '5,12亩') while its card said nothing of it. The card says so and links to the digit, marked
    red on the annotated report; a report whose digits are all accounted for says that."""
    from analysis.publish.front import report_cards

    raw = (library / "raw" / "binhu_2024.txt").read_text(encoding="utf-8")
    digit = raw.index("5,12亩")
    (zh,), (en,) = report_cards(["binhu_2024"], "zh"), report_cards(["binhu_2024"], "en")
    assert zh["read"] == [
        ("原文23处数字中有1处未能说明", f"binhu_2024/html/report.html#n-{digit}"),
        ("1条陈述未读入表格", "binhu_2024/html/report.html#unread"),
    ]
    assert en["read"][0] == (
        "1 of the 23 numbers in its text is not accounted for",
        f"binhu_2024/html/report.en.html#n-{digit}",
    )
    (xishan,) = report_cards(["xishan_2024"], "en")
    assert xishan["read"] == [
        ("All 23 numbers in its text are read into a table or set aside with a reason", ""),
        ("Every statement read into a table", ""),
    ]


def test_the_library_card_names_the_kind_of_text_and_how_its_kind_was_measured(
    library, tmp_path, monkeypatch
):
    """look10: a reader choosing a report saw no kind and no measure on its card (look9's item 6). The figures
    are the rules' reliability.csv: a copy with one line changes the card."""
    import shutil

    from analysis.extract import text_kind
    from analysis.publish.front import report_cards, write_front_page

    rules = tmp_path / "rules"
    shutil.copytree(text_kind.RULES, rules)
    (rules / "reliability.csv").write_text(
        "kind,passages,expected_rows,right_rows,printed_rows,false_rows,unseen,sets,measured_at\n"
        "work_summary,40,50,34,60,9,no,study,abc1234\n",  # 34 / 50 = 68 %; 9 / 60 = 15 %
        encoding="utf-8",
    )
    monkeypatch.setattr(text_kind, "RULES", rules)
    (zh,), (en,) = report_cards(["xishan_2024"], "zh"), report_cards(["xishan_2024"], "en")
    assert (zh["kind"], en["kind"]) == ("工作总结", "Work summary")
    assert (
        zh["measure"]
        == "40篇开发时用过的同类文本：人工列出的行68%读对，印出的行15%有误（在未见过的文本上预计更差）"
    )
    assert en["measure"] == (
        "On 40 passages of this kind used in development: 68% of the rows listed by hand came out right,"
        " 15% of printed rows false (on unseen text expect less)"
    )
    page = write_front_page(tmp_path, ["xishan_2024"])[1].read_text(encoding="utf-8")
    assert "<dt>Kind of text</dt><dd>Work summary</dd>" in page
    assert "<dt>Its kind measured</dt><dd>On 40 passages" in page


def test_a_chinese_column_label_is_short_enough_never_to_widen_its_table():
    """A header label never breaks inside (keep-all: '国有建设用地出让' stays whole), so its length is a width
    no column can go under: '占国有建设用地供应宗数（%）' and '…面积' (11 characters each) pushed notebook 01's
    supply table to 1,185 px in a 1,112 px page at 1366 px, squeezing its notes column to two characters a
    line (look10). Their meaning stays in the description (占国有建设用地供应（出让 + 划拨）宗数的比例)."""
    from analysis.present.reader import _label
    from analysis.tables.fields import FIELDS

    long = {n: _label(n, "zh") for n, f in FIELDS.items() if f.show != "hidden" and len(_label(n, "zh")) > 9}
    assert not long
    assert _label("state_supply_parcels_share_pct", "zh") == "占国有供地宗数"


def test_on_a_phone_a_long_name_breaks_and_a_source_link_stays_whole():
    """look10 at 390 px: 省重大项目及省民间投资重点产业项目开工率 never broke (keep-all), so the indicators
    table was 566 px in 350; 'source / 2' broke inside its link. The browser test measures both."""
    import re

    from analysis.present.reader import _inputs
    from tests.helpers import ROOT

    css = (ROOT / "src/analysis/publish/templates/reviewer/site.css").read_text(encoding="utf-8")
    phone = css[css.index("@media (max-width: 40rem)") :]
    assert re.search(
        r"\.table-wrap:not\(\.cards\) td\.term[^{]*\{ word-break: normal; min-width: 6em; \}", phone
    )
    assert _inputs("indicators:a; indicators:b", "en") == (
        '<a href="#row-indicators-a" class="nowrap">source 1</a> <a href="#row-indicators-b" class="nowrap">source 2</a>'
    )


def test_a_library_card_says_its_title_and_publisher_once(library, tmp_path):
    """look12: each card's heading is the report's name as its publisher cites it (无锡市自然资源和规划局锡山分局
    2024年工作总结), and its rows said the title and the publisher again: two rows of every card on a phone.
    A row the heading already holds is left out; the district, year and kind stay."""
    import re

    from analysis.publish.front import write_front_page

    for page in write_front_page(tmp_path, ["xishan_2024"]):
        text = page.read_text(encoding="utf-8")
        card = re.search(r'<article class="report-card".*?</article>', text, re.S)[0]
        heading = re.search(r"<h3[^>]*><a[^>]*>(.*?)</a></h3>", card)[1]
        rows = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", card))
        zh = page.name == "index.html"
        assert "2024年工作总结" in heading if zh else "2024 work summary" in heading
        assert not set(rows) & {"标题", "发布单位", "Title", "Publisher"}, (page.name, rows)
        assert set(rows) >= ({"区县", "年份", "文本类型"} if zh else {"District", "Year", "Kind of text"})
