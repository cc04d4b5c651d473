"""Network checks beyond the file format: references, gauges, borders, money, connectivity."""

from __future__ import annotations

import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeAlias, cast

import numpy as np

from corridor._checks import check_instance
from corridor._typing import DIRECTIONS, MODES, NODE_KINDS, TARIFF_UNITS
from corridor.exceptions import ValidationIssue
from corridor.network.columns import (
    link_codes,
    link_columns,
    link_ends,
    node_codes,
    node_columns,
    node_positions,
)
from corridor.network.graph import build_virtual_graph, modes_at
from corridor.network.model import Money, Network, Node

if TYPE_CHECKING:
    import numpy.typing as npt
    import scipy.sparse as sp

    BoolArray: TypeAlias = npt.NDArray[np.bool_]

__all__ = ["PLACE_KINDS", "reachability", "validate_network"]

PLACE_KINDS = frozenset({"city", "rail_terminal", "port", "dry_port"})
"""Node kinds where shipments start and end."""


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
    for lk in _pick(network.links, _given(link_columns(network)["service"])):
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
    for node in _pick(network.nodes, _given(node_columns(network)["border"])):
        b = node.border
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

    node_col, link_col = node_columns(network), link_columns(network)
    if len(node_positions(network)) < len(node_col["id"]):  # the map has one key per id
        _check_unique(node_col["id"], "node", add)
    _check_unique(link_col["id"], "link", add)
    for cargo_id, count in Counter(c.id for c in network.cargo_classes).items():
        if count > 1:
            add(
                None,
                "corridor.cargo_classes",
                f"cargo class {cargo_id!r} defined {count} times",
                "keep one definition per cargo class",
            )

    suspects = _link_suspects(network)
    # id to node (the last one, for a repeated id), only when there is a link to check
    nodes = dict(zip(node_col["id"], network.nodes, strict=True)) if suspects.any() else {}
    for lk in _pick(network.links, suspects):
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
    border_kind = _equal(node_col["kind"], _coded(network, "node", "kind"), "border_crossing")
    for node in _pick(network.nodes, border_kind | _given(node_col["border"])):
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

    if connectivity and not any(i.severity == "error" for i in issues):
        issues.extend(_connectivity(network))
    return issues


# --------------------------------------------------------------------------- screening
# Each check below first screens every node or link with whole-column operations (numpy
# over the floats, set algebra over the strings, both in C), then runs its per-object
# test, unchanged, on the objects the screen flags and on those alone. A screen flags
# every object the per-object test could report (a value of an unusual type is always
# flagged), so the issues, their wording and their order are those of testing every
# object; on a valid 330,000-link network the per-object tests run on none.


def _pick(objects: tuple[Any, ...], flagged: BoolArray) -> Iterator[Any]:
    """The objects whose flag is set, in order."""
    return (objects[i] for i in np.flatnonzero(flagged).tolist())


def _given(values: Sequence[object]) -> BoolArray:
    """Per value: whether it is not ``None``."""
    n = len(values)
    if values.count(None) == n:  # the usual case for an optional field (no object == None)
        return np.zeros(n, dtype=bool)
    types = set(map(type, values))
    if _NONE not in types:
        return np.ones(n, dtype=bool)
    if types == {_NONE}:  # the usual case for the optional fields of a large network
        return np.zeros(n, dtype=bool)
    return np.fromiter(map(operator.is_not, values, repeat(None)), bool, n)


_NONE = type(None)
Coded: TypeAlias = "tuple[tuple[Any, ...], npt.NDArray[np.int64]] | None"


def _coded(network: Network, what: Literal["node", "link"], field: str) -> Coded:
    """The codes of a field (:func:`~corridor.network.columns.node_codes`), if hashable."""
    try:
        return node_codes(network, field) if what == "node" else link_codes(network, field)
    except TypeError:  # a value that cannot be hashed (an in-memory network): no codes
        return None


def _equal(values: Sequence[object], coded: Coded, value: str) -> BoolArray:
    """Per value: whether it equals ``value``."""
    n = len(values)
    if coded is not None and all(type(v) is str for v in coded[0]):
        if value not in coded[0]:
            return np.zeros(n, dtype=bool)
        out: BoolArray = coded[1] == coded[0].index(value)
        return out
    return np.fromiter(map(operator.eq, values, repeat(value)), bool, n)


def _numbers_ok(
    values: Sequence[object],
    vector: Callable[[npt.NDArray[np.float64]], BoolArray],
    scalar: Callable[[Any], bool],
    *,
    optional: bool = False,
) -> BoolArray:
    """Per value: whether it passes ``scalar`` (``None`` passes when ``optional``).

    ``vector`` is the same test over an array of floats (NaN must fail it), used when
    every value is a float (or ``None`` when optional): the common case, in C.
    """
    types = set(map(type, values))
    if optional:
        if types == {_NONE}:
            return np.ones(len(values), dtype=bool)
        types.discard(_NONE)
    if types <= {float}:
        ok = vector(np.array(values, dtype=np.float64))  # None becomes NaN
        return ok | ~_given(values) if optional else ok
    return np.fromiter(((optional and v is None) or scalar(v) for v in values), bool, len(values))


def _texts_ok(values: Sequence[object]) -> BoolArray:
    """Per value: whether it is a str that is not blank."""
    n = len(values)
    if set(map(type, values)) <= {str}:
        strings = cast("Sequence[str]", values)
        if "" not in strings and not any(map(str.isspace, strings)):
            return np.ones(n, dtype=bool)
        return np.fromiter(map(bool, map(str.strip, strings)), bool, n)
    return np.fromiter((isinstance(v, str) and bool(v.strip()) for v in values), bool, n)


def _codes_ok(coded: Coded, ok: Callable[[str], bool]) -> BoolArray | None:
    """Per value, by its code: ``ok`` of the value; ``None`` unless every value is a str."""
    if coded is None or not all(type(v) is str for v in coded[0]):
        return None
    bad = [i for i, v in enumerate(coded[0]) if not ok(v)]
    if not bad:
        return np.ones(coded[1].size, dtype=bool)
    out: BoolArray = ~np.isin(coded[1], bad)
    return out


def _members_ok(values: Sequence[object], coded: Coded, allowed: Sequence[str]) -> BoolArray:
    """Per value: whether it is in ``allowed``."""
    found = _codes_ok(coded, allowed.__contains__)
    if found is not None:
        return found
    return np.fromiter((v in allowed for v in values), bool, len(values))


def _countries_ok(values: Sequence[object], coded: Coded) -> BoolArray:
    """Per value: whether it is an ISO 3166-1 alpha-2 code (two capital letters)."""
    found = _codes_ok(coded, lambda c: _COUNTRY.fullmatch(c) is not None)
    if found is not None:
        return found
    return np.fromiter(
        (isinstance(c, str) and _COUNTRY.fullmatch(c) is not None for c in values),
        bool,
        len(values),
    )


def _check_unique(ids: tuple[str, ...], what: str, add: _Add) -> None:
    """Every ``what`` (node, link) id is used once."""
    if len(set(ids)) == len(ids):
        return
    for item_id, count in Counter(ids).items():
        if count > 1:
            add(item_id, "id", f"{what} id used {count} times", f"give every {what} its own id")


def _link_suspects(network: Network) -> BoolArray:
    """Links that may fail the reference, loop, time or border checks of the link loop."""
    col = link_columns(network)
    tail, head = link_ends(network)
    known = (tail >= 0) & (head >= 0)
    loop = known & (tail == head)  # one position: one id (the unknown ones are flagged)
    timeless = ~_given(col["speed_kmh"]) & ~_given(col["duration_h"])
    flagged: BoolArray = ~known | loop | timeless
    modes = _coded(network, "link", "mode")
    if modes is None:  # an unhashable mode: the reference fails on it, as it did
        land = np.fromiter(map(_LAND_MODES.__contains__, col["mode"]), bool, tail.size)
    else:
        land = np.isin(modes[1], [i for i, m in enumerate(modes[0]) if m in _LAND_MODES])
    land &= known
    if land.any():  # land links between two countries (each one then checked)
        countries = _coded(network, "node", "country")
        if countries is None:
            flagged |= land
        else:
            cc = countries[1]
            flagged |= land & (cc[np.maximum(tail, 0)] != cc[np.maximum(head, 0)])
    return flagged


def _check_numbers(network: Network, add: _Add) -> None:
    """Coordinates, distances and speeds are finite and in range.

    A network read from a file has had these checked by the schema; one built in memory
    (or by :func:`dataclasses.replace`) has not, and a NaN or negative distance would
    silently become a free or a never-taken link.
    """
    nc, lc = node_columns(network), link_columns(network)
    node_ok = (
        _numbers_ok(nc["lon"], lambda a: np.abs(a) <= _MAX_LON, _lon_ok)
        & _numbers_ok(nc["lat"], lambda a: np.abs(a) <= _MAX_LAT, _lat_ok)
        & _texts_ok(nc["id"])
        & _countries_ok(nc["country"], _coded(network, "node", "country"))
        & _members_ok(nc["kind"], _coded(network, "node", "kind"), NODE_KINDS)
    )
    for node in _pick(network.nodes, ~node_ok):
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
    link_ok = (
        _texts_ok(lc["id"])
        & _members_ok(lc["mode"], _coded(network, "link", "mode"), MODES)
        & _members_ok(lc["directions"], _coded(network, "link", "directions"), DIRECTIONS)
        & _numbers_ok(lc["emission_g_per_tkm"], _vector_at_least_0, _at_least_0, optional=True)
        & ~_given(lc["capacity"])
        & ~_given(lc["tariff"])
        & ~_given(lc["tariff_reverse"])
        & _numbers_ok(lc["distance_km"], _vector_above_0, _above_0)
        & _numbers_ok(lc["speed_kmh"], _vector_above_0, _above_0, optional=True)
    )
    for lk in _pick(network.links, ~link_ok):
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


# the per-value tests of the screens, each with its form over an array of floats
def _lon_ok(value: object) -> bool:
    return _finite(value) and abs(value) <= _MAX_LON  # type: ignore[arg-type]


def _lat_ok(value: object) -> bool:
    return _finite(value) and abs(value) <= _MAX_LAT  # type: ignore[arg-type]


def _above_0(value: object) -> bool:
    return _finite(value) and value > 0  # type: ignore[operator]


def _at_least_0(value: object) -> bool:
    return _at_least(value, 0.0)


def _vector_above_0(values: npt.NDArray[np.float64]) -> BoolArray:
    return (values > 0) & (values < math.inf)


def _vector_at_least_0(values: npt.NDArray[np.float64]) -> BoolArray:
    return (values >= 0) & (values < math.inf)


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

    lc, nc = link_columns(network), node_columns(network)
    for lk in _pick(network.links, _given(lc["tariff"]) | _given(lc["tariff_reverse"])):
        for key, t in (("tariff", lk.tariff), ("tariff_reverse", lk.tariff_reverse)):
            if t is not None and t.currency not in known:
                add(
                    lk.id,
                    f"{key}.currency",
                    f"currency {t.currency!r} has no exchange rate",
                    f"add it to corridor.fx.rates or use one of {hint}",
                )
    for node in _pick(network.nodes, _given(nc["passage"])):
        check(node.id, "passage.toll.currency", node.passage.toll)
    with_money = _nonempty(nc["transfers"]) | _given(nc["border"]) | _given(nc["handling"])
    for node in _pick(network.nodes, with_money):
        for i, tr in enumerate(node.transfers):
            check(node.id, f"transfers[{i}].cost.currency", tr.cost)
        if node.border is not None:
            check(node.id, "border.fee.currency", node.border.fee)
        if node.handling is not None:
            check(node.id, "handling.cost.currency", node.handling.cost)


def _check_modes_at_nodes(network: Network, add: _Add) -> None:
    for node, modes in _modes_where_needed(network):
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


_GAUGES = ("rail_1435", "rail_1520")
_MAX_MODE_BITS = 62


def _nonempty(values: tuple[tuple[Any, ...], ...]) -> BoolArray:
    """Per tuple: whether it is not empty (every empty tuple is the one ``()``)."""
    n = len(values)
    if values.count(()) == n:
        return np.zeros(n, dtype=bool)
    return np.fromiter(map(bool, values), bool, n)


def _modes_where_needed(network: Network) -> Iterator[tuple[Node, set[Any]]]:
    """Each node with transfers or where two rail gauges meet, with the modes at it.

    The modes are those of :func:`~corridor.network.graph.modes_at` (of the links that
    touch the node's id), found as one bit per mode over the link arrays, and only the
    nodes that the mode checks concern are yielded (a set per node of a 275,000-node
    network would cost more than the checks).
    """
    nc = node_columns(network)
    modes = _coded(network, "link", "mode")
    if modes is None or len(modes[0]) > _MAX_MODE_BITS:  # one set per node, as before
        present = modes_at(network)
        for node in network.nodes:
            yield node, present[node.id]
        return
    distinct, codes = modes
    position = node_positions(network)
    n = len(nc["id"])
    bits = np.left_shift(1, codes)
    mask = np.zeros(n, dtype=np.int64)
    for at in link_ends(network):
        np.bitwise_or.at(mask, at[at >= 0], bits[at >= 0])
    if len(position) < n:  # a repeated id: a node has the modes of every node with its id
        mask = mask[np.fromiter(map(position.__getitem__, nc["id"]), np.int64, n)]
    wanted = _nonempty(nc["transfers"])
    if all(g in distinct for g in _GAUGES):
        gauges = sum(1 << distinct.index(g) for g in _GAUGES)
        wanted |= (mask & gauges) == gauges
    for i in np.flatnonzero(wanted).tolist():
        m = int(mask[i])
        yield network.nodes[i], {mode for b, mode in enumerate(distinct) if m >> b & 1}


def _check_digital_not_slower(node: Node, add: _Add) -> None:
    assert node.border is not None  # noqa: S101 - checked by the caller
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


def reachability(network: Network) -> tuple[list[str], np.ndarray]:
    """Which places can reach which, over the virtual-link graph.

    Parameters
    ----------
    network
        The network.

    Returns
    -------
    ids : list of str
        Ids of the places (nodes whose kind is in :data:`PLACE_KINDS`).
    reach : numpy.ndarray
        ``reach[i, j]`` is True when ``ids[i]`` can reach ``ids[j]``.

    Raises
    ------
    InvalidArgumentError
        If ``network`` is not a :class:`~corridor.network.model.Network`.
    """
    check_instance("network", network, Network, "a Network, e.g. corridor.eurasia()")
    ids, groups, group_reach = _reach_groups(network)
    return ids, group_reach[groups]


_REACH_CHUNK = 64
"""Origins searched at once when places do not all reach each other (bounds memory)."""


def _reach_groups(network: Network) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Places, each place's group, and which places each group reaches.

    Places whose departures reach the same set share a group, so a network whose places all
    reach each other (the common case, found in linear time from one strongly connected
    component) costs two graph searches, not one per place; otherwise origins are searched
    in chunks of :data:`_REACH_CHUNK`, memory bounded by the chunk times the graph.
    """
    graph = build_virtual_graph(network)
    place_ix = np.array(
        [i for i, n in enumerate(network.nodes) if n.kind in PLACE_KINDS], dtype=np.int64
    )
    ids = [network.nodes[i].id for i in place_ix]
    n = place_ix.size
    if n == 0:
        return ids, np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=bool)
    from scipy.sparse import csgraph  # noqa: PLC0415 - only connectivity needs it (fast start)

    adjacency = graph.adjacency()
    sources, sinks = graph.source[place_ix], graph.sink[place_ix]
    _, label = csgraph.connected_components(adjacency, directed=True, connection="strong")
    core = int(np.bincount(label).argmax())
    seed = int(np.flatnonzero(label == core)[0])
    forward = _reached(adjacency, seed)
    backward = _reached(adjacency.T.tocsr(), seed)
    if forward[sinks].all() and backward[sources].all():
        return ids, np.zeros(n, dtype=np.int64), np.ones((1, n), dtype=bool)
    reach = np.zeros((n, n), dtype=bool)
    for start in range(0, n, _REACH_CHUNK):
        block = sources[start : start + _REACH_CHUNK]
        hops = csgraph.dijkstra(adjacency, directed=True, indices=block, unweighted=True)
        reach[start : start + block.size] = np.isfinite(hops[:, sinks])
    return ids, np.arange(n, dtype=np.int64), reach


def _reached(adjacency: sp.csr_array, start: int) -> np.ndarray:
    from scipy.sparse import csgraph  # noqa: PLC0415 - only connectivity needs it

    order = csgraph.breadth_first_order(adjacency, start, directed=True, return_predecessors=False)
    seen = np.zeros(adjacency.shape[0], dtype=bool)
    seen[order] = True
    return seen


def _connectivity(network: Network) -> list[ValidationIssue]:
    ids, groups, group_reach = _reach_groups(network)
    out: list[ValidationIssue] = []
    if group_reach.all():
        return out
    unreached: defaultdict[tuple[str, ...], list[str]] = defaultdict(list)
    for i, origin in enumerate(ids):
        missing = tuple(ids[j] for j in np.flatnonzero(~group_reach[groups[i]]) if j != i)
        if missing:
            unreached[missing].append(origin)
    for missing, origins in unreached.items():
        shown = ", ".join(missing[:_MAX_LISTED])
        more = f" and {len(missing) - _MAX_LISTED} more" if len(missing) > _MAX_LISTED else ""
        head = ", ".join(origins[:_MAX_LISTED])
        tail = (
            f" (+{len(origins) - _MAX_LISTED} more origins)" if len(origins) > _MAX_LISTED else ""
        )
        out.append(
            ValidationIssue(
                message=f"cannot reach {shown}{more}",
                fix="add links or transfers (a mode change needs a transfer at the node) "
                "to connect them",
                source=network.source,
                feature=head + tail,
                field=None,
                severity="warning",
            )
        )
    return out
