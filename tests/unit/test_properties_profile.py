"""Two CI runs of one commit agree: under CI the property tests are derandomized and keep no database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

_PROBE = """
import tests.properties as p
from hypothesis import settings
s = p.examples(7)
slow = p.examples(3, fuzz=7)  # few in the fast suite, as many as examples(7) under make fuzz
print(p.PROFILE, s.derandomize, s.database is None, s.max_examples, slow.max_examples)
"""


def _profile(**env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE", "FUZZ_SCALE")}
    out = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def test_ci_runs_the_same_examples_every_time():
    assert _profile(CI="true") == ["ci", "True", "True", "7", "3"]


def test_fuzz_runs_many_random_examples():
    assert _profile(HYPOTHESIS_PROFILE="fuzz", FUZZ_SCALE="10") == ["fuzz", "False", "False", "70", "70"]
    assert _profile() == ["dev", "False", "False", "7", "3"]


def test_no_property_test_sets_its_own_example_count():
    """A bare settings(max_examples=...) would escape the fuzz scale: tests use properties.examples(n)."""
    offenders = [
        f"{path.relative_to(ROOT)}"
        for path in Path(ROOT, "tests").rglob("test_*.py")
        if path.name != Path(__file__).name and "max_examples" in path.read_text(encoding="utf-8")
    ]
    assert offenders == [], offenders
