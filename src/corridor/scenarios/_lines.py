"""Line numbers of keys and tables in TOML text (``tomllib`` gives no positions).

A light scan, not a parser: it follows ``[table]`` and ``[[array.of.tables]]`` headers
(counting the entries of each array) and ``key = value`` lines, skipping the inside of
multi-line strings. Whatever it cannot place falls back to the nearest enclosing table,
then to line 0 (unknown); it never raises.
"""

from __future__ import annotations

import re

__all__ = ["KeyPath", "LineIndex", "format_key"]

KeyPath = tuple[str | int, ...]
"""A key path: table and key names, and 0-based indices into arrays of tables."""

_ARRAY_HEADER = re.compile(r"^\[\[\s*(.+?)\s*\]\]\s*(#.*)?$")
_TABLE_HEADER = re.compile(r"^\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(
    r"""^((?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*)\s*="""
)
_PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'""")


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in _PART.findall(dotted))


def format_key(path: KeyPath) -> str:
    """``("capacity", 1, "unit")`` → ``capacity[2].unit`` (array entries counted from 1).

    Parameters
    ----------
    path
        The key path.

    Returns
    -------
    str
        The dotted form used in messages.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


class LineIndex:
    """Where each table header and key of a TOML text is written.

    Parameters
    ----------
    text
        The TOML text.
    """

    def __init__(self, text: str) -> None:
        self._lines: dict[KeyPath, int] = {}
        counts: dict[tuple[str, ...], int] = {}
        current: KeyPath = ()
        in_string: str | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if in_string is not None:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            if not line or line.startswith("#"):
                continue
            array = _ARRAY_HEADER.match(line)
            table = None if array else _TABLE_HEADER.match(line)
            if array is not None:
                parts = _parts(array.group(1))
                index = counts.get(parts, 0)
                counts[parts] = index + 1
                current = (*parts, index)
                self._lines.setdefault(current, number)
                continue
            if table is not None:
                current = _parts(table.group(1))
                self._lines.setdefault(current, number)
                continue
            key = _KEY.match(line)
            if key is not None:
                self._lines.setdefault((*current, *_parts(key.group(1))), number)
                rest = line[key.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_string = quote
                        break

    def keys_under(self, path: KeyPath) -> dict[str, int]:
        """Lines of the keys written directly in the table at ``path``.

        Parameters
        ----------
        path
            The table's key path.

        Returns
        -------
        dict
            Key name to 1-based line.
        """
        n = len(path)
        return {
            str(p[n]): line
            for p, line in self._lines.items()
            if len(p) == n + 1 and p[:n] == path and isinstance(p[n], str)
        }

    def line(self, path: KeyPath) -> int:
        """The line of ``path``, else of its nearest enclosing table or key (0: unknown).

        Parameters
        ----------
        path
            The key path.

        Returns
        -------
        int
            1-based line number, or 0.
        """
        for n in range(len(path), 0, -1):
            found = self._lines.get(path[:n])
            if found is not None:
                return found
        return 0
