"""Shared provenance: a source entry used many times in a network file, written once.

A network file may keep provenance entries in a table, the ``provenance`` member of its
``corridor`` object (an id → ``{"source", "kind", "note"}``), and refer to an entry by its
id wherever a ``provenance`` object would hold the entry itself::

    "corridor": {"provenance": {"p3f2a9c01d4": {"source": "OSM via scgraph", ...}}}
    ...
    "provenance": {"distance_km": "p3f2a9c01d4", "speed_kmh": {"source": ...}}

The reader resolves the ids (an unknown id is an error naming the feature and field).
Sharing changes only the file, never the network read from it; the embedded network is
written this way, which halves its size and its reading time (most of its entries repeat:
2,461 entries, 582 distinct).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from corridor._checks import check_int
from corridor.exceptions import InvalidArgumentError

__all__ = ["SHARED_PROVENANCE", "provenance_id", "share_provenance"]

#: The member of the ``corridor`` object that holds the shared entries.
SHARED_PROVENANCE = "provenance"

_ID_HEX = 10  # 40 bits of SHA-256: a collision among a network's entries is negligible


def provenance_id(entry: Mapping[str, Any]) -> str:
    """The id under which a provenance entry is shared: stable, from its content.

    Parameters
    ----------
    entry
        A provenance entry (``source``, ``kind``, ``note``).

    Returns
    -------
    str
        ``"p"`` and 10 hexadecimal digits of the SHA-256 of the entry's canonical JSON, so
        that an unchanged entry keeps its id when a network is rebuilt (small diffs).

    Raises
    ------
    InvalidArgumentError
        If ``entry`` is not a mapping.

    Examples
    --------
    >>> provenance_id({"source": "UIC 2024", "kind": "published"})
    'p5ddcdb85f4'
    """
    if not isinstance(entry, Mapping):
        msg = f"entry must be a provenance entry, e.g. {{'source': ...}}, got {entry!r}"
        raise InvalidArgumentError(msg)
    text = json.dumps(dict(entry), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "p" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:_ID_HEX]


def share_provenance(doc: Mapping[str, Any], *, min_uses: int = 2) -> dict[str, Any]:
    """A copy of a network document with its repeated provenance entries shared.

    Every entry used at least ``min_uses`` times moves into ``corridor.provenance`` and is
    replaced by its :func:`provenance_id` where it was; entries used fewer times stay
    where they are. A table the document already has is kept (and extended).

    Parameters
    ----------
    doc
        A network FeatureCollection as JSON data (e.g. from
        :func:`corridor.io.network_to_geojson`).
    min_uses
        Share entries used at least this many times (1 shares every entry).

    Returns
    -------
    dict
        The document with shared entries; ``doc`` itself is not changed.

    Raises
    ------
    InvalidArgumentError
        If ``doc`` is not a mapping or ``min_uses`` is not an integer >= 1.

    Examples
    --------
    >>> entry = {"source": "UIC 2024", "kind": "published"}
    >>> doc = {"type": "FeatureCollection", "corridor": {}, "features": [
    ...     {"properties": {"provenance": {"distance_km": entry, "speed_kmh": entry}}}]}
    >>> shared = share_provenance(doc)
    >>> shared["features"][0]["properties"]["provenance"]
    {'distance_km': 'p5ddcdb85f4', 'speed_kmh': 'p5ddcdb85f4'}
    >>> shared["corridor"]["provenance"]
    {'p5ddcdb85f4': {'source': 'UIC 2024', 'kind': 'published'}}
    """
    if not isinstance(doc, Mapping):
        msg = f"doc must be a network FeatureCollection as JSON data (a dict), got {doc!r:.80}"
        raise InvalidArgumentError(msg)
    check_int("min_uses", min_uses, low=1)
    meta = doc.get("corridor")
    table = dict(meta.get(SHARED_PROVENANCE) or {}) if isinstance(meta, Mapping) else {}
    uses: Counter[str] = Counter()
    _walk(doc, lambda entry: uses.update((provenance_id(entry),)))
    shared = {key for key, count in uses.items() if count >= min_uses}

    def swap(entry: Mapping[str, Any]) -> object:
        key = provenance_id(entry)
        if key not in shared:
            return entry
        table.setdefault(key, dict(entry))
        return key

    out: dict[str, Any] = _rebuild(doc, swap)
    if table:
        new_meta = dict(out.get("corridor") or {})
        new_meta[SHARED_PROVENANCE] = dict(sorted(table.items()))
        out["corridor"] = new_meta
    return out


def _is_entry(value: object) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("source"), str)


def _walk(value: object, visit: Any) -> None:  # noqa: ANN401 - a callable
    """Call ``visit`` on every inline provenance entry below ``value``."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key == SHARED_PROVENANCE and isinstance(item, Mapping):
                for entry in item.values():
                    if _is_entry(entry):
                        visit(entry)
                    elif isinstance(entry, Mapping):
                        _walk(entry, visit)
            elif key == "corridor" and isinstance(item, Mapping):
                # the shared table itself is not a provenance object: skip it
                _walk({k: v for k, v in item.items() if k != SHARED_PROVENANCE}, visit)
            else:
                _walk(item, visit)
    elif isinstance(value, list):
        for item in value:
            _walk(item, visit)


def _rebuild(value: Any, swap: Any) -> Any:  # noqa: ANN401 - JSON data
    """A copy of ``value`` with every inline provenance entry passed through ``swap``."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key == SHARED_PROVENANCE and isinstance(item, Mapping):
                out[key] = {
                    k: swap(entry) if _is_entry(entry) else _rebuild(entry, swap)
                    for k, entry in item.items()
                }
            elif key == "corridor" and isinstance(item, Mapping):
                rest = _rebuild({k: v for k, v in item.items() if k != SHARED_PROVENANCE}, swap)
                if SHARED_PROVENANCE in item:
                    rest[SHARED_PROVENANCE] = item[SHARED_PROVENANCE]
                out[key] = rest
            else:
                out[key] = _rebuild(item, swap)
        return out
    if isinstance(value, list):
        return [_rebuild(item, swap) for item in value]
    return value
