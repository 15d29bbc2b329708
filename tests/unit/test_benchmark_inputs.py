"""The extraction benchmark's inputs are reports the extractor reads whole (make bench must not stop).

benchmarks/extraction.py redraws a third of the 2024 report's digits to make distinct texts; when
it redrew years too (2087年 in a report of 2024), the records of those years were rightly not read
and the benchmark stopped on its own check (2026-12-06).
"""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "extraction_benchmark", ROOT / "benchmarks" / "extraction.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_varied_text_gives_as_many_records_as_the_report():
    from analysis.extract import extraction

    bench = _benchmark()
    source = bench.SOURCE.read_text(encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = extraction.extract(bench.report_of(Path("wujin_2024.txt"), source))
        for i, text in enumerate(bench.varied_texts(12)):
            assert text != source and len(text) == len(source)
            result = extraction.extract(bench.report_of(Path(f"varied_{i}.txt"), text))
            assert (len(result.transfers), len(result.land_use)) == (
                len(reference.transfers),
                len(reference.land_use),
            ), i
