"""`python -m analysis`: the command line (cli.py); Ctrl-C while it starts is one line too, not a traceback."""

import sys

try:
    from .cli import main

    status = main()
except KeyboardInterrupt:  # main() says more once its commands run; this is the import before them
    if sys.stderr is not None:
        print("error: interrupted (Ctrl-C): nothing was written", file=sys.stderr)
    status = 130
raise SystemExit(status)
