"""The Makefile's targets: each one it declares (.PHONY) has a rule, so `make <target>` never does nothing.

`make test-slow` was declared and had no rule: make said "Nothing to be done" and exited 0, and a run of the
slow tests alone ran none (found in session 10, round 12).
"""

from __future__ import annotations

import re

from tests.helpers import ROOT


def test_every_declared_target_has_a_rule_with_a_help_line():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    (phony,) = re.findall(r"^\.PHONY:(.*)$", makefile, re.M)
    ruled = set(re.findall(r"^([a-z][a-z-]*):(?!=)[^\n]*##", makefile, re.M))
    assert sorted(set(phony.split()) - ruled) == []
