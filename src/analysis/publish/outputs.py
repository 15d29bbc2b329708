"""The output folder of the build: every output of a build published in one step, one build at a time.

    <out>/.build/lock                       held (flock) by the build that writes here
    <out>/.build/<id>/reports/...           one build: pages, decks, workbook, tables
    <out>/.build/<id>/figures/zh|en/...     its figures
    <out>/.build/<id>/build.json            its key; size, mtime and sha256 of each of its files
    <out>/.build/current -> <id>            the switch
    <out>/reports    -> .build/current/reports          links made once, never changed
    <out>/figures/zh -> ../.build/current/figures/zh    (figures/ is a real folder: its
    <out>/figures/en -> ../.build/current/figures/en     README.md is committed)

A build writes a new .build/<id>/ while the notebooks run. Publishing it is
one rename(2) of a new `current` link over the old one: a reader, or a crash
at any moment, sees the whole previous build or the whole new one, never the
decks of one and the figures of the other. The previous build is removed only
after the switch; a build that failed or was killed leaves its folder, which
the next build removes (it holds the lock, so nothing else is writing).

NOTES
- Browsers resolve `../figures/zh/` in reports/index.html lexically, to
  <out>/figures/zh, which is a link into the same build; the kernel resolves it
  physically, to .build/<id>/figures/zh: the same files either way.
- "Up to date" means the key matches and the published build holds exactly
  the files of its seal, each with its sealed size and sha256 (never its
  mtime, which an edit can restore): a deleted, edited or added output is
  rebuilt from the cache, without running a notebook. Nothing but the build
  writes inside .build/ (targets.py refuses every other command there).
- A `reports/` folder or a figures/zh folder that this layout did not make is
  refused, never deleted. The exceptions are what this project wrote: the
  layout of earlier versions (reports/ with .build-stamp.json, figures/<lang>
  holding only PNG/SVG files, bare/ included) and a reports/ holding only the tables/ of
  `make tables`; they are moved aside at the switch and removed after it.
- Copy the outputs with `cp -rL` (follow links), or copy reports/ with a slash.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import BuildError
from ..files import fault_point, make_public, remove
from ..interrupts import before_commit

__all__ = ["LINKS", "OutputFolder", "file_digest", "sealed_files_match"]

LINKS = {  # what users open -> where it points (relative, so the folder can be moved as a whole)
    "reports": ".build/current/reports",
    "figures/zh": "../.build/current/figures/zh",
    "figures/en": "../.build/current/figures/en",
}
_META, _CURRENT, _LOCK, _STAMP = ".build", "current", "lock", "build.json"
_LEGACY_STAMP = ".build-stamp.json"  # in reports/ of the layout before the switch
_LEGACY_LEFTOVERS = (".reports.staging-", ".reports.old-")  # what killed builds of that layout left


class OutputFolder:
    """`build --out DIR`: its lock, its published build and the switch to a new one."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.meta = self.root / _META
        self._legacy: list[Path] = []

    # --- one build at a time ---------------------------------------------------------------

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the folder's lock for the block; a second build gets one line and exit 2."""
        for folder, holds in (
            (self.meta, "its builds"),
            (self.root / ".build-cache", "its cached notebooks"),
        ):
            if os.path.lexists(folder) and not folder.is_dir():  # mkdir would say "File exists"
                raise BuildError(f"{folder}: expected the folder where the build keeps {holds}, found a file")
        self.meta.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.meta / _LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                raise BuildError(
                    f"{self.root}: another build (pid {holder}) is writing this folder;"
                    " wait for it to finish, or build into another --out"
                ) from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            yield
        finally:
            os.close(fd)  # closing releases the lock; a killed build's lock is released by the kernel

    # --- what is there ---------------------------------------------------------------------

    def check_layout(self) -> None:
        """Refuse reports/ or figures/<lang> that this layout did not make (a user's own folder)."""
        figures = self.root / "figures"
        if figures.exists() and not figures.is_dir():
            raise BuildError(f"{figures}: expected a folder (the build puts zh/ and en/ in it), found a file")
        self._legacy = []
        legacy_reports = _legacy_reports(self.root / "reports")
        for name, target in LINKS.items():
            path = self.root / name
            if (path.is_symlink() and os.readlink(path) == target) or not os.path.lexists(path):
                continue
            if path.is_dir() and not path.is_symlink() and _legacy_output(name, path, legacy_reports):
                self._legacy.append(path)
                continue
            raise BuildError(
                f"{path}: exists and was not written by this build; the build does not delete it:"
                " move it away, or build into another --out"
            )

    def up_to_date(self, key: str) -> bool:
        """The published build has this key, the links are in place, and its files are exactly those of
        its seal: none gone, none added, each a regular file with its sealed sha256 (not its time)."""
        try:
            stamp = json.loads((self.meta / _CURRENT / _STAMP).read_text(encoding="utf-8"))
            if stamp.get("key") != key or any(os.readlink(self.root / n) != t for n, t in LINKS.items()):
                return False
            return bool(stamp["files"]) and sealed_files_match(
                (self.meta / _CURRENT).resolve(), stamp["files"]
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return False

    def published(self) -> tuple[Path, dict]:
        """The published build's folder and its stamp ({} when there is none or it cannot be read)."""
        current = (self.meta / _CURRENT).resolve()
        try:
            return current, json.loads((current / _STAMP).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return current, {}

    # --- a new build -----------------------------------------------------------------------

    def new_build(self) -> Path:
        """A fresh .build/<id>/ with reports/ and figures/zh|en/, after removing what killed builds left."""
        self.clean()
        stage = Path(tempfile.mkdtemp(dir=self.meta, prefix=time.strftime("%Y%m%d-%H%M%S-")))
        for folder in ("reports", "figures/zh", "figures/en"):
            (stage / folder).mkdir(parents=True)
        return stage

    def publish(self, stage: Path, stamp: dict) -> None:
        """Seal the build (files readable by others, build.json) and switch `current` to it."""
        before_commit()  # a Ctrl-C a library swallowed during the build still stops it here
        make_public(stage)
        files = {
            str(path.relative_to(stage)): [info.st_size, info.st_mtime_ns, file_digest(path)]
            for path in sorted(stage.rglob("*"))
            if path.is_file() and path.name != _STAMP
            for info in [path.stat()]
        }
        (stage / _STAMP).write_text(json.dumps({**stamp, "files": files}, indent=1), encoding="utf-8")
        make_public(stage / _STAMP)
        fault_point("publish.links", stage)
        self._make_links()
        fault_point("publish.switch", stage)
        new = self.meta / f".{_CURRENT}-{stage.name}"
        os.symlink(stage.name, new)
        os.replace(new, self.meta / _CURRENT)  # THE publishing step: one rename
        fault_point("publish.clean", stage)
        self.clean()

    def discard(self, stage: Path) -> None:
        remove(stage)

    def clean(self) -> None:
        """Remove every build but the published one, and what killed builds of any version left."""
        keep = {_LOCK, _CURRENT}
        if (self.meta / _CURRENT).is_symlink():
            keep.add(os.readlink(self.meta / _CURRENT))
        for entry in os.scandir(self.meta):
            if entry.name not in keep:
                remove(Path(entry.path))
        leftovers = [p for p in self.root.glob(".reports.*") if p.name.startswith(_LEGACY_LEFTOVERS)]
        for lang in ("zh", "en"):
            leftovers += (self.root / "figures").glob(f".{lang}.staging-*")
            leftovers += (self.root / "figures").glob(f".{lang}.old-*")
        for path in leftovers:
            remove(path)

    def _make_links(self) -> None:
        """Put the fixed links in place (once; an earlier layout's folders are moved into .build/)."""
        aside = None
        for name, target in LINKS.items():
            path = self.root / name
            if path.is_symlink() and os.readlink(path) == target:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if path in self._legacy:
                aside = aside or Path(tempfile.mkdtemp(dir=self.meta, prefix="legacy-"))
                os.replace(path, aside / name.replace("/", "-"))
            link = path.parent / f".{path.name}.link-{os.getpid()}"
            os.symlink(target, link)
            os.replace(link, path)
        self._legacy = []


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sealed_files_match(build: Path, files: dict[str, list]) -> bool:
    """True when `build` holds exactly the files of its seal, each a regular file of its size and sha256.

    Hashing every file costs about 30 ms for a 25 MB build (measured here); a library of reports is
    hashed on every core at once (hashlib lets go of the interpreter while it hashes), to stay inside the
    0.5 s of a no-change build. A file's time says nothing (an edit can restore it, `cp -p` keeps it).
    """
    from concurrent.futures import ThreadPoolExecutor

    found = {str(p.relative_to(build)) for p in build.rglob("*") if p.is_symlink() or not p.is_dir()}
    found.discard(_STAMP)
    if found != set(files):
        return False  # a file gone, or one added that no build wrote
    for name, (size, _mtime, _digest) in files.items():
        info = os.lstat(build / name)
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            return False
    names = sorted(files, key=lambda n: -files[n][0])  # the largest first: the cores finish together
    with ThreadPoolExecutor(max_workers=len(os.sched_getaffinity(0))) as pool:
        digests = pool.map(lambda name: file_digest(build / name), names)
        return all(found == files[name][2] for name, found in zip(names, digests, strict=True))


def _legacy_reports(reports: Path) -> bool:
    """reports/ of the earlier layout (its stamp), or made by `tables --out reports/tables` alone."""
    if reports.is_symlink() or not reports.is_dir():
        return False
    if (reports / _LEGACY_STAMP).is_file():
        return True
    tables = reports / "tables"
    return [p.name for p in reports.iterdir()] == ["tables"] and all(
        p.is_file() and p.suffix == ".csv" for p in tables.iterdir()
    )


def _legacy_output(name: str, path: Path, legacy_reports: bool) -> bool:
    """A folder the build wrote before this layout: reports/ with its stamp, figures of PNG and SVG."""
    if not legacy_reports:
        return False
    charts = (p for p in path.rglob("*") if not p.is_dir() or p.is_symlink())  # bare/ inside
    return name == "reports" or all(p.is_file() and p.suffix in (".png", ".svg") for p in charts)
