"""One report, loaded once (issue 16): its text, manifest row and registry files are one bundle.

On main a report's registry folder was opened by 7 modules under 3 override rules, the data folder
sat in module constants frozen at import, an edit to indicators.csv or checks.csv was not seen by a
running kernel, and a report without charts.csv broke notebook 03 and the decks.
"""

from __future__ import annotations

import ast
import csv
import os
from pathlib import Path

import pytest

from analysis.errors import RegistryError
from analysis.source import paths
from analysis.source.report_files import declared_files, verify_report_files
from analysis.source.reports import load_report, newest_report_id
from tests.helpers import DATA, ROOT

SRC = ROOT / "src" / "analysis"


def test_every_file_of_the_registry_is_declared_with_its_header():
    declared = declared_files()
    assert list(declared) == [
        "indicators", "number_exclusions", "statements", "checks", "charts", "wording", "findings", "caveats",
    ]  # fmt: skip
    for path in sorted((DATA / "registry" / "wujin_2024").glob("*.csv")):
        spec = declared[path.stem]
        header = next(csv.reader(path.open(encoding="utf-8")))
        assert set(spec.columns) <= set(header) <= set(spec.columns) | set(spec.optional_columns), path.name
    assert declared["charts"].optional and "无指标图" in declared["charts"].when_missing["zh"]
    assert "present/rules/findings.csv" in declared["findings"].overrides


def test_the_bundle_holds_the_registry_rows():
    report = load_report("wujin_2024")
    assert report.files.has("checks") and not report.files.has("statements")
    rows = report.files.rows("checks")
    assert rows[0]["ratio_id"] == "major_projects_land_secured_rate" and rows[0]["_line"] == "2"
    assert report.files.path("checks") == DATA / "registry" / "wujin_2024" / "checks.csv"
    assert report.files.missing() == []  # statements.csv: none is needed
    with pytest.raises(KeyError, match="not declared"):
        report.files.rows("finding")


def _opens_registry(path: Path) -> list[str]:
    """Names in `path` that reach the registry folder other than through the bundle."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in ("registry_root", "REGISTRY_DIR", "registry_dir", "report_rows", "report_text"):
                found.append(name)
        if isinstance(node, ast.Constant) and node.value == "registry":
            found.append("'registry'")
    return found


def test_no_stage_opens_a_registry_file_itself():
    allowed = {
        SRC / "source" / "report_files.py",
        SRC / "source" / "paths.py",
        SRC / "publish" / "targets.py",
    }
    offenders = {
        str(p.relative_to(SRC)): names
        for p in SRC.rglob("*.py")
        if p not in allowed and (names := _opens_registry(p))
    }
    assert offenders == {}


def test_no_module_freezes_the_data_folder_at_import():
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in ("DATA_DIR =", "RAW_DIR =", "MANIFEST =", "DEFAULT_REPORT"):
            assert name not in text, f"{path.relative_to(SRC)}: {name}"


def test_the_data_folder_follows_the_variable_set_after_import(data_copy, monkeypatch, tmp_path):
    assert paths.data_dir() == data_copy
    other = tmp_path / "other"
    os.rename(data_copy, other)
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(other))
    assert load_report("wujin_2024").path == other / "raw" / "wujin_2024.txt"
    assert load_report("wujin_2024").files.folder == other / "registry" / "wujin_2024"


def test_an_edit_to_indicators_or_checks_is_seen_by_the_next_call(data_copy):
    from analysis import derive, tables

    assert "实用性村庄规划覆盖的规划发展村" in set(tables.indicators("wujin_2024")["name_zh"])
    indicators = data_copy / "registry" / "wujin_2024" / "indicators.csv"
    text = indicators.read_text(encoding="utf-8")
    indicators.write_text(
        text.replace("实用性村庄规划覆盖的规划发展村", "规划发展村（改）", 1), encoding="utf-8"
    )
    assert "规划发展村（改）" in set(tables.indicators("wujin_2024")["name_zh"])

    checks = data_copy / "registry" / "wujin_2024" / "checks.csv"
    before = derive.indicator_ratios("wujin_2024").set_index("ratio_id")["value"]
    checks.write_text(
        checks.read_text(encoding="utf-8").replace(",100,%,在库", ",1000,‰,在库", 1), encoding="utf-8"
    )
    after = derive.indicator_ratios("wujin_2024").set_index("ratio_id")
    rate = "major_projects_land_secured_rate"
    assert after.loc[rate, "unit"] == "‰" and after.loc[rate, "value"] == pytest.approx(10 * before[rate])


def test_a_report_without_charts_csv_says_what_is_missing(data_copy, tmp_path):
    from analysis import present
    from analysis.present.caveats import missing_lines
    from analysis.publish.deck import write_editable_decks

    (data_copy / "registry" / "wujin_2024" / "charts.csv").unlink()
    report = load_report("wujin_2024")
    assert [spec.name for spec in report.files.missing()] == ["charts"]
    shown = present.chart("project_and_farmland_indicators", "wujin_2024", "en")
    assert shown.meta == {"chart": "project_and_farmland_indicators", "left_out": True}
    # what readers see says it in plain words; the file's name is for the analyst (`add`'s next steps)
    assert "无指标图" in shown.pages["zh"] and "no indicator chart" in shown.pages["en"]
    lines = missing_lines("wujin_2024")
    assert any("无指标图" in line["zh"] for line in lines)
    assert not [page for page in shown.pages.values() if "charts.csv" in page]

    from pptx import Presentation

    for path in write_editable_decks(tmp_path, "wujin_2024"):
        deck = Presentation(str(path))
        assert len(deck.slides) == 6  # the title slide and five charts: the indicator chart is left out
        notes = deck.slides[0].notes_slide.notes_text_frame.text
        assert "无指标图" in notes or "no indicator chart" in notes


def test_an_undeclared_registry_file_is_named(data_copy):
    (data_copy / "registry" / "wujin_2024" / "finding.csv").write_text("page,zh,en\n", encoding="utf-8")
    with pytest.raises(
        RegistryError, match=r"finding\.csv: not a registry file: expected one of indicators\.csv"
    ):
        verify_report_files("wujin_2024")


def test_a_registry_file_with_a_missing_column_is_refused_at_load(data_copy):
    (data_copy / "registry" / "wujin_2024" / "charts.csv").write_text(
        "chart,panel\nx,rates\n", encoding="utf-8"
    )
    with pytest.raises(RegistryError, match=r"charts\.csv:1: header lacks column\(s\) item"):
        load_report("wujin_2024")


def test_no_report_named_means_the_newest(data_copy):
    manifest = data_copy / "raw" / "manifest.csv"
    assert newest_report_id() == "wujin_2024"
    text = (data_copy / "raw" / "wujin_2024.txt").read_bytes()
    (data_copy / "raw" / "old.txt").write_bytes(text)
    row = manifest.read_text(encoding="utf-8").splitlines()[1]
    older = row.replace("wujin_2024,wujin_2024.txt", "old,old.txt").replace(",2024,", ",2019,")
    with manifest.open("a", encoding="utf-8") as handle:
        handle.write(older + "\n")
    assert newest_report_id() == "wujin_2024"  # the latest year, not the last row
    assert load_report(None).report_id == "wujin_2024"
