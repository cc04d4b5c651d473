"""Nodes and links built from values already checked, for readers of large networks.

A frozen dataclass sets each of its fields through ``object.__setattr__`` and then runs
``__post_init__`` to copy containers: about 7 µs per :class:`~corridor.network.model.Link`
on the reference machine, two seconds for the 330,000 links of world_railways. A reader
that has already checked every value (types, ranges) and passes only fields whose
defaults ``__post_init__`` leaves as they are can set the slots directly, three times as
fast. The objects are the same: equal, hashable and picklable as those the constructor
builds (tested field by field, so a field added to the model without a line here fails
the tests).

Only for trusted values: ``id``, ``name``, ``kind`` and ``country`` of a node are
non-blank strings of the right vocabulary, ``lon``/``lat`` finite floats in range; a
link's ``distance_km`` and ``speed_kmh`` finite floats above 0, and so on. Anything else
goes through the constructor.
"""

from __future__ import annotations

from collections.abc import Callable

from corridor._typing import Direction, Mode, NodeKind
from corridor.network.frozen import EMPTY
from corridor.network.model import Link, Node

__all__ = ["slot_setters", "trusted_link", "trusted_node"]

_new = object.__new__
_Setter = Callable[[object, object], None]


def slot_setters(cls: type, *names: str) -> tuple[_Setter, ...]:
    """The slot setter of each field ``names`` of ``cls`` (a slot member descriptor).

    Parameters
    ----------
    cls
        A dataclass with ``slots=True``.
    *names
        Field names.

    Returns
    -------
    tuple of callable
        ``setter(obj, value)`` for each name, in order.
    """
    return tuple(vars(cls)[name].__set__ for name in names)


# the slot setters of every field, in the order of the dataclass (a slot left unset would
# raise AttributeError when read, and the tests compare every field)
(
    _n_id,
    _n_name,
    _n_kind,
    _n_country,
    _n_lon,
    _n_lat,
    _n_aliases,
    _n_locode,
    _n_transfers,
    _n_border,
    _n_handling,
    _n_closures,
    _n_provenance,
    _n_passage,
) = slot_setters(
    Node,
    "id",
    "name",
    "kind",
    "country",
    "lon",
    "lat",
    "aliases",
    "locode",
    "transfers",
    "border",
    "handling",
    "closures",
    "provenance",
    "passage",
)
(
    _l_id,
    _l_from,
    _l_to,
    _l_mode,
    _l_distance,
    _l_speed,
    _l_duration,
    _l_tariff,
    _l_capacity,
    _l_emission,
    _l_electrified,
    _l_directions,
    _l_service,
    _l_geometry,
    _l_name,
    _l_provenance,
    _l_tariff_reverse,
) = slot_setters(
    Link,
    "id",
    "from_node",
    "to_node",
    "mode",
    "distance_km",
    "speed_kmh",
    "duration_h",
    "tariff",
    "capacity",
    "emission_g_per_tkm",
    "electrified",
    "directions",
    "service",
    "geometry",
    "name",
    "provenance",
    "tariff_reverse",
)


def trusted_node(  # noqa: PLR0917 - positional: called once per node of a file
    node_id: str, name: str, kind: NodeKind, country: str, lon: float, lat: float
) -> Node:
    """A node with only the common fields, from values already checked.

    Parameters
    ----------
    node_id, name, kind, country
        Non-blank id and name, a known kind, an ISO 3166-1 alpha-2 code.
    lon, lat
        Floats within -180..180 and -90..90.

    Returns
    -------
    Node
        Equal to ``Node(id=node_id, name=name, kind=kind, country=country, lon=lon,
        lat=lat)``.
    """
    node: Node = _new(Node)
    _n_id(node, node_id)
    _n_name(node, name)
    _n_kind(node, kind)
    _n_country(node, country)
    _n_lon(node, lon)
    _n_lat(node, lat)
    _n_aliases(node, ())
    _n_locode(node, None)
    _n_transfers(node, ())
    _n_border(node, None)
    _n_handling(node, None)
    _n_closures(node, None)
    _n_provenance(node, EMPTY)
    _n_passage(node, None)
    return node


def trusted_link(  # noqa: PLR0917 - positional: called once per link of a file
    link_id: str,
    from_node: str,
    to_node: str,
    mode: Mode,
    distance_km: float,
    speed_kmh: float | None,
    emission_g_per_tkm: float | None,
    electrified: bool | None,
    directions: Direction,
    name: str | None,
) -> Link:
    """A link with only the common fields (no geometry), from values already checked.

    Parameters
    ----------
    link_id, from_node, to_node
        Non-blank ids.
    mode, directions
        Known values.
    distance_km, speed_kmh, emission_g_per_tkm
        Finite floats (above 0; the emission factor 0 or more), or ``None`` where the
        field is optional.
    electrified, name
        A bool and a non-blank string, or ``None``.

    Returns
    -------
    Link
        Equal to the :class:`~corridor.network.model.Link` with these fields.
    """
    link: Link = _new(Link)
    _l_id(link, link_id)
    _l_from(link, from_node)
    _l_to(link, to_node)
    _l_mode(link, mode)
    _l_distance(link, distance_km)
    _l_speed(link, speed_kmh)
    _l_duration(link, None)
    _l_tariff(link, None)
    _l_capacity(link, None)
    _l_emission(link, emission_g_per_tkm)
    _l_electrified(link, electrified)
    _l_directions(link, directions)
    _l_service(link, None)
    _l_geometry(link, ())
    _l_name(link, name)
    _l_provenance(link, EMPTY)
    _l_tariff_reverse(link, None)
    return link
