"""Sentences with placeholders, from data (findings.csv, wording.csv): checked before anything is formatted.

    template_problem("**{price_per_mu_industrial:.2f}**")    # None: a name and a number format
    template_problem("{x:>900000000}")                        # "... width 900000000 is more than 40"
    check_template_rows(path, rows, ("zh", "en"))             # RegistryError 'path:line: column ...'
    placeholder_names(template)                               # {'price_per_mu_industrial'}

NOTES
- A placeholder is `{name}` or `{name:spec}`: a name of letters, digits and
  `_` (a ratio id with '.' written '_'), and a number format such as `.1f`,
  `,.2f` or `>8.1%`. No positional `{}`, no `{x.y}` or `{x[0]}`, no `!r`:
  a template is data, and data may only fill in its values.
- A width or precision is bounded (MAX_WIDTH, MAX_PRECISION): `{x:>900000000}`
  once made a 900 MB string and exhausted the build's memory.
- A lone `{` or `}` is an error naming the file, the line and the column;
  a literal brace is written `{{` or `}}`.
- Stdlib only, so that the build checks every template before any notebook
  runs (a notebook cell is never blamed for a file), at no cost to its start.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from string import Formatter

from ..errors import RegistryError

__all__ = [
    "MAX_PRECISION",
    "MAX_WIDTH",
    "check_template_rows",
    "placeholder_names",
    "template_problem",
]

MAX_WIDTH = 40
MAX_PRECISION = 12
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SPEC = re.compile(
    r"(?:(?P<fill>[^{}])?(?P<align>[<>=^]))?(?P<sign>[-+ ])?(?P<alt>#)?(?P<zero>0)?"
    r"(?P<width>\d+)?(?P<grouping>[,_])?(?:\.(?P<precision>\d+))?(?P<type>[eEfFgGn%])?",
    re.S,
)


def _spec_problem(name: str, spec: str) -> str | None:
    found = _SPEC.fullmatch(spec)
    if found is None:
        return f"placeholder {{{name}:{spec}}}: expected a number format such as .1f or ,.2f after ':'"
    for part, most in (("width", MAX_WIDTH), ("precision", MAX_PRECISION)):
        if int(found[part] or 0) > most:
            return f"placeholder {{{name}:{spec}}}: a {part} of {int(found[part]):,}; at most {most}"
    try:
        format(1234.5678, spec)
    except ValueError as exc:
        return f"placeholder {{{name}:{spec}}}: {exc}"
    return None


def template_problem(template: str) -> str | None:
    """What is wrong with a template's placeholders, or None."""
    try:
        fields = list(Formatter().parse(template))
    except ValueError as exc:
        return f"{exc} (a literal brace is written {{{{ or }}}})"
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if not _NAME.fullmatch(name):
            found = repr(name) if name else "none"
            return f"placeholder {{{name}}}: expected a name (letters, digits and _), found {found}"
        if conversion:
            return f"placeholder {{{name}!{conversion}}}: a conversion (!{conversion}) is not allowed"
        if spec and (problem := _spec_problem(name, spec)):
            return problem
    return None


def placeholder_names(template: str) -> set[str]:
    """The names of a template's placeholders (a template that passed `template_problem`)."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def check_template_rows(path: Path, rows: Iterable[dict[str, str]], columns: Sequence[str]) -> None:
    """RegistryError 'path:line: column <name>: <problem>' for the first bad template of `rows`."""
    for row in rows:
        for column in columns:
            if (problem := template_problem(row.get(column) or "")) is not None:
                raise RegistryError(f"{path}:{row.get('_line', '?')}: column '{column}': {problem}")
