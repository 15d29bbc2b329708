"""`python -m analysis`: the command line (cli.py); Ctrl-C while it starts is one line too, not a traceback."""

import contextlib
import os
import sys

try:
    from .cli import main

    status = main()
except KeyboardInterrupt:  # main() says more once its commands run; this is the import before them
    if sys.stderr is not None:
        print("error: interrupted (Ctrl-C): nothing was written", file=sys.stderr, flush=True)
    with contextlib.suppress(AttributeError, OSError, ValueError):  # no stdout, or a closed pipe
        sys.stdout.flush()
    # At once, not by SystemExit: an interrupt still pending from the import would end the interpreter's
    # own exit by SIGINT (-2) after the line above. Nothing is open yet that an exit handler would close.
    os._exit(130)
raise SystemExit(status)
