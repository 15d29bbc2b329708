"""What the fault tests share (test_build_faults.py, test_build_interrupts.py): a build in a child process
with a fault named (the ANALYSIS_TEST_FAULT hook), what a user can open, the build's progress lines and
what a build left behind. Their fixtures (the copy of the session's build each test damages, data/ hashed
around each test) are in conftest.py. Two modules, so that `make test`, which runs the slow tests a
module per worker, runs them on both cores.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from analysis.files import FAULT_VARIABLE
from tests.helpers import ROOT, run_build


def _build(
    out: Path, *args: str, fault: str = "", cwd: Path = ROOT, temp: Path | None = None
) -> subprocess.CompletedProcess:
    """The build in a child process, `fault` named; `temp`: its temporary folder (TMPDIR)."""
    return run_build(
        out, *args, env={FAULT_VARIABLE: fault, **({"TMPDIR": str(temp)} if temp else {})}, cwd=cwd
    )


def _visible(out: Path) -> dict[str, str]:
    """Every file a user can open under reports/ and figures/ (links followed), with its sha256."""
    found = {}
    for top in ("reports", "figures"):
        for folder, _, files in os.walk(out / top, followlinks=True):
            for name in files:
                path = Path(folder) / name
                found[str(path.relative_to(out))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _entry(out: Path, name: str) -> Path:
    (entry,) = (out / ".build-cache").glob(f"{name}@wujin_2024.*")
    return entry


def _states(result) -> dict[str, str]:
    """{job: state} of the build's progress lines, the report's id (the one report of data/) left out."""
    lines = [line.split() for line in result.stdout.splitlines() if line.startswith("  ")]
    return {words[1].removesuffix("@wujin_2024"): words[0] for words in lines}


def _from_cache(result) -> bool:
    """Every notebook from the cache, none run (the charts, tables and decks are written again)."""
    states = _states(result)
    return "executed" not in states.values() and list(states.values()).count("cached") == 4


def _leftovers(out: Path) -> list[str]:
    cache = [p.name for p in (out / ".build-cache").iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]
    builds = [p.name for p in (out / ".build").iterdir() if p.name not in ("lock", "current")]
    return cache + (builds if builds != [os.readlink(out / ".build" / "current")] else [])
