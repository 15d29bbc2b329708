"""`make bench`: the build against its floor and against the plain way, measured in one run.

    (a) floor: the notebooks' code and the export of every chart's files as plain scripts in as
        many warm processes as the build has workers (imports paid once per process, like the
        build's warm kernels); no page, deck, workbook or PDF
    (b) the full build from an empty cache (python -m analysis build, fresh --out): both
        languages of every reviewer page, the code pages, decks, workbook, and the PDFs
    (c) a rebuild with nothing changed
    (d) the plain way: `jupyter nbconvert --execute --to html`, one notebook after another

    The library (tests/fixtures/library: four reports of three districts, issue 16), each from an empty cache:
    (e) one report's full build (build --report xishan_2024)
    (f) the library of four: f/e <= 2.5
    (g) adding one report (binhu_2024, a district of its own) to a built library of the other three:
        it builds that report, the library's tables, the comparisons and the front page;
        (h) that report's own full build (build --report binhu_2024): g/h <= 1.3
    (i) the library rebuilt with nothing changed: <= 0.5 s

Targets: b/a <= 1.5, c <= 0.5 s; (d) is context: it makes one language and no figure files,
decks or PDFs, so it does less than (b). Ratios, not seconds, are what
carry over between runs on this noisy 2-core machine. Then the extraction
benchmark (benchmarks/extraction.py), the corpus score (benchmarks/corpus.py) and the
real-text yardstick (benchmarks/real.py: other people's passages, when benchmarks/real/passages/ holds them) run.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PYTHON = sys.executable
WORKERS = len(os.sched_getaffinity(0))
ENV = {**os.environ, "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}


def _timed(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=ENV, **kwargs)
    return time.perf_counter() - started


def _as_script(notebook: Path, figures: Path) -> str:
    """The notebook's code cells, with the build's parameters, as one plain script."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        parts.append(
            "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        )
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            parts.append("LANG = 'zh'")
    return "\n\n".join(parts) + "\n"


def _export_script(chart: str, figures: Path) -> str:
    """What the build's task does for one chart: its files in both languages (figures.save_variants)."""
    return (
        "from pathlib import Path\nfrom analysis.charts import figures\n"
        f"for lang in ('zh', 'en'):\n    figures.save_variants({chart!r}, None, lang, Path({str(figures)!r}))\n"
    )


def _warm_up() -> None:
    """What a build's kernel has imported before its first notebook: paid once per process."""
    os.environ.update(MPLBACKEND="Agg")
    os.chdir(ROOT / "notebooks")
    import IPython.display  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import pandas  # noqa: F401

    from analysis import charts, derive, present, tables  # noqa: F401


def _run_script(script: str) -> float:
    started = time.perf_counter()
    code = compile(Path(script).read_text(encoding="utf-8"), script, "exec")
    exec(code, {"__name__": "__main__"})  # a fresh namespace, as %reset -f gives a warm kernel
    return time.perf_counter() - started


def floor(tmp: Path) -> float:
    """The notebooks' code in WORKERS warm processes, taken from one queue as the build takes them."""
    from analysis.charts import DECK_CHARTS

    scripts = []
    for notebook in NOTEBOOKS:
        script = tmp / f"{notebook.stem}.py"
        script.write_text(_as_script(notebook, tmp / "figures" / notebook.stem), encoding="utf-8")
        scripts.append(str(script))
    for chart in DECK_CHARTS:  # the notebooks write no files: the build exports the charts, so does the floor
        script = tmp / f"export_{chart}.py"
        script.write_text(_export_script(chart, tmp / "figures"), encoding="utf-8")
        scripts.append(str(script))
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")  # fresh interpreters: nothing inherited from this one
    with context.Pool(min(WORKERS, len(scripts)), initializer=_warm_up) as pool:
        list(pool.imap_unordered(_run_script, scripts, chunksize=1))
    return time.perf_counter() - started


def plain(tmp: Path) -> float:
    jupyter = str(Path(PYTHON).with_name("jupyter"))
    started = time.perf_counter()
    for notebook in NOTEBOOKS:
        _timed([jupyter, "nbconvert", "--execute", "--to", "html", "--output-dir", str(tmp), str(notebook)])
    return time.perf_counter() - started


LIBRARY = ROOT / "tests" / "fixtures" / "library"
_OTHERS = ("xishan_2023", "xishan_2024", "huishan_2024")


def _build(out: Path, *reports: str) -> float:
    """A build of the fixture library (or some of its reports) into `out`, timed."""
    command = [PYTHON, "-m", "analysis", "build", "--out", str(out)]
    for report in reports:
        command += ["--report", report]
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**ENV, "ANALYSIS_DATA_DIR": str(LIBRARY)})  # fmt: skip
    return time.perf_counter() - started


def library(tmp: Path) -> dict[str, float]:
    """(e) to (i): one report, the library of four, one report added to three, nothing changed."""
    times = {"e": _build(tmp / "one", "xishan_2024"), "f": _build(tmp / "four")}
    _build(tmp / "added", *_OTHERS)
    times["g"] = _build(tmp / "added", *_OTHERS, "binhu_2024")
    times["h"] = _build(tmp / "binhu", "binhu_2024")
    times["i"] = min(_build(tmp / "four") for _ in range(3))
    return times


def main() -> None:
    build = [PYTHON, "-m", "analysis", "build"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        a = floor(tmp)
        b = _timed([*build, "--out", str(tmp / "out")])
        c = min(_timed([*build, "--out", str(tmp / "out")]) for _ in range(3))
        d = plain(tmp / "plain")
        lib = library(tmp / "library")
    print(f"notebooks: {len(NOTEBOOKS)}, workers: {WORKERS}")
    print(f"(a) floor, notebook code in {WORKERS} warm processes:   {a:6.2f} s")
    print(f"(b) full build (zh + en pages, PDFs), empty cache:  {b:6.2f} s   b/a = {b / a:.2f} (<= 1.5)")
    print(f"(c) rebuild with nothing changed (best of 3):        {c:6.2f} s   (target <= 0.5 s)")
    print(f"(d) jupyter nbconvert --execute --to html, in turn:  {d:6.2f} s   b/d = {b / d:.2f} (context)")
    print("the fixture library (4 reports, 3 districts), each from an empty cache:")
    e, f, g, h, i = (lib[k] for k in "efghi")
    print(f"(e) one report's full build (xishan_2024):           {e:6.2f} s")
    print(f"(f) the library of four:                            {f:6.2f} s   f/e = {f / e:.2f} (<= 2.5)")
    print(f"(g) one report (binhu_2024) added to three:         {g:6.2f} s")
    print(f"(h) that report's own full build:                   {h:6.2f} s   g/h = {g / h:.2f} (<= 1.3)")
    print(f"(i) the library, nothing changed (best of 3):       {i:6.2f} s   (target <= 0.5 s)")
    for script in ("extraction.py", "corpus.py", "real.py"):  # speed, then scores on the corpus and real text
        path = ROOT / "benchmarks" / script
        if path.exists():
            print()
            subprocess.run([PYTHON, str(path)], check=True)


if __name__ == "__main__":
    main()
