"""The notebook cache: a sealed folder per version of a notebook, checked before it is trusted.

    .build-cache/<name>.<key>/notebook.ipynb    the executed notebook
    .build-cache/<name>.<key>/figures/...       the charts it saved (its FIGURES_DIR)
    .build-cache/<name>.<key>/seal.json         the size and sha256 of each file above

The key hashes what shapes a notebook's outputs: its own bytes, the library
(code, rule tables, page templates), data/, the parameters, the Python
version and the versions of the packages that run, draw and export it
(PACKAGES). The versions are read off the names of the installed *.dist-info
folders, without importing anything, so the no-change build stays fast.

A notebook runs with its FIGURES_DIR in .build-cache/.work-<name>.<key>/; that
folder is sealed and renamed into place only once the notebook succeeded and
its executed copy is written. A crash, a full disk or a failure thus leaves
no entry that looks complete, and no partial file: the work folder is removed
on error, and by the next build after a kill. An entry whose files differ
from its seal (edited, truncated, emptied, a file added) is not used: the
notebook runs again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from ..errors import BuildError
from ..files import fault_point, read_limited, remove

__all__ = ["PACKAGES", "NotebookCache", "charts_key", "library_digest", "notebook_keys", "package_versions"]

PACKAGES = (  # run, draw, export: a new version of any may change what users read
    "nbconvert",
    "nbformat",
    "nbclient",
    "ipykernel",
    "jupyter_client",
    "matplotlib",
    "seaborn",
    "pandas",
    "numpy",
    "python-pptx",
    "openpyxl",
    "xlsxwriter",
    "jinja2",
    "mistune",
    "pygments",
    "noto-cjk-sans-otc",
    "opencc",
    "pyarrow",
)
CACHE_FORMAT = "2"  # bump to invalidate every entry
MAX_NOTEBOOK_BYTES = 64 * 2**20
_NOTEBOOK, _FIGURES, _SEAL = "notebook.ipynb", "figures", "seal.json"
_WORK, _TRASH = ".work-", ".trash-"


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def package_versions() -> dict[str, str | None]:
    """Installed version of each of PACKAGES (None if absent), from the *.dist-info names on sys.path."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            stem, dot, kind = entry.rpartition(".")
            if dot and kind in ("dist-info", "egg-info"):
                name, _, version = stem.partition("-")
                found.setdefault(_normal(name), version)  # the first on sys.path is the one imported
    return {name: found.get(_normal(name)) for name in PACKAGES}


def _tree_digest(folder: Path, suffixes: tuple[str, ...] | None = None) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or (suffixes and path.suffix not in suffixes):
            continue
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def library_digest(library: Path) -> str:
    """The library's code, rule tables and page templates."""
    return _tree_digest(library, (".py", ".csv", ".j2", ".json", ".css", ".html"))


def notebook_keys(
    notebooks: list[Path], parameters: dict, library: Path | str, data: Path | str
) -> dict[str, str]:
    """Content key of each notebook: its bytes, the library, the data, the parameters, the versions.

    `library` and `data` are folders, or digests made already (library_digest; a report's data).
    """
    shared = _inputs(parameters, library, data)
    keys = {}
    for path in notebooks:
        digest = shared.copy()
        digest.update(read_limited(path, MAX_NOTEBOOK_BYTES, BuildError, "a notebook (.ipynb)")[0])
        keys[path.stem] = digest.hexdigest()[:20]
    return keys


def charts_key(parameters: dict, library: Path | str, data: Path | str) -> str:
    """What shapes a report's charts, which the build draws from the tables (no notebook does): the
    notebooks' keys without the notebooks."""
    digest = _inputs(parameters, library, data)
    digest.update(b"charts")
    return digest.hexdigest()[:20]


def _inputs(parameters: dict, library: Path | str, data: Path | str):
    shared = hashlib.sha256()
    shared.update(CACHE_FORMAT.encode())
    shared.update((library if isinstance(library, str) else library_digest(library)).encode())
    shared.update((data if isinstance(data, str) else _tree_digest(data)).encode())
    shared.update(json.dumps(parameters, sort_keys=True).encode())
    shared.update(json.dumps([sys.version, package_versions()], sort_keys=True).encode())
    return shared


class NotebookCache:
    """.build-cache/: look up a sealed entry, give a notebook a work folder, seal it into an entry."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def entry(self, name: str, key: str) -> Path:
        return self.folder / f"{name}.{key}"

    @staticmethod
    def notebook(entry: Path) -> Path:
        return entry / _NOTEBOOK

    @staticmethod
    def figures(entry: Path) -> Path:
        return entry / _FIGURES

    def lookup(self, name: str, key: str) -> tuple[Path | None, str | None]:
        """(entry, None) when it is there and matches its seal; (None, why) when it is damaged."""
        entry = self.entry(name, key)
        if not entry.is_dir():
            return None, None
        damage = _damage(entry)
        return (None, damage) if damage else (entry, None)

    def workspace(self, name: str, key: str) -> Path:
        """A fresh work folder for the notebook; returns the FIGURES_DIR inside it."""
        work = self.folder / f"{_WORK}{name}.{key}"
        remove(work)
        (work / _FIGURES).mkdir(parents=True)
        return work / _FIGURES

    def discard(self, name: str, key: str) -> None:
        remove(self.folder / f"{_WORK}{name}.{key}")

    def commit(self, name: str, key: str, notebook: bytes, seconds: float = 0.0) -> Path:
        """Write the executed notebook into the work folder, seal it and rename it into place.

        The seal also keeps how long the notebook ran, so the next build can start the longest first.
        """
        work, entry = self.folder / f"{_WORK}{name}.{key}", self.entry(name, key)
        trash = self.folder / f"{_TRASH}{name}.{key}"
        try:
            fault_point("cache.write", work / _NOTEBOOK)
            _write(work / _NOTEBOOK, notebook)
            files = {
                str(path.relative_to(work)): [len(data), hashlib.sha256(data).hexdigest()]
                for path in sorted(work.rglob("*"))
                if path.is_file()
                for data in [path.read_bytes()]
            }
            seal = {"format": CACHE_FORMAT, "files": files, "seconds": round(seconds, 2)}
            (work / _SEAL).write_text(json.dumps(seal, indent=1))
            if entry.exists():
                remove(trash)
                os.replace(entry, trash)
            fault_point("cache.commit", entry)
            os.replace(work, entry)
        except BaseException:
            remove(work)
            raise
        remove(trash)
        return entry

    @staticmethod
    def verify(entry: Path) -> None:
        """BuildError when an entry no longer matches its seal (changed while the build read it)."""
        damage = _damage(entry)
        if damage:
            raise BuildError(f"{entry}: {damage} since the build began; nothing was published: build again")

    @staticmethod
    def sealed_copy(entry: Path, name: str, target: Path | None = None) -> bytes:
        """The bytes of `name` in `entry` (written to `target` too), refused unless they are the sealed ones."""
        data = (entry / name).read_bytes()
        size, digest = json.loads((entry / _SEAL).read_text(encoding="utf-8"))["files"][name]
        if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
            raise BuildError(f"{entry / name}: differs from its seal; nothing was published: build again")
        if target is not None:
            target.write_bytes(data)
        return data

    def seconds(self, name: str) -> float | None:
        """How long notebook `name` ran when last cached (any version of it still here), or None."""
        found = []
        for seal in self.folder.glob(f"{name}.*/{_SEAL}"):
            try:
                found.append(float(json.loads(seal.read_text(encoding="utf-8"))["seconds"]))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return max(found, default=None)

    def prune(self, keys: dict[str, str] | None = None) -> None:
        """Remove what killed builds left (work folders, old layouts) and older versions of `keys`."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            name, _, rest = path.name.partition(".")
            stale = path.name.startswith((_WORK, _TRASH)) or not path.is_dir() or rest.endswith(".figures")
            if stale or (keys is not None and name in keys and rest != keys[name]):
                remove(path)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:  # write(2) of a full disk does not name the file: name it
        raise OSError(exc.errno, exc.strerror, str(path)) from None


def _damage(entry: Path) -> str | None:
    """Why an entry cannot be trusted (missing, changed or extra file; no readable seal), or None."""
    try:
        listed = json.loads((entry / _SEAL).read_text(encoding="utf-8"))["files"]
        found = {str(p.relative_to(entry)) for p in entry.rglob("*") if p.is_symlink() or not p.is_dir()}
        found.discard(_SEAL)
        if found != set(listed) or _NOTEBOOK not in found:
            odd = sorted(set(listed) ^ found) or [_NOTEBOOK]
            return f"{odd[0]}: {'missing' if odd[0] in listed or odd[0] == _NOTEBOOK else 'not in its seal'}"
        for name, (size, digest) in listed.items():
            path = entry / name
            if path.is_symlink() or not path.is_file() or path.stat().st_size != size:
                return f"{name}: size differs from its seal"
            if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                return f"{name}: content differs from its seal"
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return f"{_SEAL}: missing or unreadable"
    return None
