"""Extraction throughput against a single regular-expression pass over the same bytes.

    python benchmarks/extraction.py [--texts 1000] [--rounds 3]

1,000 report-sized texts (the 2024 report with its digits varied, so every
text is distinct and no cache can help) are written to a temporary folder.
On one core, the script times, per text:

    (a) floor: read the bytes, decode UTF-8, one pass of the quantity regex
        (the regex that recognises 3771.3亩, 203.75亿元, 56宗 ...) as extraction
        scans with it: behind its opening gate (source/fast_search.opening_gated)
    (b) extraction: read the bytes, decode, and extract the records of both
        core tables (land_transfers and land_use), normalisation included

Target: b/a <= 5. Growth: four times the statements in one paragraph cost
at most 4.5 x the time (linear work; quadratic item numbering once cost 16 x).
Three more lines give context, not targets: the floor with the quantity
regex ungated (what (a) was until round 12), the floor with a plain `\\d+`
pass, and the full public path (load_report + land_transfers() + land_use()
as typed DataFrames) on a tenth of the texts.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import tempfile
import time
import warnings
from pathlib import Path

from analysis import tables
from analysis.extract import extraction, trust
from analysis.source.fast_search import opening_gated
from analysis.source.quantities import _quantity_regex
from analysis.source.reports import Report, load_report
from analysis.tables import frames

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "raw" / "wujin_2024.txt"
TARGET = 5.0


def varied_texts(count: int, seed: int = 2024) -> list[str]:
    """Distinct copies of the 2024 report: every digit redrawn with probability 1/3, lengths kept; the
    years stay (a figure dated 2087年 in a report of 2024 is no supply of that year, and is not read)."""
    text = SOURCE.read_text(encoding="utf-8")
    years = {i for m in re.finditer(r"\d{4}(?=年)", text) for i in range(m.start(), m.end())}
    rng = random.Random(seed)

    def redraw(m: re.Match) -> str:
        return str(rng.randrange(10)) if m.start() not in years and rng.random() < 1 / 3 else m[0]

    return [re.sub(r"\d", redraw, text) for _ in range(count)]


def report_of(path: Path, text: str) -> Report:
    """A report as the manifest path builds it (no district/year inference)."""
    return Report(path.stem, path, "武进区", None, 2024, "", "", None, None, text, in_manifest=False)


def per_text(paths: list[Path], work) -> float:
    """Seconds per text for work(path), one text after another."""
    started = time.perf_counter()
    for path in paths:
        work(path)
    return (time.perf_counter() - started) / len(paths)


GROWTH_TARGET = 4.5


def parts_text(n: int) -> str:
    """n parts of one use type in one paragraph, each its own sentence (ids transfer.industrial, .2, .3 ...)."""
    return (
        "2024年出让国有建设用地。" + "".join(f"出让工业用地{i}宗,面积{i}亩。" for i in range(1, n + 1)) + "\n"
    )


def growth(folder: Path, rounds: int) -> float:
    """Time of 2,400 statements over 600, best of `rounds` each."""
    costs = []
    for n in (600, 2400):
        path = folder / f"parts_{n}.txt"
        path.write_text(parts_text(n), encoding="utf-8")
        costs.append(
            min(
                per_text([path] * 3, lambda p: extraction.extract(report_of(p, p.read_text("utf-8"))))
                for _ in range(rounds)
            )
        )
    return costs[1] / costs[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="best of this many rounds")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    # the floor is the scan extraction itself makes (find_quantities); the regex ungated is context only
    quantity_regex, ungated, digits = opening_gated(_quantity_regex()), _quantity_regex(), re.compile(r"\d+")

    def floor(path: Path) -> None:
        quantity_regex.findall(path.read_bytes().decode("utf-8"))

    def floor_ungated(path: Path) -> None:
        ungated.findall(path.read_bytes().decode("utf-8"))

    def floor_digits(path: Path) -> None:
        digits.findall(path.read_bytes().decode("utf-8"))

    def extract(path: Path) -> None:
        result = extraction.extract(report_of(path, path.read_bytes().decode("utf-8")))
        assert result.transfers and result.land_use

    def public_tables(path: Path) -> None:
        report = load_report(path)
        tables.land_transfers(report), tables.land_use(report)

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, text in enumerate(varied_texts(args.texts)):
            path = Path(tmp) / f"report_{i:04d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        size = sum(p.stat().st_size for p in paths) / len(paths)
        results: dict[str, list[float]] = {"a": [], "a_ungated": [], "a_digits": [], "b": [], "tables": []}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _ in range(args.rounds):
                extraction._extract.cache_clear()
                trust._trusted.cache_clear()
                frames._conformed.cache_clear()
                results["a"].append(per_text(paths, floor))
                results["a_ungated"].append(per_text(paths, floor_ungated))
                results["a_digits"].append(per_text(paths, floor_digits))
                results["b"].append(per_text(paths, extract))
                results["tables"].append(per_text(paths[: max(1, len(paths) // 10)], public_tables))
            grown = growth(Path(tmp), args.rounds)
    a, a_ungated, a_digits, b, full = (min(results[k]) for k in ("a", "a_ungated", "a_digits", "b", "tables"))
    print(f"extraction benchmark: {len(paths)} distinct texts of {size / 1024:.1f} KiB, one core,")
    print(f"best of {args.rounds} rounds, per text:")
    lines = [
        ("(a) read + decode + one quantity-regex pass", a, "(the gated scan extraction makes)"),
        ("(b) read + decode + extract both core tables", b, f"b/a = {b / a:.2f} (target <= {TARGET:g})"),
        ("    context: the same, the regex ungated", a_ungated, f"b/this = {b / a_ungated:.2f}"),
        ("    context: read + decode + one \\d+ pass", a_digits, f"b/this = {b / a_digits:.1f}"),
        ("    context: load_report + both tables as frames", full, f"{full / b:.1f} x b"),
    ]
    for label, seconds, note in lines:
        print(f"{label:<50} {seconds * 1e3:7.3f} ms   {note}")
    print(f"throughput: {1 / b:,.0f} texts/s, {size / b / 2**20:.1f} MiB/s extracted")
    print(
        f"growth: 4 x the statements (600 -> 2,400 in one paragraph) cost {grown:.2f} x (target <= {GROWTH_TARGET:g})"
    )


if __name__ == "__main__":
    main()
