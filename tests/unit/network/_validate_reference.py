"""The validator as it was before its checks were screened by columns: the oracle.

A verbatim copy of ``corridor.network.validate`` at commit e51c7d0 (less connectivity,
which did not change); ``test_validate_fast`` asserts that the screened validator
reports exactly what this one reports, in the same order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Protocol

import numpy as np

from corridor._checks import check_instance
from corridor._typing import DIRECTIONS, MODES, NODE_KINDS, TARIFF_UNITS
from corridor.exceptions import ValidationIssue
from corridor.network.graph import modes_at
from corridor.network.model import Money, Network, Node

__all__ = ["validate_network"]


class _Add(Protocol):
    """Signature of the local ``add`` closure that records one issue."""

    def __call__(
        self,
        feature: str | None,
        fld: str | None,
        message: str,
        fix: str,
        *,
        warning: bool = False,
    ) -> None: ...


_LAND_MODES = frozenset({"rail_1435", "rail_1520", "road"})
_MAX_LISTED = 8
_MAX_LON, _MAX_LAT = 180.0, 90.0
_COUNTRY = re.compile(r"[A-Z]{2}")


def _check_services(network: Network, add: _Add) -> None:
    """Every link of one service carries the same service definition and mode."""
    first: dict[str, tuple[str, object, str]] = {}
    for lk in network.links:
        if lk.service is None:
            continue
        name = lk.service.name
        if name not in first:
            first[name] = (lk.id, lk.service, lk.mode)
            continue
        ref_id, ref, mode = first[name]
        if lk.service != ref:
            add(
                lk.id,
                "service",
                f"service {name!r} differs from its definition on link {ref_id!r}",
                "give every link of one service the same service object (or rename one)",
            )
        if lk.mode != mode:
            add(
                lk.id,
                "mode",
                f"service {name!r} runs in {mode} on link {ref_id!r}, here in {lk.mode}",
                "use one mode per service",
            )


def _check_customs_and_regimes(network: Network, add: _Add) -> None:
    """Direction keys of border dwells, customs unions and regimes."""
    for node in network.nodes:
        b = node.border
        if b is None:
            continue
        for key in b.dwell_h_by_direction:
            a, _, z = key.partition(">")
            if {a, z} != set(b.countries):
                add(
                    node.id,
                    f"border.dwell_h_by_direction.{key}",
                    f"direction {key!r} does not cross this {'/'.join(b.countries)} border",
                    f"use {b.countries[0]}>{b.countries[1]} or {b.countries[1]}>{b.countries[0]}",
                )
    for uid, count in Counter(u.id for u in network.customs_unions).items():
        if count > 1:
            add(None, "corridor.customs_unions", f"union {uid!r} defined {count} times", "merge")
    for rid, count in Counter(g.id for g in network.regimes).items():
        if count > 1:
            add(None, "corridor.regimes", f"regime {rid!r} defined {count} times", "rename one")
    defaults = [g.id for g in network.regimes if g.kind == "rail_operations" and g.default]
    if len(defaults) > 1:
        add(
            None,
            "corridor.regimes",
            f"several default rail operating regimes: {', '.join(defaults)}",
            "mark exactly one rail_operations regime as default",
        )
    for g in network.regimes:
        bad = [c for c in g.closed if not network.has_node(c)]
        if bad:
            add(
                None,
                f"corridor.regimes.{g.id}.closed",
                f"unknown node id(s) {', '.join(bad)}",
                "use node ids of passages or ports",
            )
        if g.valid_from and g.valid_to and g.valid_from > g.valid_to:
            add(
                None,
                f"corridor.regimes.{g.id}.valid_to",
                f"valid_to {g.valid_to} is before valid_from {g.valid_from}",
                "swap or fix the dates",
            )


def validate_network(network: Network, *, connectivity: bool = True) -> list[ValidationIssue]:
    """Check a network and return every problem found (empty list: the network is fine).

    Checks unique ids, link endpoints, finite coordinates (lon -180..180, lat -90..90),
    finite positive distances and speeds, gauge changes where gauges meet, transfers that
    name modes present at their node, border nodes on land links between countries,
    currencies with an exchange rate, and which places cannot reach which (warnings).

    Parameters
    ----------
    network
        The network.
    connectivity
        Also report which places cannot reach which (only when there is no error).

    Returns
    -------
    list of ValidationIssue
        Errors and warnings, each with the feature, field and a fix.

    Raises
    ------
    InvalidArgumentError
        If ``network`` is not a :class:`~corridor.network.model.Network`.

    Examples
    --------
    >>> import dataclasses
    >>> import corridor
    >>> net = corridor.eurasia()
    >>> corridor.validate_network(net)
    []
    >>> broken = dataclasses.replace(
    ...     net,
    ...     nodes=tuple(
    ...         dataclasses.replace(n, lat=float("nan")) if n.id == "xian" else n
    ...         for n in net.nodes
    ...     ),
    ... )
    >>> [(i.severity, i.feature, i.field) for i in corridor.validate_network(broken)]
    [('error', 'xian', 'lat')]
    """
    check_instance("network", network, Network, "a Network, e.g. corridor.eurasia()")
    issues: list[ValidationIssue] = []
    src = network.source

    def add(
        feature: str | None, fld: str | None, message: str, fix: str, *, warning: bool = False
    ) -> None:
        issues.append(
            ValidationIssue(message, fix, src, feature, fld, "warning" if warning else "error")
        )

    for node_id, count in Counter(n.id for n in network.nodes).items():
        if count > 1:
            add(node_id, "id", f"node id used {count} times", "give every node its own id")
    for link_id, count in Counter(lk.id for lk in network.links).items():
        if count > 1:
            add(link_id, "id", f"link id used {count} times", "give every link its own id")
    for cargo_id, count in Counter(c.id for c in network.cargo_classes).items():
        if count > 1:
            add(
                None,
                "corridor.cargo_classes",
                f"cargo class {cargo_id!r} defined {count} times",
                "keep one definition per cargo class",
            )

    nodes = {n.id: n for n in network.nodes}
    for lk in network.links:
        for end, fld in ((lk.from_node, "from"), (lk.to_node, "to")):
            if end not in nodes:
                close = _suggest(end, nodes)
                add(
                    lk.id,
                    fld,
                    f"node {end!r} does not exist",
                    f"add a node with id {end!r} or use an existing id{close}",
                )
        if lk.from_node == lk.to_node:
            add(lk.id, "to", "link starts and ends at the same node", "remove it or fix 'to'")
        if lk.speed_kmh is None and lk.duration_h is None:
            add(lk.id, "speed_kmh", "a link needs speed_kmh or duration_h", "add one of them")
        if lk.mode in _LAND_MODES and lk.from_node in nodes and lk.to_node in nodes:
            _check_border_link(network, lk.id, nodes[lk.from_node], nodes[lk.to_node], add)

    _check_numbers(network, add)
    _check_money(network, add)
    _check_modes_at_nodes(network, add)
    _check_services(network, add)
    _check_customs_and_regimes(network, add)
    for node in network.nodes:
        if node.kind == "border_crossing" and node.border is None:
            add(
                node.id,
                "border",
                "border crossing without border data",
                "add border.countries and border.dwell_h, or change its kind",
            )
        if node.border is not None and node.country not in node.border.countries:
            add(
                node.id,
                "border.countries",
                f"node is in {node.country} but the border joins {'/'.join(node.border.countries)}",
                "list the node's own country among border.countries",
            )
        if node.border is not None:
            _check_digital_not_slower(node, add)

    del connectivity  # the reference checks everything but connectivity
    return issues


def _check_numbers(network: Network, add: _Add) -> None:
    """Coordinates, distances and speeds are finite and in range.

    A network read from a file has had these checked by the schema; one built in memory
    (or by :func:`dataclasses.replace`) has not, and a NaN or negative distance would
    silently become a free or a never-taken link.
    """
    for node in network.nodes:
        if not (_finite(node.lon) and abs(node.lon) <= _MAX_LON):
            add(node.id, "lon", f"longitude {node.lon!r} is not in -180..180", "fix the lon")
        if not (_finite(node.lat) and abs(node.lat) <= _MAX_LAT):
            add(node.id, "lat", f"latitude {node.lat!r} is not in -90..90", "fix the lat")
        if not isinstance(node.id, str) or not node.id.strip():
            add(str(node.id), "id", "a node id must be a non-blank text", "give the node an id")
        if not isinstance(node.country, str) or not _COUNTRY.fullmatch(node.country):
            add(
                node.id,
                "country",
                f"country {node.country!r} is not an ISO 3166-1 alpha-2 code",
                "use two capital letters (CN, KZ, DE; XX for international waters)",
            )
        if node.kind not in NODE_KINDS:
            add(node.id, "kind", f"kind {node.kind!r} is not known", _one_of(NODE_KINDS))
    for lk in network.links:
        if not isinstance(lk.id, str) or not lk.id.strip():
            add(str(lk.id), "id", "a link id must be a non-blank text", "give the link an id")
        if lk.mode not in MODES:
            add(lk.id, "mode", f"mode {lk.mode!r} is not known", _one_of(MODES))
        if lk.directions not in DIRECTIONS:
            add(lk.id, "directions", f"{lk.directions!r} is not known", _one_of(DIRECTIONS))
        if lk.emission_g_per_tkm is not None and not _at_least(lk.emission_g_per_tkm, 0.0):
            add(
                lk.id,
                "emission_g_per_tkm",
                f"emission factor {lk.emission_g_per_tkm!r} g/tkm is not a finite number >= 0",
                "give g CO2e per tonne-km (0 or more), or leave it out for the mode default",
            )
        if lk.capacity is not None and not (_finite(lk.capacity.value) and lk.capacity.value > 0):
            add(
                lk.id,
                "capacity.value",
                f"capacity {lk.capacity.value!r} is not a finite number above 0",
                f"give the published capacity in {lk.capacity.unit}, or leave it out",
            )
        for key, tariff in (("tariff", lk.tariff), ("tariff_reverse", lk.tariff_reverse)):
            if tariff is None:
                continue
            for part in ("fixed", "per_km"):
                value = getattr(tariff, part)
                if not _at_least(value, 0.0):
                    add(
                        lk.id,
                        f"{key}.{part}",
                        f"tariff {part} {value!r} is not a finite number >= 0",
                        "give the charge per unit of cargo (0 or more)",
                    )
            if tariff.unit not in TARIFF_UNITS:
                add(
                    lk.id,
                    f"{key}.unit",
                    f"unit {tariff.unit!r} is not known",
                    _one_of(TARIFF_UNITS),
                )
        if not (_finite(lk.distance_km) and lk.distance_km > 0):
            add(
                lk.id,
                "distance_km",
                f"distance {lk.distance_km!r} km is not a finite number above 0",
                "give the network distance in km (more than 0)",
            )
        if lk.speed_kmh is not None and not (_finite(lk.speed_kmh) and lk.speed_kmh > 0):
            add(
                lk.id,
                "speed_kmh",
                f"speed {lk.speed_kmh!r} km/h is not a finite number above 0",
                "give the commercial speed in km/h (more than 0)",
            )

    for cargo in network.cargo_classes:
        for part in ("teu", "tonnes", "value_usd", "value_of_time_usd_per_day"):
            value = getattr(cargo, part)
            if not _at_least(value, 0.0):
                add(
                    None,
                    f"corridor.cargo_classes.{cargo.id}.{part}",
                    f"{part} {value!r} of cargo class {cargo.id!r} is not a finite number >= 0",
                    f"give {part} as a number (0 or more)",
                )


def _finite(value: object) -> bool:
    """Whether ``value`` is a real number (not a bool or a str) and finite."""
    if type(value) is float:  # the common case first: a read or computed float
        return math.isfinite(value)
    return (
        isinstance(value, int | float | np.integer | np.floating)
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def _at_least(value: object, low: float) -> bool:
    return _finite(value) and float(value) >= low  # type: ignore[arg-type]


def _one_of(options: tuple[str, ...]) -> str:
    return f"use one of {', '.join(options)}"


def _suggest(name: str, nodes: dict[str, Node]) -> str:
    import difflib  # noqa: PLC0415 - only on the error path

    close = difflib.get_close_matches(name, list(nodes), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_border_link(network: Network, link_id: str, a: Node, b: Node, add: _Add) -> None:
    del network
    if a.country == b.country:
        return
    pair = {a.country, b.country}
    if any(n.border is not None and pair <= set(n.border.countries) for n in (a, b)):
        return
    add(
        link_id,
        "to",
        f"land link crosses from {a.country} to {b.country} without a border crossing node",
        f"end the link at a border_crossing node whose border.countries are "
        f"[{a.country!r}, {b.country!r}]",
    )


def _check_money(network: Network, add: _Add) -> None:
    known = network.fx.currencies
    hint = ", ".join(sorted(known))
    for currency, rate in network.fx.rates.items():
        if not (_finite(rate) and rate > 0):
            add(
                None,
                f"corridor.fx.rates.{currency}",
                f"exchange rate {rate!r} for {currency} is not a finite number above 0",
                f"give how many {currency} buy one {network.fx.base}",
            )

    def check(feature: str | None, fld: str, money: Money | None) -> None:
        if money is not None and money.currency not in known:
            add(
                feature,
                fld,
                f"currency {money.currency!r} has no exchange rate",
                f"add it to corridor.fx.rates or use one of {hint}",
            )

    for lk in network.links:
        for key, t in (("tariff", lk.tariff), ("tariff_reverse", lk.tariff_reverse)):
            if t is not None and t.currency not in known:
                add(
                    lk.id,
                    f"{key}.currency",
                    f"currency {t.currency!r} has no exchange rate",
                    f"add it to corridor.fx.rates or use one of {hint}",
                )
    for node in network.nodes:
        if node.passage is not None:
            check(node.id, "passage.toll.currency", node.passage.toll)
    for node in network.nodes:
        for i, tr in enumerate(node.transfers):
            check(node.id, f"transfers[{i}].cost.currency", tr.cost)
        if node.border is not None:
            check(node.id, "border.fee.currency", node.border.fee)
        if node.handling is not None:
            check(node.id, "handling.cost.currency", node.handling.cost)


def _check_modes_at_nodes(network: Network, add: _Add) -> None:
    present = modes_at(network)
    for node in network.nodes:
        modes = present[node.id]
        for i, tr in enumerate(node.transfers):
            for side, mode in (("from_mode", tr.from_mode), ("to_mode", tr.to_mode)):
                if mode not in modes:
                    add(
                        node.id,
                        f"transfers[{i}].{side}",
                        f"no {mode} link touches this node",
                        "add such a link or remove the transfer",
                        warning=True,
                    )
            if tr.from_mode == tr.to_mode and tr.kind != "ship_ship":
                add(
                    node.id,
                    f"transfers[{i}].to_mode",
                    "a transfer must change mode (only a ship_ship transshipment joins two "
                    "services of one mode)",
                    "use two different modes, or kind ship_ship between sea services",
                )
        if {"rail_1435", "rail_1520"} <= modes and not any(
            tr.kind == "gauge_change" and {tr.from_mode, tr.to_mode} == {"rail_1435", "rail_1520"}
            for tr in node.transfers
        ):
            add(
                node.id,
                "transfers",
                "rail_1435 and rail_1520 links meet here without a gauge-change transfer",
                "add a transfer {from_mode: rail_1520, to_mode: rail_1435, kind: gauge_change, "
                "time_h: ...} or move one link to another node",
            )


def _check_digital_not_slower(node: Node, add: _Add) -> None:
    assert node.border is not None
    dwell = node.border.dwell_h
    paper, digital = dwell.get("paper"), dwell.get("digital")
    if paper is not None and digital is not None and digital.mean > paper.mean + 1e-9:
        add(
            node.id,
            "border.dwell_h.digital",
            f"digital dwell (mean {digital.mean:.1f} h) is slower than paper "
            f"(mean {paper.mean:.1f} h)",
            "digital procedures must not be slower than paper",
        )
