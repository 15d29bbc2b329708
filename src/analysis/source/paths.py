"""Where the data lives: one data folder, resolved once per value of ANALYSIS_DATA_DIR.

    data_dir()        <checkout>/data, or ANALYSIS_DATA_DIR
    raw_dir()         <data>/raw: the reports, byte for byte
    manifest_path()   <data>/raw/manifest.csv
    registry_root()   <data>/registry: a folder per report

NOTES
- No module keeps the folder in a constant: a constant is frozen when the
  module is imported, so a kernel (or a test) that sets ANALYSIS_DATA_DIR
  afterwards read the old folder in some stages and the new one in others.
  Every stage asks here, and the answer follows the variable.
- A relative ANALYSIS_DATA_DIR is made absolute the first time it is seen
  (against the working folder then), so a process that changes its working
  folder later (a kernel runs in notebooks/) keeps reading the same data.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

__all__ = ["CHECKOUT_DATA", "data_dir", "manifest_path", "raw_dir", "registry_root"]

CHECKOUT_DATA = Path(__file__).resolve().parents[3] / "data"  # the checkout's, whatever the variable says


@cache
def _resolved(setting: str) -> Path:
    return Path(setting).absolute() if setting else CHECKOUT_DATA


def data_dir() -> Path:
    """The data folder: ANALYSIS_DATA_DIR when set, else the checkout's data/ (absolute)."""
    return _resolved(os.environ.get("ANALYSIS_DATA_DIR", ""))


def raw_dir() -> Path:
    return data_dir() / "raw"


def manifest_path() -> Path:
    return raw_dir() / "manifest.csv"


def registry_root() -> Path:
    return _registry_in(data_dir())


@cache
def _registry_in(data: Path) -> Path:  # (asked for every report loaded: a Path joined once per data folder)
    return data / "registry"
