"""Compile a network into cost columns on its virtual-link graph (once per network).

Every virtual link (see :mod:`corridor.network.graph`) gets, as plain arrays:

- ``time_h``: mean time (running time, waits for a departure when boarding a service,
  port calls, passages, border dwell in the direction crossed, transfers, handling);
- money in four parts, combined per cargo class at query time: per FEU, per TEU, per
  tonne and per consignment (border fees), all converted to USD;
- ``co2_g_per_t``: grams of CO2e per tonne of cargo (distance × emission factor);
- ``distance_km``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from corridor._typing import MODES
from corridor.exceptions import CorridorError
from corridor.network.columns import link_codes, link_columns, node_codes, node_columns
from corridor.network.defaults import (
    DEFAULT_EMISSION_G_PER_TKM,
    FEU_PAYLOAD_TONNES,
    RAIL_DIESEL_G_PER_TKM,
    RAIL_ELECTRIC_G_PER_TKM,
)
from corridor.network.distributions import Distribution
from corridor.network.graph import VLINK_KINDS, WATER_MODES, VirtualGraph, build_virtual_graph
from corridor.network.model import CargoClass, Link, Money, Network, Node, Passage, Service

__all__ = [
    "CompiledNetwork",
    "CostColumns",
    "compile_network",
    "feu_units",
    "link_time_h",
    "service_wait_h",
]

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
        Mean time per virtual link (hours): the sum of the parts below and of running,
        transfer and handling times.
    usd_per_feu, usd_per_teu, usd_per_tonne, usd_per_consignment
        Money per virtual link by the unit it is charged per.
    co2_g_per_t
        Grams CO2e per tonne of cargo.
    distance_km
        Kilometres moved.
    border
        Whether the virtual link passes a border (changes side at a border node).
    customs_frontier
        Whether that border passage is a customs frontier (not inside one customs union;
        a port of entry's water side is outside every union).
    transshipment
        Whether the virtual link is a transfer (gauge change, rail↔ship, ...).
    vertex_country
        ISO country of each virtual vertex's node.
    border_h, wait_h, call_h, passage_h, delay_h
        Mean hours per virtual link of: the border dwell (in the direction crossed); the
        wait for a departure when boarding a service at a transfer; port calls aboard a
        service; canal or strait passages; a service's schedule delay when alighting.
    border_usd, toll_usd_per_feu
        Border fees (per consignment) and passage tolls (per FEU) per virtual link.
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
    customs_frontier: npt.NDArray[np.bool_]
    transshipment: npt.NDArray[np.bool_]
    vertex_country: npt.NDArray[np.str_]
    border_h: FloatArray
    wait_h: FloatArray
    call_h: FloatArray
    passage_h: FloatArray
    delay_h: FloatArray
    border_usd: FloatArray
    toll_usd_per_feu: FloatArray

    def costs(self, cargo: CargoClass) -> CostColumns:
        """Cost columns for one unit of ``cargo``.

        Per-FEU charges scale with the cargo's TEU (an FEU is 2 TEU); bulk cargo (0 TEU)
        counts one FEU per :data:`~corridor.network.defaults.FEU_PAYLOAD_TONNES` tonnes.

        Parameters
        ----------
        cargo
            The cargo class; its TEU and tonnes scale the per-unit charges and CO2.

        Returns
        -------
        CostColumns
            Time (hours), money (USD), CO2 (kg) and distance (km) per virtual link.
        """
        feu = feu_units(cargo)
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


def feu_units(cargo: CargoClass) -> float:
    """FEU-equivalents of one unit of ``cargo`` (bulk: one FEU per FEU payload).

    Parameters
    ----------
    cargo
        The cargo class.

    Returns
    -------
    float
        ``teu / 2`` for containers; tonnes over the FEU payload for bulk.
    """
    if cargo.teu > 0:
        return cargo.teu / 2.0
    return cargo.tonnes / FEU_PAYLOAD_TONNES


def service_wait_h(service: Service) -> float:
    """Mean wait for a departure when arriving at a random time (hours).

    Half the mean headway for headway services (exactly, for fixed headways); for a weekly
    timetable, ``sum(gap**2) / (2 * 168)``.

    Parameters
    ----------
    service
        A scheduled service with a headway or weekly departures.

    Returns
    -------
    float
        Hours; 0 for a service with neither.
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
    """Mean running time of a link (hours), without waiting for a departure.

    Parameters
    ----------
    link
        The link; its duration, else its distance over its speed.

    Returns
    -------
    float
        Hours.

    Raises
    ------
    CorridorError
        If the link has neither a duration nor a speed.
    """
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

    The memo lives on the network object itself, so it is keyed by that object and dies
    with it; a network cannot change after construction, so the memo can never be stale
    (an edited network is a new object, compiled afresh). The arrays returned are
    read-only, so no caller can change what a later caller of the same network gets.

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

    Raises
    ------
    CorridorError
        If ``month`` is not 1 to 12.
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
    nodes = network.nodes
    # per real link, from the network's columns (a loop over 330,000 links per field
    # costs seconds); the waits are charged on boarding
    l_time, l_km, l_ef = _link_times(network), _link_km(network), _link_emissions(network)
    l_money = np.zeros((len(links), 3))  # per FEU, TEU, tonne, from -> to
    r_money = np.zeros((len(links), 3))  # the same, to -> from (back-haul tariffs)
    unit_col = {"FEU": 0, "TEU": 1, "tonne": 2}
    lc = link_columns(network)
    for i in _positions(lc["tariff"], lc["tariff_reverse"]):
        lk = links[i]
        for money, t in ((l_money, lk.tariff), (r_money, lk.tariff_reverse or lk.tariff)):
            if t is not None:
                money[i, unit_col[t.unit]] = fx.to_base(
                    t.fixed + t.per_km * lk.distance_km, t.currency
                )

    m = g.n_links
    kind = g.kind
    time_h = np.zeros(m)
    per_feu, per_teu, per_tonne, per_cons = np.zeros(m), np.zeros(m), np.zeros(m), np.zeros(m)
    co2 = np.zeros(m)
    dist = np.zeros(m)

    move = kind == _KIND["move"]
    li = g.link[move]
    time_h[move] = l_time[li]
    dist[move] = l_km[li]
    co2[move] = l_km[li] * l_ef[li]
    fwd = g.forward[move][:, None]
    both_ways = np.where(fwd, l_money[li], r_money[li])
    per_feu[move], per_teu[move], per_tonne[move] = (
        both_ways[:, 0],
        both_ways[:, 1],
        both_ways[:, 2],
    )

    # ships cannot leave a port while it is closed (weather): expected extra wait
    nc = node_columns(network)
    closure_h = _per_node(nc["closures"], lambda c: c.mean_delay_h(month))
    if closure_h.any():
        water = np.fromiter(map(WATER_MODES.__contains__, lc["mode"]), bool, len(links))
        sails = move & water[np.maximum(g.link, 0)]
        time_h[sails] += closure_h[g.vertex_node[g.tail[sails]]]

    at = np.maximum(g.node, 0)
    tail_layer, head_layer = g.vertex_layer[g.tail], g.vertex_layer[g.head]

    # border passages, in the direction crossed
    border = g.crosses
    border_h, border_usd = np.zeros(m), np.zeros(m)
    frontier = np.zeros(m, dtype=bool)
    b_idx = np.flatnonzero(border)
    if b_idx.size:
        a_cc, b_cc = g.vertex_side[g.tail[b_idx]], g.vertex_side[g.head[b_idx]]
        keys = {(int(n), str(x), str(y)) for n, x, y in zip(at[b_idx], a_cc, b_cc, strict=True)}
        dwell = {k: _dwell_mean(nodes[k[0]], k[1], k[2]) for k in keys}
        fee = {k: usd(bd.fee) if (bd := nodes[k[0]].border) else 0.0 for k in keys}
        cross = [(int(n), str(x), str(y)) for n, x, y in zip(at[b_idx], a_cc, b_cc, strict=True)]
        border_h[b_idx] = [dwell[k] for k in cross]
        border_usd[b_idx] = [fee[k] for k in cross]
        frontier[b_idx] = [network.customs_frontier(k[1], k[2]) for k in cross]
    time_h += border_h
    per_cons += border_usd

    # services: port calls aboard, waits when boarding at a transfer, delays when alighting
    services = _layer_services(network, g.layer_service)
    through = kind == _KIND["through"]
    transfer = kind == _KIND["transfer"]
    unload = kind == _KIND["unload"]
    layer_call = np.array([_mean(sv.call_h) if sv else 0.0 for sv in services])
    layer_wait = np.array([service_wait_h(sv) if sv else 0.0 for sv in services])
    layer_delay = np.array([_mean(sv.schedule_delay_h) if sv else 0.0 for sv in services])
    is_port = np.fromiter(map(_PORT_KINDS.__contains__, nc["kind"]), bool, len(nodes))
    call_h = np.where(through & is_port[at], layer_call[np.maximum(tail_layer, 0)], 0.0)
    wait_h = np.where(transfer, layer_wait[np.maximum(head_layer, 0)], 0.0)
    delay_h = np.where(transfer | unload, layer_delay[np.maximum(tail_layer, 0)], 0.0)
    # passages (canals, straits): ships passing through pay transit time and toll
    pass_h = _per_node(nc["passage"], lambda p: p.time_h.mean)
    pass_feu = _per_node(nc["passage"], lambda p: _toll_per_feu(p, usd))
    water_layer = np.isin(g.layer_mode, [MODES.index(x) for x in WATER_MODES if x in MODES])
    aboard = through & water_layer[np.maximum(tail_layer, 0)]
    passage_h = np.where(aboard, pass_h[at], 0.0)
    toll = np.where(aboard, pass_feu[at], 0.0)
    time_h += call_h + wait_h + delay_h + passage_h
    per_feu += toll

    t_idx = np.flatnonzero(transfer)
    if t_idx.size:
        at_transfers = [(ni, nodes[ni]) for ni in _positions(nc["transfers"])]
        tr_h = {
            (ni, ti): t.time_h.mean for ni, n in at_transfers for ti, t in enumerate(n.transfers)
        }
        tr_usd = {
            (ni, ti): usd(t.cost) for ni, n in at_transfers for ti, t in enumerate(n.transfers)
        }
        pairs = list(zip(g.node[t_idx].tolist(), g.transfer[t_idx].tolist(), strict=True))
        time_h[t_idx] += np.array([tr_h[p] for p in pairs])
        per_feu[t_idx] += np.array([tr_usd[p] for p in pairs])

    n_handle_h = _per_node(nc["handling"], lambda h: h.time_h.mean)
    n_handle_usd = _per_node(nc["handling"], lambda h: usd(h.cost))
    handling = (kind == _KIND["load"]) | unload
    time_h[handling] += n_handle_h[g.node[handling]]
    per_feu[handling] += n_handle_usd[g.node[handling]]

    countries = _node_countries(network)
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
        customs_frontier=frontier,
        transshipment=transfer,
        vertex_country=countries[g.vertex_node],
        border_h=border_h,
        wait_h=wait_h,
        call_h=call_h,
        passage_h=passage_h,
        delay_h=delay_h,
        border_usd=border_usd,
        toll_usd_per_feu=toll,
    )
    _read_only(compiled)
    network.remember(key, compiled)
    return compiled


_PORT_KINDS = ("port", "dry_port")


def _positions(*columns: tuple[object, ...]) -> list[int]:
    """Positions where any of ``columns`` holds a value that is not ``None`` or ``()``."""
    empty = {type(None)}
    out: set[int] = set()
    for column in columns:
        n = len(column)
        if column.count(None) == n or column.count(()) == n or set(map(type, column)) <= empty:
            continue  # the usual case: nothing there (no field value is == None or ())
        out.update(i for i, v in enumerate(column) if v is not None and v != ())
    return sorted(out)


def _per_node(column: tuple[Any, ...], value: Callable[[Any], float]) -> FloatArray:
    """``value`` of each node's entry in ``column`` (0 where it is ``None``)."""
    out = np.zeros(len(column))
    for i in _positions(column):
        out[i] = value(column[i])
    return out


def _node_countries(network: Network) -> npt.NDArray[np.str_]:
    """Each node's country, as an array of str."""
    try:
        names, codes = node_codes(network, "country")
    except TypeError:  # not hashable (the validator reports it)
        return np.array(node_columns(network)["country"])
    out: npt.NDArray[np.str_] = np.array(names)[codes] if names else np.array([])
    return out


def _link_km(network: Network) -> FloatArray:
    return np.array(link_columns(network)["distance_km"], dtype=np.float64)


def _link_times(network: Network) -> FloatArray:
    """:func:`link_time_h` of every link, as an array."""
    lc = link_columns(network)
    speeds, durations = lc["speed_kmh"], lc["duration_h"]
    if not set(map(type, speeds)) <= {float, type(None)} or not set(
        map(type, lc["distance_km"])
    ) <= {float}:  # numbers of other types (an in-memory network): link by link
        return np.array([link_time_h(lk) for lk in network.links], dtype=np.float64)
    speed = np.array(speeds, dtype=np.float64)  # None: NaN
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = _link_km(network) / speed
    # a duration; or no speed (the error of neither); or a speed of 0 (Python's error)
    odd = _positions(durations) + _missing(speeds) + np.flatnonzero(speed == 0).tolist()
    for i in sorted(odd):
        out[i] = link_time_h(network.links[i])
    return out


def _missing(column: tuple[object, ...]) -> list[int]:
    """Positions of ``None`` in ``column``."""
    if column.count(None) == 0:  # no value is None
        return []
    return [i for i, v in enumerate(column) if v is None]


def _link_emissions(network: Network) -> FloatArray:
    """:func:`_emission` of every link, as an array (the mode's default, by mode code)."""
    lc = link_columns(network)
    try:
        modes, codes = link_codes(network, "mode")
    except TypeError:  # an unhashable mode (the validator reports it): link by link
        return np.array([_emission(lk) for lk in network.links], dtype=np.float64)
    # NaN for a mode without a default: link by link below, which raises its KeyError
    by_mode = np.array(
        [DEFAULT_EMISSION_G_PER_TKM.get(mode, math.nan) for mode in modes], dtype=np.float64
    )
    out: FloatArray = by_mode[codes]
    odd = set(_positions(lc["emission_g_per_tkm"], lc["electrified"]))
    odd.update(np.flatnonzero(np.isnan(out)).tolist())
    for i in sorted(odd):
        out[i] = _emission(network.links[i])
    return out


def _read_only(obj: CompiledNetwork | VirtualGraph) -> None:
    """Freeze every array of ``obj``: one caller must not change what the cache hands others."""
    for value in vars(obj).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
        elif isinstance(value, VirtualGraph):
            _read_only(value)


def _mean(dist: Distribution | None) -> float:
    return 0.0 if dist is None else dist.mean


def _dwell_mean(node: Node, a: str, b: str) -> float:
    return node.border.dwell_for(a, b).mean if node.border is not None else 0.0


def _toll_per_feu(passage: Passage | None, usd: Callable[[Money | None], float]) -> float:
    """A passage's toll per FEU (a TEU toll counts twice; tonne tolls use the FEU payload)."""
    if passage is None or passage.toll is None:
        return 0.0
    amount = usd(passage.toll)
    if passage.toll_unit == "TEU":
        return 2.0 * amount
    if passage.toll_unit == "tonne":
        return amount * FEU_PAYLOAD_TONNES
    return amount


def _layer_services(network: Network, names: tuple[str | None, ...]) -> list[Service | None]:
    """The service of each layer (``None`` for plain mode layers)."""
    by_name: dict[str, Service] = {}
    services = link_columns(network)["service"]
    for i in _positions(services):  # the links with a service, in order
        by_name.setdefault(services[i].name, services[i])
    return [None if name is None else by_name[name] for name in names]
