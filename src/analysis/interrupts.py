"""A Ctrl-C is never forgotten: one a library swallowed still stops the command before it commits a file.

    note(signal.SIGINT)     # cli's SIGINT handler: this command received a Ctrl-C
    received()              # the Ctrl-Cs noted since the command started (cli.main forgets older ones)
    before_commit()         # KeyboardInterrupt if one was noted: called just before a file or folder is put in place

Why: a Ctrl-C raises KeyboardInterrupt wherever the main thread is. One that lands while a C extension is
imported comes out as an ImportError (pandas re-raises it as "Unable to import required dependencies": 1 of 100
probes under load), and a library importing an optional part under `except ImportError:` takes it for "not
installed" and goes on. A build's Ctrl-C was lost twice in fresh-clone runs under load (rounds 13, 14: it ran on
and published); where it was lost is not known, but wherever cli's handler noted it, the command now stops before
it commits.
"""

from __future__ import annotations

import threading

__all__ = ["before_commit", "forget", "note", "received"]

_NOTED: list[int] = []


def note(signum: int) -> None:
    _NOTED.append(signum)


def received() -> list[int]:
    return _NOTED


def forget() -> None:
    """A new, empty list: the one a command was handed keeps what it noted (tests read it after)."""
    global _NOTED
    _NOTED = []


def before_commit() -> None:
    """Raise KeyboardInterrupt if a Ctrl-C was received, though nothing raised it this far. In the main
    thread only, where the command handles it: a worker thread's write goes into a stage that the main
    thread's own commit (a build's publish) then refuses, and a worker's KeyboardInterrupt would print
    a traceback."""
    if _NOTED and threading.current_thread() is threading.main_thread():
        raise KeyboardInterrupt
