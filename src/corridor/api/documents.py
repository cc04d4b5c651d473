"""Uploaded networks and scenarios: checked with the library's readers, parsed once per process.

The store keeps the file text (:meth:`corridor.store.Store.put_document`); this module
turns it back into a :class:`~corridor.network.model.Network` or a
:class:`~corridor.scenarios.Scenario` and caches the result per name and version, in the
server and in each job worker. No name a client sends is ever used as a file path: names
are checked against the store's pattern, and scenario texts may only build on built-in
scenarios.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from corridor.exceptions import CorridorError, FileProblem, NetworkFormatError

if TYPE_CHECKING:
    from datetime import datetime

    from corridor.network.model import Network
    from corridor.scenarios import Scenario
    from corridor.store import Store

__all__ = [
    "EMBEDDED",
    "InvalidUploadError",
    "ReservedNameError",
    "check_scenario_text",
    "network_named",
    "parse_network_text",
    "parse_scenario_text",
    "scenarios_named",
]

#: The name of the embedded Eurasian network (never an upload's name).
EMBEDDED: Final = "eurasia"
_CACHE_SIZE: Final = 8
_lock = threading.Lock()
_networks: OrderedDict[tuple[str, str | None, datetime], Network] = OrderedDict()


class InvalidUploadError(CorridorError):
    """An uploaded file the library's reader refuses; :attr:`problems` lists each (HTTP 422).

    Parameters
    ----------
    message
        The one-line summary.
    problems
        One line per problem (feature or key, what, fix).
    """

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class ReservedNameError(CorridorError):
    """An upload named like the embedded network or a built-in scenario (HTTP 409)."""


def parse_network_text(text: str, name: str) -> Network:
    """The network in GeoJSON ``text``, validated as ``corridor network validate`` does.

    Parameters
    ----------
    text
        A GeoJSON FeatureCollection.
    name
        The upload's name, used as the source in messages.

    Returns
    -------
    Network
        The network.

    Raises
    ------
    NetworkFormatError
        If the text is not JSON or not a FeatureCollection.
    NetworkValidationError
        Listing every error (feature, field, what, fix).
    """
    from corridor.io.geojson import network_from_geojson  # noqa: PLC0415

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NetworkFormatError(
            f"network {name!r}: not JSON (line {exc.lineno} column {exc.colno}: {exc.msg}); "
            "fix: upload a GeoJSON FeatureCollection"
        ) from None
    except RecursionError:
        raise NetworkFormatError(
            f"network {name!r}: JSON nested too deeply; fix: upload a GeoJSON FeatureCollection"
        ) from None
    return network_from_geojson(data, source=name)


def parse_scenario_text(text: str, name: str) -> Scenario:
    """The scenario in TOML ``text``; its ``base`` must be ``base`` or a built-in scenario.

    Parameters
    ----------
    text
        A scenario file's text (docs/scenarios.md).
    name
        The upload's name, used as the source in messages.

    Returns
    -------
    Scenario
        The scenario.

    Raises
    ------
    InvalidUploadError
        Listing every problem, with lines; or for a ``base`` that is a file path.
    """
    from corridor.scenarios import BASE, ScenarioError, builtin_scenarios  # noqa: PLC0415
    from corridor.scenarios.parse import parse_scenario  # noqa: PLC0415

    try:
        scenario = parse_scenario(text, source=name, base_dir=None)
    except ScenarioError as exc:
        raise _invalid(name, exc.problems) from None
    if scenario.base is not None and scenario.base not in (BASE, *builtin_scenarios()):
        problem = FileProblem(
            name,
            0,
            "base",
            f"{scenario.base!r} is not a built-in scenario (an uploaded scenario cannot "
            "read files)",
            f"use one of base, {', '.join(builtin_scenarios())}",
        )
        raise _invalid(name, (problem,))
    return scenario


def check_scenario_text(text: str, name: str, network: Network) -> Scenario:
    """:func:`parse_scenario_text`, then the scenario applied to ``network`` (ids checked).

    Parameters
    ----------
    text
        The scenario file's text.
    name
        The upload's name.
    network
        The network its ids must exist in (the embedded one).

    Returns
    -------
    Scenario
        The scenario.

    Raises
    ------
    InvalidUploadError
        Listing every problem.
    """
    from corridor.scenarios import ScenarioError, apply_scenario  # noqa: PLC0415

    scenario = parse_scenario_text(text, name)
    try:
        apply_scenario(network, [scenario])
    except ScenarioError as exc:
        raise _invalid(name, exc.problems) from None
    return scenario


def _invalid(name: str, problems: Sequence[object]) -> InvalidUploadError:
    lines = [str(p) for p in problems] or [f"scenario {name!r}: not a valid scenario file"]
    head = lines[0] if len(lines) == 1 else f"scenario {name!r}: {len(lines)} problems"
    return InvalidUploadError(head, lines)


def network_named(store: Store, name: str | None, *, owner: str | None) -> Network:
    """The embedded network (``None`` or ``eurasia``) or the upload ``name`` seen by ``owner``.

    Parameters
    ----------
    store
        The store holding the uploads.
    name
        The network's name.
    owner
        The key asking (``None``: anonymous); another key's private upload is not found.

    Returns
    -------
    Network
        The network (parsed once per version and process).

    Raises
    ------
    corridor.store.NotFoundError
        If there is no such upload visible to ``owner``.
    """
    from corridor.data import eurasia  # noqa: PLC0415

    if name is None or name == EMBEDDED:
        return eurasia()
    doc = store.get_document("network", name, owner=owner)
    key = (doc.name, doc.owner, doc.updated)
    with _lock:
        found = _networks.get(key)
        if found is not None:
            _networks.move_to_end(key)
            return found
    net = parse_network_text(doc.text, doc.name)
    with _lock:
        _networks[key] = net
        while len(_networks) > _CACHE_SIZE:
            _networks.popitem(last=False)
    return net


def scenarios_named(
    store: Store, names: Sequence[str], *, owner: str | None
) -> list[str | Scenario]:
    """Each name as a built-in scenario name, or the upload of that name parsed.

    Parameters
    ----------
    store
        The store holding the uploads.
    names
        Scenario names (``base``, built-in or uploaded).
    owner
        The key asking.

    Returns
    -------
    list
        Built-in names as they are, uploads as :class:`~corridor.scenarios.Scenario`.

    Raises
    ------
    corridor.store.NotFoundError
        For a name that is neither built in nor an upload visible to ``owner``.
    """
    from corridor.scenarios import BASE, builtin_scenarios  # noqa: PLC0415

    known = {BASE, *builtin_scenarios()}
    out: list[str | Scenario] = []
    for name in names:
        if name in known:
            out.append(name)
            continue
        doc = store.get_document("scenario", name, owner=owner)
        out.append(parse_scenario_text(doc.text, doc.name))
    return out
