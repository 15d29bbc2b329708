"""Placeholders of findings.csv and wording.csv (issue 15): `check` names file:line; the build never
blames a notebook cell and never formats {x:>900000000}.

On main an unknown placeholder left its sentence out unnoticed, `{x:q}` or a lone brace failed a
notebook cell (the build blamed the cell), and a width of 900000000 made a 900 MB string.
"""

from __future__ import annotations

import pytest

from analysis.cli import main
from analysis.errors import RegistryError

GOOD = "住宅占**{area_share_residential_commercial:.1f}%**，价格{price_per_mu_industrial:,.2f}万元/亩"


def run(capsys, *args):
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def _findings(data, template: str) -> None:
    path = data / "registry" / "wujin_2024" / "findings.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, f'land_transfers,"{template}","{template}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("{x:>900000000}", "placeholder {x:>900000000}: a width of 900,000,000; at most 40"),
        ("{x:.99999f}", "a precision of 99,999; at most 12"),
        ("{x:q}", "placeholder {x:q}: expected a number format such as .1f or ,.2f after ':'"),
        ("{x:d}", "placeholder {x:d}: expected a number format"),
        ("{x:{y}}", "expected a number format"),
        ("{0}", "placeholder {0}: expected a name (letters, digits and _), found '0'"),
        ("{}", "placeholder {}: expected a name (letters, digits and _), found none"),
        ("{x.real}", "found 'x.real'"),
        ("{x[0]}", "found 'x[0]'"),
        ("{x!r}", "a conversion (!r) is not allowed"),
        ("面积{x", "expected '}' before end of string (a literal brace is written {{ or }})"),
        ("面积}x", "Single '}' encountered"),
    ],
)
def test_bad_placeholders_are_named(template, problem):
    from analysis.source.placeholders import template_problem

    assert problem in template_problem(template)


def test_good_templates_pass():
    from analysis.source.placeholders import template_problem

    assert template_problem(GOOD) is None
    assert template_problem("{{literal}} braces and {x:>8.1%} and {y:_}") is None


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{area_share_residential_commercial:>900000000}", "findings.csv:4: column 'zh': placeholder"),
        ("面积{area_share_residential_commercial", "findings.csv:4: column 'zh': expected '}'"),
        (
            "{no_such_ratio:.1f}%",
            "findings.csv:4: column 'zh': placeholder {no_such_ratio} names no ratio of report",
        ),
    ],
)
def test_check_names_the_line_of_a_bad_placeholder(capsys, data_copy, template, message):
    _findings(data_copy, template)
    status, out, err = run(capsys, "check")
    assert (status, out) == (2, "")
    assert err.startswith("error: ") and err.count("\n") == 1 and message in err, err


def test_a_report_wording_template_is_checked_too(capsys, data_copy):
    path = data_copy / "registry" / "wujin_2024" / "wording.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("chart_text,achieved_x,{value:>900000000},{value}\n")
    status, _, err = run(capsys, "check")
    assert status == 2 and "wording.csv:" in err and "a width of 900,000,000; at most 40" in err


def test_the_build_refuses_a_bad_placeholder_before_any_notebook(capsys, data_copy, tmp_path):
    _findings(data_copy, "{area_share_residential_commercial:>900000000}")
    status, out, err = run(capsys, "build", "--out", tmp_path / "out")
    assert status == 2
    assert err.count("\n") == 1 and "findings.csv:4: column 'zh'" in err and "cell" not in err
    assert "executed" not in out and not (tmp_path / "out").exists()


def test_the_library_refuses_to_format_a_huge_width(data_copy):
    from analysis.present.highlights import findings

    _findings(data_copy, "{area_share_residential_commercial:>900000000}")
    with pytest.raises(RegistryError, match=r"findings.csv:4: column 'zh': placeholder"):
        findings("land_transfers")
