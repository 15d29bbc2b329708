"""The workbook and the CSV files read back: labels, formats, widths, frozen panes, filters, every cell equal
to its table; no text ever becomes a formula; CSVs with a byte-order mark that pandas reads back equal."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import datetime

import openpyxl
import pandas as pd
import pytest

from analysis.derive import all_tables
from analysis.publish.files import FORMULA_START, inert, table_frames, to_csv, write_csvs
from analysis.publish.workbook import _ordered, header_text, sheet_name, write_workbook
from analysis.tables.codes import code_label
from analysis.tables.schema import FIELDS
from tests.helpers import DATA

BUILT_AT = datetime(2026, 11, 30, 8, 30, 0)  # UTC
PAYLOADS = ["=1+2", "+SUM(A1:A9)", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x","x")']
# data/ holds one report: the comparisons are empty, every other table has rows (the first test checks it on
# the tables themselves; named here, the sheets' test is not parametrized by building every table at collection)
EMPTY = {"transfer_changes", "land_use_changes", "figure_changes", "years_compared", "districts_compared"}


@pytest.fixture(scope="module")
def frames():
    return table_frames("all")


@pytest.fixture(scope="module")
def book(frames, tmp_path_factory):
    path = tmp_path_factory.mktemp("workbook") / "tables.xlsx"
    write_workbook(frames, path, "wujin_2024", BUILT_AT)
    return openpyxl.load_workbook(path)


def _letter(index: int) -> str:
    return openpyxl.utils.get_column_letter(index)


def _widths(sheet) -> dict[int, float]:
    """Column widths by number (a <col> element may cover a range of equal columns)."""
    return {i: d.width for d in sheet.column_dimensions.values() for i in range(d.min, d.max + 1)}


def test_readme_first_then_every_table_with_rows_then_provenance_and_columns(book, frames):
    filled = [name for name, frame in frames.items() if len(frame)]
    assert book.sheetnames == ["说明", *[sheet_name(n) for n in filled], "来源报告", "字段说明"]
    assert sheet_name("land_transfers") == "土地供应"
    assert set(frames) - set(filled) == EMPTY  # one report: no comparison
    readme = "\n".join(str(c.value) for row in book["说明"].iter_rows() for c in row if c.value is not None)
    sha = hashlib.sha256((DATA / "raw" / "wujin_2024.txt").read_bytes()).hexdigest()
    assert sha in readme and "data/raw/wujin_2024.txt" in readme
    assert "2026-11-30 16:30 北京时间（UTC+08:00）" in readme  # 08:30 UTC, with its zone
    for name, spec in all_tables().items():
        assert spec.zh in readme and spec.en in readme, name
    assert readme.count("未生成工作表") == len(EMPTY)  # the empty comparisons are explained, not shown empty


def _columns(frame) -> list[str]:
    return [c.key for c in _ordered(frame)]


@pytest.mark.parametrize("name", [n for n in all_tables() if n not in EMPTY])
def test_each_sheet_has_keys_first_labels_formats_frozen_labels_and_the_tables_values(book, frames, name):
    sheet, frame = book[sheet_name(name)], frames[name]
    ordered = _ordered(frame)
    labels = [c.value for c in sheet[1]]
    # Chinese labels with the units readers see: 出让金（亿元）; one too wide for its column broken before its unit
    assert [t.replace("\n", "") for t in labels] == [c.label for c in ordered]
    assert all("\n" not in t or "\n（" in t for t in labels), labels
    assert [c.value for c in sheet[2]] == [c.name for c in ordered]  # the field names under them
    roles = [FIELDS[c.key].role for c in ordered if not c.exact and not FIELDS[c.key].twin_of]
    assert roles == sorted(roles, key=["key", "measure", "note", "id", "provenance"].index)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes in ("A3", "B3")  # both header rows, and the first key column where there is one
    assert sheet.auto_filter.ref == f"A2:{_letter(len(ordered))}{len(frame) + 2}"
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$2"
    heights = [d.height for i, d in sheet.row_dimensions.items() if i > 2 and d.height]
    assert not heights or max(heights) <= 15  # normal row heights: no 105 pt rows
    of_unit = [c.key for c in ordered if FIELDS[c.key].unit_from == "unit"]  # a value whose unit is its row's
    amounts = list(frame[of_unit[0]]) if of_unit else [None] * len(frame)
    for j, column in enumerate(ordered, start=1):
        cells = [sheet.cell(row=i, column=j) for i in range(3, len(frame) + 3)]
        field = FIELDS[column.key]
        units = frame["unit"] if field.unit_from == "unit" else [None] * len(frame)
        for cell, value, unit, amount in zip(cells, frame[column.key], units, amounts, strict=True):
            if pd.isna(value):
                assert cell.value is None, (name, column)
            elif unit == "元" and abs(value) >= 1e8:  # money of 1亿 or more whose unit is its row's: in 亿元
                assert cell.value == pytest.approx(value / 1e8, rel=1e-12, abs=0), (name, column)
            elif column.key == "unit" and value == "元" and not pd.isna(amount) and abs(amount) >= 1e8:
                assert cell.value == "亿元", (name, column)
            elif field.dtype == "boolean":
                assert cell.value == ("是" if value else "否")
            elif field.dtype in ("Int64", "Float64"):
                shown = value / 1e8 if field.shown_unit == "亿元" and not column.exact else value
                # unrounded (the format rounds), to the 16 significant digits a spreadsheet keeps
                assert cell.value == pytest.approx(shown, rel=1e-12, abs=0), (name, column)
                assert cell.number_format.startswith(("#,##0", "0", '"+"#,##0')), (name, column)
            elif field.codes:
                assert cell.value == code_label(field.codes, value), (name, column)
            else:
                assert cell.value == str(value) and cell.data_type == "s", (name, column)


def test_money_in_the_reports_unit_with_the_exact_value_kept(book, frames):
    sheet = book["土地供应"]
    header = [c.value.replace("\n", "") for c in sheet[1]]
    total = [
        c.value for c in sheet[3]
    ]  # the transfer total: 2024年完成国有用地出让56宗,面积3771.3亩,出让金额203.75亿元
    assert header[:3] == ["供地渠道", "供地方式", "用途"] and "出让金（亿元）" in header
    assert total[header.index("出让金（亿元）")] == pytest.approx(203.75)
    assert total[header.index("出让金（元，精确值）")] == 20375000000
    assert total[header.index("面积（亩）")] == 3771.3
    fmt = sheet.cell(3, header.index("面积（亩）") + 1).number_format
    assert fmt == '#,##0.0;"−"#,##0.0'  # 3771.3 as printed, with a separator; a negative with a true minus
    assert header.index("原文引文") > header.index("出让金（元，精确值）")  # provenance last
    codes = [c.value for c in book["原文数字清单"]["A"]][2:]
    assert "排除（附原因）" in codes and "excluded" not in codes  # codes by their labels


def test_number_formats_follow_each_rows_unit_where_the_unit_is_a_column(book, frames):
    sheet = book["主要比率"]
    header = [c.value for c in sheet[2]]
    unit, value = header.index("unit") + 1, header.index("value") + 1
    formats = {  # each format's first section: what a positive value shows
        sheet.cell(i, unit).value: sheet.cell(i, value).number_format.split(";")[0]
        for i in range(3, sheet.max_row + 1)
    }
    assert (
        formats["%"] == '#,##0.0"%"' and formats["万元/亩"] == "#,##0.00" and formats["元/平方米"] == "#,##0"
    )


def test_compared_figures_read_money_in_yi_yuan_and_stated_figures_as_printed(book):
    """对比指标 showed 出让金额 as 20,375,000,000 元 and stated figures with a computed figure's decimals
    (3,771.30 亩, 3,499.00 亩), unlike every other sheet (look7, 2026-12-06)."""
    sheet = book[sheet_name("compared_figures")]
    names = [c.value for c in sheet[2]]
    rows = {
        sheet.cell(i, names.index("figure") + 1).value: (
            sheet.cell(i, names.index("value") + 1),
            sheet.cell(i, names.index("unit") + 1).value,
        )
        for i in range(3, sheet.max_row + 1)
    }
    revenue, unit = rows[code_label("figure", "transfer_revenue_yuan")]
    assert (revenue.value, unit, _positive(revenue)) == (pytest.approx(203.75), "亿元", "#,##0.00")
    area, unit = rows[code_label("figure", "transfer_area_mu")]
    assert (area.value, unit, _positive(area)) == (3771.3, "亩", "#,##0.0")  # as printed
    allocated, _ = rows[code_label("figure", "allocation_area_mu")]
    assert _positive(allocated) == "#,##0"  # 3499亩
    share, unit = rows[code_label("figure", "transfer_parcels_share_pct")]
    assert (unit, _positive(share)) == ("%", '#,##0.0"%"')  # a computed share keeps its unit's decimals


def test_a_negative_number_stays_a_number_and_shows_a_true_minus(book):
    """Tables printed −0.11 as '-0.11' with a hyphen where sentences said '−0.11' (look7, 2026-12-06)."""
    sheet = book[sheet_name("reconciliation")]
    names = [c.value for c in sheet[2]]
    cells = [sheet.cell(i, names.index("difference") + 1) for i in range(3, sheet.max_row + 1)]
    area = next(c for c in cells if c.value is not None and c.value < 0)  # 3771.3 − 3771.41 亩
    assert area.value == pytest.approx(-0.11) and area.data_type == "n"
    assert area.number_format == '"+"#,##0.00;"−"#,##0.00;#,##0.00'  # a change: signed (look9)


def test_a_change_stays_a_number_and_shows_its_plus_as_the_pages_do(book):
    """look8 left the workbook's change columns without a '+' where the pages print +0.06亿元: the value
    stays a number, the format's first section writes the sign; a column that is no change gets none."""
    sheet = book[sheet_name("reconciliation")]
    names = [c.value for c in sheet[2]]
    cells = [sheet.cell(i, names.index("difference") + 1) for i in range(3, sheet.max_row + 1)]
    money = next(c for c in cells if c.value is not None and c.value > 0)  # 203.75 − 203.69 亿元
    assert money.value == pytest.approx(0.06) and money.data_type == "n"
    assert _positive(money) == '"+"#,##0.00'
    stated = sheet.cell(money.row, names.index("stated") + 1)
    assert _positive(stated) == "#,##0.00"  # 203.75亿元: a figure, no sign


def _positive(cell) -> str:
    """A cell's number format for a positive value (its first section)."""
    return cell.number_format.split(";")[0]


def test_file_properties(book):
    properties = book.properties
    assert (
        properties.title == "武进分局2024年工作总结：数据表"
    )  # the branch's work summary, not the district's
    assert properties.creator == "常州市自然资源和规划局武进分局"
    assert properties.subject and properties.keywords
    assert properties.created == BUILT_AT


def test_text_that_looks_like_a_formula_stays_text(tmp_path, frames):
    evil = {name: frame.copy() for name, frame in frames.items()}
    quotes = evil["land_use"]["quote"].astype("string")
    evil["land_use"]["quote"] = pd.array(PAYLOADS[: len(quotes)], dtype="string")
    evil["indicators"]["name_zh"] = pd.array(
        [PAYLOADS[i % len(PAYLOADS)] for i in range(len(evil["indicators"]))], dtype="string"
    )
    path = tmp_path / "tables.xlsx"
    write_workbook(evil, path, "wujin_2024", BUILT_AT)
    book = openpyxl.load_workbook(path)
    formulas = [
        c.coordinate for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []
    column = _columns(evil["land_use"]).index("quote") + 1
    assert [book["土地利用现状"].cell(i, column).value for i in range(3, 3 + len(quotes))] == PAYLOADS[
        : len(quotes)
    ]
    assert quotes.tolist() != PAYLOADS[: len(quotes)]  # the payloads replaced the real quotes


def test_csv_files_start_with_the_bom_and_read_back_equal(tmp_path, frames):
    write_csvs(tmp_path, frames)
    for name, frame in frames.items():
        raw = (tmp_path / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and not raw[3:].startswith(b"\xef\xbb\xbf")
        back = pd.read_csv(tmp_path / f"{name}.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str)
        want = pd.read_csv(io.StringIO(to_csv(frame)), keep_default_na=False, dtype=str)  # the exact text
        pd.testing.assert_frame_equal(back, want)
        assert list(back.columns) == list(frame.columns) and len(back) == len(frame)
    land = pd.read_csv(tmp_path / "land_use.csv", encoding="utf-8-sig")
    assert land["area_ha"].tolist() == frames["land_use"]["area_ha"].tolist()  # 37701.38 ... as floats
    assert land["quote"].tolist() == frames["land_use"]["quote"].tolist()


def test_csv_cells_that_would_run_as_formulas_are_made_inert_but_stdout_is_exact(tmp_path):
    frame = pd.DataFrame(
        {"quote": pd.array([*PAYLOADS, "面积3771.3亩", None], dtype="string"), "n": [-1.5] * 7}
    )
    write_csvs(tmp_path, {"t": frame})
    back = pd.read_csv(tmp_path / "t.csv", encoding="utf-8-sig")
    assert back["quote"].tolist()[:5] == ["'" + p for p in PAYLOADS]  # shown as text by Excel and WPS
    assert (
        back["quote"].tolist()[5] == "面积3771.3亩" and back["n"].tolist() == [-1.5] * 7
    )  # numbers untouched
    assert to_csv(frame).splitlines()[1] == "=1+2,-1.5"  # the command line prints the exact text
    assert all(p.startswith(FORMULA_START) for p in PAYLOADS)
    kept = inert(frame)["quote"].tolist()
    assert kept[5] == "面积3771.3亩" and pd.isna(kept[6])


def test_a_header_too_wide_for_its_column_breaks_before_its_unit_never_inside_it(book):
    """look13 (LibreOffice, printed and on screen): 面积（亩） in a column eight characters wide wrapped as
    '面积（亩' over '）'; (平方公里) as '（平方公' over '里）'. A label that does not fit breaks before its
    bracket, and its column holds the bracketed unit on one line."""
    from analysis.present.shown import display_width

    assert header_text("面积（亩）", 8) == "面积\n（亩）" and header_text("面积（亩）", 12) == "面积（亩）"
    assert header_text("说明", 3) == "说明"
    sheet = book["土地供应"]
    labels = [c.value for c in sheet[1]]
    assert "面积\n（亩）" in labels and "出让金（亿元）" in labels  # as wide as its name, revenue_yuan (亿元)
    for sheet in book.worksheets[1:]:
        widths = {j: d.width for d in sheet.column_dimensions.values() for j in range(d.min, d.max + 1)}
        for j, cell in enumerate(sheet[1], start=1):
            unit = cell.value.partition("（")[2]
            assert not unit or display_width("（" + unit) <= widths[j], (sheet.title, cell.value, widths[j])


def _printed(sheet) -> list[float]:
    """The printed columns' widths in points (the print area's, else every column's): a width as the file
    stores it, in characters with the cell padding, is 7 pixels a character, 0.75 pt a pixel."""
    last = sheet.max_column
    if sheet.print_area:
        last = openpyxl.utils.column_index_from_string(re.findall(r"\$([A-Z]+)\$", str(sheet.print_area))[-1])
    widths = {
        j: d.width for d in sheet.column_dimensions.values() for j in range(d.min, d.max + 1)
    }  # G:H once
    return [round(widths[j] * 7) * 0.75 for j in range(1, last + 1)]


def test_every_sheet_prints_readable_fitted_to_the_width_or_over_pages_with_its_keys(book):
    """look10-12 left wide sheets fitted to one page's width: 土地供应 printed at about 45 % (10 pt text at
    4.5 pt). Each sheet prints at 80 % or more on A4 landscape: fitted where the width allows it, else over
    pages across, broken between columns, each page no wider than the paper, its key columns repeated."""
    page = (297 / 25.4 - sheet_margins(book["说明"])) * 72
    across = 0
    for sheet in book.worksheets:
        widths = _printed(sheet)
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9, sheet.title
        if sheet.sheet_properties.pageSetUpPr.fitToPage:
            assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
            assert page / sum(widths) >= 0.8, (sheet.title, round(page / sum(widths), 2))
            continue
        across += 1
        scale, breaks = (sheet.page_setup.scale or 100) / 100, [b.id for b in sheet.col_breaks.brk]
        keys = sheet.print_title_cols
        repeated = (
            sum(widths[: openpyxl.utils.column_index_from_string(keys.split(":")[-1].strip("$"))])
            if keys
            else 0
        )
        starts = [0, *breaks]
        for start, end in zip(starts, [*breaks, len(widths)], strict=True):
            wide = sum(widths[start:end]) + (repeated if start else 0)
            assert scale >= 0.8 and wide * scale <= page + 0.5, (sheet.title, start, end, scale)
    assert across >= 2  # 土地供应 and 字段说明 at least go on over two pages
    supply = book["土地供应"]
    assert supply.print_title_cols == "$A:$C" and supply.page_setup.scale >= 80  # 供地渠道, 供地方式, 用途


def sheet_margins(sheet) -> float:
    return sheet.page_margins.left + sheet.page_margins.right


def test_the_readmes_sheet_links_are_each_sheets_name_on_one_line_its_english_beside_it(book):
    """look10 (LibreOffice, printed): a linked sheet name ran on as '土地供应Land supply by level', cut by the
    next column. lookall14: wrapped, it still did: LibreOffice shows a link's text as one field, whose line
    break it drops ('国有建设用地出让结构与价格State land国有建设用地出让结构与价格', the English name cut at 31
    characters, 'Every other quantitative statem', drawn over the next cell). A link holds the sheet's name
    alone, as its tab shows it; the English name opens the English contents beside it."""
    sheet = book["说明"]
    links = [c for row in sheet.iter_rows(max_col=1) for c in row if c.hyperlink is not None]
    assert len(links) >= 10
    for cell in links:
        assert "\n" not in cell.value, cell.value
        assert cell.hyperlink.location == f"'{cell.value}'!A1", cell.value  # the tab it opens, by its name
        english = sheet.cell(cell.row, 3).value
        named = [n for n in all_tables() if sheet_name(n) == cell.value]
        if named:  # a table's sheet: its English name begins the English contents of its row, whole
            assert english.startswith(all_tables()[named[0]].en.split(":")[0]), (cell.value, english)
    assert any(c.value == "土地供应" for c in links)


@pytest.mark.parametrize("name", [n for n in all_tables() if n not in EMPTY])
def test_each_field_name_row_names_a_column_once_and_the_csvs_own_values_by_it(book, frames, name):
    """lookall14: 土地供应's second row said revenue_yuan over 出让金（亿元） (203.75) and again over 出让金（元，
    精确值） (20375000000): read with header=1, revenue_yuan was 203.75 yuan. The field name is the CSV's, over
    the CSV's values; the column shown in 亿元 says so beside the name."""
    sheet, frame = book[sheet_name(name)], frames[name]
    names = [c.value for c in sheet[2]]
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    for key in frame.columns:
        if key in names and FIELDS[key].dtype in ("Int64", "Float64") and FIELDS[key].unit_from != "unit":
            cells = [sheet.cell(row=i, column=names.index(key) + 1).value for i in range(3, len(frame) + 3)]
            expected = [None if pd.isna(v) else pytest.approx(v, rel=1e-12, abs=0) for v in frame[key]]
            assert cells == expected, (name, key)
    shown = [n for n in names if n.endswith("(亿元)")]
    assert all(n.removesuffix(" (亿元)") in names for n in shown), shown
