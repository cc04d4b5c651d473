"""What a routing request asks for: a frozen, typed, validated set of options.

:class:`RouteOptions` is the one place where the options of :func:`corridor.route`,
:func:`corridor.alternatives`, :func:`corridor.pareto` and :func:`corridor.compare` are
named, typed and checked. Pass one as ``options=`` or give the same names as keyword
arguments (typed by :class:`RouteKeywords`, so that a type checker catches
``avoid_country=`` for ``avoid_countries=``)::

    opts = RouteOptions(cargo="TEU", avoid_countries=("RU", "BY"))
    corridor.compare(net, "Xi'an", "Duisburg", options=opts)
    corridor.compare(net, "Xi'an", "Duisburg", cargo="TEU", avoid_countries=["RU", "BY"])

Checks that need no network (kinds, ranges, finiteness, known criteria) run when the
options are built; checks against a network (countries, places, cargo classes, regimes)
run once when a request is prepared (:func:`corridor.routing.route.prepare`). Every error
is an :class:`~corridor.exceptions.InvalidArgumentError` naming the parameter.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Literal, TypedDict, get_args

from corridor._typing import Mode
from corridor.exceptions import InvalidArgumentError

__all__ = [
    "MAX_CARBON_USD_PER_T",
    "MAX_TRANSSHIPMENTS",
    "MAX_VALUE_OF_TIME_USD_PER_DAY",
    "OPTIMIZE",
    "ModeChoice",
    "Optimize",
    "RouteKeywords",
    "RouteOptions",
]

Optimize = Literal["time", "cost", "co2", "generalized", "distance", "p90"]
"""What a route minimises; ``p90`` is the simulated 90th percentile of transit time."""
OPTIMIZE: tuple[Optimize, ...] = get_args(Optimize)

ModeChoice = Mode | Literal["rail"]
"""A mode a route may be limited to; ``rail`` means both gauges."""

MAX_VALUE_OF_TIME_USD_PER_DAY = 1e7
"""Largest accepted value of time (USD per day per shipment); above it time swamps cost."""
MAX_CARBON_USD_PER_T = 1e5
"""Largest accepted carbon price (USD per tonne CO2), ~1,000 times today's ETS prices."""
MAX_TRANSSHIPMENTS = 100
"""Largest accepted transshipment limit (no real route has more)."""


class RouteKeywords(TypedDict, total=False):
    """The options of :class:`RouteOptions` as keyword arguments (all optional)."""

    cargo: str
    optimize: Optimize
    value_of_time_usd_per_day: float | None
    carbon_usd_per_t: float
    avoid_countries: str | Iterable[str]
    close: str | Iterable[str]
    modes: str | Iterable[str]
    via: str | Iterable[str]
    max_transshipments: int | None
    month: int | None
    date: str | None
    operations: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class RouteOptions:
    """The options of a routing request, checked when built.

    Parameters
    ----------
    cargo
        Cargo class id (``FEU``, ``TEU``, ...; the network's cargo classes).
    optimize
        What to minimise: ``time``, ``cost``, ``co2``, ``generalized`` (money + value of
        time x time + carbon price x CO2), ``distance`` or ``p90`` (simulated 90th
        percentile of transit time).
    value_of_time_usd_per_day
        USD per day per shipment, 0 to 1e7; ``None``: the cargo class's.
    carbon_usd_per_t
        Carbon price, USD per tonne CO2, 0 to 1e5.
    avoid_countries
        ISO codes no part of the route may touch. A string is read as a comma-separated
        list (``"RU,BY"``), never as its letters.
    close
        Node ids (chokepoints, border crossings, ports) or link ids that are closed; a
        string is a comma-separated list.
    modes
        Only these modes (``rail`` for both gauges); empty: all. A string is a
        comma-separated list.
    via
        Places the route must pass, in order; a string is a comma-separated list.
    max_transshipments
        At most this many transfers, 0 to 100; ``None``: no limit.
    month
        Month 1-12 for seasonal closures and dwell, ``None``: the yearly average.
    date
        ISO date picking the sea-rate regime (``None``: the latest).
    operations
        Rail operating regime (``scheduled``, ``average``, ``congested``; ``None``: the
        network's default).

    Raises
    ------
    InvalidArgumentError
        For a value of the wrong kind, out of range or not finite, or an unknown
        criterion; the message names the parameter.

    Examples
    --------
    >>> from corridor.routing.options import RouteOptions
    >>> RouteOptions(avoid_countries="RU,BY").avoid_countries
    ('RU', 'BY')
    >>> RouteOptions(optimize="fastest")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    corridor.exceptions.InvalidArgumentError: optimize='fastest': unknown criterion; ...
    """

    cargo: str = "FEU"
    optimize: Optimize = "generalized"
    value_of_time_usd_per_day: float | None = None
    carbon_usd_per_t: float = 0.0
    avoid_countries: tuple[str, ...] = ()
    close: tuple[str, ...] = ()
    modes: tuple[ModeChoice, ...] = ()
    via: tuple[str, ...] = ()
    max_transshipments: int | None = None
    month: int | None = None
    date: str | None = None
    operations: str | None = None

    def __post_init__(self) -> None:
        _text("cargo", self.cargo)
        if self.optimize not in OPTIMIZE:
            raise InvalidArgumentError(
                f"optimize={self.optimize!r}: unknown criterion; use one of {', '.join(OPTIMIZE)}",
                parameter="optimize",
            )
        if self.value_of_time_usd_per_day is not None:
            _price(
                "value_of_time_usd_per_day",
                self.value_of_time_usd_per_day,
                MAX_VALUE_OF_TIME_USD_PER_DAY,
                "USD per day",
            )
        _price("carbon_usd_per_t", self.carbon_usd_per_t, MAX_CARBON_USD_PER_T, "USD per t")
        for name in ("avoid_countries", "close", "modes", "via"):
            object.__setattr__(self, name, _items(name, getattr(self, name)))
        _whole("max_transshipments", self.max_transshipments, 0, MAX_TRANSSHIPMENTS)
        _whole("month", self.month, 1, 12)
        for name in ("date", "operations"):
            value = getattr(self, name)
            if value is not None:
                _text(name, value)

    @classmethod
    def of(
        cls, options: RouteOptions | None = None, overrides: Mapping[str, object] | None = None
    ) -> RouteOptions:
        """``options`` (default: all defaults) with ``overrides`` applied.

        Parameters
        ----------
        options
            Base options, or ``None`` for the defaults.
        overrides
            Option name → value, as given as keyword arguments.

        Returns
        -------
        RouteOptions
            The merged, checked options.

        Raises
        ------
        InvalidArgumentError
            For an unknown option name (with the closest known one) or a bad value.
        """
        if options is not None and not isinstance(options, RouteOptions):
            raise InvalidArgumentError(
                f"options={options!r}: expected a RouteOptions; build one with "
                "RouteOptions(...) or pass the options as keyword arguments",
                parameter="options",
            )
        base = options if options is not None else cls()
        if not overrides:
            return base
        known = [f.name for f in fields(cls)]
        for name in overrides:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise InvalidArgumentError(
                    f"{name}=: unknown option; {hint}options are {', '.join(known)}",
                    parameter=name,
                )
        return replace(base, **overrides)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, object]:
        """The options as plain JSON-ready values (tuples as lists).

        Returns
        -------
        dict
            Option name → value.
        """
        return {
            f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v
            for f in fields(self)
        }


def _text(name: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgumentError(f"{name}={value!r}: expected a non-empty string", parameter=name)


def _price(name: str, value: object, limit: float, unit: str) -> None:
    """Refuse a price that is not a finite number from 0 to ``limit``."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not (ok and math.isfinite(float(value)) and 0.0 <= float(value) <= limit):  # type: ignore[arg-type]
        raise InvalidArgumentError(
            f"{name}={value!r}: must be a finite number from 0 to {limit:,.0f} {unit}",
            parameter=name,
        )


def _whole(name: str, value: object, low: int, high: int) -> None:
    """Refuse a value that is not ``None`` or a whole number in ``low..high``."""
    if value is None:
        return
    ok = isinstance(value, int) and not isinstance(value, bool)
    if not (ok and low <= value <= high):  # type: ignore[operator]
        raise InvalidArgumentError(
            f"{name}={value!r}: must be a whole number from {low} to {high}", parameter=name
        )


def _items(name: str, value: object) -> tuple[str, ...]:
    """A tuple of non-empty strings from a comma-separated string or an iterable of them."""
    if isinstance(value, str):
        raw: list[object] = list(value.split(",")) if value.strip() else []
    elif isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        raw = list(value)
    else:
        raise InvalidArgumentError(
            f"{name}={value!r}: expected a list of strings or one comma-separated string",
            parameter=name,
        )
    items: list[str] = []
    for item in raw:
        if not isinstance(item, str):
            raise InvalidArgumentError(
                f"{name}={value!r}: item {item!r} is not a string", parameter=name
            )
        if not item.strip():
            raise InvalidArgumentError(
                f"{name}={value!r}: empty item; give one or more non-empty values",
                parameter=name,
            )
        items.append(item.strip())
    return tuple(items)
