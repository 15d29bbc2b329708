"""`python -m analysis build`: everything users read, offline, cached, and safe when a notebook fails."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import charts
from analysis.derive import all_tables
from analysis.publish import pages
from analysis.publish.deck import EAST_ASIAN_FONT
from tests.helpers import DATA, ROOT

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


def _build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "build", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _snapshot(*folders: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_writes_everything_users_read(built):
    out, stdout = built
    reports = out / "reports"
    expected = {"index.html", "tables.xlsx", "charts_zh.pptx", "charts_en.pptx"}
    expected |= {"charts_zh_pictures.pptx", "charts_en_pictures.pptx"}
    expected |= {f"html/{n}.html" for n in NOTEBOOKS} | {f"html/{n}.code.html" for n in NOTEBOOKS}
    expected |= {f"tables/{n}.csv" for n in all_tables()}
    found = {
        str(p.relative_to(reports)) for p in reports.rglob("*") if p.is_file() and not p.name.startswith(".")
    }
    assert found == expected
    for lang in ("zh", "en"):  # with title, and bare/ without it (the source line kept) for titled slides
        names = sorted(
            str(p.relative_to(out / "figures" / lang)) for p in (out / "figures" / lang).rglob("*.*")
        )
        each = [f"{c}.{fmt}" for c in charts.DECK_CHARTS for fmt in ("png", "svg")]
        assert names == sorted(each + [f"bare/{name}" for name in each])
    for name in NOTEBOOKS:  # a progress line per notebook, with its time
        assert any(
            line.split()[:2] == ["executed", name] and line.endswith(" s") for line in stdout.splitlines()
        )


def test_every_page_works_offline_and_says_it_is_chinese(built):
    out, _ = built
    for page in (out / "reports").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert pages.external_urls(text) == [], page.name
        assert '<html lang="zh"' in text, page.name


def test_reviewer_pages_hide_code_and_code_pages_show_it(built):
    out, _ = built
    html = out / "reports" / "html"
    review, code = (
        (html / "01_land_transfers.html").read_text(),
        (html / "01_land_transfers.code.html").read_text(),
    )
    assert "FIGURES_DIR" not in review and "FIGURES_DIR" in code  # a word only the code holds
    images = re.findall(r'<img [^>]*src="([^"]{0,30})', review)
    assert images == ["data:image/png;base64,iVBORw0K"] * 3  # the notebook's three charts, embedded


def test_index_links_every_page(built):
    out, _ = built
    index = (out / "reports" / "index.html").read_text(encoding="utf-8")
    for name in NOTEBOOKS:
        assert f'href="html/{name}.html"' in index and f'href="html/{name}.code.html"' in index
        assert (out / "reports" / "html" / f"{name}.html").exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_decks_hold_native_charts_and_the_built_pictures(built, lang):
    """Each deck's content is tested in tests/unit/publish/test_deck.py; here: the build's own decks."""
    from pptx import Presentation

    out, _ = built
    native = Presentation(str(out / "reports" / f"charts_{lang}.pptx"))
    pictures = Presentation(str(out / "reports" / f"charts_{lang}_pictures.pptx"))
    assert len(native.slides) == len(pictures.slides) == 1 + len(charts.DECK_CHARTS)
    for slide in list(native.slides)[1:]:
        assert any(shape.has_chart for shape in slide.shapes)
    for slide in list(pictures.slides)[1:]:
        (picture,) = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert picture.image.size[0] in (2667, 1333)  # the 200 dpi PNG, full or half slide
        for run in slide.shapes.title.text_frame.paragraphs[0].runs:
            ea = run._r.rPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}ea")
            assert ea is not None and ea.get("typeface") == EAST_ASIAN_FONT


def test_workbook_and_csvs_hold_every_table(built):
    """Formats and labels are tested in tests/unit/publish/test_workbook.py; here: the build's own files."""
    import openpyxl
    import pandas as pd

    out, _ = built
    book = openpyxl.load_workbook(out / "reports" / "tables.xlsx", read_only=True)
    filled = [name for name, spec in all_tables().items() if len(spec.build("all"))]
    assert book.sheetnames == ["README", *filled, "provenance", "columns"]
    provenance = list(book["provenance"].iter_rows(values_only=True))
    assert (
        provenance[1][-1] == "sha256"
        and provenance[2][-1] == hashlib.sha256((DATA / "raw" / "wujin_2024.txt").read_bytes()).hexdigest()
    )
    for name in all_tables():
        raw = (out / "reports" / "tables" / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel on Chinese Windows reads it as UTF-8
        assert len(pd.read_csv(out / "reports" / "tables" / f"{name}.csv", encoding="utf-8-sig")) == len(
            all_tables()[name].build("all")
        )


def test_nothing_changed_means_nothing_runs(built):
    out, _ = built
    result = _build("--out", str(out))
    assert result.returncode == 0 and result.stdout.startswith("up to date: 4 notebooks unchanged")


def test_a_changed_notebook_runs_alone_and_a_broken_one_keeps_the_last_good_outputs(built, tmp_path):
    out, _ = built
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
        "00_sources_and_checks": "cached",
        "01_land_transfers": "cached",
        "02_land_use": "executed",
        "03_indicators": "cached",
        "tables": "wrote",  # by a kernel that has them in memory
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
    assert not [p for p in out.iterdir() if ".staging-" in p.name or ".old-" in p.name]
    assert not [p for p in (out / "figures").iterdir() if ".staging-" in p.name]


def test_the_build_never_writes_under_data(built):
    out, _ = built
    before = _snapshot(DATA)
    assert _build("--out", str(out), "--force").returncode == 0
    assert _snapshot(DATA) == before


def test_lost_outputs_are_rebuilt_from_the_cache_without_running_a_notebook(built, tmp_path):
    out, _ = built
    copy = tmp_path / "out"
    shutil.copytree(out / ".build-cache", copy / ".build-cache")  # outputs gone, cache kept
    result = _build("--out", str(copy))
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")] == ["cached"] * 4
    assert _snapshot(copy / "figures") == {
        k.replace(str(out), str(copy)): v for k, v in _snapshot(out / "figures").items()
    }
    assert (copy / "reports" / "tables.xlsx").is_file() and (copy / "reports" / "charts_zh.pptx").is_file()
