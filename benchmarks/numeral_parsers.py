"""cn2an and JioNLP's parse_money against this project's quantity reader, on the shapes of issue 17.

    python benchmarks/numeral_parsers.py     # needs cn2an and jionlp installed (not project dependencies)

For each shape the expected value is the text's own, or None where the text
gives no number to read (vague, ordinal, odd grouping). A parser is right
when it gives that value, or refuses (an error) where None is expected.
Measured 2026-12 with cn2an 0.5 and jionlp 1.5 (README of benchmarks/real).
"""

from __future__ import annotations

import warnings
from decimal import Decimal

from analysis.source.normalize import normalize
from analysis.source.quantities import find_quantities

CASES = [  # (text, the text's own value in its unit, or None)
    ("1 234.5亩", Decimal("1234.5")),
    ("37,71.3亩", None),
    ("3771·3亩", None),
    ("3771.3¹亩", Decimal("3771.3")),
    ("2亿3千万元", Decimal("230000000")),
    ("1万2000亩", Decimal("12000")),
    ("203亿7500万元", Decimal("20375000000")),
    ("数十宗", None),
    ("几十宗", None),
    ("上百宗", None),
    ("成百上千宗", None),
    ("第三宗", None),
    ("一万零一宗", Decimal("10001")),
    ("一万一千一百一十一宗", Decimal("11111")),
    ("壹拾壹宗", Decimal("11")),
    ("壹佰壹拾壹宗", Decimal("111")),
    ("十余宗", Decimal("10")),
    ("百余宗", Decimal("100")),
    ("一〇五宗", Decimal("105")),
    ("约3.77万公顷", Decimal("37700")),
]


def ours(text: str):
    found = find_quantities(normalize(text).text)
    return Decimal(found[0].value.numerator) / found[0].value.denominator if found else None


def cn2an_reads(text: str):
    import cn2an

    return Decimal(str(cn2an.cn2an(text.rstrip("宗亩元公顷").removeprefix("约"), "smart")))


def jionlp_reads(text: str):
    import jionlp

    return Decimal(jionlp.parse_money(text)["num"])


def main() -> None:
    warnings.simplefilter("ignore")
    parsers = {"this project": ours, "cn2an (smart)": cn2an_reads, "jionlp.parse_money": jionlp_reads}
    right = dict.fromkeys(parsers, 0)
    for text, expected in CASES:
        cells = []
        for name, parse in parsers.items():
            try:
                got = parse(text)
            except ImportError:
                got = "absent"
            except Exception:  # a refusal is an answer here
                got = None
            ok = got == expected
            right[name] += ok
            cells.append(f"{name}: {got}{'' if ok else ' ✗'}")
        print(f"{text:<12} expected {expected}; " + "; ".join(cells))
    print("right: " + ", ".join(f"{name} {n}/{len(CASES)}" for name, n in right.items()))


if __name__ == "__main__":
    main()
