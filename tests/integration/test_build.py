"""`python -m analysis build`: everything users read, offline, cached, and safe when a notebook fails.

The checkout's data/ holds one report: the library of one, reports/wujin_2024/ and figures/<lang>/wujin_2024/
beside the library's front page; the fixture library of four is built in test_library_build.py.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import charts
from analysis.derive import all_tables
from analysis.derive.compare import ACROSS_DISTRICTS
from analysis.publish.deck import EAST_ASIAN_FONT
from analysis.publish.offline import external_urls
from analysis.publish.pdf import missing
from tests.helpers import DATA, ROOT

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
REPORT = "wujin_2024"


def _own(out: Path) -> Path:
    """The report's own folder of the build: reports/wujin_2024/."""
    return out / "reports" / REPORT


def _build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "build", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _snapshot(*folders: Path) -> dict[str, str]:
    """sha256 of every file under the folders, links followed (reports/ and figures/zh|en are links)."""
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        for here, _, files in sorted(os.walk(folder, followlinks=True))
        for path in sorted(Path(here) / name for name in files)
    }


def test_build_writes_everything_users_read(built):
    out, stdout = built
    reports = _own(out)
    expected = {"index.html", "index.en.html", "tables.xlsx", "charts_zh.pptx", "charts_en.pptx"}
    expected |= {"charts_zh_pictures.pptx", "charts_en_pictures.pptx"}
    expected |= {f"html/{n}.html" for n in [*NOTEBOOKS, "report"]} | {
        f"html/{n}.code.html" for n in NOTEBOOKS
    }
    expected |= {f"html/{n}.en.html" for n in [*NOTEBOOKS, "report"]}
    if missing() is None:  # Chromium prints the reviewer pages
        expected |= {"report_zh.pdf", "report_en.pdf"}
    expected |= {
        f"tables/{n}.csv" for n in all_tables() if n not in ACROSS_DISTRICTS
    }  # the comparisons' only
    found = {
        str(p.relative_to(reports)) for p in reports.rglob("*") if p.is_file() and not p.name.startswith(".")
    }
    assert found == expected
    for lang in ("zh", "en"):  # with title, bare/ without it (the source line kept), phone/ in portrait
        mine = out / "figures" / lang / REPORT
        names = sorted(str(p.relative_to(mine)) for p in mine.rglob("*.*"))
        each = [f"{c}.{fmt}" for c in charts.DECK_CHARTS for fmt in ("png", "svg")]
        phone = [f"phone/{c}.png" for c in charts.DECK_CHARTS]
        assert names == sorted(each + [f"bare/{name}" for name in each] + phone)
    for name in NOTEBOOKS:  # a progress line per notebook, with its time
        assert any(
            line.split()[:2] == ["executed", f"{name}@{REPORT}"] and line.endswith(" s")
            for line in stdout.splitlines()
        )
    library = {str(p.relative_to(out / "reports")) for p in (out / "reports" / "library").iterdir()}
    assert library == {f"library/{n}.{ext}" for n in all_tables() for ext in ("csv", "parquet")}
    assert sorted(p.name for p in (out / "reports").iterdir() if p.is_file()) == [
        "index.en.html",
        "index.html",
    ]


def test_every_page_works_offline_and_says_its_language(built):
    out, _ = built
    for page in (out / "reports").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert external_urls(text) == [], page.name
        lang = "en" if page.name.endswith(".en.html") else "zh"
        assert f'<html lang="{lang}"' in text, page.name


def test_no_page_names_a_folder_of_the_build_machine(built):
    out, _ = built
    for page in (out / "reports").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for folder in (str(out), str(ROOT), "/tmp/", "/root/", "/home/", ".build-cache"):
            assert folder not in text, (page.name, folder)


def test_outputs_are_readable_by_others(built):
    out, _ = built
    mask = os.umask(0o022)
    os.umask(mask)
    for path in [
        out / "reports",
        out / "figures",
        *(out / "reports").rglob("*"),
        *(out / "figures").rglob("*"),
    ]:
        wanted = (0o777 if path.is_dir() else 0o666) & ~mask
        assert stat.S_IMODE(path.stat().st_mode) == wanted, (path, oct(path.stat().st_mode))


def test_reviewer_pages_hide_code_and_code_pages_show_it(built):
    out, _ = built
    html = _own(out) / "html"
    review, code = (
        (html / "01_land_transfers.html").read_text(),
        (html / "01_land_transfers.code.html").read_text(),
    )
    assert "jp-InputArea" not in review and "jp-InputArea" in code  # the cells' code: on the code page only
    assert "src/analysis" not in review and "reconcile()" not in review and "item_id" not in review
    images = re.findall(r'<img [^>]*src="([^"]{0,30})', review)
    assert images == ["data:image/png;base64,iVBORw0K"] * 3  # the notebook's three charts, embedded
    phones = re.findall(r'<source media="\(max-width: 40rem\)" srcset="([^"]{0,30})', review)
    assert phones == ["data:image/png;base64,iVBORw0K"] * 3  # and their portrait pictures for a phone
    alts = re.findall(r'<img [^>]*alt="([^"]+)"', review)
    assert alts[0].startswith("各用途国有建设用地亩均出让价款。")  # the chart's title, then its message
    assert 'href="../../../figures/zh/wujin_2024/price_per_mu.svg" download' in review  # its files beside it
    assert (
        'href="../../../reports/wujin_2024/tables/land_transfers.csv" download' in review
    )  # and each table's
    assert 'class="site-nav"' in code and 'href="01_land_transfers.en.html"' in code  # the site's header
    assert re.findall(r'<img [^>]*alt="([^"]{10,})"', code)  # charts with their alt text


def test_index_links_every_page_and_the_other_language(built):
    out, _ = built
    index = (_own(out) / "index.html").read_text(encoding="utf-8")
    for name in [*NOTEBOOKS, "report"]:
        assert f'href="html/{name}.html"' in index
        assert (_own(out) / "html" / f"{name}.html").exists()
    for name in NOTEBOOKS:
        assert f'href="html/{name}.code.html"' in index
    assert 'href="index.en.html"' in index and "<h1>武进分局2024年工作总结：土地数据要点</h1>" in index
    values = re.findall(r'<a class="value" href="([^"]+)"', index)  # every card figure links to its row
    assert len(values) == 3 + 2 + 1 + 1 and all(re.match(r"html/\d\d_\w+\.html#row-", v) for v in values)
    story = index.split('id="story-title"')[1].split("</section>")[0]
    assert story.count("<li>") == 4 and story.count('class="src"') == 4  # four findings, each to its sentence
    assert (
        '<img src="data:image/png' in story and "各用途占出让宗数、面积与出让金的比例" in story
    )  # the chart
    assert (
        index.index('id="story-title"')
        < index.index('id="headlines-title"')
        < index.index('id="caveats-title"')
    )
    assert "08b9f7d1cb694428" not in index  # hashes are in the appendix, not on the front page
    english = (_own(out) / "index.en.html").read_text(encoding="utf-8")
    assert (
        'href="index.html"' in english
        and "<h1>Wujin Branch, 2024 work summary: the land figures</h1>" in english
    )
    assert "亿元" not in english.split('id="story-title"')[1].split("</section>")[0]  # English units


def test_every_page_links_home_its_neighbours_and_the_report(built):
    out, _ = built
    html = _own(out) / "html"
    page = (html / "01_land_transfers.html").read_text(encoding="utf-8")  # the first page after the index
    assert 'href="../index.html"' in page and 'rel="next"' in page
    assert 'rel="prev"' in (html / "02_land_use.html").read_text(encoding="utf-8")
    assert 'href="01_land_transfers.en.html"' in page
    assert "08b9f7d1cb694428bd704f25234fc9e1db3d7c3a80dc085c5cbaae4d86425251" not in page  # in the appendix
    appendix = (html / "00_sources_and_checks.html").read_text(encoding="utf-8")
    assert "08b9f7d1cb694428bd704f25234fc9e1db3d7c3a80dc085c5cbaae4d86425251" in appendix
    assert '<a href="report.html" rel="next"' in appendix  # the appendix comes last, before the report text
    assert (
        'href="report.html#q-1990-2029"' in page
    )  # the quote of the transfer total, on the annotated report
    report = (html / "report.html").read_text(encoding="utf-8")
    assert 'href="01_land_transfers.html#row-land_transfers-transfer.total"' in report


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_decks_hold_native_charts_and_the_built_pictures(built, lang):
    """Each deck's content is tested in tests/unit/publish/test_deck.py; here: the build's own decks."""
    from pptx import Presentation

    out, _ = built
    native = Presentation(str(_own(out) / f"charts_{lang}.pptx"))
    pictures = Presentation(str(_own(out) / f"charts_{lang}_pictures.pptx"))
    assert len(native.slides) == len(pictures.slides) == 1 + len(charts.DECK_CHARTS)
    for slide in list(native.slides)[1:]:  # each chart in a group with the marks drawn over it
        groups = [shape for shape in slide.shapes if shape.shape_type == 6]  # MSO_SHAPE_TYPE.GROUP
        assert groups and all(any(s.has_chart for s in group.shapes) for group in groups)
    for slide in list(pictures.slides)[1:]:
        (picture,) = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert picture.image.size[0] in (2667, 1333)  # the 200 dpi PNG (figures/<lang>/bare/), full or half
        for run in slide.shapes.title.text_frame.paragraphs[0].runs:
            ea = run._r.rPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}ea")
            assert ea is not None and ea.get("typeface") == EAST_ASIAN_FONT


def test_workbook_and_csvs_hold_every_table(built):
    """Formats and labels are tested in tests/unit/publish/test_workbook.py; here: the build's own files."""
    import openpyxl
    import pandas as pd

    out, _ = built
    book = openpyxl.load_workbook(_own(out) / "tables.xlsx", read_only=True)
    filled = [name for name, spec in all_tables().items() if len(spec.build("all"))]
    from analysis.publish.workbook import sheet_name

    assert book.sheetnames == ["说明", *[sheet_name(n) for n in filled], "来源报告", "字段说明"]
    provenance = list(book["来源报告"].iter_rows(values_only=True))
    assert (
        provenance[1][-1] == "sha256"
        and provenance[2][-1] == hashlib.sha256((DATA / "raw" / "wujin_2024.txt").read_bytes()).hexdigest()
    )
    for name in (n for n in all_tables() if n not in ACROSS_DISTRICTS):  # districts: compare/comparisons.xlsx
        raw = (_own(out) / "tables" / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel on Chinese Windows reads it as UTF-8
        assert len(pd.read_csv(_own(out) / "tables" / f"{name}.csv", encoding="utf-8-sig")) == len(
            all_tables()[name].build("all")
        )


def test_nothing_changed_means_nothing_runs(built):
    out, _ = built
    result = _build("--out", str(out))
    assert result.returncode == 0 and result.stdout.startswith(
        "up to date: 1 report(s), 4 notebooks unchanged"
    )


def test_a_changed_notebook_runs_alone_and_a_broken_one_keeps_the_last_good_outputs(built, tmp_path):
    out = tmp_path / "out"  # a copy: the session's build stays as the other tests expect it
    shutil.copytree(built[0], out, symlinks=True)
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    nb = nbformat.read(notebooks / "02_land_use.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("One more sentence."))
    nbformat.write(nb, notebooks / "02_land_use.ipynb")
    result = _build("--out", str(out), "--notebooks", str(notebooks))
    assert result.returncode == 0, result.stderr
    states = {
        line.split()[1]: line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")
    }
    assert states == {
        "00_sources_and_checks@wujin_2024": "cached",
        "01_land_transfers@wujin_2024": "cached",
        "02_land_use@wujin_2024": "executed",
        "03_indicators@wujin_2024": "cached",
        "tables@wujin_2024": "wrote",  # by a kernel that has them in memory
        "decks@wujin_2024": "wrote",  # the editable decks, by a kernel that has the tables
        "pictures@wujin_2024": "wrote",  # the picture decks, once every chart is exported
        # the build draws the charts from the tables, no notebook does: a notebook changed, they are taken over
        **{f"figures:{name}@wujin_2024": "reused" for name in charts.DECK_CHARTS},
        # no "reused report_zh.pdf": a page changed, so both PDFs are printed again
        "library": "wrote",  # every table across the library
        "compare": "wrote",  # the comparisons (none, with one report)
    }

    before = _snapshot(out / "reports", out / "figures")
    broken = nbformat.v4.new_notebook()
    broken.cells = [
        nbformat.v4.new_markdown_cell("# Broken"),
        nbformat.v4.new_code_cell('REPORT = "wujin_2024"', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("ratio = 1 / 0"),
    ]
    nbformat.write(broken, notebooks / "04_broken.ipynb")
    result = _build("--out", str(out), "--notebooks", str(notebooks))
    assert result.returncode == 1
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert line == f"error: {notebooks / '04_broken.ipynb'}: cell 3: ZeroDivisionError: division by zero"
    assert "previous outputs left as they were" in result.stdout
    assert _snapshot(out / "reports", out / "figures") == before
    assert sorted(p.name for p in (out / ".build").iterdir()) == sorted(
        ["lock", "current", os.readlink(out / ".build" / "current")]
    )  # the failed build's folder is gone
    assert [p.name for p in (out / ".build-cache").iterdir() if p.name.startswith(".")] == []


def test_the_build_never_writes_under_data(session_build):
    """The session's build ran every notebook on kernels (as --force would) and wrote every output;
    data/ was hashed before and after it (test_build_faults.py hashes it around every other build)."""
    states = [line.split()[0] for line in session_build.stdout.splitlines() if line.startswith("  ")]
    assert states.count("executed") == len(NOTEBOOKS) and "cached" not in states
    assert session_build.data_after == session_build.data_before
    assert len(session_build.data_before) >= 3  # the manifest, the report, its registry at least
