"""Compile a network into cost columns on its virtual-link graph (once per network).

Every virtual link (see :mod:`corridor.network.graph`) gets, as plain arrays:

- ``time_h``: mean time (running time + mean wait for a departure, dwell, handling);
- money in four parts, combined per cargo class at query time: per FEU, per TEU, per
  tonne and per consignment (border fees), all converted to USD;
- ``co2_g_per_t``: grams of CO2e per tonne of cargo (distance × emission factor);
- ``distance_km``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from corridor.exceptions import CorridorError
from corridor.network.defaults import (
    DEFAULT_EMISSION_G_PER_TKM,
    FEU_PAYLOAD_TONNES,
    RAIL_DIESEL_G_PER_TKM,
    RAIL_ELECTRIC_G_PER_TKM,
)
from corridor.network.graph import VLINK_KINDS, VirtualGraph, build_virtual_graph
from corridor.network.model import CargoClass, Link, Money, Network, Service

__all__ = ["CompiledNetwork", "CostColumns", "compile_network", "link_time_h", "service_wait_h"]

FloatArray: TypeAlias = npt.NDArray[np.float64]
_HOURS_PER_WEEK = 168.0
_KIND = {k: i for i, k in enumerate(VLINK_KINDS)}


@dataclass(frozen=True)
class CostColumns:
    """Per-virtual-link costs for one cargo class (USD, hours, kg, km)."""

    time_h: FloatArray
    money_usd: FloatArray
    co2_kg: FloatArray
    distance_km: FloatArray


@dataclass(frozen=True)
class CompiledNetwork:
    """A network's virtual-link graph with its cost columns.

    Attributes
    ----------
    network
        The source network.
    graph
        The virtual-link graph.
    time_h
        Mean time per virtual link (hours).
    usd_per_feu, usd_per_teu, usd_per_tonne, usd_per_consignment
        Money per virtual link by the unit it is charged per.
    co2_g_per_t
        Grams CO2e per tonne of cargo.
    distance_km
        Kilometres moved.
    border
        Whether the virtual link passes a border (a through or transfer at a border node).
    transshipment
        Whether the virtual link is a transfer (gauge change, rail↔ship, ...).
    vertex_country
        ISO country of each virtual vertex's node.
    """

    network: Network
    graph: VirtualGraph
    time_h: FloatArray
    usd_per_feu: FloatArray
    usd_per_teu: FloatArray
    usd_per_tonne: FloatArray
    usd_per_consignment: FloatArray
    co2_g_per_t: FloatArray
    distance_km: FloatArray
    border: npt.NDArray[np.bool_]
    transshipment: npt.NDArray[np.bool_]
    vertex_country: npt.NDArray[np.str_]

    def costs(self, cargo: CargoClass) -> CostColumns:
        """Cost columns for one unit of ``cargo``.

        Per-FEU charges scale with the cargo's TEU (an FEU is 2 TEU); bulk cargo (0 TEU)
        counts one FEU per :data:`~corridor.network.defaults.FEU_PAYLOAD_TONNES` tonnes.
        """
        if cargo.teu > 0:
            feu, teu = cargo.teu / 2.0, cargo.teu
        else:
            feu = cargo.tonnes / FEU_PAYLOAD_TONNES
            teu = 2.0 * feu
        money = (
            self.usd_per_feu * feu
            + self.usd_per_teu * teu
            + self.usd_per_tonne * cargo.tonnes
            + self.usd_per_consignment
        )
        return CostColumns(
            time_h=self.time_h,
            money_usd=money,
            co2_kg=self.co2_g_per_t * cargo.tonnes / 1000.0,
            distance_km=self.distance_km,
        )


def service_wait_h(service: Service) -> float:
    """Mean wait for a departure when arriving at a random time (hours).

    Half the mean headway for headway services (exactly, for fixed headways); for a weekly
    timetable, ``sum(gap**2) / (2 * 168)``.
    """
    if service.weekly_departures_h:
        deps = np.sort(np.asarray(service.weekly_departures_h, dtype=np.float64))
        gaps = np.diff(np.append(deps, deps[0] + _HOURS_PER_WEEK))
        return float(np.sum(gaps**2) / (2.0 * _HOURS_PER_WEEK))
    if service.headway_h is not None:
        h = service.headway_h
        # E[wait] for random incidence = E[H^2] / (2 E[H])
        return float((h.variance + h.mean**2) / (2.0 * h.mean)) if h.mean > 0 else 0.0
    return 0.0


def link_time_h(link: Link) -> float:
    """Mean running time of a link (hours), without waiting for a departure."""
    if link.duration_h is not None:
        return link.duration_h.mean
    if link.speed_kmh is None:  # the validator rejects this; keep routing total
        msg = f"link {link.id!r} has neither speed_kmh nor duration_h"
        raise CorridorError(msg)
    return link.distance_km / link.speed_kmh


def _emission(link: Link) -> float:
    if link.emission_g_per_tkm is not None:
        return link.emission_g_per_tkm
    if link.mode.startswith("rail") and link.electrified is not None:
        return RAIL_ELECTRIC_G_PER_TKM if link.electrified else RAIL_DIESEL_G_PER_TKM
    return DEFAULT_EMISSION_G_PER_TKM[link.mode]


def compile_network(network: Network, *, month: int | None = None) -> CompiledNetwork:
    """Compile ``network`` (memoised on the network object, per month).

    Parameters
    ----------
    network
        A validated network.
    month
        Month (1-12) for seasonal port closures; ``None`` averages over the year.

    Returns
    -------
    CompiledNetwork
        The virtual-link graph and its cost columns.
    """
    if month is not None and not 1 <= month <= 12:  # noqa: PLR2004
        msg = f"--month {month}: must be 1 (January) to 12 (December)"
        raise CorridorError(msg)
    key = f"compiled:{month}"
    cached = network.cached(key)
    if isinstance(cached, CompiledNetwork):
        return cached
    g = build_virtual_graph(network)
    fx = network.fx

    def usd(money: Money | None) -> float:
        return 0.0 if money is None else fx.to_base(money.amount, money.currency)

    links = network.links
    # per real link (loop over links runs once per network)
    l_time = np.array([link_time_h(lk) + _wait(lk) for lk in links], dtype=np.float64)
    l_km = np.array([lk.distance_km for lk in links], dtype=np.float64)
    l_ef = np.array([_emission(lk) for lk in links], dtype=np.float64)
    l_money = np.zeros((len(links), 3))  # per FEU, TEU, tonne
    unit_col = {"FEU": 0, "TEU": 1, "tonne": 2}
    for i, lk in enumerate(links):
        if lk.tariff is not None:
            t = lk.tariff
            l_money[i, unit_col[t.unit]] = fx.to_base(
                t.fixed + t.per_km * lk.distance_km, t.currency
            )

    # per node: border dwell and fee, handling
    nodes = network.nodes
    n_border_h = np.array([n.border.dwell.mean if n.border else 0.0 for n in nodes])
    n_border_usd = np.array([usd(n.border.fee) if n.border else 0.0 for n in nodes])
    n_is_border = np.array([n.border is not None for n in nodes], dtype=bool)
    n_handle_h = np.array([n.handling.time_h.mean if n.handling else 0.0 for n in nodes])
    n_handle_usd = np.array([usd(n.handling.cost) if n.handling else 0.0 for n in nodes])
    tr_h = {
        (ni, ti): t.time_h.mean for ni, n in enumerate(nodes) for ti, t in enumerate(n.transfers)
    }
    tr_usd = {
        (ni, ti): usd(t.cost) for ni, n in enumerate(nodes) for ti, t in enumerate(n.transfers)
    }

    m = g.n_links
    time_h = np.zeros(m)
    per_feu, per_teu, per_tonne, per_cons = np.zeros(m), np.zeros(m), np.zeros(m), np.zeros(m)
    co2 = np.zeros(m)
    dist = np.zeros(m)

    move = g.kind == _KIND["move"]
    li = g.link[move]
    time_h[move] = l_time[li]
    dist[move] = l_km[li]
    co2[move] = l_km[li] * l_ef[li]
    per_feu[move], per_teu[move], per_tonne[move] = l_money[li, 0], l_money[li, 1], l_money[li, 2]

    # ships cannot leave a port while it is closed (weather): expected extra wait
    closure_h = np.array([n.closures.mean_delay_h(month) if n.closures else 0.0 for n in nodes])
    if closure_h.any():
        water = np.array([lk.mode in ("sea", "ferry") for lk in links], dtype=bool)
        sails = move & water[np.maximum(g.link, 0)]
        time_h[sails] += closure_h[g.vertex_node[g.tail[sails]]]

    crossing = (g.kind == _KIND["through"]) | (g.kind == _KIND["transfer"])
    at = g.node[crossing]
    time_h[crossing] = n_border_h[at]
    per_cons[crossing] = n_border_usd[at]
    border = np.zeros(m, dtype=bool)
    border[crossing] = n_is_border[at]

    transfer = g.kind == _KIND["transfer"]
    t_idx = np.flatnonzero(transfer)
    time_h[t_idx] += np.array([tr_h[(int(g.node[i]), int(g.transfer[i]))] for i in t_idx])
    per_feu[t_idx] += np.array([tr_usd[(int(g.node[i]), int(g.transfer[i]))] for i in t_idx])

    handling = (g.kind == _KIND["load"]) | (g.kind == _KIND["unload"])
    time_h[handling] = n_handle_h[g.node[handling]]
    per_feu[handling] = n_handle_usd[g.node[handling]]

    countries = np.array([n.country for n in nodes])
    compiled = CompiledNetwork(
        network=network,
        graph=g,
        time_h=time_h,
        usd_per_feu=per_feu,
        usd_per_teu=per_teu,
        usd_per_tonne=per_tonne,
        usd_per_consignment=per_cons,
        co2_g_per_t=co2,
        distance_km=dist,
        border=border,
        transshipment=transfer,
        vertex_country=countries[g.vertex_node],
    )
    network.remember(key, compiled)
    return compiled


def _wait(link: Link) -> float:
    return service_wait_h(link.service) if link.service is not None else 0.0
