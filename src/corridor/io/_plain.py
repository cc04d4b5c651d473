"""Plain nodes and links of a GeoJSON network: checked one feature at a time, built at once.

A large network file (a national rail graph) is mostly *plain* features: a node with an
id, name, kind, country and a Point; a link with ids, mode, distance, speed and perhaps
directions, a name, traction and an emission factor. :func:`node_row` and
:func:`link_row` tell such a feature, each in one function (no helper per field), and
give its values as a row; anything else (``None``) goes to the field-by-field reader,
which reports every problem of a feature. The two readers build equal objects (tested).

:func:`read_plain` reads the rows of a whole list of features, then builds the nodes
and links from their columns (``map`` over the columns, in C) and keeps the columns: the
validator and the compiler would otherwise read every field back from the objects.
Checking a feature's fields while its dicts are in the cache, then building from
columns, is faster than either checking a column at a time or building per feature.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Final, TypeGuard

from corridor._typing import DIRECTIONS, MODES, NODE_KINDS, Direction, Mode, NodeKind
from corridor.io._fields import COUNTRY_RE
from corridor.network._fast import trusted_link, trusted_node
from corridor.network.model import Link, Node

__all__ = ["NodeRow", "PlainFeatures", "link_row", "node_row", "read_plain"]

NodeRow = tuple[str, str, NodeKind, str, float, float]
"""A plain node's ``id, name, kind, country, lon, lat``."""
LinkRow = tuple[str, str, str, Mode, float, float, float | None, bool | None, Direction, str | None]
"""A plain link's ``id, from, to, mode, distance_km, speed_kmh, emission_g_per_tkm,
electrified, directions, name`` (the arguments of ``trusted_link``)."""

_NODE_KEYS: Final = frozenset({"feature_type", "id", "name", "kind", "country"})
_LINK_KEYS: Final = frozenset(
    {
        "feature_type",
        "id",
        "from",
        "to",
        "mode",
        "distance_km",
        "speed_kmh",
        "directions",
        "name",
        "electrified",
        "emission_g_per_tkm",
    }
)
# each known value to itself: a row holds this one str object, not the copy each JSON
# value is (330,000 copies of "rail_1520" for world_railways), so the columns take less
# memory and hash at once (a str caches its hash)
_NODE_KINDS: Final[dict[str, NodeKind]] = {k: k for k in NODE_KINDS}
_MODES: Final[dict[str, Mode]] = {m: m for m in MODES}
_DIRECTIONS: Final[dict[str, Direction]] = {d: d for d in DIRECTIONS}
_NUMBERS: Final = frozenset({int, float})
_INF: Final = math.inf
#: Country codes already matched by :data:`COUNTRY_RE` (at most 26 * 26 and a few with
#: a newline, which ``$`` lets through), each to itself.
_COUNTRIES: dict[str, str] = {}


def _text(value: object) -> TypeGuard[str]:
    return type(value) is str and bool(value.strip())


def _number(value: object, *, zero: bool = False) -> float | None:
    """``value`` as a float when it is a finite JSON number > 0 (>= 0 with ``zero``)."""
    if type(value) is not float and type(value) is not int:
        return None
    number = float(value)
    if not math.isfinite(number) or number < 0 or (number == 0 and not zero):
        return None
    return number


def node_row(props: dict[str, Any], geometry: object) -> NodeRow | None:
    """The values of a plain node, or ``None`` for the full reader.

    Parameters
    ----------
    props
        The feature's properties.
    geometry
        Its geometry (a plain node has a Point of two numbers within range).

    Returns
    -------
    tuple or None
        ``id, name, kind, country, lon, lat``; ``None`` unless every field is plain.
    """
    # one function, no helper calls: it runs once per node of a file (275,000 for
    # world_railways); every test below is the full reader's, in the same terms
    if not props.keys() <= _NODE_KEYS or type(geometry) is not dict:
        return None
    coords = geometry.get("coordinates")
    if type(coords) is not list or len(coords) != 2:  # noqa: PLR2004 - lon, lat
        return None
    node_id, name, kind, country = (
        props.get("id"),
        props.get("name"),
        props.get("kind"),
        props.get("country"),
    )
    if (
        type(node_id) is not str
        or type(name) is not str
        or type(kind) is not str
        or type(country) is not str
        or not node_id
        or not name
        or node_id.isspace()  # isspace: all whitespace, as in "".strip() == ""
        or name.isspace()
    ):
        return None
    known_kind = _NODE_KINDS.get(kind)
    if known_kind is None:
        return None
    known_country = _COUNTRIES.get(country)
    if known_country is None:
        if not COUNTRY_RE.match(country):
            return None
        known_country = _COUNTRIES.setdefault(country, country)
    lon, lat = coords
    if type(lon) not in _NUMBERS or type(lat) not in _NUMBERS:
        return None
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):  # noqa: PLR2004
        return None
    return node_id, name, known_kind, known_country, float(lon), float(lat)


def link_row(props: dict[str, Any]) -> LinkRow | None:
    """The values of a plain link (one without geometry), or ``None`` for the full reader.

    Parameters
    ----------
    props
        The feature's properties.

    Returns
    -------
    tuple or None
        The arguments of :func:`~corridor.network._fast.trusted_link`; ``None`` unless
        every field is plain.
    """
    if not props.keys() <= _LINK_KEYS:
        return None
    get = props.get
    link_id, from_node, to_node, mode = get("id"), get("from"), get("to"), get("mode")
    if (
        type(link_id) is not str
        or type(from_node) is not str
        or type(to_node) is not str
        or type(mode) is not str
        or not link_id
        or not from_node
        or not to_node
        or link_id.isspace()
        or from_node.isspace()
        or to_node.isspace()
    ):
        return None
    known_mode = _MODES.get(mode)
    if known_mode is None:
        return None
    directions = get("directions", "both")
    if directions is None:
        known_directions: Direction | None = "both"
    elif type(directions) is str:
        known_directions = _DIRECTIONS.get(directions)
    else:
        return None
    if known_directions is None:
        return None
    distance, speed = get("distance_km"), get("speed_kmh")
    # the common case inline (a float above 0 and finite: NaN fails both comparisons)
    if type(distance) is not float or not 0.0 < distance < _INF:
        distance = _number(distance)
        if distance is None:
            return None
    if type(speed) is not float or not 0.0 < speed < _INF:
        speed = _number(speed)
        if speed is None:
            return None
    name, electrified, emission = get("name"), get("electrified"), get("emission_g_per_tkm")
    if name is not None and not _text(name):
        return None
    if electrified is not None and type(electrified) is not bool:
        return None
    if emission is not None:
        emission = _number(emission, zero=True)
        if emission is None:
            return None
    return (
        link_id,
        from_node,
        to_node,
        known_mode,
        distance,
        speed,
        emission,
        electrified,
        known_directions,
        name,
    )


@dataclass
class PlainFeatures:
    """The plain features of a list, read; every other position is for the full reader."""

    node_at: list[int] = field(default_factory=list)
    """Positions (in the feature list) of the plain nodes, ascending."""
    nodes: list[Node] = field(default_factory=list)
    node_columns: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    """Field of ``corridor.network.columns.NODE_FIELDS`` to the nodes' values."""
    link_at: list[int] = field(default_factory=list)
    """Positions of the plain links, ascending."""
    links: list[Link] = field(default_factory=list)
    link_columns: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    """Field of ``corridor.network.columns.LINK_FIELDS`` to the links' values."""


def read_plain(features: list[Any], *, consume: bool = False) -> PlainFeatures:
    """Read the plain nodes and links of ``features``.

    Parameters
    ----------
    features
        The ``features`` list of a FeatureCollection (any values).
    consume
        Set each plain feature's entry of ``features`` to ``None`` once read (the list
        belongs to the caller alone), so that its dicts are freed as the rows grow.

    Returns
    -------
    PlainFeatures
        The plain nodes and links, their positions, and their fields as columns.
    """
    out = PlainFeatures()
    node_rows: list[NodeRow] = []
    link_rows: list[LinkRow] = []
    # bound once: the loop runs once per feature (600,000 for world_railways)
    add_node, add_node_at = node_rows.append, out.node_at.append
    add_link, add_link_at = link_rows.append, out.link_at.append
    read_node, read_link = node_row, link_row
    for index, feature in enumerate(features):
        # the tests of geojson._read_feature, in the order it makes them
        if type(feature) is not dict or feature.get("type") != "Feature":
            continue
        props = feature.get("properties")
        if type(props) is not dict:
            continue
        geometry = feature.get("geometry")
        if geometry is None:
            if props.get("feature_type") != "link" or (link := read_link(props)) is None:
                continue
            add_link(link)
            add_link_at(index)
        elif type(geometry) is dict and geometry.get("type") == "Point":
            if (node := read_node(props, geometry)) is None:
                continue
            add_node(node)
            add_node_at(index)
        else:
            continue
        if consume:
            features[index] = None
    if node_rows:
        node_id, name, kind, country, lon, lat = zip(*node_rows, strict=True)
        del node_rows
        out.nodes = list(map(trusted_node, node_id, name, kind, country, lon, lat))
        empty, nothing = ((),) * len(node_id), (None,) * len(node_id)
        out.node_columns = {
            "id": node_id,
            "kind": kind,
            "country": country,
            "lon": lon,
            "lat": lat,
            "transfers": empty,
            "border": nothing,
            "handling": nothing,
            "closures": nothing,
            "passage": nothing,
        }
    if link_rows:
        columns = tuple(zip(*link_rows, strict=True))
        del link_rows
        out.links = list(map(trusted_link, *columns))
        nothing = (None,) * len(columns[0])
        out.link_columns = {
            "id": columns[0],
            "from_node": columns[1],
            "to_node": columns[2],
            "mode": columns[3],
            "distance_km": columns[4],
            "speed_kmh": columns[5],
            "duration_h": nothing,
            "tariff": nothing,
            "tariff_reverse": nothing,
            "capacity": nothing,
            "emission_g_per_tkm": columns[6],
            "electrified": columns[7],
            "directions": columns[8],
            "service": nothing,
        }
    return out
