"""Find places by name, alias, id or UN/LOCODE, tolerant of spelling."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from corridor.exceptions import UnknownPlaceError
from corridor.network.model import Network, Node

__all__ = ["PlaceMatch", "find_places", "normalize_name", "resolve_place"]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_FUZZY_CUTOFF = 0.75


def normalize_name(text: str) -> str:
    """Fold case, strip diacritics and punctuation: ``"Xi'an"``, ``"XIAN"`` → ``"xian"``.

    Parameters
    ----------
    text
        A place name.

    Returns
    -------
    str
        The normalised form.
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub("", ascii_only.casefold())


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A node that matches a query, and how well (1.0: exact)."""

    node: Node
    score: float
    matched: str


def _keys(node: Node) -> list[str]:
    keys = [node.id, node.name, *node.aliases]
    if node.locode:
        keys.append(node.locode)
    return keys


def find_places(network: Network, query: str = "", *, limit: int = 10) -> list[PlaceMatch]:
    """Places matching ``query``, best first.

    Exact matches of id, name, alias or LOCODE (after :func:`normalize_name`) score 1.0,
    prefixes 0.9, substrings 0.8, and close spellings their similarity ratio.

    Parameters
    ----------
    network
        The network.
    query
        Text to look for; empty lists every node.
    limit
        At most this many matches.

    Returns
    -------
    list of PlaceMatch
        The matches.
    """
    q = normalize_name(query)
    if not q:
        return [PlaceMatch(n, 1.0, n.name) for n in network.nodes][:limit]
    matches: list[PlaceMatch] = []
    for node in network.nodes:
        best: PlaceMatch | None = None
        for key in _keys(node):
            k = normalize_name(key)
            if not k:
                continue
            if k == q:
                score = 1.0
            elif k.startswith(q):
                score = 0.9
            elif q in k:
                score = 0.8
            else:
                score = difflib.SequenceMatcher(None, q, k).ratio() * 0.79
                if score < _FUZZY_CUTOFF * 0.79:
                    continue
            if best is None or score > best.score:
                best = PlaceMatch(node, score, key)
        if best is not None:
            matches.append(best)
    matches.sort(key=lambda m: (-m.score, m.node.name))
    return matches[:limit]


def _exact_index(network: Network) -> dict[str, list[Node]]:
    """Normalised id/name/alias/LOCODE → nodes, memoised on the network."""
    cached = network.cached("place_index")
    if isinstance(cached, dict):
        return cached
    index: dict[str, list[Node]] = {}
    for node in network.nodes:
        for key in {normalize_name(k) for k in _keys(node)}:
            if key:
                index.setdefault(key, []).append(node)
    network.remember("place_index", index)
    return index


def resolve_place(network: Network, query: str) -> Node:
    """The one node meant by ``query`` (id, name, alias or LOCODE).

    Parameters
    ----------
    network
        The network.
    query
        What the user typed.

    Returns
    -------
    Node
        The node.

    Raises
    ------
    UnknownPlaceError
        If nothing matches exactly or unambiguously; the message lists suggestions.
    """
    if network.has_node(query):
        return network.node(query)
    exact_nodes = _exact_index(network).get(normalize_name(query), [])
    if len(exact_nodes) == 1:
        return exact_nodes[0]
    matches = find_places(network, query, limit=5)
    exact = [m for m in matches if m.score == 1.0]
    if len(exact) == 1:
        return exact[0].node
    if len(exact) > 1:
        options = ", ".join(f"{m.node.id} ({m.node.name}, {m.node.country})" for m in exact)
        raise UnknownPlaceError(f"{query!r} is ambiguous: {options}; use one of these ids")
    if matches and matches[0].score >= 0.9 and (len(matches) == 1 or matches[1].score < 0.9):  # noqa: PLR2004
        return matches[0].node
    hint = (
        "did you mean " + ", ".join(f"{m.node.name} ({m.node.id})" for m in matches[:3]) + "?"
        if matches
        else "run `corridor places` to list the known places"
    )
    raise UnknownPlaceError(f"unknown place {query!r}: {hint}")
