"""Find places by name, alias, id or UN/LOCODE, tolerant of spelling but never of geography.

A query is compared with every node's keys (id, name, the parts of a ``"A / B"`` name,
aliases, UN/LOCODE) in three forms:

1. **Normalised** (:func:`normalize_name`): Cyrillic and Greek transliterated, letters that
   Unicode does not decompose folded (``ı ł ø ə æ ß``), diacritics, case, spaces and
   punctuation dropped. Equal normalised forms are an *exact* match: ``Xi'an``, ``XIAN``,
   ``xi an``, ``CNXIA``.
2. **Phonetic** (:func:`phonetic_key`): transliteration variants folded (``kh → h``,
   ``zh → j``, ``c → k``, ``w → v``, ``y → i``, doubled letters), so ``Horgos`` and
   ``Khorgos`` or ``Konstanza`` and ``Constanza`` are the same word.
3. **Edit distance** between phonetic keys: the optimal-string-alignment (restricted
   Damerau-Levenshtein) distance, where swapping two neighbouring letters is one edit.

A query that is not exact is answered only by a *near* match (:func:`match_place`): a
key within the edit budget of :func:`edit_budget` (0 edits up to 3 letters, 1 up to 8, 2
beyond; a stricter form of the usual ``AUTO`` fuzziness of search engines, because the
answer is acted on), held by one node only, closer than any other node's. ``Duisbrug`` is
one swap from ``Duisburg`` and is answered, the match reported; ``Kostanay`` (a Kazakh
city) is three edits from ``Konstanza`` (an alias of Constanța) and is not: the caller gets
:class:`~corridor.exceptions.UnknownPlaceError` with did-you-mean suggestions. Prefixes
and substrings (``Frankfurt`` in ``Frankfurt (Oder)``) are listed by :func:`find_places`
but never taken as the answer: a prefix of a place in the network is as often a different
place that is not. :func:`resolve_place`, used by the library, takes exact matches only
unless asked (``near=True``); the CLI takes near ones and says so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final, Literal

from corridor._checks import check_instance, check_int, check_str
from corridor.exceptions import UnknownPlaceError
from corridor.network.model import Network, Node

__all__ = [
    "MatchKind",
    "PlaceMatch",
    "check_endpoint",
    "edit_budget",
    "edit_distance",
    "find_places",
    "match_place",
    "normalize_name",
    "phonetic_key",
    "resolve_place",
    "suggestions",
]

MatchKind = Literal["exact", "near", "prefix", "substring", "similar"]
"""How a key matched: the same normalised word, a close spelling within the edit budget,
the start of a key, inside a key, or merely similar (a suggestion, never an answer)."""

_KIND_ORDER: Final[dict[str, int]] = {
    "exact": 0,
    "near": 1,
    "prefix": 2,
    "substring": 3,
    "similar": 4,
}
_SUGGEST_SIMILARITY: Final = 0.6
"""Suggestions need at least this similarity (1 − edits / longer phonetic key)."""
_SUGGESTIONS: Final = 3
_PREFIX_SCALE: Final = 0.1

# Letters NFKD leaves whole, and the Cyrillic and Greek alphabets (BGN/PCGN-like, simplified),
# so that "Ташкент" and "Tashkent" normalise alike.
_FOLD: Final[dict[str, str]] = {
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "ə": "e",
    "æ": "ae",
    "œ": "oe",
    "ß": "ss",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ħ": "h",
    "ŋ": "ng",
    "ŧ": "t",
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ґ": "g",
    "ғ": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "є": "ye",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "і": "i",
    "ї": "yi",
    "й": "y",
    "к": "k",
    "қ": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ng",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "u",
    "ү": "u",
    "ў": "u",
    "ф": "f",
    "х": "kh",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ә": "a",
    "ю": "yu",
    "я": "ya",
    "α": "a",
    "β": "v",
    "γ": "g",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "i",
    "θ": "th",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "m",
    "ν": "n",
    "ξ": "x",
    "ο": "o",
    "π": "p",
    "ρ": "r",
    "σ": "s",
    "ς": "s",
    "τ": "t",
    "υ": "y",
    "φ": "f",
    "χ": "ch",
    "ψ": "ps",
    "ω": "o",
}
_FOLD_TABLE: Final = str.maketrans(_FOLD)

# Spelling variants of one sound across transliteration systems (English, German, French,
# Turkic and pinyin conventions), applied in order to a normalised key.
_PHONETIC: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"tsch|tch", "ch"),
        (r"sch", "sh"),
        (r"dzh|dj|zh", "j"),
        (r"kh", "h"),
        (r"gh", "g"),
        (r"ph", "f"),
        (r"ck", "k"),
        (r"c(?!h)", "k"),
        (r"q", "k"),
        (r"ou", "u"),
        (r"w", "v"),
        (r"y", "i"),
        (r"(.)\1+", r"\1"),
    )
)


def normalize_name(text: str) -> str:
    """Fold case, script, diacritics and punctuation: ``"Xi'an"``, ``"XIAN"`` → ``"xian"``.

    Letters of scripts without a transliteration here (Chinese, Georgian, ...) are kept, so
    that an alias written in them still matches itself.

    Parameters
    ----------
    text
        A place name.

    Returns
    -------
    str
        The normalised form (empty when ``text`` has no letter or digit).

    Raises
    ------
    InvalidArgumentError
        If ``text`` is not a str.
    """
    folded = check_str("text", text).casefold().translate(_FOLD_TABLE)  # precomposed letters: й → y
    decomposed = unicodedata.normalize("NFKD", folded)
    bare = "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))
    return bare.translate(_FOLD_TABLE)  # base letters of decomposed ones: ά → α → a


def phonetic_key(text: str) -> str:
    """A key that spells alike the transliteration variants of one name.

    Parameters
    ----------
    text
        A place name (normalised here first).

    Returns
    -------
    str
        ``"Khorgos"`` and ``"Horgos"`` → ``"horgos"``; ``"Yiwu"`` → ``"ivu"``.
    """
    key = normalize_name(text)
    for pattern, repl in _PHONETIC:
        key = pattern.sub(repl, key)
    return key


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, swaps.

    Parameters
    ----------
    a, b
        Two strings.

    Returns
    -------
    int
        The least number of edits turning ``a`` into ``b``, a swap of two neighbouring
        characters counting as one (``"Duisbrug"`` → ``"Duisburg"``: 1).

    Raises
    ------
    InvalidArgumentError
        If ``a`` or ``b`` is not a str.
    """
    check_str("a", a)
    check_str("b", b)
    if a == b:
        return 0
    if not a or not b:
        return max(len(a), len(b))
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        previous2, previous = previous, current
    return previous[-1]


def edit_budget(length: int) -> int:
    """The most edits a near match may differ by, for a phonetic key of ``length`` letters.

    Parameters
    ----------
    length
        Letters in the query's phonetic key.

    Returns
    -------
    int
        0 up to 3 letters, 1 up to 8, 2 beyond.

    Raises
    ------
    InvalidArgumentError
        If ``length`` is not a whole number >= 0.
    """
    check_int("length", length, low=0)
    if length <= 3:  # noqa: PLR2004 - the budget's steps are documented above
        return 0
    if length <= 8:  # noqa: PLR2004
        return 1
    return 2


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A node that matches a query, how, and how well.

    Attributes
    ----------
    node
        The node.
    score
        Similarity in [0, 1]: 1.0 for an exact match, else 1 − edits / longer phonetic key
        raised for a shared beginning as in Jaro-Winkler (0.1 per letter, up to 4), and
        at least 0.9 for prefixes and 0.8 for substrings.
    matched
        The key that matched (the name, an alias, the id or the UN/LOCODE).
    kind
        How it matched (:data:`MatchKind`).
    edits
        Edits between the phonetic keys of the query and ``matched``.
    """

    node: Node
    score: float
    matched: str
    kind: MatchKind = "exact"
    edits: int = 0

    @property
    def answers(self) -> bool:
        """Whether this match may stand for the query (exact or near)."""
        return self.kind in ("exact", "near")


@dataclass(frozen=True, slots=True)
class _Key:
    node: Node
    text: str
    normal: str
    phonetic: str


def _keys(node: Node) -> list[str]:
    parts = [p.strip() for p in node.name.split(" / ")] if " / " in node.name else []
    keys = [node.name, *parts, *node.aliases, node.id]  # names first: shown as "matched"
    if node.locode:
        keys.append(node.locode)
    return keys


def _index(network: Network) -> tuple[_Key, ...]:
    """Every key of every node in its three forms, memoised on the network."""
    cached = network.cached("place_keys")
    if isinstance(cached, tuple):
        return cached
    keys: list[_Key] = []
    for node in network.nodes:
        seen: set[str] = set()
        for text in _keys(node):
            normal = normalize_name(text)
            if normal and normal not in seen:
                seen.add(normal)
                keys.append(_Key(node, text, normal, phonetic_key(text)))
    index = tuple(keys)
    network.remember("place_keys", index)
    return index


def _exact_index(network: Network) -> dict[str, list[Node]]:
    """Normalised key → nodes, memoised on the network."""
    cached = network.cached("place_index")
    if isinstance(cached, dict):
        return cached
    index: dict[str, list[Node]] = {}
    for node in network.nodes:  # normalised names only: no phonetic keys for exact lookups
        for text in _keys(node):
            normal = normalize_name(text)
            if not normal:
                continue
            nodes = index.setdefault(normal, [])
            if node not in nodes:
                nodes.append(node)
    network.remember("place_index", index)
    return index


def _shared_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _classify(query_normal: str, query_phonetic: str, key: _Key) -> PlaceMatch:
    if key.normal == query_normal:
        return PlaceMatch(key.node, 1.0, key.text, "exact", 0)
    edits = edit_distance(query_phonetic, key.phonetic)
    similarity = 1.0 - edits / max(len(query_phonetic), len(key.phonetic), 1)
    # Winkler's boost: a shared beginning (up to 4 letters) makes a typo likelier
    shared = _shared_start(query_phonetic, key.phonetic)
    similarity += _PREFIX_SCALE * min(shared, 4) * (1.0 - similarity)
    if edits <= edit_budget(len(query_phonetic)):
        return PlaceMatch(key.node, similarity, key.text, "near", edits)
    if key.normal.startswith(query_normal):
        return PlaceMatch(key.node, max(similarity, 0.9), key.text, "prefix", edits)
    if query_normal in key.normal:
        return PlaceMatch(key.node, max(similarity, 0.8), key.text, "substring", edits)
    return PlaceMatch(key.node, similarity, key.text, "similar", edits)


def _rank(m: PlaceMatch) -> tuple[int, int, float, str]:
    edits = m.edits if m.kind == "near" else 0  # near: fewest edits first, whatever the length
    return (_KIND_ORDER[m.kind], edits, -m.score, m.node.name)


def find_places(network: Network, query: str = "", *, limit: int = 10) -> list[PlaceMatch]:
    """Places matching ``query``, best first: exact, near, prefix, substring, similar.

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
        The best match of each node, those with a similarity under 0.6 left out unless they
        are prefixes or substrings. Only ``exact`` and ``near`` matches may stand for the
        query (:attr:`PlaceMatch.answers`); the others are suggestions.

    Raises
    ------
    InvalidArgumentError
        If ``network`` is not a network, ``query`` not a str or ``limit`` not a whole
        number >= 0.

    Examples
    --------
    >>> import corridor
    >>> net = corridor.eurasia()
    >>> best = corridor.find_places(net, "xian")[0]
    >>> best.node.id, best.node.country, best.kind
    ('xian', 'CN', 'exact')
    >>> [m.node.name for m in corridor.find_places(net, "duis")]
    ['Duisburg']
    >>> len(corridor.find_places(net, limit=5))
    5
    """
    _check_network(network)
    check_str("query", query)
    limit = check_int("limit", limit, low=0)
    q_normal = normalize_name(query)
    if not q_normal:
        if query.strip():
            return []
        return [PlaceMatch(n, 1.0, n.name) for n in network.nodes][:limit]
    q_phonetic = phonetic_key(query)
    best: dict[str, PlaceMatch] = {}
    for key in _index(network):
        m = _classify(q_normal, q_phonetic, key)
        if m.kind == "similar" and m.score < _SUGGEST_SIMILARITY:
            continue
        current = best.get(key.node.id)
        if current is None or _rank(m) < _rank(current):
            best[key.node.id] = m
    return sorted(best.values(), key=_rank)[:limit]


def match_place(network: Network, query: str, *, near: bool = True) -> PlaceMatch:
    """The one node meant by ``query``, and how it was matched.

    Parameters
    ----------
    network
        The network.
    query
        What the user typed: id, name, alias or UN/LOCODE, possibly misspelt.
    near
        Whether a clear close spelling may stand for the query (else only exact matches do,
        and a close spelling is offered as a suggestion).

    Returns
    -------
    PlaceMatch
        An ``exact`` match, or a ``near`` one: the caller should then say which place it
        took (``matched 'Duisburg' for 'Duisbrug'``).

    Raises
    ------
    UnknownPlaceError
        If no node matches exactly and no single node is a clear near match (or ``near`` is
        false); the message suggests the closest places.
    InvalidArgumentError
        If ``network`` is not a :class:`~corridor.network.model.Network` or ``query`` is
        not a str.
    """
    _check_network(network)
    check_str("query", query)
    if network.has_node(query):
        return PlaceMatch(network.node(query), 1.0, query)
    exact_nodes = _exact_index(network).get(normalize_name(query), [])
    if len(exact_nodes) == 1:
        return PlaceMatch(exact_nodes[0], 1.0, query)
    if len(exact_nodes) > 1:
        options = ", ".join(f"{n.id} ({n.name}, {n.country})" for n in exact_nodes)
        msg = f"{query!r} is ambiguous: {options}; use one of these ids"
        raise UnknownPlaceError(msg)
    matches = find_places(network, query, limit=len(network.nodes))
    close = [m for m in matches if m.kind == "near"]
    tied = [m for m in close if m.edits == close[0].edits]
    if len(tied) == 1 and near:
        return tied[0]
    if len(tied) > 1:
        names = " or ".join(f"{m.node.name} ({m.node.id})" for m in tied[:_SUGGESTIONS])
        msg = f"{query!r} is as close to {names}: use the full name or the id"
        raise UnknownPlaceError(msg)
    raise UnknownPlaceError(f"unknown place {query!r}: {suggestions(matches)}")


def resolve_place(network: Network, query: str, *, near: bool = False) -> Node:
    """The one node meant by ``query`` (see :func:`match_place`).

    Strict by default: a library call names its places exactly (id, name, alias or
    UN/LOCODE, in any case, script or punctuation), and a close spelling raises with the
    place it resembles suggested. Interactive callers pass ``near=True`` or use
    :func:`match_place` and report the match.

    Parameters
    ----------
    network
        The network.
    query
        What the user typed.
    near
        Whether a clear close spelling may stand for the query.

    Returns
    -------
    Node
        The node.

    Raises
    ------
    UnknownPlaceError
        If nothing matches exactly (or, with ``near``, as a clear close spelling); the
        message lists suggestions.

    Examples
    --------
    >>> import corridor
    >>> net = corridor.eurasia()
    >>> corridor.resolve_place(net, "CNXIA").name  # a UN/LOCODE
    "Xi'an"
    >>> corridor.resolve_place(net, "Duisberg")
    Traceback (most recent call last):
    ...
    corridor.exceptions.UnknownPlaceError: unknown place 'Duisberg': did you mean Duisburg ...?
    >>> corridor.resolve_place(net, "Duisberg", near=True).country
    'DE'
    """
    return match_place(network, query, near=near).node


#: Node kinds a shipment cannot start or end at: sea passages (straits, canals).
_NOT_ENDPOINTS: Final = frozenset({"chokepoint"})


def check_endpoint(node: Node, role: str = "origin") -> Node:
    """``node`` when a shipment can start or end there; a chokepoint is refused.

    Parameters
    ----------
    node
        The resolved origin or destination.
    role
        ``origin`` or ``destination``, for the message.

    Returns
    -------
    Node
        The same node.

    Raises
    ------
    UnknownPlaceError
        If the node is a chokepoint (a strait or canal): cargo passes it, it does not
        start or end there.
    InvalidArgumentError
        If ``node`` is not a :class:`~corridor.network.model.Node`.
    """
    check_instance("node", node, Node, "a Node, e.g. resolve_place(network, 'Duisburg')")
    if node.kind in _NOT_ENDPOINTS:
        msg = (
            f"{role} {node.name!r} is a chokepoint (a sea passage), not a place cargo starts "
            "or ends at; fix: name a city, terminal, port or dry port"
        )
        raise UnknownPlaceError(msg)
    return node


def _check_network(network: object) -> None:
    check_instance("network", network, Network, "a Network, e.g. corridor.eurasia()")


def suggestions(matches: list[PlaceMatch]) -> str:
    """The did-you-mean clause of an unknown-place message.

    Parameters
    ----------
    matches
        Matches of the query, best first (:func:`find_places`).

    Returns
    -------
    str
        ``"not in the network; did you mean Constanța (constanta)?"``.
    """
    if not matches:
        return "not in the network; run `corridor places` to list the known places"
    names = ", ".join(f"{m.node.name} ({m.node.id})" for m in matches[:_SUGGESTIONS])
    if matches[0].kind == "near":  # only a misspelling away from a place that is here
        return f"did you mean {names}?"
    return f"not in the network; did you mean {names}?"
