"""`make report`: execute the notebooks for every report of the library and publish everything users read.

    reports/index.html, index.en.html          the library: a card per report, the comparisons
    reports/<id>/index.html, html/<nb>.html    each report's pages for reviewers (no code), offline
    reports/<id>/html/<nb>.code.html           the same with code
    reports/<id>/charts_zh.pptx, charts_en.pptx, charts_*_pictures.pptx   its charts for planners
    reports/<id>/report_zh.pdf, report_en.pdf, tables.xlsx, tables/*.csv
    figures/<lang>/<id>/*.png|svg              its charts (bare/: without title, phone/: portrait)
    reports/library/<table>.csv|.parquet       every table across the reports
    reports/compare/...                        the comparisons (publish/compare.py)

`build --report ID` (repeatable) builds a library of those reports only.

Fast: notebooks run in parallel on warm kernels (runner.py), every report's
on the same two kernels, and a notebook whose inputs (its own file, the
library, the report's data and its district's, the installed versions of the
packages that shape its output) did not change is taken from the sealed cache
in .build-cache/ (cache.py). A report whose key is the published one is taken
over from the published build without running or writing anything
(library.py). Deciding that nothing changed at all reads file bytes, a stamp
and file sizes, and imports neither pandas nor matplotlib.

Safe: the raw reports are checked first (one line, exit 2, at once). Every
output is written into a new versioned folder, published in one step only
when every notebook ran and every page passed the offline check, under a
lock that keeps a second build out (outputs.py); so a failed or killed build
leaves the previous outputs as they were. Nothing is written under data/,
nor over a folder this build did not make (targets.py).
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import logging
import os
import sys
import time
from pathlib import Path

from ..errors import BuildError, ReportError, one_line, os_error_line
from ..source import reports as raw_reports
from ..source.paths import data_dir, manifest_path
from ..source.report_files import verify_report_files
from .cache import NotebookCache
from .library import COMPARE, LIBRARY, library_keys, report_key, reuse, reuse_charts, reuse_pdf
from .outputs import OutputFolder
from .targets import build_folder, resolved

__all__ = ["ROOT", "build", "job_name"]

ROOT = Path(__file__).resolve().parents[3]
LIBRARY_DIR = Path(__file__).resolve().parents[1]
# Tasks, run by a kernel that has the tables warm (tasks.py): each report's figures, tables and editable
# decks after the notebooks in the queue, its picture decks once its charts are exported; the library's
# tables and the comparisons.
_TABLES, _DECKS, _PICTURES = "tables", "decks", "pictures"
_FIGURES = "figures:"  # figures:<chart>@<report>, one task per chart
_CODE_JOBS = (_TABLES, _DECKS, _PICTURES)
_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}


def job_name(name: str, report_id: str) -> str:
    """A notebook's or a task's name for one report: 01_land_transfers@wujin_2024 (a report id has no '@')."""
    return f"{name}@{report_id}"


def _split(job: str) -> tuple[str, str | None]:
    name, _, report_id = job.rpartition("@")
    return (name, report_id) if name else (job, None)


def _is_task(job: str) -> bool:
    name, _ = _split(job)
    return name in _CODE_JOBS or name.startswith(_FIGURES) or job in (LIBRARY, COMPARE)


def _say(line: str) -> None:
    print(line, flush=True)


def _library(report: list[str] | str | None) -> list[str]:
    """The reports of the library to build, in manifest order: every one, or those `--report` names."""
    listed = [row["report_id"] for row in raw_reports.manifest()]
    if not listed:
        raise ReportError(f"{manifest_path()}: lists no report: add one with `python -m analysis add FILE`")
    wanted = [report] if isinstance(report, str) else list(report or [])
    unknown = [r for r in wanted if r not in listed]
    if unknown:
        raise ReportError(
            f"--report {unknown[0]}: not a report_id of {manifest_path()} ({', '.join(listed)})"
        )
    return [r for r in listed if r in wanted] if wanted else listed


def build(
    root: Path | None = None,
    out: Path | None = None,
    notebooks_dir: Path | None = None,
    force: bool = False,
    jobs: int | None = None,
    lang: str = "zh",
    report: list[str] | str | None = None,
) -> int:
    """Build the library (every manifest report, or `report`); 0 on success, 1 when a notebook failed
    (previous outputs kept).

    Raises BuildError/OutputError/ReportError (one line) for a changed raw file, a
    refused or unwritable output folder, a second build at once, a full disk.
    """
    started = time.perf_counter()
    logging.getLogger("asyncio").setLevel(
        logging.CRITICAL
    )  # its notes on a stopped browser are not for users
    root = Path(root or ROOT)
    folder = OutputFolder(build_folder(out or root))  # absolute: the kernels run in notebooks/
    notebooks = _notebooks(notebooks_dir or root / "notebooks")
    raw_reports.verify_raw_files()  # a changed raw file: the line every command gives, at once
    for row in raw_reports.manifest():  # a bad registry file or placeholder: its line, before any notebook
        verify_report_files(row["report_id"])
    library = _library(report)
    charts: dict[str, str] = {}
    keys = library_keys(library, notebooks, {"LANG": lang}, LIBRARY_DIR, charts)
    report_keys = {report_id: report_key(keys[report_id]) for report_id in library}
    overall = hashlib.sha256(json.dumps(report_keys).encode()).hexdigest()[:20]
    try:
        with folder.lock():
            folder.check_layout()
            if not force and folder.up_to_date(overall) and not _pdfs_now_possible(folder.root, library):
                folder.clean()  # what a killed build left: nothing piles up
                NotebookCache(folder.root / ".build-cache").prune()
                seconds = time.perf_counter() - started
                count = len(notebooks) * len(library)
                _say(f"up to date: {len(library)} report(s), {count} notebooks unchanged ({seconds:.2f} s)")
                return 0
            plan = _Plan(library, keys, report_keys, overall, {"LANG": lang}, force, jobs, charts)
            return _build_into(folder, notebooks, plan, started)
    except OSError as exc:  # a full disk, a read-only folder, a name too long: one line
        if exc.errno in _DISK_ERRORS or exc.filename is None:  # name the folder, not a temporary file
            raise BuildError(f"{folder.root}: {exc.strerror or exc}; nothing was published") from None
        raise BuildError(os_error_line(exc)) from None


def _notebooks(notebooks_dir: Path) -> list[Path]:
    notebooks_dir = resolved(notebooks_dir, "build --notebooks")
    if not notebooks_dir.is_dir():
        found = "nothing" if not os.path.lexists(notebooks_dir) else "a file"
        raise BuildError(f"{notebooks_dir}: build --notebooks expects a folder of notebooks, found {found}")
    notebooks = sorted(p for p in notebooks_dir.glob("*.ipynb") if not p.name.startswith("."))
    if not notebooks:
        raise BuildError(f"{notebooks_dir}: no notebooks (*.ipynb) to build")
    return notebooks


def _needed() -> tuple[str, ...]:
    """The files a report taken over from the published build must have: its PDFs, where Chromium is."""
    from .pdf import CHROMIUM, pdf_name

    return (pdf_name("zh"), pdf_name("en")) if os.path.exists(CHROMIUM) else ()


def _pdfs_now_possible(root: Path, library: list[str]) -> bool:
    """Chromium is here but the published build has no PDFs (it was installed since): build again.

    Checked without importing anything: the browser's file, and the PDF beside a report's published index.
    """
    from .pdf import CHROMIUM, pdf_name

    return os.path.exists(CHROMIUM) and not (root / "reports" / library[0] / pdf_name("zh")).exists()


class _Plan:
    """What one build is asked for: the library, each report's notebook keys and key, the options."""

    def __init__(self, library, keys, report_keys, overall, parameters, force, jobs, charts):
        self.library, self.keys, self.report_keys, self.overall = library, keys, report_keys, overall
        self.parameters, self.force, self.jobs = parameters, force, jobs
        self.charts = charts  # {report_id: the key of its charts}

    def key(self, job: str) -> str:
        name, report_id = _split(job)
        return self.keys[report_id][name]

    def stamp(self) -> dict:
        return {
            "key": self.overall,
            "reports": self.report_keys,
            "notebooks": self.keys,
            "charts": self.charts,
        }


def _build_into(folder: OutputFolder, notebooks: list[Path], plan: _Plan, started: float) -> int:
    """Run what is not cached into a new build folder and publish it, or leave everything as it was."""
    from .publisher import Publisher

    cache = NotebookCache(folder.root / ".build-cache")
    cache.folder.mkdir(parents=True, exist_ok=True)
    cache.prune()
    stage = folder.new_build()
    try:
        previous, stamp = folder.published()
        built, needs, charts_taken = [], _needed(), {}
        for report_id in plan.library:  # a report whose key and files are the published ones is taken over
            key = plan.report_keys[report_id]
            if not plan.force and reuse(previous, stamp, report_id, key, stage, needs):
                _say(f"  reused    {report_id}")
                continue
            built.append(report_id)
            if not plan.force:  # its charts, when their key and files are the published ones
                charts_taken[report_id] = _reuse_charts(
                    previous, stamp, report_id, plan.charts[report_id], stage
                )
        sealed_pdf = None if plan.force else functools.partial(_reuse_pdf, previous, stamp, plan, stage)
        with Publisher(stage, built, plan.library, charts_taken, sealed_pdf) as publisher:
            if not _execute(notebooks, plan, cache, publisher):
                publisher.abandon()
                folder.discard(stage)
                seconds = time.perf_counter() - started
                _say(f"build failed after {seconds:.1f} s; previous outputs left as they were")
                return 1
            publisher.finish()
            for entry in publisher.entries:  # what was read from the cache is still what its seal says
                NotebookCache.verify(entry)
        folder.publish(stage, plan.stamp())
    except BaseException:
        folder.discard(stage)
        raise
    cache.prune({job_name(nb, r): key for r, keys in plan.keys.items() for nb, key in keys.items()})
    seconds = time.perf_counter() - started
    where = f"{folder.root / 'reports'} and {folder.root / 'figures'}"
    _say(f"built {where}: {len(built)} of {len(plan.library)} report(s) in {seconds:.1f} s")
    return 0


def _reuse_charts(previous: Path, stamp: dict, report_id: str, key: str, stage: Path) -> list[str]:
    from ..charts import DECK_CHARTS

    taken = reuse_charts(previous, stamp, report_id, key, stage, tuple(DECK_CHARTS))
    for chart in taken:
        _say(f"  reused    {_FIGURES}{chart}@{report_id}")
    return taken


def _reuse_pdf(previous: Path, stamp: dict, plan: _Plan, stage: Path, report_id: str, lang, pages) -> bool:
    from .pdf import pdf_name

    taken = reuse_pdf(previous, stamp, report_id, plan.charts[report_id], stage, lang, pages)
    if taken:
        _say(f"  reused    {job_name(pdf_name(lang), report_id)}")
    return taken


def _commit(cache: NotebookCache, name: str, key: str, outcome) -> Path:
    import nbformat

    return cache.commit(name, key, nbformat.writes(outcome.notebook).encode("utf-8"), outcome.seconds)


def _plan(notebooks, plan: _Plan, cache: NotebookCache, publisher):
    """The notebooks to run, longest first (the cached ones are handed to the publisher already)."""
    from .runner import Job

    todo: list[Job] = []
    for report_id in publisher.built:
        for path in notebooks:
            name = job_name(path.stem, report_id)
            key = plan.key(name)
            entry, damage = (None, None) if plan.force else cache.lookup(name, key)
            if entry is not None:
                _say(f"  cached    {name}")
                publisher.report(report_id).add(path.stem, cache.notebook(entry))
                continue
            if damage:
                _say(f"  damaged   {name}  cache entry not used ({damage}); running it")
            cache.workspace(name, key)  # the folder its cache entry is sealed from
            todo.append(Job(name, path, {**plan.parameters, "REPORT": report_id}))
    # The longest first (as last run, else the largest file): the slowest notebook bounds the build.
    todo.sort(key=lambda job: -(cache.seconds(job.name) or job.path.stat().st_size / 1e6))
    return todo


def _tasks(publisher) -> list:
    """After the notebooks: each report's charts, tables and editable decks; the library's tables and
    comparisons (they read the data only, so they start as soon as a kernel is free)."""
    from .runner import Job

    todo = [Job(name, None, task=task) for name, task in publisher.library_tasks().items()]
    for report_id, site in publisher.sites.items():
        todo += [Job(name, None, task=task) for name, task in site.figure_tasks().items()]
        todo.append(Job(job_name(_TABLES, report_id), None, task=site.tables_task()))
        todo.append(Job(job_name(_DECKS, report_id), None, task=site.decks_task()))
    return todo


def _execute(notebooks, plan: _Plan, cache: NotebookCache, publisher) -> bool:
    """Run what is not cached; hand every finished notebook to the publisher. False if one failed."""
    from .runner import Job, run_notebooks

    todo = _plan(notebooks, plan, cache, publisher)
    if todo or publisher.built:  # kernels that have the tables in memory do the rest
        todo += _tasks(publisher)
    else:
        publisher.cached_work()
    pending = _pending(todo)
    failed: list[str] = []
    unwritable: list[OSError] = []
    refused: list[str] = []  # a library error inside a kernel: its own line, exit 2

    def finished(outcome) -> list[Job]:
        name = outcome.job.name
        if outcome.error:
            _say(f"  FAILED    {name}  {outcome.seconds:.2f} s  {one_line(outcome.error)}")
            if not _is_task(name):
                cache.discard(name, plan.key(name))
            if outcome.errno in _DISK_ERRORS:  # a full or read-only disk, not the notebook's fault
                unwritable.append(OSError(outcome.errno, os.strerror(outcome.errno)))
            elif outcome.refusal is not None:
                refused.append(outcome.refusal)
            else:
                failed.append(outcome.error)
            return []
        _say(f"  {'wrote' if _is_task(name) else 'executed':9s} {name}  {outcome.seconds:.2f} s")
        report_id = _figure_report(name) if name.startswith(_FIGURES) else _split(name)[1]
        if not _is_task(name):
            try:
                entry = _commit(cache, name, plan.key(name), outcome)
            except OSError as exc:  # a full disk: no entry, no partial file; the build stops with one line
                unwritable.append(exc)
                return []
            publisher.report(report_id).add(_split(name)[0], cache.notebook(entry))
        waiting = pending.get(report_id, set())
        waiting.discard(name)
        if report_id is None or waiting or failed or unwritable or _split(name)[0] == _PICTURES:
            return []
        site = publisher.report(report_id)
        site.start_site()  # every page and chart of the report is in: its site and PDFs need no more
        return [Job(job_name(_PICTURES, report_id), None, task=site.pictures_task())]

    workers = plan.jobs or len(os.sched_getaffinity(0))
    # the kernels read the data the build checked, wherever they run (a relative ANALYSIS_DATA_DIR too)
    env = {"ANALYSIS_DATA_DIR": str(data_dir())}
    cwd = todo[0].path.parent if todo and todo[0].path else Path.cwd()
    run_notebooks(todo, workers, cwd, finished, env, lambda job: _wanted(job, failed, unwritable, refused))
    if unwritable:
        raise unwritable[0]
    if refused:
        raise BuildError(refused[0])
    if failed:
        more = f" (and {len(failed) - 1} more failure(s), listed above)" if len(failed) > 1 else ""
        print(f"error: {one_line(failed[0])}{more}", file=sys.stderr)
    return not failed


def _pending(todo) -> dict[str | None, set[str]]:
    """The names of the jobs still to finish, by report (None: the library's own)."""
    pending: dict[str | None, set[str]] = {}
    for job in todo:
        report_id = _figure_report(job.name) if job.name.startswith(_FIGURES) else _split(job.name)[1]
        pending.setdefault(report_id, set()).add(job.name)
    return pending


def _wanted(job, failed: list, unwritable: list, refused: list) -> bool:
    """Nothing is published after a failure: a full disk or a refusal stops the build at once; after a
    failed notebook the other notebooks still run (each failure is listed, each success cached), but no
    chart, table or deck is made for nothing."""
    return not (unwritable or refused or (failed and _is_task(job.name)))


def _figure_report(name: str) -> str:
    """The report of a figures:<chart>@<report> task."""
    return name.rpartition("@")[2]


def write_tables_and_workbook(stage: str | Path, report: str = "all") -> None:
    """<stage>/tables/*.csv and <stage>/tables.xlsx: every declared table of `report`."""
    from .tasks import write_tables

    write_tables(str(stage), report)
