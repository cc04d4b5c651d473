"""The embedded network, once per process, and its scenario variants (bounded LRU)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from corridor.exceptions import CorridorError, UnknownIdError, UnknownPlaceError

if TYPE_CHECKING:
    from corridor.network.model import Network

__all__ = ["MAX_PLACE_TEXT", "NetworkCache", "check_scenarios", "resolve"]

#: The longest place text matched (spelling-tolerant matching costs length squared).
MAX_PLACE_TEXT = 200


def check_scenarios(names: Sequence[str]) -> tuple[str, ...]:
    """Built-in scenario names, each checked (no file path reaches the file system).

    Parameters
    ----------
    names
        ``scenario`` query values, each a name or a comma list.

    Returns
    -------
    tuple of str
        The names, in order.

    Raises
    ------
    UnknownIdError
        For a name that is not a built-in scenario.
    """
    from corridor.cli._common import comma_list  # noqa: PLC0415
    from corridor.scenarios import builtin_scenarios  # noqa: PLC0415

    known = builtin_scenarios()
    items = comma_list("scenario", list(names))
    for name in items:
        if name not in known:
            raise UnknownIdError(
                f"scenario {name!r}: no built-in scenario of this name; fix: use one of "
                f"{', '.join(known)} (GET /v1/scenarios)"
            )
    return tuple(items)


class NetworkCache:
    """The embedded network and, per scenario tuple, the network with them applied.

    Parameters
    ----------
    size
        How many scenario variants are kept (least recently used dropped first).
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._variants: OrderedDict[tuple[object, ...], Network] = OrderedDict()

    def get(
        self,
        scenarios: tuple[str, ...] = (),
        *,
        base: Network | None = None,
        base_key: object = None,
        specs: Sequence[object] | None = None,
        versions: tuple[object, ...] = (),
    ) -> Network:
        """The network (embedded, or ``base``) with ``scenarios`` applied in order.

        Parameters
        ----------
        scenarios
            Built-in scenario names (checked with :func:`check_scenarios`).
        base
            An uploaded network to start from (default: the embedded one).
        base_key
            What identifies ``base`` in the cache (its name, owner and version).
        specs
            The scenarios to apply when some are uploads (parsed
            :class:`~corridor.scenarios.Scenario` objects); default: ``scenarios``.
        versions
            What identifies the uploaded scenarios' versions in the cache.

        Returns
        -------
        Network
            The shared, immutable network.
        """
        from corridor.data import eurasia  # noqa: PLC0415

        start = eurasia() if base is None else base
        if not scenarios:
            return start
        key = (base_key, scenarios, versions)
        with self._lock:
            found = self._variants.get(key)
            if found is not None:
                self._variants.move_to_end(key)
                return found
        from corridor.scenarios import apply_scenario  # noqa: PLC0415

        net = apply_scenario(start, list(specs) if specs else list(scenarios))  # type: ignore[arg-type]
        with self._lock:
            self._variants[key] = net
            self._variants.move_to_end(key)
            while len(self._variants) > self._size:
                self._variants.popitem(last=False)
        return net

    def __len__(self) -> int:
        """How many scenario variants are cached."""
        return len(self._variants)


def resolve(net: Network, text: str, role: str, notes: list[str] | None = None) -> str:
    """The node id of the place ``text`` (tolerant of spelling), as the CLI resolves it.

    Parameters
    ----------
    net
        The network.
    text
        Name, alias, id or UN/LOCODE.
    role
        ``origin``, ``destination`` or ``via`` (endpoints must be terminals).
    notes
        Where to append the CLI's note when a misspelling was matched
        (``matched 'Duisburg' for 'Duisbrg'``).

    Returns
    -------
    str
        The node id.

    Raises
    ------
    CorridorError
        If ``text`` is empty or too long, or an endpoint is not a terminal.
    UnknownPlaceError
        With a ``suggestions`` attribute: names of close places.
    """
    from corridor.network.places import check_endpoint, find_places, match_place  # noqa: PLC0415

    if not text.strip():
        raise CorridorError(f"{role}='': empty; fix: give a place name, id or UN/LOCODE")
    if len(text) > MAX_PLACE_TEXT:
        raise CorridorError(
            f"{role}: {len(text):,} characters; fix: give a place name of at most "
            f"{MAX_PLACE_TEXT} characters"
        )
    try:
        m = match_place(net, text)
    except UnknownPlaceError as exc:
        close = find_places(net, text, limit=5)
        exc.suggestions = [c.node.name for c in close]  # type: ignore[attr-defined]
        raise
    if role != "via":
        check_endpoint(m.node, role)
    if m.kind == "near" and notes is not None:
        notes.append(f"matched {m.node.name!r} for {text!r}")
    return m.node.id
