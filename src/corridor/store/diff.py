"""Field-by-field differences of two saved runs (``corridor runs diff``).

A run's request and result are nested JSON; both are flattened to dotted paths
(``result.options[0].route.days``) and compared path by path.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from corridor.store.records import Run

__all__ = ["MISSING", "Difference", "diff_runs", "flatten"]


class _Missing:
    """A path that one of the two runs does not have."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()
"""Stands for the value of a path that one run lacks."""


@dataclass(frozen=True, slots=True)
class Difference:
    """One path whose value differs between two runs.

    Parameters
    ----------
    field
        The dotted path (``result.options[0].route.days``).
    a, b
        Its value in the first and second run (:data:`MISSING` when absent).
    """

    field: str
    a: object
    b: object

    @property
    def delta(self) -> float | None:
        """``b - a`` when both are numbers (not booleans), else ``None``."""
        if _number(self.a) and _number(self.b):
            return float(self.b) - float(self.a)  # type: ignore[arg-type]
        return None

    @property
    def relative(self) -> float | None:
        """``(b - a) / |a|`` when both are numbers and ``a`` is not zero, else ``None``."""
        delta = self.delta
        if delta is None or float(self.a) == 0.0:  # type: ignore[arg-type]
            return None
        return delta / abs(float(self.a))  # type: ignore[arg-type]


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def flatten(value: object, prefix: str = "") -> dict[str, object]:
    """``value`` as a flat mapping of dotted paths to its leaves.

    A list of mappings that all carry a distinct ``corridor`` (else ``label``, ``id``,
    ``name``) is keyed by it rather than by position, so that two comparisons line up
    corridor by corridor even when their ranking differs.

    Parameters
    ----------
    value
        Nested JSON values.
    prefix
        The path of ``value`` itself.

    Returns
    -------
    dict
        Path → leaf; an empty mapping or list is a leaf, and so is a list of scalars
        (``["RU", "BY"]``: read as one value).

    Examples
    --------
    >>> flatten({"a": {"b": [{"c": 2}, {"c": 3}]}, "d": [], "e": ["RU", "BY"]})
    {'a.b[0].c': 2, 'a.b[1].c': 3, 'd': [], 'e': ['RU', 'BY']}
    >>> flatten({"options": [{"corridor": "northern", "days": 14.3}]})
    {'options[northern].corridor': 'northern', 'options[northern].days': 14.3}
    """
    if isinstance(value, Mapping) and value:
        flat: dict[str, object] = {}
        for key, item in value.items():
            flat.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(value, list | tuple) and any(
        isinstance(v, Mapping | list | tuple) for v in value
    ):
        labels = _labels(value) or [str(i) for i in range(len(value))]
        flat = {}
        for label, item in zip(labels, value, strict=True):
            flat.update(flatten(item, f"{prefix}[{label}]"))
        return flat
    return {prefix: list(value) if isinstance(value, tuple) else value}


_KEYS = ("corridor", "label", "id", "name")
"""Keys that name the items of a list, tried in this order."""


def _labels(items: list[object] | tuple[object, ...]) -> list[str] | None:
    """The distinct names of ``items`` under one of :data:`_KEYS`, or ``None``."""
    if not all(isinstance(item, Mapping) for item in items):
        return None
    for key in _KEYS:
        names = [item.get(key) for item in items]  # type: ignore[attr-defined]
        if all(isinstance(n, str) and n for n in names) and len(set(names)) == len(names):
            return [str(n) for n in names]
    return None


def _same(a: object, b: object) -> bool:
    if _number(a) and _number(b):
        return a == b or (math.isnan(float(a)) and math.isnan(float(b)))  # type: ignore[arg-type]
    return type(a) is type(b) and a == b


def diff_runs(a: Run, b: Run, *, requests: bool = True) -> list[Difference]:
    """The paths of the request and result whose values differ between two runs.

    Parameters
    ----------
    a, b
        The runs.
    requests
        Compare the requests too (paths ``request.*``), not only the results
        (``result.*``).

    Returns
    -------
    list of Difference
        In the order of ``a``'s paths, then the paths only ``b`` has. A part that only
        one run has (a corridor missing from the other comparison) is one difference at
        its root, whose value holds its leaves by their paths below it.
    """
    left = flatten({"result": dict(a.result)})
    right = flatten({"result": dict(b.result)})
    if requests:
        left = flatten({"request": dict(a.request)}) | left
        right = flatten({"request": dict(b.request)}) | right
    found: list[Difference] = []
    left_prefixes, right_prefixes = _prefixes(left), _prefixes(right)
    collapsed: set[str] = set()
    for path, value in left.items():
        if path in right:
            if not _same(value, right[path]):
                found.append(Difference(path, value, right[path]))
            continue
        top = _root(path, right, right_prefixes)
        if top not in collapsed:
            collapsed.add(top)
            found.append(
                Difference(top, _at(left, left_prefixes, top), _at(right, right_prefixes, top))
            )
    for path in right:
        if path not in left:
            top = _root(path, left, left_prefixes)
            if top not in collapsed:
                collapsed.add(top)
                found.append(
                    Difference(top, _at(left, left_prefixes, top), _at(right, right_prefixes, top))
                )
    return found


_STEP = re.compile(r"[.\[]")


def _ancestors(path: str) -> list[str]:
    """``a.b[c].d`` → ``a``, ``a.b``, ``a.b[c]``, ``a.b[c].d``."""
    return [path[: m.start()] for m in _STEP.finditer(path) if m.start() > 0] + [path]


def _prefixes(flat: Mapping[str, object]) -> set[str]:
    return {prefix for path in flat for prefix in _ancestors(path)}


def _root(path: str, other: Mapping[str, object], other_prefixes: set[str]) -> str:
    """Where ``path`` parts from the other run.

    That is the shortest ancestor the other run has as a leaf (an empty list against a
    full one) or lacks altogether.
    """
    return next(
        (p for p in _ancestors(path) if p in other or p not in other_prefixes),
        path,
    )


def _at(flat: Mapping[str, object], prefixes: set[str], root: str) -> object:
    """The value of a run at ``root``: a leaf, its leaves below, or :data:`MISSING`."""
    if root in flat:
        return flat[root]
    if root in prefixes:
        return _subtree(flat, root)
    return MISSING


def _subtree(flat: Mapping[str, object], root: str) -> object:
    """The leaf at ``root``, or the leaves under it keyed by their paths below it."""
    if root in flat:
        return flat[root]
    return {
        path[len(root) :].lstrip("."): value
        for path, value in flat.items()
        if path.startswith(root) and path[len(root)] in ".["
    }
