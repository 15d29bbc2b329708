"""Files: atomic writes, bounded reads, and a test hook for faults.

A file is written next to its target and renamed over it; a folder is built
beside its target and swapped in; so an error never leaves a half-written
output behind. What is written is readable by others as the umask allows
(tempfile makes 0600 files and 0700 folders; outputs are for reviewers).
Every stage may use these (stage 0, like errors).

Reading input never blocks and never grows without bound: `read_limited`
opens without waiting (a FIFO would block open(2) until someone writes),
refuses what is not a regular file (a FIFO, /dev/zero, a socket) and reads at
most `limit` bytes, with a one-line error naming the file.

`fault_point(step)` is a test hook: when ANALYSIS_TEST_FAULT names the step
("publish.switch:kill", "cache.write:ENOSPC"), the process is killed there
(SIGKILL, as a crash would) or that OSError is raised, so that tests can prove
what a crash or a full disk at that step leaves behind. Unset, it costs a
dictionary lookup.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from .errors import AnalysisError, OutputError
from .interrupts import before_commit

__all__ = [
    "FAULT_VARIABLE",
    "fault_point",
    "file_kind",
    "make_public",
    "naming",
    "new_stage",
    "read_limited",
    "readable",
    "refuse_sealed",
    "remove",
    "remove_leftovers",
    "replace_dir",
    "staged_dir",
    "utf8_text",
    "write_bytes_atomic",
    "write_text_atomic",
]

FAULT_VARIABLE = "ANALYSIS_TEST_FAULT"
_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a directory",
}


def fault_point(step: str, path: Path | str = "") -> None:
    """Test hook: kill the process or raise an OSError here when ANALYSIS_TEST_FAULT names `step`."""
    spec = os.environ.get(FAULT_VARIABLE)
    if not spec:
        return
    for item in spec.split(","):
        name, _, action = item.strip().partition(":")
        if name != step:
            continue
        if action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        code = getattr(errno, action, errno.EIO)
        raise OSError(code, os.strerror(code), str(path))


def file_kind(info: os.stat_result) -> str:
    """What a path is, for messages: 'a directory', 'a FIFO (named pipe)', 'a character device' ..."""
    return (
        "a regular file"
        if stat.S_ISREG(info.st_mode)
        else _KINDS.get(stat.S_IFMT(info.st_mode), "not a file")
    )


def read_limited(
    path: Path, limit: int, error: type[AnalysisError], what: str
) -> tuple[bytes, os.stat_result]:
    """(bytes, stat) of a regular file of at most `limit` bytes; `error` with one line otherwise.

    `what` names the file's kind for the message ("a report", "a CSV file").
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise error(f"{path}: file not found") from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "the path contains a NUL character"
        raise error(f"{path}: cannot be read ({reason})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # before fdopen, which refuses a folder with "[Errno 21] ... 3"
        os.close(fd)
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise error(f"{path}: expected {what}, found {kind}")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > limit:
            raise error(_too_big(path, info.st_size, limit, what))
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise error(f"{path}: cannot be read ({exc.strerror})") from None
        if len(data) > limit:  # it grew while we read
            raise error(_too_big(path, len(data), limit, what))
    return data, info


# Files that are not UTF-8 text, known by their first bytes: what they are and how to get UTF-8 text.
_ICONV = "re-save it as UTF-8 (e.g. `iconv -f {0} -t UTF-8 FILE > NEW`)"
_SIGNATURES = (  # longest first: a UTF-32 LE mark begins with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "UTF-32 text (little-endian, with a byte-order mark)", _ICONV.format("UTF-32")),
    (b"\x00\x00\xfe\xff", "UTF-32 text (big-endian, with a byte-order mark)", _ICONV.format("UTF-32")),
    (b"\xff\xfe", "UTF-16 text (little-endian, with a byte-order mark)", _ICONV.format("UTF-16")),
    (b"\xfe\xff", "UTF-16 text (big-endian, with a byte-order mark)", _ICONV.format("UTF-16")),
    (
        b"%PDF-",
        "a PDF document",
        "copy its text into a UTF-8 text file (e.g. `pdftotext -enc UTF-8 FILE NEW`)",
    ),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .zip)", "save or export it as UTF-8 text"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc, .xls, .wps)", "save it as UTF-8 text"),
    (b"{\\rtf", "an RTF document", "save it as plain UTF-8 text"),
)


def utf8_text(data: bytes, path: Path | str, error: type[AnalysisError]) -> str:
    """`data` decoded as UTF-8 (a leading byte-order mark dropped), or `error` saying what it is instead.

    A UTF-16/32 file, a PDF or an office document is named as such with how to convert it; a file
    that is GB18030/GBK gets that hint; other bytes are named by line:column and value.
    """
    for signature, kind, how in _SIGNATURES:
        if data.startswith(signature):
            raise error(f"{path}: expected UTF-8 text, found {kind}: {how}")
    if b"\x00" in data:
        raise error(
            f"{path}: byte {data.index(0)}: expected UTF-8 text, found binary data"
            " (a NUL byte, as in UTF-16 text without a byte-order mark or a program file)"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        good = data[:start].decode("utf-8-sig", errors="replace")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        hint = "re-save the file as UTF-8"
        try:
            data.decode("gb18030")
            hint = "it reads as GBK/GB18030: " + _ICONV.format("GB18030")
        except UnicodeDecodeError:
            pass
        raise error(
            f"{path}:{line}:{column}: expected UTF-8 text, found byte 0x{data[start]:02x} ({hint})"
        ) from None


def _too_big(path: Path, size: int, limit: int, what: str) -> str:
    return (
        f"{path}: {size:,} bytes or more; {what} is read up to {limit:,} bytes ({limit / 2**20:g} MiB):"
        " is this the right file?"
    )


@cache
def _umask() -> int:
    """The process's umask, read once (from /proc where it can be: os.umask has to set it to read it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def readable(path: Path, directory: bool = False) -> None:
    """Give `path` the mode a plain open() or mkdir() would: mkstemp and mkdtemp make it private (0600/0700)."""
    os.chmod(path, (0o777 if directory else 0o666) & ~_umask())


def make_public(path: Path) -> None:
    """`readable` for a whole folder tree (or one file): what tempfile or a kernel made private."""
    path = Path(path)
    if not path.is_dir() or path.is_symlink():
        readable(path)
        return
    readable(path, directory=True)
    for folder, dirs, files in os.walk(path):
        for name in dirs:
            readable(Path(folder) / name, directory=True)
        for name in files:
            readable(Path(folder) / name)


def remove(path: Path) -> None:
    """Remove a folder tree, a file or a link (not what a link points to); nothing if absent."""
    path = Path(path)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        path.unlink(missing_ok=True)


@contextmanager
def naming(target: Path | str) -> Iterator[None]:
    """An OSError in the block names `target`, not the temporary file or folder written for it."""
    try:
        yield
    except OSError as exc:
        if exc.errno is None:
            raise
        raise OSError(exc.errno, exc.strerror, str(target)) from None


def remove_leftovers(folder: Path, prefix: str) -> None:
    """Remove what a killed process left beside a target: `<prefix><pid>-…` of a process that is gone."""
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix)]
    except OSError:
        return
    for name in names:
        pid = name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            remove(folder / name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def refuse_sealed(path: Path | str) -> None:
    """OutputError when `path` lies in a sealed build (<out>/.build/<id>/ with its build.json): what the
    build published changes only through a build (`figures/zh` is a link into one)."""
    try:
        real = Path(path).resolve()
    except (OSError, RuntimeError):
        return  # the write itself will say what is wrong with the path
    for folder in real.parents:
        if folder.parent.name == ".build" and (folder / "build.json").is_file():
            raise OutputError(
                f"{path}: inside a published build ({folder}); only `build` writes there: write elsewhere"
                " (a folder of your own), or run `make report`"
            )


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename over `path` (what a killed write left
    beside it is removed first). A sealed build is never written into."""
    path = Path(path)
    refuse_sealed(path)
    with naming(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(path.parent, f".{path.name}.tmp-")
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.tmp-{os.getpid()}-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                fault_point("write", path)
            readable(Path(tmp))
            before_commit()
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
        with naming(final):
            yield stage
            make_public(stage)
            fault_point("staged", final)
            before_commit()
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    with naming(final):
        replace_dir(stage, final)


def new_stage(final: Path) -> Path:
    """An empty folder beside `final` (same file system, so replace_dir is a rename)."""
    final = Path(final)
    refuse_sealed(final)
    with naming(final):
        final.parent.mkdir(parents=True, exist_ok=True)
        fault_point("stage", final)
        remove_leftovers(final.parent, f".{final.name}.staging-")
        stage = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.staging-{os.getpid()}-"))
    readable(stage, directory=True)  # the published folder keeps this mode
    return stage


def replace_dir(stage: Path, final: Path) -> None:
    """Put folder `stage` in the place of `final`; the old folder is removed after.

    Where the system can exchange two names in one step (Linux renameat2), `final`
    never disappears, even if the process is killed; elsewhere it is two renames.
    """
    if final.is_dir() and not final.is_symlink() and _exchange(stage, final):
        shutil.rmtree(stage, ignore_errors=True)  # now the old folder
        return
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    if final.exists():
        os.replace(final, old)
    os.replace(stage, final)
    shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two names atomically (renameat2 RENAME_EXCHANGE); False where that is not available."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))
