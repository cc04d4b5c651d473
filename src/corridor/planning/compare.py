"""Compare corridors: the best route of every corridor family that connects two places."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Unpack

from corridor._checks import check_number
from corridor._frame import records_frame
from corridor.exceptions import NoRouteError
from corridor.network.graph import WATER_MODES
from corridor.network.model import CargoClass, Network, Node
from corridor.planning.best import best_route
from corridor.reliability.simulate import with_percentiles
from corridor.routing.constraints import Constraints
from corridor.routing.families import FAMILIES, FAMILY_LABELS
from corridor.routing.options import RouteKeywords, RouteOptions
from corridor.routing.plausibility import (
    DETOUR_RATIO,
    TIE_MARGIN,
    TRANSIT_MARGIN,
    Assessment,
    assess,
)
from corridor.routing.result import ROUTE_COLUMNS, Route, list_cell
from corridor.routing.route import Query, alternative_routes, prepare

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COMPARISON_COLUMNS",
    "SEA_FAMILIES",
    "Comparison",
    "compare",
    "compare_query",
    "family_constraints",
]

COMPARISON_COLUMNS: tuple[str, ...] = (
    "origin",
    "destination",
    "cargo",
    "rank",
    "tied_above",
    "tie_with",
    "label",
    *ROUTE_COLUMNS,
    "dominated_by",
    "implausible",
    "implausible_reason",
)
"""Columns of a comparison's table (:meth:`Comparison.to_frame`, ``corridor compare -f
csv``): origin and destination ids and the cargo class; ``rank`` (empty for an implausible
option), ``tied_above`` (the table's ``~``: it holds its rank by tying with a better
option), ``tie_with``; ``label`` (the corridor's display name); the route's figures
(:data:`corridor.routing.result.ROUTE_COLUMNS`, per cargo unit); ``dominated_by`` (options
better on time, money and CO2); ``implausible`` (the rules that hide a detour) and
``implausible_reason`` (their sentences). Lists are ``;``-joined."""

SEA_FAMILIES: frozenset[str] = frozenset({"sea_suez", "sea_cape", "sea_direct"})
"""Corridor families that are sea routes."""
_SEA_CLOSURES = ("suez", "cape_good_hope", "bab_el_mandeb")
_QUIET = frozenset({"sea_direct"})
"""Families whose absence is not worth a line: most places have no direct sea route."""


@dataclass(frozen=True)
class Comparison:
    """The best route per corridor family, ranked, ties marked, detours set apart.

    Attributes
    ----------
    origin, destination
        The places.
    cargo
        The cargo class.
    assessed
        Every option found, one per family: the shown ones best first, then those judged
        implausible (see :mod:`corridor.routing.plausibility`).
    unavailable
        Family → why no route of that family exists under the request.
    optimize
        The criterion.
    tie_margin, detour_ratio, transit_margin
        The margins the options were judged with.
    """

    origin: Node
    destination: Node
    cargo: CargoClass
    assessed: tuple[Assessment, ...]
    unavailable: dict[str, str] = field(default_factory=dict)
    optimize: str = "generalized"
    tie_margin: float = TIE_MARGIN
    detour_ratio: float = DETOUR_RATIO
    transit_margin: float = TRANSIT_MARGIN

    @property
    def options(self) -> tuple[Route, ...]:
        """The options shown as corridors, best first."""
        return tuple(a.route for a in self.assessed if a.shown)

    @property
    def implausible(self) -> tuple[Assessment, ...]:
        """Options that are detours through another corridor, with the reasons."""
        return tuple(a for a in self.assessed if not a.shown)

    def option(self, corridor: str) -> Route | None:
        """The option of one corridor family, shown or implausible (``None`` if not found).

        Parameters
        ----------
        corridor
            A family id (``northern``, ``sea_suez``, ...).

        Returns
        -------
        Route or None
            The option; look in :attr:`implausible` to know whether it is shown.
        """
        return next((a.route for a in self.assessed if a.route.corridor == corridor), None)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON contract.

        Returns
        -------
        dict of str to Any
            ``origin``, ``destination``, ``cargo``, ``optimize``, the shown ``options``
            (best first) and the ``implausible`` ones by family with their reasons.
        """
        return {
            "origin": _place(self.origin),
            "destination": _place(self.destination),
            "cargo": self.cargo.id,
            "optimize": self.optimize,
            "options": [a.to_dict() for a in self.assessed if a.shown],
            "implausible": {
                a.route.corridor: {
                    "reasons": [f.to_dict() for f in a.implausible],
                    "option": a.to_dict(),
                }
                for a in self.implausible
            },
            "unavailable": dict(self.unavailable),
            "margins": {
                "tie": self.tie_margin,
                "detour_ratio": self.detour_ratio,
                "transit": self.transit_margin,
            },
        }

    def to_geojson(self) -> dict[str, Any]:
        """FeatureCollection of the shown routes with their figures as properties.

        Returns
        -------
        dict of str to Any
            A GeoJSON ``FeatureCollection``, one feature per shown option, best first.
        """
        return {"type": "FeatureCollection", "features": [r.to_feature() for r in self.options]}

    def rows(self, *, include_implausible: bool = False) -> list[dict[str, Any]]:
        """One row of :data:`COMPARISON_COLUMNS` per option, best first.

        Parameters
        ----------
        include_implausible
            Also the options judged detours through another corridor, after the shown
            ones, with ``implausible`` and ``implausible_reason`` saying why.

        Returns
        -------
        list of dict
            Column name to value (figures rounded as in :meth:`to_dict`).
        """
        rows: list[dict[str, Any]] = []
        for a in self.assessed:
            if not (a.shown or include_implausible):
                continue
            rows.append(
                {
                    "origin": self.origin.id,
                    "destination": self.destination.id,
                    "cargo": self.cargo.id,
                    "rank": a.rank,
                    "tied_above": a.tied_above,
                    "tie_with": list_cell(a.tie_with),
                    "label": FAMILY_LABELS.get(a.route.corridor, a.route.corridor),
                    **a.route.summary_row(),
                    "dominated_by": list_cell(
                        [f.reference for f in a.flags if f.rule == "dominated"]
                    ),
                    "implausible": list_cell([f.rule for f in a.implausible]),
                    "implausible_reason": "; ".join(f.text for f in a.implausible),
                }
            )
        return rows

    def to_frame(self, *, include_implausible: bool = False) -> pd.DataFrame:
        """The options as a pandas DataFrame, one row each, columns :data:`COMPARISON_COLUMNS`.

        The same table as ``corridor compare ... --format csv`` (``--all`` for
        ``include_implausible=True``): rank and ties, the corridor, mean and percentile
        days, ``cost_usd``, ``co2_kg`` and ``distance_km`` per cargo unit, frontiers,
        internal borders, transfers and countries.

        Parameters
        ----------
        include_implausible
            Also the options judged detours, with why (see :meth:`rows`).

        Returns
        -------
        pandas.DataFrame
            The options, best first.

        Raises
        ------
        MissingOptionalDependencyError
            If pandas is not installed (``pip install 'corridor[frame]'``).
        """
        return records_frame(self.rows(include_implausible=include_implausible), COMPARISON_COLUMNS)


def _place(node: Node) -> dict[str, Any]:
    return {"id": node.id, "name": node.name, "country": node.country}


def family_constraints(network: Network) -> dict[str, Constraints]:
    """Extra constraints that steer a search into each corridor family.

    Derived from the network (which ports are Georgian, which crossings join Georgia and
    Türkiye), so they hold for any network that keeps the chokepoint ids.

    Parameters
    ----------
    network
        The network the families are searched on.

    Returns
    -------
    dict of str to Constraints
        Per family id (``northern``, ``middle``, ``sea_suez``, ...), the countries to
        avoid and the nodes to close, limited to those the network has.
    """
    nodes = {n.id for n in network.nodes}
    sea_closed = frozenset(c for c in _SEA_CLOSURES if c in nodes)
    ge_ports = frozenset(n.id for n in network.nodes if n.kind == "port" and n.country == "GE")
    ge_tr = frozenset(
        n.id
        for n in network.nodes
        if n.border is not None and set(n.border.countries) == {"GE", "TR"}
    )

    def c(avoid: set[str], close: frozenset[str] = frozenset()) -> Constraints:
        present = network.countries
        return Constraints(avoid_countries=frozenset(avoid & present), close=close)

    suez_only = frozenset(x for x in ("cape_good_hope",) if x in nodes)
    cape_only = frozenset(x for x in ("suez", "bab_el_mandeb") if x in nodes)
    land = {"KZ", "MN", "RU", "BY", "UZ", "TM", "KG"}
    return {
        "northern": c({"AZ", "GE", "IR", "TM"}, sea_closed),
        "middle_black_sea": c({"RU", "BY", "IR"}, sea_closed | ge_tr),
        "middle_turkiye": c({"RU", "BY", "IR"}, sea_closed | ge_ports),
        "middle": c({"RU", "BY", "IR"}, sea_closed),
        "southern": c({"RU", "BY", "AZ", "GE"}, sea_closed),
        "sea_suez": c(land, suez_only),
        "sea_cape": c(land, cape_only),
        "sea_direct": c(land, sea_closed),
    }


def compare(
    network: Network,
    origin: str,
    destination: str,
    *,
    tie_margin: float = TIE_MARGIN,
    detour_ratio: float = DETOUR_RATIO,
    transit_margin: float = TRANSIT_MARGIN,
    options: RouteOptions | None = None,
    **overrides: Unpack[RouteKeywords],
) -> Comparison:
    """The best route of every corridor family that connects ``origin`` and ``destination``.

    Each family is searched with extra constraints that steer into it (see
    :func:`family_constraints`) on top of the user's constraints; every route found is then
    labelled by the family its countries and chokepoints put it in, so a label is never
    taken on trust from the search. The unconstrained best route and its alternatives are
    added when they belong to a family not found yet. Options are then ranked, ties within
    3 % of the objective marked, and options that are detours through another corridor set
    apart with the reason (:func:`corridor.routing.plausibility.assess`).

    Parameters
    ----------
    network
        The network.
    origin, destination
        Places.
    tie_margin, detour_ratio, transit_margin
        Margins of the plausibility rules
        (:func:`corridor.routing.plausibility.assess`).
    options, **overrides
        The request's options, as for :func:`corridor.route`.

    Returns
    -------
    Comparison
        One route per family, best first, the implausible ones apart, and why the other
        families are unavailable.

    Raises
    ------
    NoRouteError
        If no route at all satisfies the request.
    InvalidArgumentError
        For an unknown option or a bad value (the message names the parameter).

    Examples
    --------
    >>> import corridor
    >>> c = corridor.compare(corridor.eurasia(), "Xi'an", "Duisburg")
    >>> "northern" in {r.corridor for r in c.options}
    True
    >>> c.to_dict()["options"][0]["corridor"] == c.options[0].corridor
    True
    """
    _check_margins(tie_margin, detour_ratio, transit_margin)
    query = prepare(network, origin, destination, RouteOptions.of(options, overrides))
    return compare_query(
        query, tie_margin=tie_margin, detour_ratio=detour_ratio, transit_margin=transit_margin
    )


def compare_query(
    query: Query,
    *,
    tie_margin: float = TIE_MARGIN,
    detour_ratio: float = DETOUR_RATIO,
    transit_margin: float = TRANSIT_MARGIN,
) -> Comparison:
    """Compare corridors for a prepared query (see :func:`compare`).

    Parameters
    ----------
    query
        The prepared request.
    tie_margin, detour_ratio, transit_margin
        Margins of the plausibility rules.

    Returns
    -------
    Comparison
        As for :func:`compare`.

    Raises
    ------
    InvalidArgumentError
        If ``tie_margin`` or ``transit_margin`` is not a finite number >= 0, or
        ``detour_ratio`` is not a finite number >= 1.
    """
    _check_margins(tie_margin, detour_ratio, transit_margin)
    network = query.compiled.network
    user = query.constraints
    p90 = query.optimize == "p90"
    time_query = replace(query, optimize="time")

    def scored(r: Route) -> Route:
        """For p90, every candidate is judged by its simulated P90 (one yardstick)."""
        if not p90:
            return r
        if not r.transit_days:
            r = with_percentiles(network, r, month=query.month)
        return replace(r, objective=r.transit_days["p90"] * 24.0, optimize="p90")

    found: dict[str, Route] = {}
    unavailable: dict[str, str] = {}
    # between two ports, a sea corridor is port to port: all water, no land bridge
    port_to_port = _by_water(network, query.origin.id) and _by_water(network, query.destination.id)
    water = frozenset(m for m in WATER_MODES if not user.modes or m in user.modes)
    for family, extra in family_constraints(network).items():
        all_water = port_to_port and family in SEA_FAMILIES and bool(water)
        merged = Constraints(
            avoid_countries=user.avoid_countries | extra.avoid_countries,
            close=user.close | extra.close,
            modes=water if all_water else user.modes,  # type: ignore[arg-type]
            via=user.via,
            max_transshipments=user.max_transshipments,
        )
        # the family's own steering must not exclude the origin or destination
        merged = _spare_endpoints(merged, query)
        try:
            r = best_route(query.with_constraints(merged))
        except NoRouteError:
            if family not in _QUIET:
                unavailable[family] = "no route of this family under the request"
            continue
        _keep(found, scored(r), port_to_port=port_to_port)
        if p90:  # the family's fastest route by mean is always a P90 candidate too
            _keep(
                found,
                scored(best_route(time_query.with_constraints(merged))),
                port_to_port=port_to_port,
            )
    try:
        # For p90, the alternatives are those of the time search (the P90 search starts
        # from them), each judged by its P90, so that no family's option has a worse P90
        # than the route `--optimize time` shows for it.
        for r in alternative_routes(time_query if p90 else query, k=4, max_overlap=0.6):
            _keep(found, scored(r), port_to_port=port_to_port)
    except NoRouteError:
        if not found:
            raise
    for family in found:
        unavailable.pop(family, None)
    options = [
        r if r.transit_days else with_percentiles(network, r, month=query.month)
        for r in found.values()
    ]
    return Comparison(
        origin=query.origin,
        destination=query.destination,
        cargo=query.cargo,
        assessed=assess(
            options,
            unions=network.customs_unions,
            tie_margin=tie_margin,
            detour_ratio=detour_ratio,
            transit_margin=transit_margin,
        ),
        unavailable={k: unavailable[k] for k in FAMILIES if k in unavailable},
        optimize=query.optimize,
        tie_margin=tie_margin,
        detour_ratio=detour_ratio,
        transit_margin=transit_margin,
    )


def _check_margins(tie_margin: float, detour_ratio: float, transit_margin: float) -> None:
    check_number("tie_margin", tie_margin, low=0.0)
    check_number("detour_ratio", detour_ratio, low=1.0)
    check_number("transit_margin", transit_margin, low=0.0)


def _spare_endpoints(c: Constraints, query: Query) -> Constraints:
    ends = {query.origin.country, query.destination.country}
    return Constraints(
        avoid_countries=c.avoid_countries - (ends - query.constraints.avoid_countries),
        close=c.close - {query.origin.id, query.destination.id},
        modes=c.modes,
        via=c.via,
        max_transshipments=c.max_transshipments,
    )


def _by_water(network: Network, node_id: str) -> bool:
    """Whether ships call at the node (a water link touches it)."""
    return any(lk.mode in WATER_MODES for lk in network.links_at(node_id))


def _lands(r: Route) -> bool:
    return any(leg.kind == "move" and leg.mode not in WATER_MODES for leg in r.legs)


def _keep(found: dict[str, Route], r: Route, *, port_to_port: bool = False) -> None:
    current = found.get(r.corridor)
    if (
        current is not None
        and port_to_port
        and r.corridor in SEA_FAMILIES
        and _lands(r)
        and not _lands(current)
    ):
        return  # port to port, a sea corridor stays all water
    if current is None or r.objective < current.objective:
        found[r.corridor] = r
