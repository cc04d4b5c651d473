"""A corridor network and its demand as an assignment problem, with capacities and queues.

:func:`build_problem` turns a compiled :class:`~corridor.network.model.Network` and a
:class:`~corridor.assignment.demand.Demand` into an
:class:`~corridor.assignment.problem.AssignmentProblem` on the network's virtual-link graph
(:mod:`corridor.network.graph`). :func:`corridor.assignment.demand_assignment.assign_demand`
solves it and reports the results.

Units and costs
---------------
- **Flow** is TEU per year (bulk tonnes as TEU-equivalents, 10 t each; see
  :mod:`corridor.assignment.demand`).
- **Capacities** are converted to TEU per year: ``trains_per_day`` × :data:`TEU_PER_TRAIN`
  × 365, ``teu_per_day`` × 365, ``tonnes_per_year`` / 10 t per TEU-equivalent. A capacity
  applies to each direction of a link and each direction of a transfer separately.
- **Cost** of a virtual link, in hours per TEU: its travel time (the volume-delay function
  below; free-flow time = the compiled mean time: running time, mean wait for a departure,
  dwell) plus its money per TEU divided by the value of time per hour (``fixed_cost``). The
  value of time is the TEU cargo class's (US$735.75/day on the embedded network: US$54,500
  per TEU × 1.35 %/day, Hummels & Schaur 2013) unless given.

Volume-delay functions
----------------------
- Rail, road and sea **line** links with a capacity: BPR ``t0 · (1 + 0.15 (x/c)^4)`` (or
  Spiess's conical function with α = 4, ``line_vdf="conical"``).
- **Queues** — transfers with a capacity (gauge-change stations, rail↔ship at ports), ferry
  links with a capacity, and node capacities given in ``capacities`` (border crossings):
  ``t0 + D · ρ / (1 − ρ)`` with ``ρ = x/c`` and ``D`` the time to serve one train-load
  (:data:`TEU_PER_TRAIN` TEU) at capacity. This is the M/M/1 wait with trains as customers;
  it grows without bound as ``ρ → 1`` (49 · D at ρ = 0.98, then linearly at 2,500 · D per
  unit of ρ), so over-capacity shows as a jam. At Brest–Małaszewicze (3.5 trains/day,
  D ≈ 6.9 h) ρ = 0.98 means a 14-day wait, close to the 10–16 days reported in the 2021
  congestion (FACTS.md §4.2).
- Everything without a known capacity has **no congestion**: its time stays at free flow.
  :attr:`corridor.assignment.corridor_results.CorridorAssignment.uncapacitated_share` says how
  much of the flow that concerns.

Select-link analysis
--------------------
Equilibrium link flows do not say which OD pairs make them up. The engine carries each OD
pair's link flows through the same steps as the link flows
(:class:`~corridor.assignment.demand_flows.DemandFlows`, ``track="od"``), so select-link
(:mod:`corridor.assignment.select_link`) reads the reported equilibrium itself.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from corridor._typing import CAPACITY_UNITS
from corridor.assignment.demand import TONNES_PER_TEU_EQUIVALENT, Demand
from corridor.assignment.problem import AssignmentProblem
from corridor.assignment.vdf import LinkCostFunction
from corridor.exceptions import CorridorError, InvalidArgumentError
from corridor.network.compile import CompiledNetwork, compile_network
from corridor.network.graph import VLINK_KINDS
from corridor.network.model import Capacity, CargoClass, Network

__all__ = [
    "BPR_ALPHA",
    "BPR_BETA",
    "CONICAL_ALPHA",
    "QUEUE_RHO_MAX",
    "TEU_PER_TRAIN",
    "CorridorProblem",
    "LineVDF",
    "build_problem",
    "capacity_teu_per_year",
]

IntArray: TypeAlias = npt.NDArray[np.int64]
FloatArray: TypeAlias = npt.NDArray[np.float64]
LineVDF = Literal["bpr", "conical"]
"""Volume-delay function of capacitated line links."""

TEU_PER_TRAIN: Final = 105.0
"""TEU per container block train: 2 M TEU on 19,000 China–Europe trains in 2024 (FACTS.md
§5.2, CGTN) ≈ 105 [derived]; Jan–Nov 2024 gives 1.749 M / 16,145 ≈ 108. EU-side trains are
limited to ~43 FEU (86 TEU) by train length, so per-train capacities on 1435 mm lines are
somewhat overstated (estimate)."""
BPR_ALPHA: Final = 0.15
"""BPR α (Bureau of Public Roads standard)."""
BPR_BETA: Final = 4.0
"""BPR β (Bureau of Public Roads standard)."""
CONICAL_ALPHA: Final = 4.0
"""Conical α (Spiess 1990's usual value, like BPR β = 4 near capacity)."""
QUEUE_RHO_MAX: Final = 0.98
"""Utilisation above which the queueing delay continues along its tangent."""
_DAYS_PER_YEAR: Final = 365.0
_HOURS_PER_YEAR: Final = 8760.0
_KIND = {k: i for i, k in enumerate(VLINK_KINDS)}


def capacity_teu_per_year(capacity: Capacity) -> float:
    """A published capacity in TEU (or TEU-equivalent) per year.

    Parameters
    ----------
    capacity
        The capacity in its published unit.

    Returns
    -------
    float
        TEU per year: trains/day × :data:`TEU_PER_TRAIN` × 365; TEU/day × 365; tonnes/year
        / 10 t per TEU-equivalent; TEU/year as is.

    Raises
    ------
    InvalidArgumentError
        For a unit not among :data:`corridor._typing.CAPACITY_UNITS`.
    """
    if capacity.unit == "trains_per_day":
        return capacity.value * TEU_PER_TRAIN * _DAYS_PER_YEAR
    if capacity.unit == "teu_per_day":
        return capacity.value * _DAYS_PER_YEAR
    if capacity.unit == "tonnes_per_year":
        return capacity.value / TONNES_PER_TEU_EQUIVALENT
    if capacity.unit == "teu_per_year":
        return capacity.value
    raise InvalidArgumentError(
        f"capacity unit {capacity.unit!r} is not known; use one of {', '.join(CAPACITY_UNITS)}"
    )


@dataclass(frozen=True, eq=False)
class CorridorProblem:
    """An assignment problem on a network's virtual-link graph.

    Problem nodes ``0..n_vertices-1`` are the virtual vertices, then one node per zone.
    Problem links ``0..n_vlinks-1`` are the virtual links, then ``zone → source(place)``
    and ``sink(place) → zone`` connectors at zero cost.

    Parameters
    ----------
    problem
        The assignment problem (flows in TEU per year, costs in hours per TEU).
    compiled
        The compiled network.
    demand
        The demand it was built from.
    zones
        Node id of each zone.
    capacity_teu
        Capacity of each virtual link in TEU per year (``inf`` where none is known).
    vdf_name
        ``bpr``, ``conical``, ``queue`` or ``""`` (no congestion) per virtual link.
    value_of_time_usd_per_hour
        Value of time used to turn money into hours.
    """

    problem: AssignmentProblem
    compiled: CompiledNetwork
    demand: Demand
    zones: tuple[str, ...]
    capacity_teu: FloatArray
    vdf_name: tuple[str, ...]
    value_of_time_usd_per_hour: float

    @property
    def n_vlinks(self) -> int:
        """Number of virtual links (the first problem links)."""
        return int(self.compiled.graph.n_links)


def _teu_cargo(network: Network, cargo: str) -> CargoClass:
    try:
        c = network.cargo(cargo)
    except KeyError:
        containers = [k for k in network.cargo_classes if k.teu > 0]
        if not containers:
            known = ", ".join(k.id for k in network.cargo_classes) or "none defined"
            raise CorridorError(
                f"cargo class {cargo!r} not in the network and no container class to derive "
                f"a TEU from; fix: use one of {known}"
            ) from None
        c = containers[0]
    if c.teu <= 0:
        raise CorridorError(
            f"cargo class {c.id!r} is not a container class; fix: cost with TEU or FEU"
        )
    per = 1.0 / c.teu
    return CargoClass(
        id="TEU",
        name="TEU (costing unit)",
        teu=1.0,
        tonnes=c.tonnes * per,
        value_usd=c.value_usd * per,
        value_of_time_usd_per_day=c.value_of_time_usd_per_day * per,
    )


def build_problem(
    network: Network,
    demand: Demand,
    *,
    line_vdf: LineVDF = "bpr",
    capacities: Mapping[str, Capacity] | None = None,
    value_of_time_usd_per_day: float | None = None,
    cost_cargo: str = "TEU",
    month: int | None = None,
) -> CorridorProblem:
    """Build the assignment problem of ``demand`` on ``network``.

    Parameters
    ----------
    network
        The network, as it is: its dated regimes are not applied here
        (:func:`~corridor.assignment.demand_assignment.assign_demand` applies them first).
    demand
        Origin–destination demand (its places must be nodes of ``network``).
    line_vdf
        ``bpr`` or ``conical`` for capacitated line links.
    capacities
        Extra or replacement capacities by link id (that link, each direction) or node id
        (every border passage and transfer at that node: a border-crossing capacity).
    value_of_time_usd_per_day
        Value of one TEU-day; default the cost cargo class's.
    cost_cargo
        Cargo class whose per-unit money and value of time cost one TEU (scaled to 1 TEU).
    month
        Month for seasonal port closures (1-12); ``None`` averages the year.

    Returns
    -------
    CorridorProblem
        The problem and how it maps to the network.

    Raises
    ------
    CorridorError
        For an unknown id in ``capacities``, a non-positive capacity or value of time, or
        a demand place missing from the network.
    """
    compiled = compile_network(network, month=month)
    g = compiled.graph
    cargo = _teu_cargo(network, cost_cargo)
    vot_day = (
        cargo.value_of_time_usd_per_day
        if value_of_time_usd_per_day is None
        else (value_of_time_usd_per_day)
    )
    if not vot_day > 0 or not math.isfinite(vot_day):
        raise CorridorError(f"value of time {vot_day} USD/day; fix: give a positive number")
    vot_h = vot_day / 24.0
    costs = compiled.costs(cargo)
    m = g.n_links
    capacity = np.full(m, np.inf)
    names = np.full(m, "", dtype=object)
    queue = np.zeros(m, dtype=bool)

    move = g.kind == _KIND["move"]
    links = network.links
    l_cap = np.array(
        [capacity_teu_per_year(lk.capacity) if lk.capacity else np.inf for lk in links]
    )
    l_ferry = np.array([lk.mode == "ferry" for lk in links], dtype=bool)
    node_ix = {n.id: i for i, n in enumerate(network.nodes)}
    link_ix = {lk.id: i for i, lk in enumerate(links)}
    node_caps: dict[int, float] = {}
    for key, cap in (capacities or {}).items():
        teu = capacity_teu_per_year(cap)
        if not teu > 0 or not math.isfinite(teu):
            raise CorridorError(f"capacity of {key!r} is {cap.value}; fix: give a positive number")
        if key in link_ix:
            l_cap[link_ix[key]] = teu
        elif key in node_ix:
            node_caps[node_ix[key]] = teu
        else:
            raise CorridorError(
                f"capacity given for {key!r}, which is neither a link nor a node id; "
                "fix: use an id from `corridor network` or `corridor places`"
            )
    li = g.link[move]
    capacity[move] = l_cap[li]
    queue[move] = l_ferry[li]

    transfer = g.kind == _KIND["transfer"]
    t_idx = np.flatnonzero(transfer)
    t_cap = np.array(
        [_transfer_capacity(network, int(g.node[i]), int(g.transfer[i])) for i in t_idx],
        dtype=np.float64,
    )
    capacity[t_idx] = t_cap
    queue[t_idx] = True
    if node_caps:
        crossing = (g.kind == _KIND["through"]) | transfer
        for n, teu in node_caps.items():
            at = crossing & (g.node == n)
            capacity[at] = teu
            queue[at] = True

    has_cap = np.isfinite(capacity)
    is_queue = queue & has_cap
    is_line = has_cap & ~queue
    names[is_queue] = "queue"
    names[is_line] = line_vdf
    fft = costs.time_h.copy()
    # queue delay scale: time to serve one train-load at capacity (hours)
    delay_scale = np.where(is_queue, TEU_PER_TRAIN / np.where(has_cap, capacity, 1.0), 0.0)
    delay_scale *= _HOURS_PER_YEAR
    alpha = np.where(is_queue, delay_scale, np.where(is_line, BPR_ALPHA, 0.0))
    beta = np.where(is_queue, QUEUE_RHO_MAX, BPR_BETA)
    if line_vdf == "conical":
        alpha = np.where(is_line, CONICAL_ALPHA, alpha)
    kinds = np.where(is_queue, "queue", np.where(is_line, line_vdf, "bpr"))

    zones, od = demand.od_matrix()
    missing = [z for z in zones if z not in node_ix]
    if missing:
        raise CorridorError(
            f"demand place(s) {', '.join(missing)} not in network {network.name!r}; "
            "fix: read the demand against this network"
        )
    z_nodes = np.array([node_ix[z] for z in zones], dtype=np.int64)
    n_z = len(zones)
    zone_vertex = g.n_vertices + np.arange(n_z, dtype=np.int64)
    tail = np.concatenate([g.tail, zone_vertex, g.sink[z_nodes]])
    head = np.concatenate([g.head, g.source[z_nodes], zone_vertex])
    zero = np.zeros(2 * n_z)
    vdf = LinkCostFunction.from_kinds(
        np.concatenate([kinds, np.full(2 * n_z, "bpr")]),
        np.concatenate([fft, zero]),
        np.concatenate([np.where(has_cap, capacity, np.inf), np.full(2 * n_z, np.inf)]),
        np.concatenate([alpha, zero]),
        np.concatenate([beta, np.full(2 * n_z, BPR_BETA)]),
    )
    fixed = np.concatenate([costs.money_usd / vot_h, zero])
    problem = AssignmentProblem.create(
        tail,
        head,
        vdf=vdf,
        demand=od,
        zones=zone_vertex,
        n_nodes=g.n_vertices + n_z,
        fixed_cost=np.maximum(fixed, 0.0),
        block_zone_transit=True,
    )
    return CorridorProblem(
        problem=problem,
        compiled=compiled,
        demand=demand,
        zones=zones,
        capacity_teu=capacity,
        vdf_name=tuple(str(s) for s in names),
        value_of_time_usd_per_hour=vot_h,
    )


def _transfer_capacity(network: Network, node: int, index: int) -> float:
    cap = network.nodes[node].transfers[index].capacity
    return capacity_teu_per_year(cap) if cap is not None else np.inf
