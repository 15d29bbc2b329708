"""Atomic writes: nothing is written in place.

A file is written next to its target and renamed over it; a folder is built
beside its target and swapped in; so an error never leaves a half-written
output behind. Every stage may use these (stage 0, like errors).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["new_stage", "readable", "replace_dir", "staged_dir", "write_bytes_atomic", "write_text_atomic"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()  # read once: os.umask can only be read by setting it


def readable(path: Path, directory: bool = False) -> None:
    """Give `path` the mode a plain open() or mkdir() would: mkstemp and mkdtemp make it private (0600/0700)."""
    os.chmod(path, (0o777 if directory else 0o666) & ~_UMASK)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename over `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        readable(Path(tmp))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


@contextmanager
def staged_dir(final: Path) -> Iterator[Path]:
    """A fresh folder beside `final`; on success it replaces `final`, on error it is removed."""
    stage = new_stage(final)
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    replace_dir(stage, final)


def new_stage(final: Path) -> Path:
    """An empty folder beside `final` (same file system, so replace_dir is two renames)."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.staging-"))
    readable(stage, directory=True)  # the published folder keeps this mode
    return stage


def replace_dir(stage: Path, final: Path) -> None:
    """Put folder `stage` in the place of `final` (two renames); the old folder is removed after."""
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    if final.exists():
        os.replace(final, old)
    os.replace(stage, final)
    shutil.rmtree(old, ignore_errors=True)
