"""The library built end to end (issue 16): the fixture library of four reports, three districts.

tests/fixtures/library holds 锡山区 2023 and 2024, 惠山区 2024 (no land-use statement) and 滨湖区 2024
(a 划拨 area that cannot be read). One build of all four is shared by the module; the comparison pages'
own content is tested in test_compare_outputs.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.publish.offline import external_urls
from analysis.publish.pdf import missing
from tests.helpers import LIBRARY, ROOT, run_build

# on one worker with the other module that reads the library's build (tests/scheduling.py): the second
# never waits idle for the first to build it
pytestmark = pytest.mark.slow

REPORTS = ("xishan_2023", "xishan_2024", "huishan_2024", "binhu_2024")
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


def _build(out: Path, *args: str) -> subprocess.CompletedProcess:
    return run_build(out, *args, env={"ANALYSIS_DATA_DIR": str(LIBRARY)}, timeout=1200)


@pytest.fixture(scope="module")
def library_build(library_built) -> Path:
    """The run's build of the fixture library (conftest.library_built, shared with test_compare_outputs.py)."""
    out, stdout = library_built
    assert f"built {out / 'reports'} and {out / 'figures'}: 4 of 4 report(s)" in stdout
    return out


def _page(out: Path, *parts: str) -> str:
    return out.joinpath("reports", *parts).read_text(encoding="utf-8")


def test_each_report_has_its_own_folder_of_pages_files_and_figures(library_build):
    out = library_build
    for report_id in REPORTS:
        own = out / "reports" / report_id
        for name in [*NOTEBOOKS, "report"]:
            for lang in ("", ".en"):
                page = own / "html" / f"{name}{lang}.html"
                assert page.is_file(), page
                text = page.read_text(encoding="utf-8")
                assert external_urls(text) == [] and f'<html lang="{"en" if lang else "zh"}"' in text
        for name in (
            "index.html",
            "index.en.html",
            "tables.xlsx",
            "charts_zh.pptx",
            "charts_en_pictures.pptx",
        ):
            assert (own / name).is_file(), (report_id, name)
        if missing() is None:
            assert (own / "report_zh.pdf").is_file() and (own / "report_en.pdf").is_file()
        assert (out / "figures" / "zh" / report_id / "price_per_mu.png").is_file()
        assert (out / "figures" / "en" / report_id / "bare" / "price_per_mu.png").is_file()


def _links(page: Path) -> list[str]:
    return re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', page.read_text(encoding="utf-8"))


def test_every_link_of_every_page_leads_to_a_file_of_the_build(library_build):
    pages = sorted((library_build / "reports").rglob("*.html"))
    assert len(pages) > 4 * 11
    broken = [(str(p), href) for p in pages for href in _links(p) if not (p.parent / href).exists()]
    assert broken == []


def test_the_front_page_is_the_library(library_build):
    zh, en = _page(library_build, "index.html"), _page(library_build, "index.en.html")
    cards = re.findall(r'<h3 id="card-\d"><a href="([^"]+)">([^<]+)</a>', zh)
    assert [href for href, _ in cards] == [  # the newest first; of one year, in manifest order
        "xishan_2024/index.html",
        "huishan_2024/index.html",
        "binhu_2024/index.html",
        "xishan_2023/index.html",
    ]
    assert cards[0][1] == "无锡市自然资源和规划局锡山分局2024年工作总结"
    xishan = zh.split('id="card-1"')[1].split("</article>")[0]
    assert "<dd>锡山区</dd>" in xishan and "<dd>2024</dd>" in xishan
    assert "42宗 · 1,686.5亩 · 75.35亿元" in xishan  # its transfer total, as the card of its own page
    assert 'href="xishan_2024/index.html#headline-1"' in xishan
    assert "全部陈述均已读入表格" in xishan
    binhu = zh.split('id="card-3"')[1].split("</article>")[0]
    assert "1条陈述未读入表格" in binhu and 'href="binhu_2024/html/report.html#unread"' in binhu
    assert 'id="unread"' in _page(library_build, "binhu_2024", "html", "report.html")
    assert "24宗 · 935.5亩 · 58.8亿元" in binhu and "16宗</a>" in binhu  # 划拨: its area not read, not 0亩
    comparisons = re.findall(r'<li><a href="(compare/[^"]+)">', zh)
    assert sorted(comparisons) == ["compare/districts-2024/index.html", "compare/years-xishan/index.html"]
    assert (
        "Xishan District" in en and 'href="xishan_2024/index.en.html"' in en and "1 statement not read" in en
    )


def test_a_report_without_land_use_publishes_what_it_has_and_says_what_it_lacks(library_build):
    from pptx import Presentation

    own = library_build / "reports" / "huishan_2024"
    index = _page(library_build, "huishan_2024", "index.html")
    for chart in ("土地利用结构（三大类），耕地含于农用地", "开发强度与30%经验参考线"):
        assert f"图“{chart}”从略" in index
    assert (
        "尚未选定指标图所列的指标，无指标图" in index and "charts.csv" not in index
    )  # a registry file it has not
    land_use = _page(library_build, "huishan_2024", "html", "02_land_use.html")
    assert 'class="left-out"' in land_use and "报告没有按三大类列出土地面积。" in land_use
    deck = Presentation(str(own / "charts_zh.pptx"))
    assert len(deck.slides) == 1 + 3  # the title slide and the three charts of its land supply
    assert "从略" in deck.slides[0].notes_slide.notes_text_frame.text
    assert not (library_build / "figures" / "zh" / "huishan_2024" / "land_use_structure.png").exists()


def test_the_previous_year_is_on_the_report_s_own_cards(library_build):
    later = _page(library_build, "xishan_2024", "index.html")
    assert '<span class="yoy">比上年+166.5亩（+11.0%）</span>' in later  # 1,686.5亩 against 1,520亩
    assert 'class="yoy"' not in _page(library_build, "xishan_2023", "index.html")  # no earlier 锡山区 report


def test_the_library_s_tables_are_one_tidy_file_each(library_build):
    import pandas as pd

    from analysis.derive import all_tables

    folder = library_build / "reports" / "library"
    assert {p.name for p in folder.iterdir()} == {
        f"{n}.{x}" for n in all_tables() for x in ("csv", "parquet")
    }
    frame = pd.read_parquet(folder / "land_transfers.parquet")
    totals = frame[frame["item_id"] == "transfer.total"].set_index("report_id")
    assert totals["area_mu"].to_dict() == {
        "xishan_2023": 1520.0,
        "xishan_2024": 1686.5,
        "huishan_2024": 1288.0,
        "binhu_2024": 935.5,
    }
    assert totals.loc["huishan_2024", "district"] == "惠山区" and totals.loc["xishan_2023", "year"] == 2023
    csv = pd.read_csv(folder / "land_transfers.csv", encoding="utf-8-sig")
    assert len(csv) == len(frame) and list(csv.columns) == list(frame.columns)


def test_a_report_added_to_a_built_library_is_the_only_one_built(library_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(library_build, out, symlinks=True)
    three = ("xishan_2023", "xishan_2024", "huishan_2024")
    result = _build(out, *(arg for r in three for arg in ("--report", r)))
    assert result.returncode == 0, result.stderr
    assert [line.split()[1] for line in result.stdout.splitlines() if line.startswith("  reused")] == list(
        three
    )
    assert not (out / "reports" / "binhu_2024").exists() and "binhu_2024" not in _page(out, "index.html")
    before = {p: p.stat().st_ino for p in (out / "reports" / "xishan_2024").rglob("*") if p.is_file()}
    result = _build(out)  # binhu_2024 added back: its notebooks from the cache, the others taken over
    assert result.returncode == 0, result.stderr
    states = [line.split()[:2] for line in result.stdout.splitlines() if line.startswith("  ")]
    assert [s for s in states if s[0] == "reused"] == [["reused", r] for r in three]
    assert all(
        name.endswith("@binhu_2024") or name in ("library", "compare")
        for state, name in states
        if state != "reused"
    )
    after = {p: p.stat().st_ino for p in (out / "reports" / "xishan_2024").rglob("*") if p.is_file()}
    assert after == before  # the very files: nothing of a report taken over is written again
    assert "binhu_2024/index.html" in _page(out, "index.html")
    assert _build(out).stdout.startswith("up to date: 4 report(s), 16 notebooks unchanged")


def test_every_comparison_page_fits_a_laptop_screen(library_build):
    """The English years page was 1,591 px wide at 1,366: its 13-column table's money cells
    ('CNY 13.8542 million per mu') never wrapped."""
    from tests.integration.test_browser import CHROMIUM, FLAGS

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    pages = sorted((library_build / "reports" / "compare").rglob("*.html"))
    assert len(pages) == 4
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        wide = {}
        for path in pages:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(path.as_uri())
            wide[path.relative_to(library_build).as_posix()] = page.evaluate(
                "document.documentElement.scrollWidth"
            )
            page.close()
        browser.close()
    assert all(width <= 1366 for width in wide.values()), wide
