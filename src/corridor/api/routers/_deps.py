"""What every router needs: the shared network cache of the application."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request

from corridor.api.networks import NetworkCache, check_scenarios

if TYPE_CHECKING:
    from corridor.network.model import Network

__all__ = ["Resolved", "network_for", "resolve_network"]


def network_for(
    request: Request, scenario: list[str] | None, network: str | None = None
) -> tuple[Network, tuple[str, ...]]:
    """The network of a request (embedded or ``network=NAME``) with its scenarios applied.

    Parameters
    ----------
    request
        The request (its application holds the cache and the store).
    scenario
        The ``scenario`` query values.
    network
        An uploaded network's name; ``None`` or ``eurasia``: the embedded network. A
        private upload is found only with its key.

    Returns
    -------
    tuple
        The network and the scenario names.
    """
    from corridor.api.auth import optional_key, owner_of  # noqa: PLC0415
    from corridor.api.documents import EMBEDDED, network_named  # noqa: PLC0415
    from corridor.api.state import store_of  # noqa: PLC0415

    names = check_scenarios(scenario or [])
    cache: NetworkCache = request.app.state.networks
    if network is None or network == EMBEDDED:
        return cache.get(names), names
    store = store_of(request)
    owner = owner_of(optional_key(request))
    doc = store.get_document("network", network, owner=owner)
    base = network_named(store, network, owner=owner)
    return cache.get(names, base=base, base_key=(doc.name, doc.owner, doc.updated)), names


@dataclass(frozen=True, slots=True)
class Resolved:
    """A request's network with its scenarios applied, and the scenarios themselves.

    Parameters
    ----------
    network
        The network.
    names
        The scenario names, in order (built-in or uploaded).
    specs
        The scenarios as :func:`corridor.scenarios.route_overrides` takes them: built-in
        names, uploads parsed.
    """

    network: Network
    names: tuple[str, ...]
    specs: tuple[object, ...]

    def carbon(self, given: float) -> float:
        """The carbon price: ``given`` when not 0, else the scenarios' own (as the CLI).

        Parameters
        ----------
        given
            The ``carbon_price`` parameter.

        Returns
        -------
        float
            USD per tonne CO2e.
        """
        if given or not self.specs:
            return given
        from corridor.scenarios import route_overrides  # noqa: PLC0415

        return route_overrides(list(self.specs)).get("carbon_usd_per_t", given)  # type: ignore[arg-type]


def resolve_network(
    request: Request, scenario: list[str] | None, network: str | None = None
) -> Resolved:
    """:func:`network_for`, and uploaded scenarios by name too (seen by the request's key).

    Parameters
    ----------
    request
        The request.
    scenario
        The ``scenario`` query values: built-in or uploaded names.
    network
        An uploaded network's name (``None``: the embedded network).

    Returns
    -------
    Resolved
        The network, the names and the scenarios.
    """
    from corridor.api.auth import optional_key, owner_of  # noqa: PLC0415
    from corridor.api.documents import EMBEDDED, network_named, parse_scenario_text  # noqa: PLC0415
    from corridor.cli._common import comma_list  # noqa: PLC0415
    from corridor.exceptions import UnknownIdError  # noqa: PLC0415
    from corridor.scenarios import builtin_scenarios  # noqa: PLC0415
    from corridor.store.errors import NotFoundError  # noqa: PLC0415
    from corridor.store.records import NAME_PATTERN  # noqa: PLC0415

    items = comma_list("scenario", list(scenario or []))
    known = set(builtin_scenarios())
    store = getattr(request.app.state, "store", None)
    uploads = [n for n in items if n not in known and NAME_PATTERN.fullmatch(n)]
    if not uploads or store is None:
        net, names = network_for(request, scenario, network)
        return Resolved(net, names, tuple(names))
    owner = owner_of(optional_key(request))
    specs: list[object] = []
    versions: list[object] = []
    for name in items:
        if name in known:
            specs.append(name)
            continue
        if not NAME_PATTERN.fullmatch(name):
            check_scenarios([name])  # a path or a malformed name: the built-in message
        try:
            doc = store.get_document("scenario", name, owner=owner)
        except NotFoundError:
            raise UnknownIdError(
                f"scenario {name!r}: no built-in scenario of this name, nor an upload this "
                f"request may see; fix: use one of {', '.join(sorted(known))} or an uploaded "
                "scenario's name (GET /v1/scenarios)"
            ) from None
        specs.append(parse_scenario_text(doc.text, doc.name))
        versions.append((doc.name, doc.owner, doc.updated))
    cache: NetworkCache = request.app.state.networks
    base, base_key = None, None
    if network is not None and network != EMBEDDED:
        doc = store.get_document("network", network, owner=owner)
        base = network_named(store, network, owner=owner)
        base_key = (doc.name, doc.owner, doc.updated)
    net = cache.get(
        tuple(items), base=base, base_key=base_key, specs=specs, versions=tuple(versions)
    )
    return Resolved(net, tuple(items), tuple(specs))
