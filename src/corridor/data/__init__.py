"""The embedded Eurasian corridor network and its schema."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from corridor.network.model import Network

__all__ = ["EURASIA_FILE", "eurasia", "network_schema"]

EURASIA_FILE = "eurasia.geojson"


@lru_cache(maxsize=1)
def eurasia() -> Network:
    """The embedded Eurasian corridor network (read once, then shared).

    Every caller gets the same object, which is safe because a :class:`Network` is
    immutable all the way down (tuples, frozensets and read-only mappings): build a changed
    copy with :func:`dataclasses.replace` or a scenario; what one caller builds never
    reaches another.

    Returns
    -------
    Network
        China–Europe rail, road, ferry and sea network with provenance for every number.

    Notes
    -----
    The first process to load it keeps a pickled copy in the user's cache directory
    (``CORRIDOR_CACHE_DIR``; ``CORRIDOR_CACHE=off`` turns it off), which later processes
    load in a third of the time while it matches the file and corridor's code
    (:mod:`corridor.data._cache`).

    Examples
    --------
    >>> import corridor
    >>> net = corridor.eurasia()
    >>> net is corridor.eurasia()  # read once, then shared
    True
    >>> {"CN", "KZ", "AZ", "GE", "TR", "DE"} <= net.countries
    True
    >>> net.node("duisburg").name, len(net.links) > 100
    ('Duisburg', True)
    >>> net.fx.rates["EUR"] = 1.0  # shared safely: nothing in it can be changed
    Traceback (most recent call last):
    ...
    TypeError: 'FrozenMap' object does not support item assignment
    """
    from corridor.data._cache import cached_network  # noqa: PLC0415 - keep import light

    # bytes: json decodes UTF-8 itself, ~5 ms faster than a text read (newline handling)
    data = resources.files(__package__).joinpath(EURASIA_FILE).read_bytes()
    return cached_network(data, lambda: _read_embedded(data))


def _read_embedded(data: bytes) -> Network:
    from corridor._gc import collector_paused  # noqa: PLC0415
    from corridor.io.geojson import network_from_geojson  # noqa: PLC0415 - keep import light

    with collector_paused():
        return network_from_geojson(json.loads(data), source=f"<embedded {EURASIA_FILE}>")


def network_schema() -> dict[str, Any]:
    """The JSON Schema of the network file format.

    Returns
    -------
    dict
        The parsed schema (JSON Schema draft 2020-12) shipped as
        ``corridor/data/network.schema.json``.
    """
    text = resources.files(__package__).joinpath("network.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
