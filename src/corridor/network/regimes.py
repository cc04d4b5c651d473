"""Dated sea-rate regimes and rail operating regimes, applied as network transforms.

A network may carry :class:`~corridor.network.model.OperatingRegime` records:

- ``sea_rates`` regimes are chosen by date (``valid_from`` ≤ date ≤ ``valid_to``); without
  a date the latest applies (the one starting last). They scale tariffs (by service name,
  mode or ``*``) and can close passages to liner services (the Red Sea crisis: services
  through Suez are suspended, those around the Cape run).
- ``rail_operations`` regimes are chosen by id (``scheduled``, ``average``, ``congested``);
  without one the regime marked ``default`` applies. They scale border dwells, transfer
  times and service headways (by node id, ISO country or ``*``) and the running times of
  land links (``speed_factor``, by ``<ISO>:<mode>`` of the link's from-node and mode, by
  that ISO country, by mode or ``*``: congestion slows the lines, not only the borders).
  A border dwell factor may name one direction of a crossing, ``<node>:<FROM>TO>``
  (``dostyk:KZ>CN``): all-traffic border times differ by direction (CAREC CPMM publishes
  inbound and outbound separately), so one factor for both would be wrong for one of them.

Back-haul tariffs (``Link.tariff_reverse``) scale by ``tariff_reverse_factor`` where it
lists one of a link's keys, else by ``tariff_factor``: in the Red Sea crisis head-haul
rates rose several-fold while back-haul rates barely moved.

Either kind may replace the schedule-delay distribution of services that have one (by
service name, service kind or ``*``): liner punctuality differs from year to year.

Applying regimes returns a new network (memoised on the base network); the base is never
changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from corridor._typing import Regime
from corridor.exceptions import CorridorError
from corridor.network.distributions import Distribution
from corridor.network.model import Border, Link, Network, Node, OperatingRegime, Tariff

_WATER = frozenset({"sea", "ferry", "inland_water"})

__all__ = [
    "AppliedRegimes",
    "RegimeError",
    "apply_regime_ids",
    "apply_regimes",
    "pick_rail_regime",
    "pick_sea_regime",
]


class RegimeError(ValueError, CorridorError):
    """A date or regime id that the network has no regime for."""


@dataclass(frozen=True)
class AppliedRegimes:
    """A network with its regimes applied, and which ones.

    Attributes
    ----------
    network
        The transformed network (the base itself when no regime applies).
    sea_rates, rail_operations
        Ids of the regimes applied (``None``: none).
    """

    network: Network
    sea_rates: str | None
    rail_operations: str | None

    def to_dict(self) -> dict[str, str | None]:
        """JSON form.

        Returns
        -------
        dict
            ``sea_rates`` and ``rail_operations``: the regime ids applied, or ``None``.
        """
        return {"sea_rates": self.sea_rates, "rail_operations": self.rail_operations}


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RegimeError(f"date {text!r}: not a date; use YYYY-MM-DD, e.g. 2024-06-01") from None


def pick_sea_regime(network: Network, date: str | None = None) -> OperatingRegime | None:
    """The sea-rate regime valid on ``date`` (the latest one when ``date`` is None).

    Parameters
    ----------
    network
        The network and its regimes.
    date
        ISO date (``YYYY-MM-DD``), or ``None`` for the latest regime.

    Returns
    -------
    OperatingRegime or None
        The regime; ``None`` when the network has no sea-rate regimes.

    Raises
    ------
    RegimeError
        If ``date`` is malformed or no regime covers it.
    """
    sea = [g for g in network.regimes if g.kind == "sea_rates"]
    if not sea:
        if date is not None:
            _parse_date(date)
        return None
    if date is None:
        return max(sea, key=lambda g: g.valid_from or "")
    day = _parse_date(date)
    for g in sorted(sea, key=lambda g: g.valid_from or "", reverse=True):
        start = _parse_date(g.valid_from) if g.valid_from else dt.date.min
        end = _parse_date(g.valid_to) if g.valid_to else dt.date.max
        if start <= day <= end:
            return g
    spans = "; ".join(f"{g.id}: {g.valid_from or '…'} to {g.valid_to or '…'}" for g in sea)
    raise RegimeError(f"date {date}: no sea-rate regime covers it; the network has {spans}")


def pick_rail_regime(network: Network, operations: str | None = None) -> OperatingRegime | None:
    """The rail operating regime ``operations`` (the default one when None).

    Parameters
    ----------
    network
        The network and its regimes.
    operations
        A rail regime id, or ``None`` for the network's default.

    Returns
    -------
    OperatingRegime or None
        The regime; ``None`` when ``operations`` is ``None`` and there is no default.

    Raises
    ------
    RegimeError
        If the network has no regime with that id.
    """
    rail = [g for g in network.regimes if g.kind == "rail_operations"]
    if operations is None:
        return next((g for g in rail if g.default), None)
    found = next((g for g in rail if g.id == operations), None)
    if found is None:
        known = ", ".join(g.id for g in rail) or "none (this network defines no rail regimes)"
        raise RegimeError(f"operations {operations!r}: unknown rail operating regime; use {known}")
    return found


def apply_regimes(
    network: Network, *, date: str | None = None, operations: str | None = None
) -> AppliedRegimes:
    """Apply the sea-rate regime of ``date`` and the rail operating regime ``operations``.

    Parameters
    ----------
    network
        The base network (not changed).
    date
        ISO date picking the sea-rate regime (latest when None).
    operations
        Rail operating regime id (the default one when None).

    Returns
    -------
    AppliedRegimes
        The new network and the ids applied.

    Raises
    ------
    RegimeError
        For a malformed date, a date no regime covers, or an unknown regime id; or when
        ``network`` already carries a regime of that kind (``applied_regimes``, e.g. a
        network written after its regimes were applied) and ``date`` or ``operations``
        picks another: regimes scale the network's numbers, so they do not stack.

    Notes
    -----
    A network that already carries a sea-rate (rail operating) regime keeps it when
    ``date`` (``operations``) is ``None``: the latest regime is not laid on top of it.
    """
    applied = set(network.applied_regimes)
    sea = _kept(network, "sea_rates", applied, date, "date")
    if sea is None:
        sea = pick_sea_regime(network, date)
    rail = _kept(network, "rail_operations", applied, operations, "operations")
    if rail is None:
        rail = pick_rail_regime(network, operations)
    return apply_regime_ids(
        network, sea_rates=sea.id if sea else None, rail_operations=rail.id if rail else None
    )


def _kept(
    network: Network, kind: str, applied: set[str], asked: str | None, name: str
) -> OperatingRegime | None:
    """The regime of ``kind`` the network already carries, if ``asked`` agrees with it."""
    carried = next((g for g in network.regimes if g.kind == kind and g.id in applied), None)
    if carried is None or asked is None:
        return carried
    if kind == "sea_rates":
        wanted, what = pick_sea_regime(network, asked), "sea-rate"
    else:
        wanted, what = pick_rail_regime(network, asked), "rail operating"
    if wanted is not None and wanted.id != carried.id:
        raise RegimeError(
            f"{name} {asked!r}: this network already carries the {what} regime "
            f"{carried.id!r}; regimes do not stack, so pass the network before its regimes "
            "were applied"
        )
    return carried


def apply_regime_ids(
    network: Network, *, sea_rates: str | None, rail_operations: str | None
) -> AppliedRegimes:
    """Apply regimes given by id (those already applied to ``network`` are skipped).

    Parameters
    ----------
    network
        The network.
    sea_rates
        Id of the sea-rate regime to apply, or ``None``.
    rail_operations
        Id of the rail operating regime to apply, or ``None``.

    Returns
    -------
    AppliedRegimes
        The network with the regimes applied and the ids that were.

    Raises
    ------
    RegimeError
        If the network has no regime with one of the ids.
    """
    key = f"regimes:{sea_rates or ''}:{rail_operations or ''}"
    cached = network.cached(key)
    if isinstance(cached, AppliedRegimes):
        return cached
    by_id = {g.id: g for g in network.regimes}
    out = network
    for rid in (sea_rates, rail_operations):
        if rid is None or rid in out.applied_regimes:
            continue
        if rid not in by_id:
            raise RegimeError(f"regime {rid!r}: the network has no such regime")
        out = _apply(out, by_id[rid])
    applied = AppliedRegimes(out, sea_rates, rail_operations)
    network.remember(key, applied)
    return applied


def _factor(table: Mapping[str, float], *keys: str | None) -> float:
    found = _lookup(table, *keys)
    return 1.0 if found is None else found


def _lookup(table: Mapping[str, float], *keys: str | None) -> float | None:
    for k in (*keys, "*"):
        if k is not None and k in table:
            return table[k]
    return None


def _apply(network: Network, regime: OperatingRegime) -> Network:
    nodes = {n.id: n for n in network.nodes}
    closed = set(regime.closed)
    suspended = {
        lk.service.name
        for lk in network.links
        if lk.service is not None and ({lk.from_node, lk.to_node} & closed)
    }
    # one headway factor per service (by name, else by where its first link starts)
    wait: dict[str, float] = {}
    for lk in network.links:
        if lk.service is not None and lk.service.name not in wait:
            start = nodes.get(lk.from_node)
            wait[lk.service.name] = _factor(
                regime.wait_factor, lk.service.name, lk.from_node, start.country if start else None
            )
    links: list[Link] = []
    for lk in network.links:
        if lk.service is not None and lk.service.name in suspended:
            continue
        if lk.mode in ("sea", "ferry") and {lk.from_node, lk.to_node} & closed:
            continue
        start = nodes.get(lk.from_node)
        links.append(_scale_link(lk, regime, wait, start.country if start else None))
    new_nodes = tuple(_scale_node(n, regime) for n in network.nodes)
    return replace(
        network,
        nodes=new_nodes,
        links=tuple(links),
        applied_regimes=(*network.applied_regimes, regime.id),
    )


def _scale_link(
    lk: Link, regime: OperatingRegime, wait: Mapping[str, float], country: str | None
) -> Link:
    service = lk.service.name if lk.service is not None else None
    out = lk
    f = _factor(regime.tariff_factor, service, lk.mode)
    back = _lookup(regime.tariff_reverse_factor, service, lk.mode)
    fr = f if back is None else back
    if f != 1.0 or fr != 1.0:
        out = replace(
            out, tariff=_scaled(lk.tariff, f), tariff_reverse=_scaled(lk.tariff_reverse, fr)
        )
    if regime.speed_factor and lk.mode not in _WATER:
        both = f"{country}:{lk.mode}" if country is not None else None
        s = _factor(regime.speed_factor, both, country, lk.mode)
        if s != 1.0:
            out = replace(
                out,
                speed_kmh=None if lk.speed_kmh is None else lk.speed_kmh / s,
                duration_h=None if lk.duration_h is None else lk.duration_h.scaled(s),
            )
    if lk.service is not None and lk.service.headway_h is not None:
        w = wait.get(lk.service.name, 1.0)
        if w != 1.0:
            headway = lk.service.headway_h.scaled(w)
            out = replace(out, service=replace(lk.service, headway_h=headway))
    if out.service is not None and regime.schedule_delay_h:
        sv = out.service
        delay = next(
            (
                regime.schedule_delay_h[k]
                for k in (sv.name, sv.kind, "*")
                if k in regime.schedule_delay_h
            ),
            None,
        )
        if delay is not None and sv.schedule_delay_h is not None:
            out = replace(out, service=replace(sv, schedule_delay_h=delay))
    return out


def _scaled(t: Tariff | None, f: float) -> Tariff | None:
    return None if t is None else Tariff(t.fixed * f, t.per_km * f, t.currency, t.unit)


def _scale_node(node: Node, regime: OperatingRegime) -> Node:
    if not regime.dwell_factor:
        return node
    f = _factor(regime.dwell_factor, node.id, node.country)
    border = node.border
    if border is not None:
        border = _scale_border(border, node.id, regime.dwell_factor, f)
    if f == 1.0 and border is node.border:
        return node
    transfers = node.transfers
    if f != 1.0:
        transfers = tuple(replace(t, time_h=t.time_h.scaled(f)) for t in node.transfers)
    return replace(node, border=border, transfers=transfers)


def _direction_factors(
    border: Border, node_id: str, table: Mapping[str, float], f: float
) -> dict[str, float]:
    """Factor per crossing direction: ``<node>:<FROM>TO>`` keys, else the node's ``f``."""
    a, b = border.countries
    out: dict[str, float] = {}
    for d in (f"{a}>{b}", f"{b}>{a}", *border.dwell_h_by_direction):
        found = table.get(f"{node_id}:{d}")
        out[d] = f if found is None else found
    return out


def _scale_border(border: Border, node_id: str, table: Mapping[str, float], f: float) -> Border:
    """Scale a crossing's dwell by ``f``; a direction with its own key by that factor.

    ``dwell_factor`` keys ``<node>:<FROM>TO>`` (``dostyk:KZ>CN``) scale the dwell of one
    direction only (border times differ by direction: CAREC CPMM publishes inbound and
    outbound separately); a direction without a row of its own then gets one, the
    both-ways dwell scaled.
    """
    per_direction = _direction_factors(border, node_id, table, f)
    if f == 1.0 and all(v == 1.0 for v in per_direction.values()):
        return border

    def scale(per: Mapping[Regime, Distribution], g: float) -> dict[Regime, Distribution]:
        return {k: v.scaled(g) for k, v in per.items()}

    by_direction: dict[str, dict[Regime, Distribution]] = {}
    for d, g in per_direction.items():
        base = border.dwell_h_by_direction.get(d)
        if base is None:
            if g == f:
                continue
            base = border.dwell_h
        by_direction[d] = scale(base, g)
    return replace(border, dwell_h=scale(border.dwell_h, f), dwell_h_by_direction=by_direction)
