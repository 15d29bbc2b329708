"""Running notebooks: parallel, inside one process, on warm kernels.

Each worker keeps one kernel for all the notebooks it runs: a notebook starts
from an empty namespace (`%reset -f`) but finds pandas, matplotlib and the
library already imported, which is most of a small notebook's run time. A
notebook that fails takes its kernel with it; the worker starts a new one.
Each warning shows once in a notebook, at the first cell that gives it
(each_warning_once), whatever the notebooks before it on its kernel showed.

Parameters are injected the way papermill does it: a cell tagged
`injected-parameters` right after the cell tagged `parameters`.

NOTES
- The kernel is this project's, named explicitly: this interpreter
  (`sys.executable`, the .venv's python) running ipykernel, as the kernel
  `wujin-analysis` that `make env` installs. Looking a kernel up by name
  (`python3`) found whatever a user's JUPYTER_PATH or ~/.local holds first,
  another Python with other packages.
- Ctrl-C: the kernels run in sessions of their own (jupyter_client), so the
  terminal's SIGINT reaches this process only. It stops every worker, shuts
  the kernels down and raises KeyboardInterrupt here, once, instead of a
  cell's KeyboardInterrupt, "Kernel died" and a page of asyncio noise.
- A cell that fails with an OSError of a full or read-only disk, or with
  one of the library's own errors (AnalysisError), is not the notebook's
  fault: `Outcome.errno` and `Outcome.refusal` let the build say so in one
  line (exit 2) instead of blaming a cell.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..files import remove_leftovers

__all__ = [
    "KERNEL_NAME",
    "Job",
    "Outcome",
    "each_warning_once",
    "inject_parameters",
    "kernel_spec_manager",
    "run_notebooks",
]

_CELL_TIMEOUT_S = 600


@dataclass(frozen=True)
class Job:
    name: str  # the notebook's stem, e.g. 01_land_transfers
    path: Path | None  # the notebook; None for a job that is only `code`
    parameters: dict[str, Any] = field(default_factory=dict)
    code: str | None = None  # run instead of a notebook, on a kernel whose imports are warm
    task: object | None = None  # a tasks.Task: run through tasks.run, its arguments as JSON


@dataclass
class Outcome:
    job: Job
    notebook: Any | None  # the executed nbformat.NotebookNode; None when it failed
    seconds: float
    error: str | None = None  # one line: notebook, cell number, exception
    errno: int | None = None  # the OSError's errno, when the cell failed with one ([Errno 28] ...)
    refusal: str | None = None  # the message of a library error (AnalysisError) the cell raised


KERNEL_NAME = "wujin-analysis"
_SOCKETS = "analysis-kernel-"  # <tmp>/analysis-kernel-<pid of the build>-…: a kernel's sockets and log
# The library's own errors (errors.py): their message already says where and what.
_LIBRARY_ERRORS = {
    "AnalysisError",
    "BuildError",
    "ExtractionError",
    "OutputError",
    "RegistryError",
    "ReportError",
    "SchemaError",
    "TextError",
}
_OURS = (signal.SIGINT, signal.SIGTERM)  # the signals nbclient would take over (_interruptible)
_OS_ERRORS = {n for n, v in vars(builtins).items() if isinstance(v, type) and issubclass(v, OSError)}
_ERRNO = re.compile(r"\[Errno (\d+)\]")


# what a kernel runs before each notebook: an empty namespace, and each warning shown once (each_warning_once).
# What survives the reset's full collection (modules, the library's caches) is then frozen: the next reset
# walks only what one job made, not every object of pandas and matplotlib again (~0.1 s a job).
_BEFORE_EACH = (
    "%reset -f\nimport analysis.publish.runner as _runner\n_runner.each_warning_once()\ndel _runner\n"
    "__import__('gc').freeze()"
)
_SHOWN: set[tuple[type, str]] = set()  # in a kernel: the warnings its notebook has shown so far


def each_warning_once() -> None:
    """Run in a kernel before each notebook: a warning is shown at the first cell that gives it, not again.

    The tables warn at every call (frames.per_report: a script is told each time), and Python's own "once a
    place" starts over whenever anything changes the filters (catch_warnings, in pandas, matplotlib and here):
    a notebook calling the tables in 20 cells showed one warning 20 times on its code page. So the library's
    warnings always reach `warnings.showwarning`, and it shows the first of each kind and text a notebook gives.
    """
    import warnings

    from ..errors import ExtractionWarning

    _SHOWN.clear()
    warnings.simplefilter("always", ExtractionWarning)
    if getattr(warnings.showwarning, "shown", None) is _SHOWN:
        return  # the kernel's notebook before set it up
    show = warnings.showwarning

    def first_only(message, category, filename, lineno, file=None, line=None) -> None:
        if (category, str(message)) not in _SHOWN:
            _SHOWN.add((category, str(message)))
            show(message, category, filename, lineno, file, line)

    first_only.shown = _SHOWN  # type: ignore[attr-defined]
    warnings.showwarning = first_only


def kernel_spec_manager():
    """A KernelSpecManager that knows one kernel: this interpreter running ipykernel (NOTES)."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    class OwnKernel(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
            return KernelSpec(argv=argv, display_name="Python (wujin-analysis)", language="python")

    return OwnKernel()


def inject_parameters(nb, parameters: dict[str, Any]):
    """A copy of nb with a cell setting `parameters` after the cell tagged 'parameters'."""
    import copy

    import nbformat

    nb = copy.deepcopy(nb)
    source = "# Parameters injected by the build\n" + "".join(
        f"{name} = {value!r}\n" for name, value in parameters.items()
    )
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    cell.id = "injected-parameters"  # fixed, so that the executed notebook is deterministic
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    nb.cells.insert(tagged[0] + 1 if tagged else 0, cell)
    return nb


def _failure(job: Job, nb, exc: Exception, seconds: float) -> Outcome:
    """The outcome of a failed job, its error 'notebooks/x.ipynb: cell 7: NameError: name 'y' is not
    defined' (a code job: its name), with the errno or the library's message where the cell had one."""
    injected = 0
    for index, cell in enumerate(nb.cells):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            injected = 1
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                number = index + 1 - injected  # as the notebook file counts its cells
                where = job.path if job.code is None and job.task is None else job.name
                name, value = output["ename"], output["evalue"]
                found = _ERRNO.match(value) if name in _OS_ERRORS else None
                return Outcome(
                    job,
                    None,
                    seconds,
                    f"{where}: cell {number}: {name}: {value}",
                    errno=int(found[1]) if found else None,
                    refusal=value if name in _LIBRARY_ERRORS else None,
                )
    text = str(exc).strip().splitlines()
    said = text[-1] if text else type(exc).__name__
    if said == "Kernel died":  # nbclient's DeadKernelError: the process is gone, say how that happens
        said = "the kernel died running it (out of memory, or a cell ended its own process)"
    return Outcome(job, None, seconds, f"{job.path or job.name}: {said}")


class _WarmKernel:
    """One kernel and its client, kept across notebooks."""

    def __init__(self, cwd: Path, env: dict[str, str] | None = None):
        self.cwd = cwd
        self.env = env or {}
        self.km = None
        self.kc = None
        self.sockets: str | None = None

    async def start(self) -> _WarmKernel:
        from jupyter_client.manager import AsyncKernelManager

        # ipc transport: no TCP ports and no "running over TCP without encryption" notice.
        # Its sockets are files named after `ip`: each kernel gets a folder of its own, named after this
        # process, so that the next build removes it if this one is killed (run_notebooks).
        self.sockets = tempfile.mkdtemp(prefix=f"{_SOCKETS}{os.getpid()}-")
        self.km = AsyncKernelManager(
            kernel_name=KERNEL_NAME,
            kernel_spec_manager=kernel_spec_manager(),
            transport="ipc",
            ip=f"{self.sockets}/k",
        )
        # The kernel's own log (e.g. "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel" when the
        # build stops it on Ctrl-C) goes to a file beside its sockets: the build speaks for it in one line.
        with open(f"{self.sockets}/kernel.log", "wb") as log:
            await self.km.start_kernel(
                cwd=str(self.cwd), env={**os.environ, **self.env}, stdout=log, stderr=log
            )
        self.kc = self.km.client()
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=120)
        return self

    async def run(self, job: Job) -> Outcome:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError

        started = time.perf_counter()
        await self.kc.execute_interactive(_BEFORE_EACH, silent=True, store_history=False, timeout=60)
        if job.task is not None or job.code is not None:
            from .tasks import entry_code

            code = entry_code(job.task) if job.task is not None else job.code
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        else:
            try:
                nb = inject_parameters(nbformat.read(job.path, as_version=4), job.parameters)
            except Exception as exc:  # not JSON, not a notebook, unreadable: one line, like a failed cell
                text = str(exc).strip().splitlines()
                return Outcome(
                    job, None, 0.0, f"{job.path}: not a readable notebook ({text[0] if text else exc!r})"
                )
        client = NotebookClient(
            nb, km=self.km, timeout=_CELL_TIMEOUT_S, allow_errors=False, record_timing=False
        )
        client.kc = self.kc
        try:
            await client.async_execute()
        except (CellExecutionError, CellTimeoutError, RuntimeError) as exc:
            task = asyncio.current_task()
            if task is not None and task.cancelling():  # nbclient says "Kernel died" when it is cancelled
                raise asyncio.CancelledError from None
            return _failure(job, nb, exc, time.perf_counter() - started)
        return Outcome(job, nb, time.perf_counter() - started)

    async def stop(self) -> None:
        """Stop the kernel, whatever state it is in (it may be half started when Ctrl-C came)."""
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.km is not None and self.km.has_kernel:
                await self.km.shutdown_kernel(now=True)
        except Exception:  # a kernel that is gone already is stopped
            if self.km is not None and getattr(self.km, "provisioner", None) is not None:
                with contextlib.suppress(Exception):
                    await self.km.provisioner.kill()
        finally:
            if self.sockets is not None:
                shutil.rmtree(self.sockets, ignore_errors=True)


async def _run_all(
    jobs: list[Job],
    workers: int,
    cwd: Path,
    done: Callable[[Outcome], list[Job] | None],
    env: dict[str, str] | None = None,
    wanted: Callable[[Job], bool] = lambda job: True,
) -> list[Outcome]:
    jobs = list(jobs)  # follow-up jobs are added to this copy
    queue: asyncio.Queue[Job] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    outcomes: list[Outcome] = []

    async def worker() -> None:
        kernel: _WarmKernel | None = None
        try:
            while not queue.empty():
                job = queue.get_nowait()
                if not wanted(job):  # asked again as each job comes up: a failure may have made it moot
                    continue
                if kernel is None:
                    kernel = _WarmKernel(
                        cwd, env
                    )  # named before it starts: stopped if interrupted while starting
                    await kernel.start()
                outcome = await kernel.run(job)
                if outcome.error:  # its namespace and imports may be broken: start afresh
                    await kernel.stop()
                    kernel = None
                outcomes.append(outcome)
                for follow_up in done(outcome) or []:  # e.g. a job that needs every notebook's files
                    jobs.append(follow_up)
                    queue.put_nowait(follow_up)
        finally:
            if kernel is not None:
                await kernel.stop()

    tasks = [asyncio.create_task(worker()) for _ in range(max(1, min(workers, len(jobs))))]
    with _interruptible(tasks) as interrupted:
        try:
            await asyncio.gather(*tasks)
        except asyncio.CancelledError:
            if not interrupted:
                raise
        if interrupted:
            await asyncio.gather(*tasks, return_exceptions=True)  # the kernels are shut down
            raise KeyboardInterrupt
    order = {job.name: i for i, job in enumerate(jobs)}
    return sorted(outcomes, key=lambda o: order[o.job.name])


@contextmanager
def _interruptible(tasks: list[asyncio.Task]) -> Iterator[list[bool]]:
    """While the block runs, SIGINT cancels `tasks` (their kernels stop) instead of interrupting a cell.

    Yields a list that is true once interrupted. A plain signal handler (not the loop's, whose wakeup
    descriptor the kernel clients' own loops may take over) hands the stop to the loop. Where no
    handler can be set (not the main thread), SIGINT keeps its default.
    """
    loop = asyncio.get_running_loop()
    interrupted: list[bool] = []

    def stop() -> None:
        loop.set_exception_handler(lambda _loop, _context: None)  # no "Task exception was never retrieved"
        for task in tasks:
            task.cancel()

    def on_sigint(_signum, _frame) -> None:
        if not interrupted:
            interrupted.append(True)
            loop.call_soon_threadsafe(stop)

    try:
        previous = signal.signal(signal.SIGINT, on_sigint)
    except ValueError:  # not the main thread
        previous = None
    # nbclient sets a SIGINT handler of its own for each notebook, which tears its kernel client down
    # and then lets the next notebook run: while the workers run, the loop keeps this one.
    adding, removing = loop.add_signal_handler, loop.remove_signal_handler
    loop.add_signal_handler = lambda sig, *a: None if sig in _OURS else adding(sig, *a)
    loop.remove_signal_handler = lambda sig: False if sig in _OURS else removing(sig)
    try:
        yield interrupted
    finally:
        del loop.add_signal_handler, loop.remove_signal_handler
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def run_notebooks(
    jobs: list[Job],
    workers: int,
    cwd: Path,
    done: Callable[[Outcome], list[Job] | None] = lambda o: None,
    env: dict[str, str] | None = None,
    wanted: Callable[[Job], bool] = lambda job: True,
) -> list[Outcome]:
    """Execute the notebooks, `workers` at a time; `done` is called as each one finishes.

    `done` may return jobs to run next (the free kernel takes them): work that needs every
    notebook's files runs on a warm kernel instead of after the runner. `env` is added to the
    kernels' environment. A job that `wanted` refuses when its turn comes is left out (no outcome):
    after a failure the build runs nothing it would throw away.
    """
    if not jobs:
        return []
    # A build killed outright (SIGKILL, out of memory) cannot stop its kernels: they exit when they see
    # their parent gone ("Parent appears to have exited"), and their folders are left for this sweep.
    remove_leftovers(Path(tempfile.gettempdir()), _SOCKETS)
    return asyncio.run(_run_all(jobs, workers, cwd, done, env, wanted))
