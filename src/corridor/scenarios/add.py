"""Adding nodes, links, transfers and services: the ``[add]`` tables of a scenario.

Fields are those of the network file format (docs/network-format.md); they are read by
the same readers as a network file, so an added feature is checked exactly as one in a
file would be. A scenario's ``source`` (or ``estimate = true``) is recorded as the
provenance of every number of the feature.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from corridor.io._fields import FeatureReader, IssueLog
from corridor.io.geojson import _read_feature, _read_transfer
from corridor.network.model import Link, Node, Provenance

if TYPE_CHECKING:
    from corridor.scenarios.apply import _Work
    from corridor.scenarios.model import AddFeature

__all__ = ["add_feature"]

_NUMERIC = (
    "lon",
    "lat",
    "distance_km",
    "speed_kmh",
    "duration_h",
    "tariff",
    "tariff_reverse",
    "capacity",
    "emission_g_per_tkm",
    "time_h",
    "cost",
    "headway_h",
)
_EARTH_KM = 6371.0
_MIN_CALLS = 2
_HOURS_PER_WEEK = 168.0
_MIN_SAILINGS = _HOURS_PER_WEEK / 8760.0
_MAX_SAILINGS = 10080.0


def _plain(value: Any) -> Any:  # noqa: ANN401 - TOML values
    """FrozenMaps and tuples back to the dicts and lists the readers expect."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _provenance(w: _Work, e: AddFeature, props: Mapping[str, Any]) -> dict[str, Provenance]:
    prov = w.provenance(e.source, estimate=e.estimate, note=e.note)
    return {k: prov for k in _NUMERIC if k in props}


def _report(w: _Work, e: AddFeature, log: IssueLog) -> bool:
    for issue in log.issues:
        if issue.severity == "error":
            w.fail(e.where, issue.message, issue.fix, issue.field or "")
    return not log.has_errors


def _gc_km(a: Node, b: Node) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dl = math.radians(b.lon - a.lon)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return _EARTH_KM * math.acos(max(-1.0, min(1.0, c)))


def add_feature(w: _Work, e: AddFeature) -> None:
    """Add the node, link, transfer or service of ``e`` to the work network.

    Parameters
    ----------
    w
        The network being edited (problems are recorded on it).
    e
        The ``[[add.KIND]]`` entry.
    """
    props = _plain(e.properties)
    if e.kind == "node":
        _add_node(w, e, props)
    elif e.kind == "link":
        _add_link(w, e, props)
    elif e.kind == "transfer":
        _add_transfer(w, e, props)
    else:
        _add_service(w, e, props)


def _add_node(w: _Work, e: AddFeature, props: dict[str, Any]) -> None:
    nid = props.get("id")
    if isinstance(nid, str) and nid in w.nodes:
        w.fail(e.where, f"node {nid!r} already exists", "choose a new id", "id")
        return
    point = [props.pop("lon", None), props.pop("lat", None)]
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": point}}
    log = IssueLog(e.where.file)
    made = _read_feature({**feature, "properties": props}, 0, log)
    if _report(w, e, log) and isinstance(made, Node):
        w.nodes[made.id] = replace(made, provenance=_provenance(w, e, {**props, "lon": 0}))


def _link_geometry(w: _Work, props: Mapping[str, Any]) -> list[list[float]] | None:
    a, b = w.nodes.get(str(props.get("from"))), w.nodes.get(str(props.get("to")))
    if a is None or b is None:
        return None
    return [[a.lon, a.lat], [b.lon, b.lat]]


def _add_link(w: _Work, e: AddFeature, props: dict[str, Any]) -> None:
    lid = props.get("id")
    if isinstance(lid, str) and lid in w.links:
        w.fail(e.where, f"link {lid!r} already exists", "choose a new id", "id")
        return
    ok = True
    for end in ("from", "to"):
        value = props.get(end)
        if isinstance(value, str) and value not in w.nodes:
            w.unknown(e.where, end, "node", value, w.nodes)
            ok = False
    if not ok:
        return
    coords = props.pop("geometry", None) or _link_geometry(w, props)
    feature = {"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords}}
    log = IssueLog(e.where.file)
    made = _read_feature({**feature, "properties": props}, 0, log, {})
    if _report(w, e, log) and isinstance(made, Link):
        w.links[made.id] = replace(made, provenance=_provenance(w, e, props))


def _add_transfer(w: _Work, e: AddFeature, props: dict[str, Any]) -> None:
    nid = props.pop("node", None)
    if not isinstance(nid, str) or nid not in w.nodes:
        w.unknown(e.where, "node", "node", str(nid), w.nodes)
        return
    log = IssueLog(e.where.file)
    reader = FeatureReader({"transfers": [props]}, log, nid)
    made = _read_transfer(reader, 0, props)
    if not _report(w, e, log) or made is None:
        return
    made = replace(made, provenance=_provenance(w, e, props))
    node = w.nodes[nid]
    w.nodes[nid] = replace(node, transfers=(*node.transfers, made))


def _add_service(w: _Work, e: AddFeature, props: dict[str, Any]) -> None:
    name = str(props.get("name"))
    calls = props.get("calls")
    if (
        not isinstance(calls, list)
        or len(calls) < _MIN_CALLS
        or not all(isinstance(c, str) for c in calls)
    ):
        w.fail(e.where, "calls must list two or more node ids", 'write calls = ["a", "b"]', "calls")
        return
    missing = [c for c in calls if c not in w.nodes]
    for c in missing:
        w.unknown(e.where, "calls", "node", c, w.nodes)
    if missing:
        return
    service: dict[str, Any] = {"name": name, "kind": props.get("kind", "ferry")}
    sailings = props.get("sailings_per_week")
    if sailings is not None:
        if (
            isinstance(sailings, bool)
            or not isinstance(sailings, int | float)
            or not (_MIN_SAILINGS <= sailings <= _MAX_SAILINGS)
        ):
            w.fail(
                e.where,
                f"sailings_per_week {sailings!r} is impossible",
                f"use a number from {_MIN_SAILINGS:.3f} (one a year) to {_MAX_SAILINGS:,.0f}",
                "sailings_per_week",
            )
            return
        service["headway_h"] = _HOURS_PER_WEEK / float(sailings)
    elif "headway_h" in props:
        service["headway_h"] = props["headway_h"]
    if "operator" in props:
        service["operator"] = props["operator"]
    legs = [(w.nodes[a], w.nodes[b]) for a, b in pairwise(calls)]
    gc = [_gc_km(a, b) or 1.0 for a, b in legs]
    share = [g / sum(gc) for g in gc]
    total = props.get("distance_km")
    for i, ((a, b), s) in enumerate(zip(legs, share, strict=True)):
        leg: dict[str, Any] = {
            "id": f"{name}:{i + 1}",
            "from": a.id,
            "to": b.id,
            "mode": props.get("mode"),
            "distance_km": float(total) * s if isinstance(total, int | float) else total,
            "service": service,
            "name": name,
        }
        for key in ("speed_kmh", "tariff", "capacity"):
            if key in props:
                leg[key] = props[key]
        if isinstance(props.get("duration_h"), int | float):
            leg["duration_h"] = float(props["duration_h"]) * s
        _add_link(w, e, leg)
