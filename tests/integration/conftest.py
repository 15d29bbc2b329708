"""Fixtures of the fault tests (test_build_faults.py, test_build_interrupts.py; their helpers are in faults.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import DATA, tree_hashes


@pytest.fixture
def data_untouched():
    """No build of the test, finished, failed, killed or interrupted, writes under data/."""
    before = tree_hashes(DATA)
    yield
    assert tree_hashes(DATA) == before


@pytest.fixture
def out(built, tmp_path) -> Path:
    """A private copy of the session's build folder (links kept as links)."""
    copy = tmp_path / "out"
    shutil.copytree(built[0], copy, symlinks=True)
    return copy
