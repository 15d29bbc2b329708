"""Where a command may write: never into inputs, never into a published build, never over what it did not write.

    build_folder(out)             `build --out DIR`: anywhere but inside inputs or a build
    tables_folder(out, names)     `tables --out DIR`: a new or empty folder, or one that holds
                                  only table CSVs (a previous output of this command)
    dictionary_file(path)         `dictionary --write PATH`: a new file, or a previous data
                                  dictionary (data/README.md is one); nothing else under data/

NOTES
- `tables --out` replaces its folder as a whole (so an error leaves the old
  tables), which would delete whatever else the folder held: `--out data/raw`
  once deleted the reports and the manifest. Hence the rule on what it holds.
- Inputs: every data/ the program knows of (the checkout's, and the active
  ANALYSIS_DATA_DIR when it is elsewhere), any folder inside a data folder
  (one that holds raw/manifest.csv), and a folder that holds a manifest or a
  registry itself. Nothing is written there but the dictionary at
  <data>/README.md. Paths are compared after following links, so a link into
  data/raw is refused too.
- Published builds: `reports/` and `figures/<lang>` are links into
  .build/current/; `tables --out reports/tables` once wrote through the link,
  so published CSVs came from other data than the published pages. Only the
  build writes inside <out>/.build/ and .build-cache/ (outputs.py); every
  command refuses them, `make tables` writes tables/.
- Paths are made absolute here: the notebooks run with notebooks/ as their
  working folder, so a relative --out once sent the figures there.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ..errors import OutputError
from ..files import file_kind
from ..source.paths import CHECKOUT_DATA, data_dir

__all__ = ["build_folder", "data_folders", "dictionary_file", "resolved", "tables_folder"]


def resolved(path: Path | str, what: str) -> Path:
    """`path` made absolute, links followed; one line for a NUL, a link loop, a name too long."""
    text = os.fspath(path)
    if "\0" in text:
        raise OutputError(f"{text!r}: {what}: a path cannot contain a NUL character")
    try:
        expanded = Path(text).expanduser()
    except RuntimeError:  # ~name of no user here
        raise OutputError(f"{text}: {what}: {text.split('/')[0]} is no user's home folder here") from None
    try:
        found = expanded.resolve()
        found.exists()  # raises for a name too long or a loop, which resolve() may let through
    except RuntimeError:  # Python < 3.13 says "Symlink loop" this way
        raise OutputError(f"{text}: {what}: a symbolic link loop") from None
    except OSError as exc:
        raise OutputError(f"{text}: {what}: {exc.strerror}") from None
    above = next((p for p in found.parents if os.path.lexists(p)), None)
    if above is not None and not above.is_dir():  # mkdir would say "File exists" or "Not a directory"
        raise OutputError(f"{found}: {what}: {above} is {file_kind(os.stat(above))}, not a folder")
    return found


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


_BUILD_META = (".build", ".build-cache")  # outputs.py and cache.py: written by the build alone
# What only a report's registry folder holds (indicators.csv is also a table that `tables` writes).
_REGISTRY_FILES = ("number_exclusions.csv", "statements.csv", "findings.csv", "wording.csv")


def data_folders() -> list[Path]:
    """Every data folder the program knows of: the checkout's and the active one (resolved, once each)."""
    found: list[Path] = []
    for folder in (CHECKOUT_DATA, data_dir()):
        with contextlib.suppress(OSError, RuntimeError):
            folder = Path(folder).resolve()
            if folder not in found:
                found.append(folder)
    return found


def _holds_inputs(folder: Path) -> str | None:
    """What input `folder` holds (a manifest, a registry, a report's registry files), or None."""
    with contextlib.suppress(OSError):
        if (folder / "manifest.csv").is_file():
            return "a manifest (manifest.csv)"
        if (folder / "registry").is_dir() or (folder / "raw" / "manifest.csv").is_file():
            return "a registry or raw reports"
        if any((folder / name).is_file() for name in _REGISTRY_FILES):
            return "a report's registry"
    return None


def _refuse_data(path: Path, what: str) -> None:
    """Refuse a place inside any known data folder, inside a folder of inputs, or one that holds inputs."""
    for data in data_folders():
        if _inside(path, data):
            raise OutputError(
                f"{path}: {what} would write under {data}, which holds the inputs (raw reports, manifest,"
                " registry); choose a folder outside it"
            )
    for folder in (path, *path.parents):
        held = _holds_inputs(folder) if folder == path else None
        if held is None and (folder / "raw" / "manifest.csv").is_file():
            held = "raw reports and their manifest"
        if held is not None:
            raise OutputError(
                f"{path}: {what} would write into {folder}, which holds {held}: inputs are never"
                " written; choose a folder outside it"
            )


def _refuse_published(path: Path, what: str) -> None:
    """Refuse a place inside a build's own folders (.build/, .build-cache/): the build alone writes there."""
    for folder in (path, *path.parents):
        if folder.name in _BUILD_META and (folder.parent / ".build").is_dir():
            raise OutputError(
                f"{path}: {what} would write into {folder}, where the build keeps what it published;"
                " only `build` writes there (run `make report`), or choose another folder"
            )


def build_folder(out: Path | str) -> Path:
    """The absolute output folder of a build; refused under data/ or when it is not a folder."""
    path = resolved(out, "build --out")
    _refuse_data(path, "the build")
    _refuse_published(path, "the build")
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path}: build --out expects a folder, found a file")
    return path


def tables_folder(out: Path | str, table_names: Iterable[str]) -> Path:
    """The absolute folder `tables --out` may replace as a whole; refused when it holds anything else."""
    path = resolved(out, "tables --out")
    _refuse_data(path, "tables --out")
    _refuse_published(path, "tables --out")
    if not path.exists():
        return path
    if not path.is_dir():
        raise OutputError(f"{path}: tables --out expects a folder, found a file")
    known = {f"{name}.csv" for name in table_names}
    foreign = sorted(
        entry.name
        for entry in os.scandir(path)
        if entry.name not in known or not entry.is_file(follow_symlinks=False)
    )
    if foreign:
        raise OutputError(
            f"{path}: holds {len(foreign)} file(s) that `tables` did not write (e.g. {foreign[0]!r});"
            " it replaces the whole folder, so give it a new or empty one"
        )
    return path


def dictionary_file(target: Path | str, heading: str) -> Path:
    """The absolute file `dictionary --write` may write: new, or a previous dictionary (first line `heading`)."""
    path = resolved(target, "dictionary --write")
    if path not in [data / "README.md" for data in data_folders()]:
        _refuse_data(path, "dictionary --write")
    _refuse_published(path, "dictionary --write")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return path
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{path}: dictionary --write expects a file, found {file_kind(info)}")
    with open(path, "rb") as handle:
        first = handle.read(len(heading.encode()) + 3)
    if not first.lstrip(b"\xef\xbb\xbf").startswith(heading.encode()):
        raise OutputError(
            f"{path}: exists and is not a data dictionary (its first line is not {heading!r});"
            " it is not overwritten: choose a new file"
        )
    return path
