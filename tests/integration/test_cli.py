"""`python -m analysis`: tables in three formats, check, and one-line errors with exit 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from analysis.cli import main
from analysis.derive import all_tables
from tests.helpers import DATA, REPORT_TEXT, ROOT, only_the_kind_note, write_report

LAND_USE_SENTENCE = (
    "武进区2023年农用地面积37701.38公顷,其中耕地面积10190.56公顷,建设用地28032.9公顷,未利用地22664.48公顷。"
)
SUPPLY_SENTENCE = REPORT_TEXT[REPORT_TEXT.index("土地供应平稳有序") : REPORT_TEXT.index("用地潜能持续释放")]


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_land_transfers_csv_has_the_promised_columns(capsys):
    status, out, err = run(capsys, "table", "land_transfers")
    assert status == 0 and only_the_kind_note(err), err
    rows = list(csv.DictReader(io.StringIO(out)))
    first = rows[0]
    assert {k: first[k] for k in ("use_type", "is_total", "parcels", "area_mu", "revenue_yuan")} == {
        "use_type": "合计",
        "is_total": "True",
        "parcels": "56",
        "area_mu": "3771.3",
        "revenue_yuan": "20375000000.0",
    }
    assert len(rows) == 10


def test_land_use_csv_has_the_promised_columns(capsys):
    status, out, _ = run(capsys, "table", "land_use", "--report", str(DATA / "raw" / "wujin_2024.txt"))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0
    assert [(r["land_class"], r["parent_class"], r["area_ha"]) for r in rows] == [
        ("农用地", "", "37701.38"),
        ("耕地", "农用地", "10190.56"),
        ("建设用地", "", "28032.9"),
        ("未利用地", "", "22664.48"),
    ]


def test_json_and_markdown(capsys):
    _, out, _ = run(capsys, "table", "reconciliation", "--format", "json")
    records = json.loads(out)
    assert [(r["measure"], r["stated"], r["parts_sum"]) for r in records] == [
        ("parcels", 56, 56),
        ("area_mu", 3771.3, 3771.41),
        ("revenue_yuan", 203.75, 203.69),
    ]
    _, out, _ = run(capsys, "table", "indicators", "--format", "markdown")
    lines = out.splitlines()
    assert lines[0].startswith("| year | topic | indicator_id | name_zh |")  # one report: no report_id
    assert len(lines) == 2 + 43


def test_markdown_shows_a_reading_subset_rounded_and_columns_on_request(capsys):
    _, out, _ = run(capsys, "table", "transfer_ratios", "--format", "markdown")
    header, _, *rows = out.splitlines()
    for hidden in ("sentence", "formula", "inputs", "use_type_en", "report_id"):
        assert f"| {hidden} |" not in header
    total = next(r for r in rows if "| transfer.total |" in r)
    # 203.75亿元 / 3771.3亩 = 540.2646...万元/亩, read as 540.26; 出让金额203.75亿元 = 20,375,000,000 元
    assert "| 540.26 |" in total and "| 20,375,000,000 |" in total and "| 2024 |" in total
    _, out, _ = run(
        capsys,
        "table",
        "transfer_ratios",
        "--format",
        "markdown",
        "--columns",
        "item_id,price_wan_yuan_per_mu",
    )
    assert out.splitlines()[:3] == [
        "| item_id | price_wan_yuan_per_mu |",
        "|---|---|",
        "| transfer.total | 540.26 |",
    ]
    _, out, _ = run(capsys, "table", "land_use", "--format", "markdown", "--all")
    assert out.splitlines()[0].endswith("| quote | quote_start | quote_end | sentence |")
    _, out, _ = run(capsys, "table", "land_use", "--format", "csv", "--columns", "item_id,area_ha")
    assert out.splitlines()[:2] == ["item_id,area_ha", "land_use.agricultural,37701.38"]  # exact, no BOM
    status, out, err = run(capsys, "table", "land_use", "--format", "markdown", "--columns", "area,item_id")
    assert status == 2 and out == "" and err.startswith("error: --columns: unknown column(s) area;")
    assert len(err.strip().splitlines()) == 1


def test_check_summarises_and_flags_the_mismatches(capsys):
    status, out, _ = run(capsys, "check")
    assert status == 0
    assert "95 digit runs: 68 read as facts, 27 excluded with a reason, 0 headings, 0 unaccounted" in out
    assert (
        "area_mu: stated 3771.3亩, parts 3771.41亩, difference -0.11亩: differs within print rounding" in out
    )
    assert "revenue_yuan: stated 203.75亿元, parts 203.69亿元, difference +0.06亿元" in out


def test_check_fails_when_a_number_is_unaccounted(capsys, tmp_path):
    status, out, _ = run(capsys, "check", "--report", str(write_report(tmp_path, REPORT_TEXT, "copy.txt")))
    assert status == 1  # a copy outside the manifest has no registry: its other numbers are unaccounted
    assert "unaccounted: 498 at" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "nope.txt: file not found"),
        ("", "nope.txt: the file is empty"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(capsys, tmp_path, content, message):
    path = tmp_path / "nope.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "table", "land_use", "--report", str(path))
    assert status == 2 and out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_a_text_without_land_figures_warns_and_exits_0_but_2_under_strict(capsys, tmp_path):
    """Issue 17: exit 2 only for unreadable input; --strict keeps the refusal of earlier versions."""
    path = tmp_path / "nope.txt"
    path.write_text("天气晴朗,万物生长。\n", encoding="utf-8")
    status, out, err = run(capsys, "table", "land_use", "--report", str(path))
    assert status == 0 and out.strip() == ",".join(all_tables()["land_use"].columns)
    assert "warning: " in err and "no land-use statement" in err
    status, out, err = run(capsys, "table", "land_use", "--strict", "--report", str(path))
    assert status == 2 and out == ""
    (line,) = [e for e in err.splitlines() if e.startswith("error: ")]
    assert "nope.txt: no land figures found" in line


def test_a_report_missing_its_land_use_sentence_warns_and_exits_0(capsys, tmp_path):
    path = write_report(tmp_path, REPORT_TEXT.replace(LAND_USE_SENTENCE, ""))
    status, out, err = run(capsys, "table", "land_use", "--report", str(path))
    assert status == 0
    assert out.strip() == ",".join(all_tables()["land_use"].columns)
    assert "warning: " in err and "no land-use statement" in err
    status, out, _ = run(capsys, "table", "land_transfers", "--report", str(path))
    assert status == 0 and len(out.splitlines()) == 11  # header + 10 rows, unchanged


def test_a_report_missing_its_supply_sentence_warns(capsys, tmp_path):
    path = write_report(tmp_path, REPORT_TEXT.replace(SUPPLY_SENTENCE, ""))
    status, out, err = run(capsys, "table", "land_transfers", "--report", str(path))
    assert status == 0 and len(out.splitlines()) == 1
    assert "no land-supply statement" in err


def test_tables_writes_every_table_or_nothing(capsys, tmp_path):
    out_dir = tmp_path / "tables"
    status, _, _ = run(capsys, "tables", "--out", str(out_dir))
    assert status == 0
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(f"{name}.csv" for name in all_tables())
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    status, _, err = run(capsys, "tables", "--out", str(out_dir), "--report", str(tmp_path / "missing.txt"))
    assert status == 2 and "file not found" in err
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left


@pytest.mark.end_to_end
def test_the_real_command_prints_no_traceback(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes("面积".encode("gbk"))
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "table", "land_transfers", "--report", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert "broken.txt:1:1: expected UTF-8 text, found byte 0xc3" in result.stderr


def test_warnings_repeat_on_every_call_even_when_the_frame_is_cached(capsys, tmp_path):
    path = write_report(tmp_path, REPORT_TEXT.replace(LAND_USE_SENTENCE, ""))
    for _ in range(2):
        status, _, err = run(capsys, "table", "land_use", "--report", str(path))
        assert status == 0 and "no land-use statement" in err


def test_ratio_and_comparison_tables_print_too(capsys):
    status, out, _ = run(capsys, "table", "key_ratios", "--format", "json")
    ratios = {r["ratio_id"]: r["value"] for r in json.loads(out)}
    assert status == 0 and round(ratios["development_intensity"], 2) == 31.71  # 28032.9 / 88398.76
    status, out, _ = run(capsys, "table", "transfer_changes")
    assert status == 0 and len(out.splitlines()) == 1  # one report of Wujin: nothing to compare, header only


AUCTION = (  # our words and numbers, in the shape of one auction day's news
    "9月12日，某市一宗商住地块经过36轮竞价，最终由某某置业有限公司以8.6亿元竞得，溢价率41%。"
    "该地块位于滨河路以东，出让面积52亩，起始价6.1亿元。\n"
)


def test_table_and_check_name_the_kind_of_text_and_its_reliability(capsys, tmp_path):
    from analysis.extract.text_kind import reliability

    measured = reliability("auction_news")
    path = write_report(tmp_path, AUCTION, "auction.txt")
    status, _out, err = run(capsys, "table", "land_transfers", "--report", str(path))
    assert status == 0 and err.count("note: ") == 1, err  # and the warning that it states no land use
    assert err.startswith("note: 本文读来像拍卖新闻：") and "This text reads like auction news: on " in err
    assert f"{measured.right_rows} of {measured.expected_rows} expected rows" in err
    assert f"{measured.false_rows} of {measured.printed_rows} printed rows were false" in err
    status, out, err = run(capsys, "check", "--report", str(path))
    assert "\n  text kind: 本文读来像拍卖新闻：" in out and err.count("note: 本文读来像拍卖新闻") == 1


def test_a_malformed_reliability_csv_is_one_line_naming_file_and_line(capsys, tmp_path, monkeypatch):
    import shutil

    from analysis.extract import text_kind

    rules = tmp_path / "rules"
    shutil.copytree(text_kind.RULES, rules)
    header = "kind,passages,expected_rows,right_rows,printed_rows,false_rows,unseen,sets,measured_at\n"
    (rules / "reliability.csv").write_text(
        header + "work_summary,12,x,3,4,1,yes,holdout3,abc\n", encoding="utf-8"
    )
    monkeypatch.setattr(text_kind, "RULES", rules)
    status, out, err = run(capsys, "table", "land_use")
    assert (status, out, err.count("\n")) == (2, "", 1)
    assert err.startswith(
        f"error: {rules / 'reliability.csv'}:2: column 'expected_rows': expected a whole number"
    )


# auction news (ours): 8 lots put up, 6 sold with their area and proceeds; the lots put up are withheld
AUCTION_DAY = (
    "6月3日,石湾市举行今年第二场土拍,现场推出8宗地块,最终成交6宗,总出让面积352.4亩,成交总价21.8亿元,"
    "平均溢价率7%,多家房企参与竞价。\n"
)


def test_table_prints_the_trusted_rows_and_lists_the_withheld_ones_on_stderr(capsys, tmp_path):
    path = tmp_path / "auction_day.txt"
    path.write_text(AUCTION_DAY, encoding="utf-8")
    status, out, err = run(capsys, "table", "land_transfers", "--report", str(path))
    assert status == 0
    assert [(r["parcels"], r["withheld"]) for r in csv.DictReader(io.StringIO(out))] == [("6", "False")]
    column = AUCTION_DAY.index("现场推出8宗") + 1
    (line,) = [e for e in err.splitlines() if "未列入表格" in e]
    assert line.startswith(
        f"warning: {path}:1:{column}: “现场推出8宗”: 未列入表格：推出（挂牌、公告）的地块尚未成交"
    )
    assert " / withheld: lots put up are not lots sold" in line


def test_table_all_rows_prints_the_withheld_rows_too(capsys, tmp_path):
    path = tmp_path / "auction_day.txt"
    path.write_text(AUCTION_DAY, encoding="utf-8")
    status, out, _ = run(
        capsys, "table", "land_transfers", "--report", str(path), "--all-rows", "--format", "json"
    )
    assert status == 0
    rows = json.loads(out)
    assert [(r["statement"], r["parcels"], r["withheld"], r["withheld_gate"]) for r in rows] == [
        ("market_offered", 8, True, "offered_in_misread_kind"),
        ("method_total", 6, False, None),
    ]
    assert rows[0]["withheld_zh"].startswith("未列入表格：") and rows[0]["withheld_en"].startswith(
        "withheld: "
    )


def test_check_lists_a_withheld_row_with_its_place(capsys, tmp_path):
    path = tmp_path / "auction_day.txt"
    path.write_text(AUCTION_DAY, encoding="utf-8")
    status, out, _ = run(capsys, "check", "--report", str(path))
    assert status == 1  # 平均溢价率7%: a digit run no table accounts for
    assert (
        "  land_transfers: 2 rows, 1 totals, 0 of unclear scope, 0 curated (statements.csv), 1 withheld"
        in out
    )
    assert any(":1:" in line and "未列入表格" in line for line in out.splitlines()), out
