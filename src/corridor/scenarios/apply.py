"""Applying scenarios: a new network from a base network and a list of edits.

The base is never changed: every edit builds new frozen objects with
:func:`dataclasses.replace`, and the result is a new :class:`~corridor.network.model.Network`.

Closures remove links from the network (so that routing, reliability and assignment all
respect them) but are remembered on the result, so that a later ``[[reopen]]`` (in the
same call, or in a call on the returned network object) brings the very same links back:
closing and then reopening gives a network equal to the base. A ``[[reopen]]`` of a
passage that no scenario closed lifts the closure that the network's sea-rate regimes
impose on it (the Red Sea regimes close Suez and Bab-el-Mandeb to liner services).

What closing each target means:

- ``nodes``: every link that starts or ends at the node;
- ``chokepoints``: the same, and every liner service that passes it (a ship cannot
  skip a canal: the whole service is suspended, as the Red Sea regimes do);
- ``links``: the link; ``services``: every link of the service;
- ``countries``: every link touching a node of the country (no transit, no origin);
- ``frontiers`` (``"CN-KZ"``): every link between a node of one country and a node of
  the other, and every link at a crossing joining the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from corridor.exceptions import InvalidArgumentError
from corridor.network.distributions import Fixed
from corridor.network.model import (
    Capacity,
    CargoClass,
    FxTable,
    Link,
    Network,
    Node,
    OperatingRegime,
    Provenance,
    Tariff,
    Transfer,
)
from corridor.network.regimes import RegimeError, pick_sea_regime
from corridor.scenarios.model import (
    AddFeature,
    BorderRegimeEdit,
    CapacityEdit,
    CloseEdit,
    Edit,
    FxEdit,
    HeadwayEdit,
    RegimeEdit,
    Scenario,
    ScenarioError,
    ScenarioProblem,
    SpeedEdit,
    TariffEdit,
    ValueOfTimeEdit,
    Where,
)

__all__ = ["apply_edits", "closed_links", "id_problems"]

_STATE_KEY = "scenario:state"
_HOURS_PER_WEEK = 168.0


@dataclass(frozen=True)
class _State:
    """What a scenario-built network remembers: every link (closed ones too) and closures."""

    links: tuple[Link, ...]
    closures: tuple[tuple[str, str], ...]


class _Work:
    """The network being edited, and the problems met."""

    def __init__(self, network: Network, scenario: Scenario) -> None:
        state = network.cached(_STATE_KEY)
        if isinstance(state, _State):
            links: tuple[Link, ...] = state.links
            self.closures: list[tuple[str, str]] = list(state.closures)
        else:
            links = network.links
            self.closures = []
        self.network = network
        self.scenario = scenario
        self.nodes: dict[str, Node] = {n.id: n for n in network.nodes}
        self.links: dict[str, Link] = {lk.id: lk for lk in links}
        self.cargo: list[CargoClass] = list(network.cargo_classes)
        self.fx = network.fx
        self.regimes: list[OperatingRegime] = list(network.regimes)
        self.problems: list[ScenarioProblem] = []

    # -- messages -------------------------------------------------------------------------
    def fail(self, where: Where, message: str, fix: str, key: str = "") -> None:
        full = f"{where.key}.{key}" if where.key and key else (where.key or key)
        line = where.line_of(key)
        self.problems.append(ScenarioProblem(where.file, line, full, message, fix))

    def unknown(self, where: Where, key: str, what: str, item: str, known: Iterable[str]) -> None:
        import difflib  # noqa: PLC0415 - only on the error path

        pool = sorted(known)
        close = difflib.get_close_matches(item, pool, n=3)
        hint = f"did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        shown = ", ".join(pool[:12]) + (", ..." if len(pool) > 12 else "")  # noqa: PLR2004
        fix = hint or f"use one of {shown}" if pool else "this network has none"
        self.fail(where, f"unknown {what} {item!r}", fix, key)

    def provenance(self, source: str | None, *, estimate: bool, note: str | None) -> Provenance:
        if source is None:
            return Provenance(f"scenario {self.scenario.name}", "estimate", note)
        citation = self.scenario.sources.get(source, source)
        return Provenance(citation, "estimate" if estimate else "published", note)

    # -- lookups --------------------------------------------------------------------------
    def link_ids(self, where: Where, ids: Sequence[str], key: str = "links") -> list[str]:
        found = []
        for i in ids:
            if i in self.links:
                found.append(i)
            else:
                self.unknown(where, key, "link", i, self.links)
        return found

    def node_ids(self, where: Where, ids: Sequence[str], key: str = "nodes") -> list[str]:
        found = []
        for i in ids:
            if i in self.nodes:
                found.append(i)
            else:
                self.unknown(where, key, "node", i, self.nodes)
        return found

    def service_links(self, where: Where, names: Sequence[str], key: str = "services") -> list[str]:
        by_name: dict[str, list[str]] = {}
        for lk in self.links.values():
            if lk.service is not None:
                by_name.setdefault(lk.service.name, []).append(lk.id)
        out: list[str] = []
        for name in names:
            if name in by_name:
                out.extend(by_name[name])
            else:
                self.unknown(where, key, "service", name, by_name)
        return out

    def result(self) -> Network:
        closed = closed_links(self.nodes, self.links.values(), self.closures)
        out = replace(
            self.network,
            nodes=tuple(self.nodes.values()),
            links=tuple(lk for lk in self.links.values() if lk.id not in closed),
            cargo_classes=tuple(self.cargo),
            fx=self.fx,
            regimes=tuple(self.regimes),
        )
        if self.closures or self.network.cached(_STATE_KEY) is not None:
            out.remember(_STATE_KEY, _State(tuple(self.links.values()), tuple(self.closures)))
        return out


def closed_links(
    nodes: Mapping[str, Node], links: Iterable[Link], closures: Iterable[tuple[str, str]]
) -> set[str]:
    """Ids of the links that the closures ``(target, id)`` take out of the network.

    Parameters
    ----------
    nodes
        Nodes by id.
    links
        Every link, closed ones included.
    closures
        ``(target, id)`` pairs, target one of
        :data:`~corridor.scenarios.model.CLOSE_TARGETS`.

    Returns
    -------
    set of str
        Link ids.
    """
    by_target: dict[str, set[str]] = {}
    for target, item in closures:
        by_target.setdefault(target, set()).add(item)
    all_links = list(links)
    shut_nodes = by_target.get("nodes", set()) | by_target.get("chokepoints", set())
    countries = by_target.get("countries", set())
    frontiers = {frozenset(f.split("-")) for f in by_target.get("frontiers", set())}
    services = set(by_target.get("services", set()))
    for lk in all_links:
        if lk.service is not None and by_target.get("chokepoints", set()) & {
            lk.from_node,
            lk.to_node,
        }:
            services.add(lk.service.name)

    def country(node_id: str) -> str | None:
        n = nodes.get(node_id)
        return None if n is None else n.country

    def frontier_at(node_id: str) -> frozenset[str] | None:
        n = nodes.get(node_id)
        return None if n is None or n.border is None else frozenset(n.border.countries)

    out: set[str] = set(by_target.get("links", set()))
    for lk in all_links:
        ends = (lk.from_node, lk.to_node)
        if (
            (shut_nodes & set(ends))
            or (lk.service is not None and lk.service.name in services)
            or (countries & {country(e) for e in ends} - {None})
            or (
                frontiers
                and (
                    frozenset(c for c in (country(e) for e in ends) if c is not None) in frontiers
                    or any(frontier_at(e) in frontiers for e in ends)
                )
            )
        ):
            out.add(lk.id)
    return out


# -- edits ------------------------------------------------------------------------------


def _close(w: _Work, e: CloseEdit) -> None:
    where = e.where
    for item in e.ids:
        key = (e.target, item)
        if not _known_target(w, e, item):
            continue
        if e.reopen:
            if key in w.closures:
                w.closures.remove(key)
            elif e.target in ("chokepoints", "nodes") and any(item in g.closed for g in w.regimes):
                w.regimes = [
                    replace(g, closed=tuple(c for c in g.closed if c != item)) for g in w.regimes
                ]
            else:
                w.fail(
                    where,
                    f"{e.target[:-1]} {item!r} is not closed",
                    "reopen only what a scenario or a regime closed",
                    e.target,
                )
        elif key not in w.closures:
            w.closures.append(key)


def _known_target(w: _Work, e: CloseEdit, item: str) -> bool:
    where, target = e.where, e.target
    if target == "links":
        return bool(w.link_ids(where, [item], target))
    if target == "nodes":
        return bool(w.node_ids(where, [item], target))
    if target == "services":
        return bool(w.service_links(where, [item], target))
    if target == "chokepoints":
        passes = {n.id for n in w.nodes.values() if n.kind == "chokepoint" or n.passage}
        if item not in passes:
            w.unknown(where, target, "chokepoint", item, passes)
            return False
        return True
    countries = {n.country for n in w.nodes.values()}
    if target == "countries":
        if item not in countries:
            w.unknown(where, target, "country", item, countries)
            return False
        return True
    a, _, b = item.partition("-")
    for c in (a, b):
        if c not in countries:
            w.unknown(where, target, "country", c, countries)
            return False
    if not closed_links(w.nodes, w.links.values(), [("frontiers", item)]):
        w.fail(where, f"no link crosses the frontier {item}", "name two neighbours", target)
        return False
    return True


def _factor_capacity(c: Capacity | None, e: CapacityEdit) -> Capacity | None:
    if e.value is not None and e.unit is not None:
        return Capacity(e.value, e.unit)
    if c is None or e.factor is None:
        return None
    return Capacity(c.value * e.factor, c.unit)


def _capacity(w: _Work, e: CapacityEdit) -> None:
    prov = w.provenance(e.source, estimate=e.estimate, note=e.note)
    for lid in w.link_ids(e.where, e.links):
        lk = w.links[lid]
        cap = _factor_capacity(lk.capacity, e)
        if cap is None:
            w.fail(e.where, f"link {lid!r} has no capacity to scale", "give value and unit")
            continue
        w.links[lid] = replace(lk, capacity=cap, provenance={**lk.provenance, "capacity": prov})
    for nid in w.node_ids(e.where, e.nodes):
        node = w.nodes[nid]
        hit = False
        transfers: list[Transfer] = []
        for t in node.transfers:
            if (
                e.transfer is None
                or t.connects(e.transfer[0], e.transfer[1])  # type: ignore[arg-type]
                or (t.from_mode, t.to_mode)
                == (
                    e.transfer[1],
                    e.transfer[0],
                )
            ):
                cap = _factor_capacity(t.capacity, e)
                if cap is not None:
                    hit = True
                    t = replace(t, capacity=cap, provenance={**t.provenance, "capacity": prov})  # noqa: PLW2901
            transfers.append(t)
        if not hit:
            what = f" {e.transfer[0]}>{e.transfer[1]}" if e.transfer else ""
            w.fail(
                e.where,
                f"node {nid!r} has no{what} transfer with a capacity to change",
                'name the transfer (transfer = "FROM>TO") or give value and unit',
                "nodes",
            )
            continue
        w.nodes[nid] = replace(node, transfers=tuple(transfers))


def _speed(w: _Work, e: SpeedEdit) -> None:
    prov = w.provenance(e.source, estimate=e.estimate, note=e.note)
    for lid in w.link_ids(e.where, e.links):
        lk = w.links[lid]
        if e.speed_kmh is not None:
            new = replace(lk, speed_kmh=e.speed_kmh, duration_h=None)
        else:
            f = e.factor or 1.0
            new = replace(
                lk,
                speed_kmh=None if lk.speed_kmh is None else lk.speed_kmh * f,
                duration_h=None if lk.duration_h is None else lk.duration_h.scaled(1.0 / f),
            )
        w.links[lid] = replace(new, provenance={**lk.provenance, "speed_kmh": prov})


def _tariff(w: _Work, e: TariffEdit) -> None:
    prov = w.provenance(e.source, estimate=e.estimate, note=e.note)
    if e.currency is not None and e.currency not in w.fx.currencies:
        w.fail(
            e.where,
            f"no exchange rate for {e.currency}",
            f"add [fx] rates = {{ {e.currency} = <per USD> }} or use one of "
            f"{', '.join(sorted(w.fx.currencies))}",
            "currency",
        )
        return
    ids = w.link_ids(e.where, e.links) + w.service_links(e.where, e.services)
    for lid in ids:
        lk = w.links[lid]
        if e.factor is not None:
            f = e.factor

            def scale(t: Tariff | None, f: float = f) -> Tariff | None:
                return None if t is None else replace(t, fixed=t.fixed * f, per_km=t.per_km * f)

            if lk.tariff is None:
                w.fail(e.where, f"link {lid!r} has no tariff to scale", "give fixed/per_km")
                continue
            new = replace(lk, tariff=scale(lk.tariff), tariff_reverse=scale(lk.tariff_reverse))
        else:
            unit = e.unit or (lk.tariff.unit if lk.tariff else "FEU")
            tariff = Tariff(e.fixed or 0.0, e.per_km or 0.0, e.currency or "USD", unit)
            new = replace(lk, tariff=tariff, tariff_reverse=None)
        w.links[lid] = replace(new, provenance={**lk.provenance, "tariff": prov})


def _border_regime(w: _Work, e: BorderRegimeEdit) -> None:
    prov = w.provenance(e.source, estimate=False, note=e.note)
    named = w.node_ids(e.where, e.nodes)
    countries = set(e.countries)
    known = {n.country for n in w.nodes.values()}
    for c in countries - known:
        w.unknown(e.where, "countries", "country", c, known)
    for nid in named:
        node = w.nodes[nid]
        if node.border is None:
            crossings = [n.id for n in w.nodes.values() if n.border is not None]
            w.unknown(e.where, "nodes", "border crossing", nid, crossings)
        elif e.regime not in node.border.dwell_h:
            w.fail(e.where, f"{nid!r} has no {e.regime} dwell", "add one to the network", "nodes")
    every = not e.nodes and not e.countries
    for node in list(w.nodes.values()):
        b = node.border
        if b is None or e.regime not in b.dwell_h:
            continue
        if every or node.id in named or countries & set(b.countries):
            w.nodes[node.id] = replace(
                node,
                border=replace(b, regime=e.regime),
                provenance={**node.provenance, "border.regime": prov},
            )


def _headway(w: _Work, e: HeadwayEdit) -> None:
    target = e.headway_h
    if e.sailings_per_week is not None:
        target = _HOURS_PER_WEEK / e.sailings_per_week
    for lid in w.service_links(e.where, e.services):
        lk = w.links[lid]
        sv = lk.service
        if sv is None:  # pragma: no cover - service_links only returns served links
            continue
        mean = sv.headway_h.mean if sv.headway_h is not None else 0.0
        if sv.headway_h is not None and mean > 0 and (e.factor is not None or target):
            # keep the distribution's shape: scale it to the new mean
            f = e.factor if e.factor is not None else (target or mean) / mean
            new = replace(sv, headway_h=sv.headway_h.scaled(f))
        elif target is not None:
            new = replace(sv, headway_h=Fixed(target), weekly_departures_h=())
        else:  # a timetable (or a zero headway) scaled: regular departures
            deps = sv.weekly_departures_h
            every = _HOURS_PER_WEEK / len(deps) if deps else mean
            new = replace(sv, headway_h=Fixed(every * (e.factor or 1.0)), weekly_departures_h=())
        w.links[lid] = replace(lk, service=new)


def _regime(w: _Work, e: RegimeEdit) -> None:
    if e.sea_rates is not None or e.sea_rates_date is not None:
        sea = [g for g in w.regimes if g.kind == "sea_rates"]
        chosen: OperatingRegime | None = None
        if e.sea_rates is not None:
            chosen = next((g for g in sea if g.id == e.sea_rates), None)
            if chosen is None:
                w.unknown(e.where, "sea_rates", "sea-rate regime", e.sea_rates, [g.id for g in sea])
        else:
            try:
                probe = replace(w.network, regimes=tuple(w.regimes))
                chosen = pick_sea_regime(probe, e.sea_rates_date)
            except RegimeError as exc:
                w.fail(e.where, str(exc), "pick a date a regime covers", "sea_rates_date")
        if chosen is not None:
            pinned = replace(chosen, valid_from=None, valid_to=None)
            w.regimes = [
                pinned if g is chosen else g
                for g in w.regimes
                if g.kind != "sea_rates" or g is chosen
            ]
    if e.rail_operations is not None:
        rail = [g.id for g in w.regimes if g.kind == "rail_operations"]
        if e.rail_operations not in rail:
            w.unknown(e.where, "rail_operations", "rail operating regime", e.rail_operations, rail)
            return
        w.regimes = [
            replace(g, default=g.id == e.rail_operations) if g.kind == "rail_operations" else g
            for g in w.regimes
        ]


def _fx(w: _Work, e: FxEdit) -> None:
    if w.fx.base in e.rates:
        w.fail(e.where, f"{w.fx.base} is the base currency", "drop it from rates", "rates")
        return
    rates = {**w.fx.rates, **e.rates}
    prov = w.provenance(e.source, estimate=e.estimate, note=e.note)
    w.fx = FxTable(rates=rates, base=w.fx.base, date=e.date or w.fx.date, provenance=prov)


def _value_of_time(w: _Work, e: ValueOfTimeEdit) -> None:
    ids = [c.id for c in w.cargo]
    match = [i for i, c in enumerate(w.cargo) if c.id.lower() == e.cargo.lower()]
    if not match:
        w.unknown(e.where, "cargo", "cargo class", e.cargo, ids)
        return
    c = w.cargo[match[0]]
    prov = w.provenance(e.source, estimate=e.estimate, note=e.note)
    w.cargo[match[0]] = replace(
        c,
        value_of_time_usd_per_day=e.usd_per_day,
        provenance={**c.provenance, "value_of_time_usd_per_day": prov},
    )


def apply_edits(network: Network, scenario: Scenario) -> Network:
    """Apply one scenario's edits (not its ``base``) to ``network``.

    Parameters
    ----------
    network
        The network (not changed).
    scenario
        The scenario.

    Returns
    -------
    Network
        A new network (``network`` itself when the scenario has no edits).

    Raises
    ------
    ScenarioError
        Listing every id the network does not have and every edit that cannot apply,
        with the scenario file, line and key.
    """
    if not scenario.edits:
        return network
    from corridor.scenarios.add import add_feature  # noqa: PLC0415 - reads the network format

    w = _Work(network, scenario)
    for edit in scenario.edits:
        try:
            _apply_one(w, edit, add_feature)
        except InvalidArgumentError as exc:  # a value the network model refuses
            w.fail(edit.where, str(exc), "use a value in the range the message gives")
    if w.problems:
        raise ScenarioError(w.problems)
    return w.result()


def id_problems(network: Network, scenario: Scenario) -> tuple[ScenarioProblem, ...]:
    """The ids that ``scenario``'s edits name and ``network`` does not have.

    Only the ids are looked up (links, nodes, services, chokepoints, countries, frontiers,
    regimes, cargo classes, tariff currencies), not the values, so that this also runs on
    the edits of a file whose values have problems (:attr:`ScenarioError.partial`): the
    user then sees every problem of the file at once. Ids that the scenario's own ``[[add]]`` tables
    introduce count as known.

    Parameters
    ----------
    network
        The network the scenario would apply to (not changed).
    scenario
        The scenario (its ``base`` is not applied).

    Returns
    -------
    tuple of ScenarioProblem
        One problem per unknown id, worded as :func:`apply_edits` words them.
    """
    w = _Work(network, scenario)
    added = {
        str(e.properties.get(key))
        for e in scenario.edits
        if isinstance(e, AddFeature)
        for key in ("id", "name")
        if key in e.properties
    }

    currencies = set(w.fx.currencies).union(
        *(e.rates for e in scenario.edits if isinstance(e, FxEdit))
    )

    def new(ids: Sequence[str]) -> list[str]:
        return [i for i in ids if i not in added]

    for e in scenario.edits:
        if isinstance(e, CloseEdit):
            for item in new(e.ids):
                if _well_formed(e.target, item):  # a malformed code is reported on reading
                    _known_target(w, e, item)
        elif isinstance(e, CapacityEdit):
            w.link_ids(e.where, new(e.links))
            w.node_ids(e.where, new(e.nodes))
        elif isinstance(e, SpeedEdit):
            w.link_ids(e.where, new(e.links))
        elif isinstance(e, TariffEdit):
            w.link_ids(e.where, new(e.links))
            w.service_links(e.where, new(e.services))
            if e.currency is not None and e.currency not in currencies:
                w.fail(
                    e.where,
                    f"no exchange rate for {e.currency}",
                    f"add [fx] rates = {{ {e.currency} = <per USD> }} or use one of "
                    f"{', '.join(sorted(currencies))}",
                    "currency",
                )
        elif isinstance(e, HeadwayEdit):
            w.service_links(e.where, new(e.services))
        elif isinstance(e, BorderRegimeEdit):
            w.node_ids(e.where, new(e.nodes))
            known = {n.country for n in w.nodes.values()}
            for c in sorted(set(e.countries) - known):
                if _well_formed("countries", c):
                    w.unknown(e.where, "countries", "country", c, known)
        elif isinstance(e, RegimeEdit):
            _regime_ids(w, e)
        elif isinstance(e, ValueOfTimeEdit) and not any(
            c.id.lower() == e.cargo.lower() for c in w.cargo
        ):
            w.unknown(e.where, "cargo", "cargo class", e.cargo, [c.id for c in w.cargo])
    return tuple(w.problems)


def _well_formed(target: str, item: str) -> bool:
    """Whether a country code (``KZ``) or frontier (``CN-KZ``) is written as one."""
    if target == "countries":
        return len(item) == 2 and item.isascii() and item.isupper()  # noqa: PLR2004
    if target == "frontiers":
        a, dash, b = item.partition("-")
        return bool(dash) and _well_formed("countries", a) and _well_formed("countries", b)
    return True


def _regime_ids(w: _Work, e: RegimeEdit) -> None:
    for key, kind, what, item in (
        ("sea_rates", "sea_rates", "sea-rate regime", e.sea_rates),
        ("rail_operations", "rail_operations", "rail operating regime", e.rail_operations),
    ):
        ids = [g.id for g in w.regimes if g.kind == kind]
        if item is not None and item not in ids:
            w.unknown(e.where, key, what, item, ids)


def _apply_one(w: _Work, edit: Edit, add_feature: Any) -> None:  # noqa: ANN401
    if isinstance(edit, CloseEdit):
        _close(w, edit)
    elif isinstance(edit, CapacityEdit):
        _capacity(w, edit)
    elif isinstance(edit, SpeedEdit):
        _speed(w, edit)
    elif isinstance(edit, TariffEdit):
        _tariff(w, edit)
    elif isinstance(edit, BorderRegimeEdit):
        _border_regime(w, edit)
    elif isinstance(edit, HeadwayEdit):
        _headway(w, edit)
    elif isinstance(edit, RegimeEdit):
        _regime(w, edit)
    elif isinstance(edit, FxEdit):
        _fx(w, edit)
    elif isinstance(edit, ValueOfTimeEdit):
        _value_of_time(w, edit)
    elif isinstance(edit, AddFeature):
        add_feature(w, edit)
