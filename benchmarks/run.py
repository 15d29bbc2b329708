"""`make bench`: the build against its floor and against the plain way, measured in one run.

    (a) floor: each notebook's code as a plain Python script, N at a time
    (b) the full build from an empty cache (python -m analysis build, fresh --out)
    (c) a rebuild with nothing changed
    (d) the plain way: `jupyter nbconvert --execute --to html`, one notebook after another

Targets: b/a <= 1.25, b/d <= 0.5, c <= 0.5 s. Ratios, not seconds, are what
carry over between runs on this noisy 2-core machine. Then the extraction
benchmark (benchmarks/extraction.py) and the corpus score (benchmarks/corpus.py) run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
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
            parts.append(f"LANG = 'zh'\nFIGURES_DIR = {str(figures)!r}")
    return "\n\n".join(parts) + "\n"


def floor(tmp: Path) -> float:
    scripts = []
    for notebook in NOTEBOOKS:
        script = tmp / f"{notebook.stem}.py"
        script.write_text(_as_script(notebook, tmp / "figures" / notebook.stem), encoding="utf-8")
        scripts.append(script)
    started = time.perf_counter()
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda s: _timed([PYTHON, str(s)], cwd=ROOT / "notebooks"), scripts))
    return time.perf_counter() - started


def plain(tmp: Path) -> float:
    jupyter = str(Path(PYTHON).with_name("jupyter"))
    started = time.perf_counter()
    for notebook in NOTEBOOKS:
        _timed([jupyter, "nbconvert", "--execute", "--to", "html", "--output-dir", str(tmp), str(notebook)])
    return time.perf_counter() - started


def main() -> None:
    build = [PYTHON, "-m", "analysis", "build"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        a = floor(tmp)
        b = _timed([*build, "--out", str(tmp / "out")])
        c = min(_timed([*build, "--out", str(tmp / "out")]) for _ in range(3))
        d = plain(tmp / "plain")
    print(f"notebooks: {len(NOTEBOOKS)}, workers: {WORKERS}")
    print(f"(a) floor, notebooks as plain scripts, {WORKERS} at a time: {a:6.2f} s")
    print(f"(b) full build from an empty cache:                 {b:6.2f} s   b/a = {b / a:.2f} (<= 1.25)")
    print(f"(c) rebuild with nothing changed (best of 3):        {c:6.2f} s   (target <= 0.5 s)")
    print(f"(d) jupyter nbconvert --execute --to html, in turn:  {d:6.2f} s   b/d = {b / d:.2f} (<= 0.5)")
    for script in ("extraction.py", "corpus.py"):  # extraction speed, then its score on the corpus
        path = ROOT / "benchmarks" / script
        if path.exists():
            print()
            subprocess.run([PYTHON, str(path)], check=True)


if __name__ == "__main__":
    main()
