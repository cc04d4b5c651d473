"""Built-in scenarios (``corridor/data/scenarios/*.toml``), loading and applying.

A scenario is named by a built-in name (``red-sea-closure``) or a path to a ``.toml``
file; ``base`` names no scenario (the network as it is).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any

from corridor.network.model import Network
from corridor.scenarios.apply import apply_edits, id_problems
from corridor.scenarios.model import Scenario, ScenarioError, ScenarioProblem
from corridor.scenarios.parse import parse_scenario, read_scenario

__all__ = [
    "BASE",
    "MAX_BASE_DEPTH",
    "apply_scenario",
    "builtin_scenarios",
    "load_scenario",
    "route_overrides",
    "scenario_schema",
]

BASE = "base"
"""The name of the empty scenario: the network as it is."""
MAX_BASE_DEPTH = 16
"""Longest chain of ``base = ...`` scenarios followed (a loop is an error)."""
_PACKAGE = "corridor.data"
_FOLDER = "scenarios"


def builtin_scenarios() -> list[str]:
    """Names of the scenarios shipped with corridor.

    Returns
    -------
    list of str
        Sorted names, ``base`` first (``corridor scenario list``).

    Examples
    --------
    >>> from corridor.scenarios import builtin_scenarios
    >>> "red-sea-closure" in builtin_scenarios()
    True
    """
    folder = resources.files(_PACKAGE).joinpath(_FOLDER)
    names = sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )
    return [BASE, *names]


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of scenario files (a TOML file read as JSON validates against it).

    Returns
    -------
    dict
        The parsed schema (JSON Schema draft 2020-12) shipped as
        ``corridor/data/scenario.schema.json``.
    """
    text = resources.files(_PACKAGE).joinpath("scenario.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def load_scenario(name_or_path: str | PathLike[str] | Scenario) -> Scenario:
    """A built-in scenario by name, or a scenario file by path.

    Parameters
    ----------
    name_or_path
        ``base``, a built-in name (:func:`builtin_scenarios`), a path to a ``.toml`` file,
        or a :class:`Scenario` (returned as is).

    Returns
    -------
    Scenario
        The scenario (``base``: one with no edits).

    Raises
    ------
    ScenarioError
        If the name is neither built in nor an existing file, or the file has problems
        (all of them listed, with lines).

    Examples
    --------
    >>> from corridor.scenarios import load_scenario
    >>> load_scenario("northern-sanctions").name
    'northern-sanctions'
    """
    if isinstance(name_or_path, Scenario):
        return name_or_path
    text = str(name_or_path)
    if text == BASE:
        return Scenario(name=BASE, description="The network as it is (no edits).", path=BASE)
    path = Path(text)
    if text.endswith(".toml") or path.exists() or "/" in text:
        return read_scenario(path)
    names = builtin_scenarios()
    if text not in names:
        import difflib  # noqa: PLC0415 - error path only

        close = difflib.get_close_matches(text, names, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        problem = ScenarioProblem(
            text,
            0,
            "",
            "no built-in scenario or file of that name",
            f"{hint}use one of {', '.join(names)}, or a path to a .toml file",
        )
        raise ScenarioError([problem])
    data = resources.files(_PACKAGE).joinpath(_FOLDER, f"{text}.toml").read_text("utf-8")
    return parse_scenario(data, source=f"<builtin {text}>")


def _chain(scenario: Scenario, seen: tuple[str, ...] = ()) -> list[Scenario]:
    """The scenario preceded by its ``base`` scenarios, oldest first."""
    if scenario.base is None or scenario.base == BASE:
        return [scenario]
    if len(seen) >= MAX_BASE_DEPTH or scenario.base in seen:
        problem = ScenarioProblem(
            scenario.path,
            0,
            "base",
            f"base scenarios loop or nest too deep ({' -> '.join((*seen, scenario.base))})",
            "break the loop",
        )
        raise ScenarioError([problem])
    parent = load_scenario(scenario.base)
    return [*_chain(parent, (*seen, scenario.base)), scenario]


def _as_list(
    scenarios: Scenario | str | PathLike[str] | Sequence[Scenario | str | PathLike[str]] | None,
) -> list[Scenario]:
    if scenarios is None:
        return []
    if isinstance(scenarios, Scenario | str | PathLike):
        scenarios = [scenarios]
    out: list[Scenario] = []
    for s in scenarios:
        out.extend(_chain(load_scenario(s)))
    return out


def apply_scenario(
    network: Network,
    scenario: Scenario | str | PathLike[str] | Sequence[Scenario | str | PathLike[str]] | None,
) -> Network:
    """A new network: ``network`` with one or more scenarios applied, in order.

    Parameters
    ----------
    network
        The base network; it is never changed.
    scenario
        A :class:`Scenario`, a built-in name, a ``.toml`` path, or a list of them (applied
        in order; a scenario's ``base`` is applied before it). ``None`` or ``[]``: no edit.

    Returns
    -------
    Network
        The edited network (``network`` itself when nothing applies).

    Raises
    ------
    ScenarioError
        If a scenario cannot be loaded, or names ids the network does not have (every
        problem listed, with file, line, key and fix).

    Examples
    --------
    >>> import corridor
    >>> from corridor.scenarios import apply_scenario
    >>> base = corridor.eurasia()
    >>> net = apply_scenario(base, "northern-sanctions")
    >>> net is base, len(net.links) < len(base.links)
    (False, True)
    >>> any(lk.from_node == "krasnoe" for lk in net.links)
    False
    """
    out = network
    for s in _checked_list(network, scenario):
        out = apply_edits(out, s)
    return out


def _checked_list(
    network: Network,
    scenarios: Scenario | str | PathLike[str] | Sequence[Scenario | str | PathLike[str]] | None,
) -> list[Scenario]:
    """:func:`_as_list`, adding to a file's problems the unknown ids of its edits."""
    if scenarios is None:
        return []
    if isinstance(scenarios, Scenario | str | PathLike):
        scenarios = [scenarios]
    out: list[Scenario] = []
    for s in scenarios:
        try:
            out.extend(_chain(load_scenario(s)))
        except ScenarioError as exc:
            if exc.partial is None:
                raise
            more = _partial_id_problems(network, out, exc.partial)
            raise ScenarioError([*exc.problems, *more]) from None
    return out


def _partial_id_problems(
    network: Network, before: list[Scenario], partial: Scenario
) -> tuple[ScenarioProblem, ...]:
    """Unknown ids of a broken file's edits, on the network the file would apply to."""
    try:
        net = network
        for s in [*before, *_chain(partial)[:-1]]:
            net = apply_edits(net, s)
    except ScenarioError:  # what comes before has problems of its own: ids left unchecked
        return ()
    return id_problems(net, partial)


def route_overrides(
    scenario: Scenario | str | PathLike[str] | Sequence[Scenario | str | PathLike[str]] | None,
) -> dict[str, float]:
    """Routing options that scenarios set and a network cannot hold.

    Parameters
    ----------
    scenario
        Scenarios as for :func:`apply_scenario` (the last one to set a value wins).

    Returns
    -------
    dict
        ``{"carbon_usd_per_t": ...}`` when a scenario sets a carbon price; pass it to
        :class:`~corridor.routing.options.RouteOptions` (value of time is network data:
        the cargo class, changed by :func:`apply_scenario`).

    Raises
    ------
    ScenarioError
        If a scenario cannot be loaded.
    """
    out: dict[str, float] = {}
    for s in _as_list(scenario):
        out.update(s.route_overrides())
    return out
