"""Routing constraints, checked against the network before any search."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace

from corridor._typing import MODES, Mode
from corridor.exceptions import InvalidArgumentError
from corridor.network.model import Network, Node
from corridor.network.places import resolve_place

__all__ = ["Constraints", "InvalidConstraintError"]


class InvalidConstraintError(InvalidArgumentError):
    """A constraint names something the network does not have."""


@dataclass(frozen=True, slots=True)
class Constraints:
    """What a route must avoid or pass.

    Parameters
    ----------
    avoid_countries
        ISO codes no part of the route may touch.
    close
        Node ids (chokepoints, border crossings, ports) or link ids that are closed.
    modes
        Only these modes may be used (empty: all).
    via
        Node ids the route must pass, in order.
    max_transshipments
        At most this many transfers (gauge changes and mode changes).
    """

    avoid_countries: frozenset[str] = frozenset()
    close: frozenset[str] = frozenset()
    modes: frozenset[Mode] = frozenset()
    via: tuple[str, ...] = ()
    max_transshipments: int | None = None

    @classmethod
    def build(
        cls,
        network: Network,
        *,
        avoid_countries: Iterable[str] = (),
        close: Iterable[str] = (),
        modes: Iterable[str] = (),
        via: Iterable[str] = (),
        max_transshipments: int | None = None,
    ) -> Constraints:
        """Check user input against ``network`` and build the constraints.

        Parameters
        ----------
        network
            The network the constraints must name things of.
        avoid_countries
            ISO codes (any case, blanks ignored) no part of the route may touch.
        close
            Node or link ids to close (a node id in any case).
        modes
            Modes the route may use; ``rail`` stands for both gauges.
        via
            Places the route must pass, in order (resolved like an origin).
        max_transshipments
            At most this many transfers, or ``None`` for no limit.

        Returns
        -------
        Constraints
            The checked constraints, with ids as the network spells them.

        Raises
        ------
        InvalidConstraintError
            For an unknown country, closure id or mode, or a negative transshipment limit.
        UnknownPlaceError
            For an unknown via place.
        """
        countries = network.countries
        avoid = frozenset(c.strip().upper() for c in avoid_countries if c.strip())
        for c in sorted(avoid):
            if c not in countries:
                raise InvalidConstraintError(
                    f"avoid_countries={c!r}: no node of the network is in this country; "
                    f"use one of {', '.join(sorted(countries))}",
                    parameter="avoid_countries",
                )
        closed: set[str] = set()
        link_ids: set[str] = set()
        for raw in close:
            if not link_ids:  # only when something is closed (a pass over every link)
                link_ids = {lk.id for lk in network.links}
            item = raw.strip()
            if network.has_node(item) or item in link_ids:
                closed.add(item)
                continue
            lowered = item.lower()
            if network.has_node(lowered):
                closed.add(lowered)
                continue
            candidates = [n.id for n in network.nodes] + sorted(link_ids)
            close_match = difflib.get_close_matches(lowered, candidates, n=3)
            hint = (
                f"did you mean {', '.join(close_match)}?"
                if close_match
                else ("use a node id from `corridor places` or a link id")
            )
            raise InvalidConstraintError(
                f"close={item!r}: no node or link has this id; {hint}", parameter="close"
            )
        mode_set: set[Mode] = set()
        for raw in modes:
            m = raw.strip()
            found = next((x for x in MODES if x == m), None)
            if found is None:
                if m == "rail":
                    mode_set.update(("rail_1435", "rail_1520"))
                    continue
                raise InvalidConstraintError(
                    f"modes={m!r}: unknown mode; use rail (both gauges) or one of "
                    f"{', '.join(MODES)}",
                    parameter="modes",
                )
            mode_set.add(found)
        via_ids = tuple(resolve_place(network, v).id for v in via)
        if max_transshipments is not None and max_transshipments < 0:
            raise InvalidConstraintError(
                f"max_transshipments={max_transshipments!r}: must be 0 or more",
                parameter="max_transshipments",
            )
        return cls(
            frozenset(avoid), frozenset(closed), frozenset(mode_set), via_ids, max_transshipments
        )

    def check_endpoints(self, origin: Node, destination: Node) -> None:
        """Refuse constraints that exclude the origin or destination itself.

        Parameters
        ----------
        origin, destination
            The resolved endpoints of the search.

        Raises
        ------
        InvalidConstraintError
            If an endpoint is in an avoided country or is itself closed.
        """
        for role, node in (("origin", origin), ("destination", destination)):
            if node.country in self.avoid_countries:
                raise InvalidConstraintError(
                    f"the {role} {node.name} is in {node.country}, which "
                    f"avoid_countries={node.country!r} excludes; drop that constraint or pick "
                    "another place",
                    parameter="avoid_countries",
                )
            if node.id in self.close:
                raise InvalidConstraintError(
                    f"the {role} {node.name} is closed by close={node.id!r}; reopen it",
                    parameter="close",
                )

    def relaxations(self) -> list[tuple[str, Constraints]]:
        """Each constraint on its own, with the constraints left when it is dropped.

        Returns
        -------
        list of tuple of (str, Constraints)
            One pair per single constraint: its description (``close='suez'``) and these
            constraints without it.
        """
        out = [
            (f"avoid_countries={c!r}", replace(self, avoid_countries=self.avoid_countries - {c}))
            for c in sorted(self.avoid_countries)
        ]
        out += [(f"close={c!r}", replace(self, close=self.close - {c})) for c in sorted(self.close)]
        if self.modes:
            out.append(
                (f"modes={','.join(sorted(self.modes))!r}", replace(self, modes=frozenset()))
            )
        out += [
            (f"via={v!r}", replace(self, via=tuple(x for x in self.via if x != v)))
            for v in self.via
        ]
        if self.max_transshipments is not None:
            out.append(
                (
                    f"max_transshipments={self.max_transshipments}",
                    replace(self, max_transshipments=None),
                )
            )
        return out

    def describe(self) -> str:
        """The constraints as keyword arguments (``avoid_countries='RU' close='suez'``).

        Returns
        -------
        str
            One ``name=value`` per constraint, space-separated (empty when there are none).
        """
        parts = [f"avoid_countries={c!r}" for c in sorted(self.avoid_countries)]
        parts += [f"close={c!r}" for c in sorted(self.close)]
        if self.modes:
            parts.append(f"modes={','.join(sorted(self.modes))!r}")
        parts += [f"via={v!r}" for v in self.via]
        if self.max_transshipments is not None:
            parts.append(f"max_transshipments={self.max_transshipments}")
        return " ".join(parts)
