"""Running notebooks: parallel, inside one process, on warm kernels.

Each worker keeps one kernel for all the notebooks it runs: a notebook starts
from an empty namespace (`%reset -f`) but finds pandas, matplotlib and the
library already imported, which is most of a small notebook's run time. A
notebook that fails takes its kernel with it; the worker starts a new one.

Parameters are injected the way papermill does it: a cell tagged
`injected-parameters` right after the cell tagged `parameters`.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Job", "Outcome", "inject_parameters", "run_notebooks"]

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


def _failure(job: Job, nb, exc: Exception) -> str:
    """'notebooks/x.ipynb: cell 7: NameError: name 'y' is not defined' (a code job: its name)."""
    injected = 0
    for index, cell in enumerate(nb.cells):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            injected = 1
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                number = index + 1 - injected  # as the notebook file counts its cells
                where = job.path if job.code is None and job.task is None else job.name
                return f"{where}: cell {number}: {output['ename']}: {output['evalue']}"
    text = str(exc).strip().splitlines()
    return f"{job.path or job.name}: {text[-1] if text else type(exc).__name__}"


class _WarmKernel:
    """One kernel and its client, kept across notebooks."""

    def __init__(self, cwd: Path):
        self.cwd = cwd
        self.km = None
        self.kc = None
        self.sockets: str | None = None

    async def start(self) -> _WarmKernel:
        from jupyter_client.manager import AsyncKernelManager

        # ipc transport: no TCP ports and no "running over TCP without encryption" notice.
        # Its sockets are files named after `ip`: each kernel gets a folder of its own.
        self.sockets = tempfile.mkdtemp(prefix="analysis-kernel-")
        self.km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=f"{self.sockets}/k")
        await self.km.start_kernel(cwd=str(self.cwd))
        self.kc = self.km.client()
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=120)
        return self

    async def run(self, job: Job) -> Outcome:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError

        started = time.perf_counter()
        await self.kc.execute_interactive("%reset -f", silent=True, store_history=False, timeout=60)
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
            return Outcome(job, None, time.perf_counter() - started, _failure(job, nb, exc))
        return Outcome(job, nb, time.perf_counter() - started)

    async def stop(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None and self.km.has_kernel:
            await self.km.shutdown_kernel(now=True)
        if self.sockets is not None:
            shutil.rmtree(self.sockets, ignore_errors=True)


async def _run_all(
    jobs: list[Job], workers: int, cwd: Path, done: Callable[[Outcome], list[Job] | None]
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
                if kernel is None:
                    kernel = await _WarmKernel(cwd).start()
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

    await asyncio.gather(*(worker() for _ in range(max(1, min(workers, len(jobs))))))
    order = {job.name: i for i, job in enumerate(jobs)}
    return sorted(outcomes, key=lambda o: order[o.job.name])


def run_notebooks(
    jobs: list[Job], workers: int, cwd: Path, done: Callable[[Outcome], list[Job] | None] = lambda o: None
) -> list[Outcome]:
    """Execute the notebooks, `workers` at a time; `done` is called as each one finishes.

    `done` may return jobs to run next (the free kernel takes them): work that needs every
    notebook's files runs on a warm kernel instead of after the runner.
    """
    if not jobs:
        return []
    return asyncio.run(_run_all(jobs, workers, cwd, done))
