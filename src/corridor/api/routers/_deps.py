"""What every router needs: the shared network cache of the application."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request

from corridor.api.networks import NetworkCache, check_scenarios

if TYPE_CHECKING:
    from corridor.network.model import Network

__all__ = ["network_for"]


def network_for(request: Request, scenario: list[str] | None) -> tuple[Network, tuple[str, ...]]:
    """The embedded network with the request's scenarios applied (cached per tuple).

    Parameters
    ----------
    request
        The request (its application holds the cache).
    scenario
        The ``scenario`` query values.

    Returns
    -------
    tuple
        The network and the scenario names.
    """
    names = check_scenarios(scenario or [])
    cache: NetworkCache = request.app.state.networks
    return cache.get(names), names
