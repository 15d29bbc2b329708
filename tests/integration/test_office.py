"""The decks and the workbook open in an office suite: LibreOffice converts each to PDF without error.

LibreOffice (`soffice`) and poppler (`pdftotext`) are Debian packages that .ci/run installs. Where they are
missing these tests skip, except under CI=true, where a skip would hide a broken file, so they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from analysis import charts

pytestmark = pytest.mark.slow

_TOOLS = ("soffice", "pdftotext")


def _need_tools() -> None:
    missing = [tool for tool in _TOOLS if shutil.which(tool) is None]
    if missing:
        message = (
            f"{', '.join(missing)} not installed (Debian: libreoffice-impress libreoffice-calc poppler-utils)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def pdfs(built, tmp_path_factory):
    """Every deck and the workbook converted to PDF by LibreOffice headless, in one run."""
    _need_tools()
    out, _ = built
    reports = out / "reports" / "wujin_2024"
    files = [*sorted(reports.glob("charts_*.pptx")), reports / "tables.xlsx"]
    folder = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("soffice-profile")  # a private profile: no clash with a running office
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return {path.stem: folder / f"{path.stem}.pdf" for path in files}


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("lang", charts.LANGS)
@pytest.mark.parametrize("pictures", [False, True])
def test_each_deck_converts_with_one_page_per_slide_and_its_titles(pdfs, lang, pictures):
    pdf = pdfs[f"charts_{lang}{'_pictures' if pictures else ''}"]
    pages = _text(pdf).split("\f")[:-1]
    assert len(pages) == 1 + len(charts.DECK_CHARTS)
    for page, name in zip(pages[1:], charts.DECK_CHARTS, strict=True):
        flat = "".join(page.split())  # LibreOffice spaces Chinese from Latin text (与 30%) and wraps lines
        assert "".join(charts.chart_title(name, lang).split())[:12] in flat, (name, flat[:80])
        if not pictures:  # a picture slide's source line is in its picture (figures/<lang>/bare/)
            assert ("数据来源" if lang == "zh" else "Source:") in flat


def test_the_workbook_converts_and_shows_its_labels_and_values(pdfs):
    text = " ".join(_text(pdfs["tables"]).split())
    assert "武进分局2024年工作总结：数据表" in text.replace(" ", "")
    # labels, the one number style (3771.3 as printed, 203.75亿元 in the report's unit, the exact 元 kept), 是/否
    # a header too wide for its column breaks before its unit (面积 over （亩）): each part on a line
    for shown in (
        "面积",
        "（亩）",
        "出让金",
        "（亿元）",
        "area_mu",
        "3,771.3",
        "203.75",
        "20,375,000,000",
        "是",
    ):
        assert shown in text.replace(" ", "") or shown in text, shown


def _need_calibri_metrics() -> None:
    """The workbook's titles are in Calibri (Excel's default face). Without Carlito (Calibri's metrics)
    LibreOffice sets them in a wider face and prints page 1 at 8.3 pt, a page Excel prints at 10."""
    fonts = (
        subprocess.run(["fc-list"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    )
    if "carlito" not in fonts.lower():
        message = "Carlito not installed (Debian: fonts-crosextra-carlito): LibreOffice would not print at Excel's widths"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def test_the_workbook_prints_readable_on_every_page(pdfs):
    """look10-12: fitted to the page's width, 土地供应 printed at about 45 % (10 pt text at 4.5 pt). On every
    page LibreOffice prints, a line of text is 8 pt or more (its box about 9 pt high); the sheets go on
    over pages across instead, so there are more pages than sheets."""
    _need_calibri_metrics()
    words = subprocess.run(
        ["pdftotext", "-bbox", str(pdfs["tables"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = words.split("<page ")[1:]
    for number, page in enumerate(pages, start=1):
        heights = sorted(
            float(y1) - float(y0)
            for y0, y1 in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)
        )
        assert heights and heights[len(heights) // 2] >= 9, (number, heights[len(heights) // 2])
