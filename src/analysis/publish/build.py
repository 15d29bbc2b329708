"""`make report`: execute the notebooks and publish everything the users read.

    reports/index.html            a line on each page, links to the files below
    reports/html/<nb>.html        each notebook for reviewers (no code), offline
    reports/html/<nb>.code.html   the same with code
    reports/charts_zh.pptx, charts_en.pptx   editable charts, one per slide, for planners
    reports/charts_*_pictures.pptx           the same slides with the charts as pictures
    reports/tables.xlsx           a sheet per tidy table, units in headers, provenance
    reports/tables/*.csv          the tidy tables as UTF-8 CSV
    figures/zh/*.png|svg, figures/en/*.png|svg   every chart, slide-sized (bare/: without title, phone/:
                                                 portrait), exported by the build (no notebook writes a file)

Fast: notebooks run in parallel on warm kernels (runner.py), and a notebook
whose inputs (its own file, the library, data/, the installed versions of the
packages that shape its output) did not change is taken from the sealed cache
in .build-cache/ (cache.py). Deciding that nothing changed at all reads file
bytes, a stamp and file sizes, and imports neither pandas nor matplotlib.

Safe: the raw reports are checked first (one line, exit 2, at once). Every
output is written into a new versioned folder, published in one step only
when every notebook ran and every page passed the offline check, under a
lock that keeps a second build out (outputs.py); so a failed or killed build
leaves the previous outputs as they were. Nothing is written under data/,
nor over a folder this build did not make (targets.py).
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import sys
import time
from pathlib import Path

from ..errors import BuildError, one_line, os_error_line
from ..source import reports as raw_reports
from ..source.paths import data_dir
from ..source.report_files import verify_report_files
from .cache import NotebookCache, notebook_keys
from .outputs import OutputFolder
from .targets import build_folder, resolved

__all__ = ["ROOT", "build"]

ROOT = Path(__file__).resolve().parents[3]
LIBRARY_DIR = Path(__file__).resolve().parents[1]
# Tasks, run by a kernel that has the tables warm (tasks.py): each chart's figures, the tables and the
# editable decks after the notebooks in the queue; the picture decks once every chart is exported.
_TABLES_JOB, _DECKS_JOB, _PICTURES_JOB = "tables", "decks", "pictures"
_FIGURES = "figures:"  # figures:<chart>, one task per chart
_CODE_JOBS = (_TABLES_JOB, _DECKS_JOB, _PICTURES_JOB)
_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}


def _is_task(name: str) -> bool:
    return name in _CODE_JOBS or name.startswith(_FIGURES)


def _say(line: str) -> None:
    print(line, flush=True)


def build(
    root: Path | None = None,
    out: Path | None = None,
    notebooks_dir: Path | None = None,
    force: bool = False,
    jobs: int | None = None,
    lang: str = "zh",
    report: str | None = None,
) -> int:
    """Run the build; 0 on success, 1 when a notebook failed (previous outputs kept).

    Raises BuildError/OutputError/ReportError (one line) for a changed raw file, a
    refused or unwritable output folder, a second build at once, a full disk.
    """
    started = time.perf_counter()
    logging.getLogger("asyncio").setLevel(
        logging.CRITICAL
    )  # its notes on a stopped browser are not for users
    root = Path(root or ROOT)
    folder = OutputFolder(build_folder(out or root))  # absolute: the kernels run in notebooks/
    notebooks_dir = resolved(notebooks_dir or root / "notebooks", "build --notebooks")
    if not notebooks_dir.is_dir():
        found = "nothing" if not os.path.lexists(notebooks_dir) else "a file"
        raise BuildError(f"{notebooks_dir}: build --notebooks expects a folder of notebooks, found {found}")
    notebooks = sorted(p for p in notebooks_dir.glob("*.ipynb") if not p.name.startswith("."))
    if not notebooks:
        raise BuildError(f"{notebooks_dir}: no notebooks (*.ipynb) to build")
    raw_reports.verify_raw_files()  # a changed raw file: the line every command gives, at once
    for row in raw_reports.manifest():  # a bad registry file or placeholder: its line, before any notebook
        verify_report_files(row["report_id"])
    report = report or raw_reports.newest_report_id()
    parameters = {"REPORT": report, "LANG": lang}
    keys = notebook_keys(notebooks, parameters, LIBRARY_DIR, data_dir())
    overall = hashlib.sha256(json.dumps(keys, sort_keys=True).encode()).hexdigest()[:20]
    try:
        with folder.lock():
            folder.check_layout()
            if not force and folder.up_to_date(overall) and not _pdfs_now_possible(folder.root):
                folder.clean()  # what a killed build left: nothing piles up
                NotebookCache(folder.root / ".build-cache").prune()
                seconds = time.perf_counter() - started
                _say(f"up to date: {len(notebooks)} notebooks unchanged ({seconds:.2f} s)")
                return 0
            return _build_into(folder, notebooks, keys, parameters, force, jobs, report, overall, started)
    except OSError as exc:  # a full disk, a read-only folder, a name too long: one line
        if exc.errno in _DISK_ERRORS or exc.filename is None:  # name the folder, not a temporary file
            raise BuildError(f"{folder.root}: {exc.strerror or exc}; nothing was published") from None
        raise BuildError(os_error_line(exc)) from None


def _pdfs_now_possible(root: Path) -> bool:
    """Chromium is here but the published build has no PDFs (it was installed since): build again.

    Checked without importing anything: the browser's file, and the PDF beside the published index.
    """
    from .pdf import CHROMIUM, pdf_name

    return os.path.exists(CHROMIUM) and not (root / "reports" / pdf_name("zh")).exists()


def _build_into(folder, notebooks, keys, parameters, force, jobs, report, overall, started) -> int:
    """Run what is not cached into a new build folder and publish it, or leave everything as it was."""
    cache = NotebookCache(folder.root / ".build-cache")
    cache.folder.mkdir(parents=True, exist_ok=True)
    cache.prune()
    stage = folder.new_build()
    try:
        with _Publisher(stage, report, overall, keys) as publisher:
            if not _execute(notebooks, keys, parameters, cache, force, jobs, publisher):
                publisher.abandon()
                folder.discard(stage)
                seconds = time.perf_counter() - started
                _say(f"build failed after {seconds:.1f} s; previous outputs left as they were")
                return 1
            publisher.finish()
            for entry in publisher.entries:  # what was read from the cache is still what its seal says
                NotebookCache.verify(entry)
        folder.publish(stage, {"key": overall, "notebooks": keys})
    except BaseException:
        folder.discard(stage)
        raise
    cache.prune(keys)
    _say(
        f"built {folder.root / 'reports'} and {folder.root / 'figures'} in {time.perf_counter() - started:.1f} s"
    )
    return 0


def _commit(cache: NotebookCache, name: str, key: str, outcome) -> Path:
    import nbformat

    return cache.commit(name, key, nbformat.writes(outcome.notebook).encode("utf-8"), outcome.seconds)


def _plan(notebooks, keys, parameters, cache: NotebookCache, force, publisher: _Publisher):
    """The notebooks to run, longest first (the cached ones are handed to the publisher already)."""
    from .runner import Job

    todo: list[Job] = []
    for path in notebooks:
        name = path.stem
        entry, damage = (None, None) if force else cache.lookup(name, keys[name])
        if entry is not None:
            _say(f"  cached    {name}")
            publisher.add(name, cache.notebook(entry), cache.figures(entry))
            continue
        if damage:
            _say(f"  damaged   {name}  cache entry not used ({damage}); running it")
        cache.workspace(name, keys[name])  # the folder its cache entry is sealed from
        todo.append(Job(name, path, dict(parameters)))
    # The longest first (as last run, else the largest file): the slowest notebook bounds the build.
    todo.sort(key=lambda job: -(cache.seconds(job.name) or job.path.stat().st_size / 1e6))
    return todo


def _execute(notebooks, keys, parameters, cache: NotebookCache, force, jobs, publisher: _Publisher) -> bool:
    """Run what is not cached; hand every finished notebook to the publisher. False if one failed."""
    from .runner import Job, run_notebooks

    todo = _plan(notebooks, keys, parameters, cache, force, publisher)
    pending = {job.name for job in todo}
    if todo:  # after the notebooks in the queue: kernels that have the tables in memory do the rest
        charts = publisher.figure_tasks()
        pending |= set(charts)
        todo += [Job(name, None, task=task) for name, task in charts.items()]
        todo.append(Job(_TABLES_JOB, None, task=publisher.tables_task()))
        todo.append(Job(_DECKS_JOB, None, task=publisher.decks_task()))
    else:
        publisher.add_tables()

    failed: list[str] = []
    unwritable: list[OSError] = []
    refused: list[str] = []  # a library error inside a kernel: its own line, exit 2

    def finished(outcome) -> list[Job]:
        name = outcome.job.name
        if outcome.error:
            _say(f"  FAILED    {name}  {outcome.seconds:.2f} s  {one_line(outcome.error)}")
            if not _is_task(name):
                cache.discard(name, keys[name])
            if outcome.errno in _DISK_ERRORS:  # a full or read-only disk, not the notebook's fault
                unwritable.append(OSError(outcome.errno, os.strerror(outcome.errno)))
            elif outcome.refusal is not None:
                refused.append(outcome.refusal)
            else:
                failed.append(outcome.error)
            return []
        _say(f"  {'wrote' if _is_task(name) else 'executed':9s} {name}  {outcome.seconds:.2f} s")
        if name in _CODE_JOBS:
            return []
        if not _is_task(name):
            try:
                entry = _commit(cache, name, keys[name], outcome)
            except OSError as exc:  # a full disk: no entry, no partial file; the build stops with one line
                unwritable.append(exc)
                return []
            publisher.add(name, cache.notebook(entry), cache.figures(entry))
        pending.discard(name)
        if pending or failed or unwritable:
            return []
        publisher.start_site()  # every page and every chart is in: the site and its PDFs need no more
        return [Job(_PICTURES_JOB, None, task=publisher.pictures_task())]

    workers = jobs or len(os.sched_getaffinity(0))
    # the kernels read the data the build checked, wherever they run (a relative ANALYSIS_DATA_DIR too)
    env = {"ANALYSIS_DATA_DIR": str(data_dir())}
    run_notebooks(todo, workers, todo[0].path.parent if todo else Path.cwd(), finished, env)
    if unwritable:
        raise unwritable[0]
    if refused:
        raise BuildError(refused[0])
    if failed:
        more = f" (and {len(failed) - 1} more failure(s), listed above)" if len(failed) > 1 else ""
        print(f"error: {one_line(failed[0])}{more}", file=sys.stderr)
    return not failed


class _Publisher:
    """Writes reports/ and figures/ into the new build folder while the notebooks run.

    Each notebook's pages are written as soon as it finishes, on one
    background thread: the kernels are other processes, so this uses the time
    the build would otherwise spend waiting for the slowest notebook. The
    tables and workbook are written by a kernel as the last job (pandas and
    the tables are in its memory), or here when every notebook came from the
    cache.
    """

    def __init__(self, build: Path, report_id: str, overall: str, keys: dict[str, str]):
        self.build = build  # .build/<id>/ of outputs.OutputFolder: reports/, figures/zh/, figures/en/
        self.report_id, self.overall, self.keys = report_id, overall, keys
        self.pages: dict[str, object] = {}
        self.pictures_written = False  # by a kernel (pictures_task), else here in finish
        self.site = None  # the future of start_site
        self.entries: list[Path] = []  # the cache entries published from, checked again at the end

    def __enter__(self) -> _Publisher:
        from concurrent.futures import ThreadPoolExecutor

        self.stages = {"reports": self.build / "reports", "zh": self.build / "figures" / "zh"}
        self.stages["en"] = self.build / "figures" / "en"
        (self.stages["reports"] / "html").mkdir()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="publish")
        self.futures = []
        # The PDF printer's browser starts now, to wait for the pages while the notebooks run.
        from . import pdf

        self.printer = None
        self.printer = pdf.start_printer(self.stages["reports"], ("zh", "en"))
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        if kind is not None:
            self.abandon()

    def abandon(self) -> None:
        """Stop the background work; the caller removes the build folder."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.printer is not None:
            self.printer.wait_quietly()

    def add(self, name: str, executed: Path, exported: Path) -> None:
        self.futures.append(self.pool.submit(self._notebook, name, executed, exported))

    def add_tables(self) -> None:
        """Every notebook came from the cache, so no kernel runs: the charts, the tables and the editable
        decks are made here, on the background thread."""
        from . import tasks

        for task in [*self.figure_tasks().values(), self.tables_task(), self.decks_task()]:
            self.futures.append(self.pool.submit(tasks.TASKS[task.function], **task.args))

    def figure_tasks(self) -> dict[str, object]:
        """One task per chart of the deck: its files in both languages, into figures/ of this build."""
        from .. import charts
        from .tasks import Task

        out = str(self.build / "figures")
        return {
            f"{_FIGURES}{name}": Task("export_chart", {"name": name, "report": self.report_id, "out": out})
            for name in charts.DECK_CHARTS
        }

    def tables_task(self):
        from .tasks import Task

        return Task("write_tables", {"stage": str(self.stages["reports"])})

    def decks_task(self):
        from .tasks import Task

        return Task("write_editable_decks", {"stage": str(self.stages["reports"]), "report": self.report_id})

    def pictures_task(self):
        """The picture decks from the exported charts; done once a kernel ran it."""
        from .tasks import Task

        self.pictures_written = True
        stage, figures = str(self.stages["reports"]), str(self.build / "figures")
        return Task("write_picture_decks", {"stage": stage, "report": self.report_id, "figures": figures})

    def _notebook(self, name: str, executed: Path, exported: Path) -> None:
        import nbformat

        from ..present.naming import document_name
        from ..source.reports import load_report
        from . import pages

        entry = executed.parent  # the sealed cache entry: only its sealed bytes are published
        self.entries.append(entry)
        nb = nbformat.reads(NotebookCache.sealed_copy(entry, executed.name).decode("utf-8"), as_version=4)
        page = pages.read_notebook(nb, name)
        nav = pages.code_nav(page, document_name(self.report_id), load_report(self.report_id).publisher or "")
        code = pages.write_code_page(nb, page, self.stages["reports"] / "html", nav)
        found = pages.external_urls(code.read_text(encoding="utf-8"))
        if found:
            raise BuildError(f"reports/html/{code.name}: {len(found)} external URL(s), e.g. {found[0]}")
        self.pages[name] = page

    def start_site(self) -> None:
        """Once every notebook is in: check the charts, write the reviewer site, start the PDFs.

        It runs on the background thread after the notebooks' pages, while kernels may still write
        decks; finish() waits for it.
        """
        if self.site is None:
            self.site = self.pool.submit(self._site)

    def _site(self):
        from .. import charts
        from .site import publish_site

        for future in list(self.futures):  # the charts, when no kernel made them
            future.result()
        missing = [
            f"{lang}/{chart}.png"
            for chart in charts.DECK_CHARTS
            for lang in ("zh", "en")
            if not (self.stages[lang] / f"{chart}.png").is_file()
        ]
        if missing:
            raise BuildError(f"figures/{', '.join(missing)}: not exported")
        ordered = [self.pages[name] for name in sorted(self.pages)]
        figures = self.build / "figures"
        return publish_site(self.stages["reports"], ordered, self.report_id, self.printer, figures)

    def finish(self) -> None:
        """Wait for the background work, write what is left, wait for the PDFs (build() then publishes)."""
        from . import deck

        self.start_site()
        for future in self.futures:
            future.result()  # re-raises a failure of the background thread here
        pdfs = self.site.result()
        if not self.pictures_written:  # every notebook came from the cache: no kernel ran
            deck.write_picture_decks_from(self.stages["reports"], self.report_id, self.build / "figures")
        pdfs()


def write_tables_and_workbook(stage: str | Path) -> None:
    """reports/tables/*.csv and reports/tables.xlsx: every declared table, for every report."""
    from .tasks import write_tables

    write_tables(str(stage))
