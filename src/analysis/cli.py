"""Command line: `python -m analysis table|check|dictionary|tables|build`.

Errors the library raises on purpose are printed as one line on stderr with
exit status 2 and no traceback; so are the system's (a full disk, a
read-only folder, a link loop); every such line is capped in length.
Warnings (a table found empty, a statement not read, two totals that
disagree) go to stderr and do not change the status: a partly read report
exits 0. `--strict` (table, check) turns what earlier versions refused
back into an error with exit 2: no land figures, two candidate totals
that disagree.
Output is produced in full before anything is written, so a failure leaves
nothing half-written; `tables --out` and `dictionary --write` refuse places
under data/ and files they did not write (publish/targets.py).
"""

from __future__ import annotations

import _thread
import argparse
import contextlib
import io
import os
import signal
import sys
import threading
import warnings
from pathlib import Path

from . import interrupts
from .derive import all_tables
from .errors import AnalysisError, ExtractionWarning, OutputError, one_line, os_error_line
from .files import naming

__all__ = ["main"]


def _positive(text: str) -> int:
    """A whole number of at least 1 (`--jobs 0` would run nothing, `--jobs -3` is no count)."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1 or number > 256:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 256, found {text!r}")
    return number


_STRICT = (
    "exit 2 where a report has no land figures or two candidate totals that disagree (no partial reading)"
)


def _strict(report) -> None:
    """--strict: the refusals of earlier versions, as an error (ExtractionError, exit 2)."""
    from .extract.extraction import strict_check
    from .tables.frames import reports_of

    for loaded in reports_of(report):
        strict_check(loaded)


def _add_parser(sub) -> None:
    """`add FILE` and the options that override what the text says."""
    add = sub.add_parser(
        "add", help="add a report to the library: its text, manifest row and registry folder"
    )
    add.add_argument(
        "file", type=Path, metavar="FILE", help="the report's text (UTF-8), copied byte for byte"
    )
    add.add_argument("--id", dest="report_id", help="its report id (default: the file's name without .txt)")
    for option, what in (
        ("district", "its district (default: read from the text)"),
        ("district-en", "its district in English"),
        ("year", "its year (default: read from the text)"),
        ("title", "its title (default: the text's first line, where it is one)"),
        ("title-en", "its title in English"),
        ("publisher", "its publisher (default: the bureau its title or text names)"),
        ("publisher-en", "its publisher in English"),
    ):
        add.add_argument(f"--{option}", help=what)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    table = sub.add_parser("table", help="print one table")
    names = list(all_tables())
    table.add_argument("name", choices=names, metavar="NAME", help=", ".join(names))
    table.add_argument(
        "--report", help="manifest id, path to a text file, or 'all' (default: the newest report)"
    )
    table.add_argument("--format", choices=("csv", "json", "markdown"), default="csv")
    table.add_argument(
        "--columns", metavar="A,B,...", help="these columns only (markdown default: a reading subset)"
    )
    table.add_argument("--all", action="store_true", help="markdown: every column")
    table.add_argument(
        "--all-rows",
        action="store_true",
        help="the withheld rows too (column withheld): rows the text's own evidence does not support",
    )
    table.add_argument("--strict", action="store_true", help=_STRICT)

    check = sub.add_parser("check", help="validate a report's tables and print a summary")
    check.add_argument(
        "--report", help="manifest id, path to a text file, or 'all' (default: all)", default="all"
    )
    check.add_argument("--strict", action="store_true", help=_STRICT)

    dictionary = sub.add_parser("dictionary", help="print the data dictionary (markdown)")
    dictionary.add_argument("--write", type=Path, metavar="PATH", help="write it to PATH instead")

    tables = sub.add_parser("tables", help="write every table as UTF-8 CSV into a directory")
    tables.add_argument(
        "--out",
        type=Path,
        default=Path("tables"),
        help="a folder of its own (default: tables/; reports/ is the build's)",
    )
    tables.add_argument("--report", help="manifest id, path, or 'all' (default: all)", default="all")

    _add_parser(sub)

    build = sub.add_parser("build", help="execute the notebooks and write reports/ and figures/")
    build.add_argument("--force", action="store_true", help="ignore the cache and run everything")
    build.add_argument(
        "--jobs", type=_positive, default=None, metavar="N", help="notebooks run at once (default: cores)"
    )
    build.add_argument(
        "--out", type=Path, default=None, help="where reports/ and figures/ go (default: the checkout)"
    )
    build.add_argument("--notebooks", type=Path, default=None, help="notebook folder (default: notebooks/)")
    build.add_argument("--lang", default="zh", choices=("zh", "en"), help="chart language in the HTML pages")
    build.add_argument(
        "--report",
        action="append",
        metavar="ID",
        help="build a library of this manifest report (repeatable; default: every report of the manifest)",
    )
    return parser


def _table(args) -> int:
    from .publish.files import select_columns, to_csv, to_json, to_markdown
    from .tables.frames import printed

    if args.strict:
        _strict(args.report)
    frame = all_tables()[args.name].build(args.report)
    if not args.all_rows:  # withheld rows stay out of what is printed; stderr lists them with line:column
        frame = printed(frame)
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    if args.format == "markdown":
        text = to_markdown(frame, columns, all_columns=args.all and not columns)
    else:
        text = (to_csv if args.format == "csv" else to_json)(
            select_columns(frame, columns) if columns else frame
        )
    _print(text)
    _tell_kind(args.report)  # after the table: a table that could not be printed needs no note
    return 0


def _check(args) -> int:
    from .source.report_files import verify_report_files
    from .source.reports import manifest, verify_raw_files
    from .tables.checks import summary

    verify_raw_files()  # what the build checks first: a report the build refuses fails here too
    if args.report == "all" and not manifest():
        from .errors import ReportError
        from .source.reports import manifest_path

        raise ReportError(f"{manifest_path()}: lists no report: add one with `python -m analysis add FILE`")
    for row in manifest():
        verify_report_files(row["report_id"])  # files, and the placeholders of findings.csv, wording.csv
    _check_registry([row["report_id"] for row in manifest()])
    if args.strict:
        _strict(args.report)
    text, ok = summary(args.report)
    _print(text)
    _tell_kind(args.report)
    return 0 if ok else 1


def _tell_kind(report) -> None:
    """One line on stderr per report: the kind its text reads like and how far rows of that kind were right on
    the yardstick (extract/rules/reliability.csv), in Chinese, then in English."""
    from .extract.text_kind import report_kind, told_both
    from .tables.frames import reports_of

    reports = reports_of(report)
    for loaded in reports:
        kind = report_kind(loaded)
        named = f"{loaded.report_id}: " if len(reports) > 1 else ""
        _complain("note", f"{named}{told_both(kind)}")


def _check_registry(report_ids: list[str]) -> None:
    """A row of a report's findings, caveats or chart picks that its pages would drop: one line, exit 2."""
    from .errors import RegistryError
    from .present.registry_checks import registry_problems

    found = [line for report_id in report_ids for line in registry_problems(report_id)]
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise RegistryError(found[0] + more)


def _dictionary(args) -> int:
    from .files import write_text_atomic
    from .tables.schema import dictionary_markdown

    text = dictionary_markdown(all_tables())
    if args.write:
        from .publish.targets import dictionary_file

        write_text_atomic(dictionary_file(args.write, text.splitlines()[0]), text)
    else:
        _print(text)
    return 0


def _tables(args) -> int:
    from .publish.files import write_tables
    from .publish.targets import tables_folder

    written = write_tables(tables_folder(args.out, all_tables()), args.report)
    _print(f"wrote {len(written)} tables to {args.out}\n")
    return 0


def _add(args) -> int:
    from .adding import add_report, curate_next
    from .tables.checks import summary

    given = {
        k: getattr(args, k) for k in ("report_id", "district", "district_en", "year", "title", "title_en")
    }
    row = add_report(args.file, **given, publisher=args.publisher, publisher_en=args.publisher_en)
    said = ", ".join(f"{k} {row[k]}" for k in ("district", "year", "title", "publisher") if row[k])
    lines = [f"added {row['report_id']}: {said}; data/raw/{row['file']}, data/registry/{row['report_id']}/"]
    text, _ok = summary(row["report_id"])
    lines += [text.rstrip("\n"), "curate next:"]
    lines += [f"  {line}" for line in curate_next(row)] or ["  nothing: every statement and digit is read"]
    _print("\n".join(lines) + "\n")
    return 0


def _build(args) -> int:
    from .publish.build import build

    return build(
        out=args.out,
        notebooks_dir=args.notebooks,
        force=args.force,
        jobs=args.jobs,
        lang=args.lang,
        report=args.report,
    )


_INTERRUPTED = {
    "build": "build interrupted (Ctrl-C): nothing was published; the outputs are as they were",
    "table": "table interrupted (Ctrl-C)",
    "check": "check interrupted (Ctrl-C)",
}


def _print(text: str) -> None:
    """Write to standard output, which must be open: a table printed nowhere is an error, not a success."""
    if sys.stdout is None:
        raise OutputError("standard output is closed: nothing can be printed (redirect it to a file instead)")
    with naming("standard output"):
        sys.stdout.write(text)
        sys.stdout.flush()  # a full device or a closed pipe fails here, inside main, not at exit


def _complain(kind: str, message: str) -> None:
    """One line on standard error; nothing when it is closed (never on standard output, which holds data)."""
    if sys.stderr is not None:
        with contextlib.suppress(OSError):  # a full or broken stderr: the exit status still says it
            print(f"{kind}: {one_line(message)}", file=sys.stderr, flush=True)


def _streams() -> None:
    """Standard output is UTF-8 whatever the locale (README); standard error keeps the terminal's
    encoding, with what it cannot show written as escapes, never a traceback."""
    stdout = sys.stdout
    if hasattr(stdout, "reconfigure") and (stdout.encoding or "").lower().replace("-", "") != "utf8":
        stdout.reconfigure(encoding="utf-8")
    if sys.stderr is not None and hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    _streams()
    args = _parser().parse_args(argv)
    handler = {
        "table": _table,
        "check": _check,
        "dictionary": _dictionary,
        "tables": _tables,
        "build": _build,
        "add": _add,
    }
    with warnings.catch_warnings(record=True) as caught, _ctrl_c_seen() as seen_ctrl_c:
        warnings.simplefilter("always")
        try:
            status = handler[args.command](args)
        except AnalysisError as exc:
            status = 2
            _complain("error", str(exc))
        except BrokenPipeError:
            status = 0
            _quiet_stdout()
        except OSError as exc:  # ENOSPC, EROFS, ELOOP, ENAMETOOLONG ... where no module said more
            status = 2
            _complain("error", os_error_line(exc))
            _quiet_stdout()
        except Exception:
            if not seen_ctrl_c:
                raise
            status = _interrupted(args.command)  # a Ctrl-C that a library's import turned into its own error
        except KeyboardInterrupt:
            status = _interrupted(args.command)
        else:
            if seen_ctrl_c and status != 130:  # a Ctrl-C a library swallowed: the user still asked to stop
                status = _interrupted(args.command)
    seen = set()
    for warning in caught:
        if issubclass(warning.category, ExtractionWarning) and str(warning.message) not in seen:
            seen.add(str(warning.message))
            _complain("warning", str(warning.message))
    return status


def _interrupted(command: str) -> int:
    """The one line of a command stopped by Ctrl-C, and its status (130, as a shell reports SIGINT)."""
    sys.unraisablehook = lambda _unraisable: None  # what stopped half-way is collected quietly at exit
    _complain("error", _INTERRUPTED.get(command, f"{command} interrupted (Ctrl-C): nothing was written"))
    return 130


@contextlib.contextmanager
def _ctrl_c_seen():
    """A list that holds the SIGINTs received while it is open. A Ctrl-C that lands while a C extension is
    being imported (opencc, on the first traditional text) comes out as that import's ImportError, not as a
    KeyboardInterrupt; the list tells it apart from a real ImportError. One that lands in a callback (a
    weakref's: the import system's module locks have one; the collector's) raises there, where Python
    prints "Exception ignored" and goes on: it is sent again, from outside the callback, until it stops
    the command. Another handler (a kernel's) is left."""
    interrupts.forget()  # an earlier command's, in the same process (tests)
    seen = interrupts.received()

    def remember(signum, frame):
        interrupts.note(signum)
        signal.default_int_handler(signum, frame)  # raises KeyboardInterrupt, as before

    def again(unraisable):
        if issubclass(unraisable.exc_type, KeyboardInterrupt):
            later = threading.Timer(0.01, _thread.interrupt_main)  # by then the main thread left the callback
            later.daemon = True
            later.start()
        else:
            dropped(unraisable)

    ours = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if ours:
        try:
            signal.signal(signal.SIGINT, remember)
        except ValueError:  # not the main thread: no handler of ours
            ours = False
    dropped = sys.unraisablehook
    if ours:
        sys.unraisablehook = again
    try:
        yield seen
    finally:
        interrupts.forget()  # the next command in this process (tests) starts with none
        if ours:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        if sys.unraisablehook is again:  # _interrupted's silence stays
            sys.unraisablehook = dropped


def _quiet_stdout() -> None:
    """After a failed write to standard output, let the interpreter's exit flush nothing more."""
    if sys.stdout is not None:
        with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
