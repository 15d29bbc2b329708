"""How `make test` hands the slow tests to its two workers (pytest-xdist, `--dist loadgroup`; conftest.py).

xdist's own loadgroup reads a test's group from a suffix it writes into the test's node id, which pytest
9.2 no longer lets it write (pytest-xdist issue #1386): every slow test went to either worker, both
workers began with the browser tests and one waited idle while the other made the session's build, and
the second module reading the fixture library's build waited for the first. Here the groups are
named by module, and the order in which work is handed out is ours.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from xdist.scheduler import LoadScopeScheduling

# Tests that share a fixture of their module (a browser, the PDFs read back, LibreOffice's conversions)
# or one build (test_compare_outputs reads the fixture library's build, as test_library_build does): each
# group runs whole on one worker. Every other slow test is a unit of its own (each builds a copy).
GROUPS = (
    ("tests/integration/test_library_build.py", "tests/integration/test_compare_outputs.py"),
    ("tests/integration/test_browser.py",),
    ("tests/integration/test_pdf.py",),
    ("tests/integration/test_office.py",),
)
# The order units are handed out, by module: the fixture library's build and the browser's tests (whose
# first makes the session's build) start at once, one on each core; then the longest first, so that
# the last ones handed out are short. Modules not named come last, in the order they were collected.
ORDER = (
    "tests/integration/test_library_build.py",
    "tests/integration/test_browser.py",
    "tests/integration/test_build_interrupts.py",
    "tests/integration/test_build_faults.py",
    "tests/integration/test_build.py",
    "tests/unit/extract/test_corpus.py",
    "tests/integration/test_pdf.py",
    "tests/integration/test_office.py",
    "tests/unit/charts/test_figures.py",
    "tests/unit/extract/test_untrusted_text.py",
)
_GROUP_OF = {module: group[0] for group in GROUPS for module in group}
# SlowScheduling overrides or calls these private methods of xdist's; no lock file pins xdist, so a release
# without them gets xdist's own scheduling (slower, never wrong) instead of a crash of the whole suite.
XDIST_METHODS = ("_split_scope", "_assign_work_unit", "_reschedule", "_pending_of")


def fits(base: type = LoadScopeScheduling) -> bool:
    """Whether the installed xdist's scheduler still has every method SlowScheduling relies on."""
    return all(callable(getattr(base, name, None)) for name in XDIST_METHODS)


def unit_of(nodeid: str) -> str:
    """The unit of work a test belongs to: its group's first module, or the test itself."""
    module = nodeid.split("::")[0]
    return _GROUP_OF.get(module, nodeid)


def rank(unit: str, collected: dict[str, int]) -> tuple[int, int]:
    """Where a unit comes in the order: its module's place in ORDER, then its place in the collection."""
    module = unit.split("::")[0]
    return (ORDER.index(module) if module in ORDER else len(ORDER), collected.get(unit, 0))


class SlowScheduling(LoadScopeScheduling):
    """xdist's scheduling by scope, with our units, our order, and one test ahead per worker."""

    def _split_scope(self, nodeid: str) -> str:
        return unit_of(nodeid)

    def _assign_work_unit(self, node) -> None:
        collected: dict[str, int] = {}
        for index, nodeid in enumerate(self.collection or ()):
            collected.setdefault(unit_of(nodeid), index)
        first = min(self.workqueue, key=lambda unit: rank(unit, collected))
        self.workqueue.move_to_end(first, last=False)  # the base class hands out the queue's first
        super()._assign_work_unit(node)

    def _reschedule(self, node) -> None:
        """A worker runs a test once it holds the next one: more work when it holds one test, not three
        as xdist's (a long test queued behind another while the other worker has nothing to do)."""
        if node.shutting_down:
            return
        if not self.workqueue:
            node.shutdown()
            return
        if self._pending_of(self.assigned_work[node]) > 1:
            return
        self._assign_work_unit(node)


_MODULE_MARKS = re.compile(r"^pytestmark = (.+)$", re.MULTILINE)


def never_selected(module: Path, expression: str) -> bool:
    """Whether the -m `expression` selects none of the tests of `module`, as its one-line `pytestmark` of slow
    and browser marks tells: the fast suite then never imports it (each worker skipped importing and, on a
    fresh clone, assertion-rewriting the 8 modules of builds, browsers and LibreOffice). Any doubt (marks on
    several lines, an expression with arguments, a pytest without Expression.idents) says False."""
    found = _MODULE_MARKS.search(module.read_text(encoding="utf-8"))
    marks = set(re.findall(r"\bpytest\.mark\.(slow|browser)\b", found[1])) if found else set()
    if not marks or "(" in expression:
        return False
    try:
        from _pytest.mark.expression import Expression

        compiled = Expression.compile(expression)
        others = sorted(compiled.idents() - marks)
    except Exception:
        return False
    for chosen in itertools.product((False, True), repeat=len(others)):  # any other marks a test may carry
        carried = marks | {name for name, yes in zip(others, chosen, strict=True) if yes}
        if compiled.evaluate(carried.__contains__):  # no arguments: refused above
            return False
    return True
