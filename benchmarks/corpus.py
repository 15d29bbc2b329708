"""The extractor scored on its development corpus (tests/fixtures/corpus/): rows recovered, expected, false.

    python benchmarks/corpus.py [-v]

Each passage's expected supply and land-use rows were worked out by hand
beside its text. A row is recovered when the table has it exactly (level,
channel, method, use type, period, parcels, area and proceeds converted
exactly, share as printed, parent); a false row is one the table has and the
passage does not. -v lists every passage that is not exact, row by row.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import corpus  # the corpus reader is shared with the tests


def _differences(passage: corpus.Passage) -> list[str]:
    transfers, land_use, _ = corpus.run(passage)
    lines = []
    for what, expected, found in (
        ("supply", corpus.expected_supply(passage), corpus.found_supply(transfers)),
        ("land_use", corpus.expected_land_use(passage), corpus.found_land_use(land_use)),
    ):
        expected, found = Counter(corpus.as_floats(expected)), Counter(corpus.as_floats(found))
        lines += [f"  {what} missing {row}" for row in expected - found]
        lines += [f"  {what} false   {row}" for row in found - expected]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    passages = [corpus.read(path) for path in corpus.FILES]
    score = corpus.score(passages)
    negatives = [p for p in passages if p.is_negative]
    empty = sum(1 for p in negatives if all(frame.empty for frame in corpus.run(p)[:2]))
    print(f"corpus: {score['passages']} passages, {score['exact']} exact")
    print(
        f"rows recovered / expected: {score['recovered']} / {score['expected']}; false rows: {score['false']}"
    )
    print(f"negatives giving empty tables: {empty} / {len(negatives)}")
    if args.verbose:
        for passage in passages:
            lines = _differences(passage)
            if lines:
                print(passage.name, *lines, sep="\n")


if __name__ == "__main__":
    main()
