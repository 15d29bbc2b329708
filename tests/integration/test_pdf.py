"""reports/<id>/report_zh.pdf and report_en.pdf, read back: sane length, nothing cut at the edge, Chinese as Chinese.

Made by the build where Chromium is installed; under CI=true they must exist.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser

import pytest

from analysis.publish.pdf import missing

pytestmark = [pytest.mark.slow, pytest.mark.browser]

_SPACE = re.compile(r"\s+")


@pytest.fixture(scope="module")
def pdfs(built):
    out, stdout = built
    why = missing()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no PDFs: {why}")
        assert "skipped   PDFs" in stdout  # the build said so
        pytest.skip(why)
    return out


_LIGATURE = re.compile("[\ufb00-\ufb06]")  # ﬁ, ﬂ: English set in the page font comes out as ligatures


def _text(path) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return _LIGATURE.sub(lambda m: unicodedata.normalize("NFKC", m[0]), text)


class _Cells(HTMLParser):
    """The text of every table cell of a page (what must appear in the PDF)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells, self._depth, self._text = [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._depth, self._text = 1, []
        elif self._depth and (tag == "summary" or ("class", "sr") in attrs):
            self._depth = 2  # a folded summary (not printed) or a word for screen readers only

    def handle_endtag(self, tag):
        if tag in ("summary", "span") and self._depth == 2:
            self._depth = 1
        elif tag in ("td", "th") and self._depth:
            self.cells.append("".join(self._text))
            self._depth = 0

    def handle_data(self, data):
        if self._depth == 1:
            self._text.append(data)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_holds_every_table_cell_of_every_page(pdfs, lang):
    from pypdf import PdfReader

    pdf = pdfs / "reports" / "wujin_2024" / f"report_{lang}.pdf"
    pages = len(PdfReader(str(pdf)).pages)
    assert (
        12 <= pages <= 60
    )  # 6 pages of reviewer text on A4; a page that ran to ten sheets each would not fit
    text = _SPACE.sub("", _text(pdf))
    html = pdfs / "reports" / "wujin_2024" / "html"
    files = sorted(
        p
        for p in html.glob("*.html")
        if ".code." not in p.name and p.name.endswith(".en.html") == (lang == "en")
    )
    checked = 0
    for path in files:
        parser = _Cells()
        parser.feed(path.read_text(encoding="utf-8"))
        for cell in parser.cells:
            cell = _SPACE.sub("", cell.replace("…", ""))
            if cell:
                assert cell in text, (path.name, cell)
                checked += 1
    assert checked > 500


def test_chinese_is_extracted_as_chinese(pdfs):
    text = _text(pdfs / "reports" / "wujin_2024" / "report_zh.pdf")
    # Noto Sans CJK draws 工 and the radical ⼯ with one glyph: the text layer must name the ideograph
    assert re.findall("[\u2e80-\u2fdf]", text) == [] and "工作总结" in text and "车辆段" in text
    assert "国有建设用地出让与供应" in text and "开发强度" in text
    assert "2024年完成国有用地出让56宗" in _SPACE.sub(
        "", text
    )  # the report's own sentence, in the annotated text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_text_runs_past_the_right_margin(pdfs, lang):
    pdf = pdfs / "reports" / "wujin_2024" / f"report_{lang}.pdf"
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes)[1])
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes))
    # A4 is 595 pt wide; the print stylesheet's right margin is 13 mm (37 pt)
    assert right <= width - 30, right


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_figure_never_breaks_inside_its_digits(pdfs, lang):
    """The English headline cards printed '3,77' on one line and '1.3 mu' on the next."""
    text = _SPACE.sub(" ", _text(pdfs / "reports" / "wujin_2024" / f"report_{lang}.pdf"))
    assert re.findall(r"\d,\d{1,2} \d", text) == []
    assert "3,771.3" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printed_like_a_publication(pdfs, lang):
    """Bookmarks, a tagged PDF with its language, metadata, contents with page numbers, real fonts."""
    from pypdf import PdfReader

    path = pdfs / "reports" / "wujin_2024" / f"report_{lang}.pdf"
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == ("zh-CN" if lang == "zh" else "en")
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged
    marks = [m for m in reader.outline if not isinstance(m, list)]
    assert len(marks) >= 6  # the front page, four notebook pages and the annotated report at least
    meta = reader.metadata
    assert meta.title.startswith("武进分局2024年工作总结" if lang == "zh" else "Wujin Branch")
    assert meta.subject.startswith("常州市自然资源和规划局武进分局" if lang == "zh" else "Wujin Branch")
    assert meta.creator.startswith("wujin-land-analysis") and "HeadlessChrome" not in meta.creator
    first = reader.pages[0].extract_text()
    assert ("目录" if lang == "zh" else "Contents") in first and re.search(r"\s\d{1,2}\s*$", first.strip())
    assert ("下载" if lang == "zh" else "Files") not in first  # not printed: no entry without a page (look8)
    if shutil.which("pdffonts") and (os.environ.get("CI") == "true" or _has_wqy()):
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        assert "Type 3" not in fonts and "CID TrueType" in fonts  # real embedded fonts


def _has_wqy() -> bool:
    found = (
        subprocess.run(["fc-list"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    )
    return "WenQuanYi Micro Hei" in found


LONG_WORD = "A" * 10_000
LONG_URL = "https://example.com/" + "land-supply-bulletin/" * 30 + "index.html"


def test_long_unbroken_text_wraps_on_paper(built, data_copy, tmp_path):
    """Issue 15: a 10,000-character caveat and a long URL are whole in the PDF's text, not cut at the edge."""
    if why := missing():
        pytest.skip(why)
    from analysis.present.caveats import caveats
    from analysis.publish.pdf import write_pdfs

    path = data_copy / "registry" / "wujin_2024" / "caveats.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"land_use,{LONG_WORD},{LONG_WORD}\nland_use,见{LONG_URL},See {LONG_URL}\n")
    fragment = caveats("land_use", "wujin_2024", "zh").pages["zh"]
    assert LONG_WORD in fragment
    stage = tmp_path / "reports"
    (stage / "html").mkdir(parents=True)
    page = (built[0] / "reports" / "wujin_2024" / "html" / "02_land_use.html").read_text(encoding="utf-8")
    page = page.replace('<main id="main">', f'<main id="main"><h2>注意</h2>{fragment}', 1)
    (stage / "html" / "02_land_use.html").write_text(page, encoding="utf-8")
    (pdf,) = write_pdfs(stage, {"zh": [stage / "html" / "02_land_use.html"]})
    text = re.sub(r"\d+/\d+", "", _SPACE.sub("", _text(pdf)))  # without the page numbers between pages
    assert LONG_WORD in text and LONG_URL in text
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes.stdout))
    assert right <= 595 - 30, right


def test_a_printed_tables_words_break_between_words_never_inside_one(built, tmp_path):
    """lookall14 (report_en.pdf, What the columns mean): cells that may break anywhere let Chromium squeeze the
    short columns of a table on A4 to a few letters, and the words broke inside: 'workboo / k', 'parent_it /
    em_id', 'Stateme / nt', 'Conflicti / ng item'. A cell breaks inside a word only when that word is wider
    than the page allows."""
    if why := missing():
        pytest.skip(why)
    from analysis.publish.pdf import write_pdfs

    stage = tmp_path / "reports"
    (stage / "html").mkdir(parents=True)
    page = built[0] / "reports" / "wujin_2024" / "html" / "00_sources_and_checks.en.html"
    shutil.copy(page, stage / "html" / page.name)
    (pdf,) = write_pdfs(stage, {"en": [stage / "html" / page.name]})
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    words = set(re.findall(r">([^<]+)</word>", boxes.stdout))
    whole = ["workbook)", "parent_item_id", "is_scope_ambiguous", "Statement", "Conflicting"]
    assert [w for w in whole if w not in words] == []
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes.stdout))
    assert right <= 595 - 30, right  # and the table still fits the page
