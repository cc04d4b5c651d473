"""What every router needs: the shared network cache of the application."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request

from corridor.api.networks import NetworkCache, check_scenarios

if TYPE_CHECKING:
    from corridor.network.model import Network

__all__ = ["network_for"]


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
