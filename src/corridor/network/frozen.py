"""A read-only, hashable, picklable mapping for the fields of frozen network objects.

:class:`types.MappingProxyType` is read-only but neither hashable nor picklable, and a
network has to be both: hashable so that it can key a cache, picklable so that it can be
sent to Dask workers. :class:`FrozenMap` holds a private copy of what it is given, so a
caller who keeps the dict it passed in cannot change the map afterwards.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import Any, TypeVar, overload

__all__ = ["EMPTY", "FrozenMap", "freeze_map"]

K = TypeVar("K")
V_co = TypeVar("V_co", covariant=True)
_T = TypeVar("_T")


class FrozenMap(Mapping[K, V_co]):
    """An immutable mapping: a read-only view of a private dict, hashable and picklable.

    Parameters
    ----------
    data
        A mapping or an iterable of ``(key, value)`` pairs, copied on construction.

    Notes
    -----
    Equality is that of a dict (order-insensitive, and equal to a plain ``dict`` with the
    same items); the hash is that of the frozenset of items, so the values must be
    hashable for ``hash()`` to work. Iteration keeps the insertion order. Item assignment,
    deletion and attribute assignment raise ``TypeError`` / ``AttributeError``.

    Examples
    --------
    >>> rates = FrozenMap({"EUR": 0.86})
    >>> rates["EUR"]
    0.86
    >>> rates | {"GBP": 0.74} == {"EUR": 0.86, "GBP": 0.74}
    True
    """

    __slots__ = ("_data", "_hash")
    _data: dict[K, V_co]
    _hash: int | None

    def __init__(self, data: Mapping[K, V_co] | Iterable[tuple[K, V_co]] = (), /) -> None:
        object.__setattr__(self, "_data", dict(data))
        object.__setattr__(self, "_hash", None)

    def __getitem__(self, key: K) -> V_co:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    @overload
    def get(self, key: K, /) -> V_co | None: ...
    @overload
    def get(self, key: K, default: V_co | _T, /) -> V_co | _T: ...
    def get(self, key: K, default: object = None, /) -> object:
        """The value for ``key``, or ``default`` when there is none.

        Parameters
        ----------
        key
            The key to look up.
        default
            What to return when ``key`` is absent.

        Returns
        -------
        object
            The value, or ``default``.
        """
        return self._data.get(key, default)

    def keys(self) -> KeysView[K]:
        """A read-only view of the keys.

        Returns
        -------
        KeysView
            The keys, in insertion order.
        """
        return self._data.keys()

    def values(self) -> ValuesView[V_co]:
        """A read-only view of the values.

        Returns
        -------
        ValuesView
            The values, in key insertion order.
        """
        return self._data.values()

    def items(self) -> ItemsView[K, V_co]:
        """A read-only view of the ``(key, value)`` pairs.

        Returns
        -------
        ItemsView
            The pairs, in key insertion order.
        """
        return self._data.items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(frozenset(self._data.items())))
        assert self._hash is not None  # noqa: S101 - set just above
        return self._hash

    def __or__(self, other: Mapping[K, Any]) -> FrozenMap[K, Any]:
        """A new map with the items of ``other`` added (replacing those with equal keys)."""
        if not isinstance(other, Mapping):
            return NotImplemented
        return FrozenMap({**self._data, **other})

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[type[FrozenMap[K, V_co]], tuple[dict[K, V_co]]]:
        return (type(self), (self._data,))

    def __copy__(self) -> FrozenMap[K, V_co]:
        return self

    def __setattr__(self, name: str, value: object) -> None:
        msg = f"FrozenMap is read-only: cannot set {name!r}"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> None:
        msg = f"FrozenMap is read-only: cannot delete {name!r}"
        raise AttributeError(msg)


EMPTY: FrozenMap[Any, Any] = FrozenMap()
"""The empty map (shared: it cannot change)."""


def freeze_map(data: Mapping[K, _T]) -> FrozenMap[K, _T]:
    """``data`` as a :class:`FrozenMap` (returned as is when it already is one).

    Parameters
    ----------
    data
        Any mapping.

    Returns
    -------
    FrozenMap
        A read-only copy (or ``data`` itself, already read-only).
    """
    if type(data) is FrozenMap:
        return data
    if not data:
        return EMPTY
    return FrozenMap(data)
