"""How `make test` hands the slow tests to its workers (tests/scheduling.py), on a collection of names."""

from __future__ import annotations

from types import SimpleNamespace

from tests.helpers import ROOT
from tests.scheduling import GROUPS, ORDER, XDIST_METHODS, SlowScheduling, fits

COLLECTION = [
    "tests/integration/test_browser.py::test_pages",
    "tests/integration/test_browser.py::test_hostile",
    "tests/integration/test_build.py::test_reads",
    "tests/integration/test_build_faults.py::test_kill",
    "tests/integration/test_build_faults.py::test_disk",
    "tests/integration/test_compare_outputs.py::test_files",
    "tests/integration/test_library_build.py::test_front_page",
    "tests/integration/test_library_build.py::test_added",
    "tests/integration/test_variants.py::test_cli[a]",
    "tests/integration/test_variants.py::test_cli[b]",
]


class Worker:
    def __init__(self, name: str):
        self.shutting_down, self.given, self.gateway = False, [], SimpleNamespace(id=name)

    def send_runtest_some(self, indices):
        self.given.append([COLLECTION[i] for i in indices])

    def shutdown(self):
        self.shutting_down = True


def test_every_module_named_is_a_test_module():
    for module in {*ORDER, *(m for group in GROUPS for m in group)}:
        assert (ROOT / module).is_file(), module


def test_the_two_builds_start_at_once_then_one_test_ahead_longest_first():
    config = SimpleNamespace(getvalue=lambda name: ["2*popen"], option=SimpleNamespace(loadscopereorder=True))
    scheduling, first, second = SlowScheduling(config), Worker("gw0"), Worker("gw1")
    for worker in (first, second):
        scheduling.add_node(worker)
        scheduling.add_node_collection(worker, COLLECTION)
    scheduling.schedule()
    library = [
        "tests/integration/test_compare_outputs.py::test_files",
        "tests/integration/test_library_build.py::test_front_page",
        "tests/integration/test_library_build.py::test_added",
    ]
    assert sorted(first.given[0]) == sorted(library)  # one group: the modules that read one build
    assert second.given == [COLLECTION[:2]]  # the browser's module, whole; no more while it holds two
    scheduling.mark_test_complete(second, 0)
    assert second.given[1:] == [["tests/integration/test_build_faults.py::test_kill"]]  # faults, one test
    scheduling.mark_test_complete(second, 1)
    assert second.given[2:] == [["tests/integration/test_build_faults.py::test_disk"]]
    scheduling.mark_test_complete(second, 3)
    assert second.given[3:] == [["tests/integration/test_build.py::test_reads"]]  # before unnamed modules
    scheduling.mark_test_complete(second, 4)
    assert second.given[4:] == [["tests/integration/test_variants.py::test_cli[a]"]]
    assert len(first.given) == 1 and not first.shutting_down


def test_an_xdist_without_the_methods_overridden_gets_its_own_scheduling():
    class Older:
        def _split_scope(self, nodeid):
            return nodeid

    class Installed:
        pass

    for name in XDIST_METHODS:
        setattr(Installed, name, lambda self, *args: None)
    assert fits(Installed) and not fits(Older)
    assert all(callable(getattr(SlowScheduling, name)) for name in XDIST_METHODS)


def test_the_fast_suite_imports_no_module_whose_every_test_is_slow(tmp_path):
    from tests.scheduling import never_selected

    fast, slow = "not slow and not browser", "slow or browser"
    module = tmp_path / "test_x.py"
    module.write_text("import pytest\n\npytestmark = [pytest.mark.slow, pytest.mark.browser]\n")
    assert never_selected(module, fast) and not never_selected(module, slow)
    assert never_selected(module, "property and not browser") and never_selected(module, "not slow")
    module.write_text("import pytest\n\npytestmark = pytest.mark.slow\n")
    assert never_selected(module, fast) and not never_selected(module, "not browser")
    assert not never_selected(module, "property")  # a test of it may be marked property too
    assert not never_selected(module, "property and not browser")
    module.write_text("import pytest\n\npytestmark = [\n    pytest.mark.slow,\n]\n")  # marks on several lines
    assert not never_selected(module, fast)
    module.write_text("import pytest\n\n\n@pytest.mark.slow\ndef test_a():\n    pass\n")  # marks per test
    assert not never_selected(module, fast)
    build = ROOT / "tests" / "integration" / "test_build.py"
    assert never_selected(build, fast) and not never_selected(build, slow)
