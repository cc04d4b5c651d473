"""Time distributions for running times, dwells and waits (all in hours).

Each distribution is a frozen dataclass with its analytic ``mean`` and ``variance``,
a vectorised ``sample`` and a JSON form (``to_dict`` / :func:`distribution_from_dict`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from corridor._checks import MAX_SAMPLES, check_int, check_number, check_rng, show
from corridor.exceptions import InvalidArgumentError

__all__ = [
    "MAX_HOURS",
    "Distribution",
    "Empirical",
    "Fixed",
    "LogNormal",
    "Mixture",
    "Triangular",
    "distribution_from_dict",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]

MAX_HOURS = 1e7
"""Largest accepted duration parameter (hours, about 1,141 years): more is a unit error."""


def _finite_nonnegative(name: str, value: object) -> float:
    """A duration parameter in hours: a finite number from 0 to :data:`MAX_HOURS`."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        msg = f"{name} must be a number (hours), got {show(value)}"
        raise InvalidArgumentError(msg)
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number) or not 0 <= number <= MAX_HOURS:
        msg = (
            f"{name} must be a finite number >= 0 (hours, at most {MAX_HOURS:,.0f}), "
            f"got {show(value)}"
        )
        raise InvalidArgumentError(msg)
    return number


def _sequence(name: str, value: object) -> tuple[Any, ...]:
    """A list or tuple as a tuple (a str, a mapping or a scalar is refused)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        raise InvalidArgumentError(
            f"{name}={show(value)}: use a tuple (or list) of values, not a {type(value).__name__}"
        )
    return tuple(value)


def _size(size: object) -> int:
    return check_int("size", size, low=0, high=MAX_SAMPLES)


def _factor(factor: object) -> float:
    return check_number("factor", factor, low=0.0)


@dataclass(frozen=True, slots=True)
class Fixed:
    """A deterministic duration.

    Parameters
    ----------
    value
        Hours.
    """

    value: float

    def __post_init__(self) -> None:
        _finite_nonnegative("value", self.value)

    @property
    def mean(self) -> float:
        """Mean in hours."""
        return float(self.value)

    @property
    def variance(self) -> float:
        """Variance in hours squared."""
        return 0.0

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """Draw ``size`` samples (hours).

        Parameters
        ----------
        rng
            The random generator to draw from.
        size
            How many samples, from 0 to ``MAX_SAMPLES``.

        Returns
        -------
        numpy.ndarray
            ``size`` durations in hours.

        Raises
        ------
        InvalidArgumentError
            If ``rng`` is not a ``numpy.random.Generator`` or ``size`` is out of range.
        """
        check_rng("rng", rng)
        return np.full(_size(size), float(self.value))

    def scaled(self, factor: float) -> Fixed:
        """The same distribution with every value multiplied by ``factor``.

        Parameters
        ----------
        factor
            A finite, non-negative multiplier (``0.5`` halves every duration).

        Returns
        -------
        Fixed
            A new distribution of the same kind.

        Raises
        ------
        InvalidArgumentError
            If ``factor`` is negative or not finite.
        """
        return Fixed(self.value * _factor(factor))

    def to_dict(self) -> dict[str, Any]:
        """JSON form, as read back by :func:`distribution_from_dict`.

        Returns
        -------
        dict
            ``{"type": "fixed", ...}`` with the parameters in hours.
        """
        return {"type": "fixed", "value": self.value}


@dataclass(frozen=True, slots=True)
class Triangular:
    """A triangular distribution on ``[low, high]`` with its peak at ``mode``.

    Parameters
    ----------
    low, mode, high
        Hours, ``low <= mode <= high`` and ``low < high``.
    """

    low: float
    mode: float
    high: float

    def __post_init__(self) -> None:
        for name in ("low", "mode", "high"):
            _finite_nonnegative(name, getattr(self, name))
        if not self.low <= self.mode <= self.high or self.low >= self.high:
            msg = (
                f"triangular needs low <= mode <= high and low < high, got low={self.low}, "
                f"mode={self.mode}, high={self.high}; use a fixed duration for a single value"
            )
            raise InvalidArgumentError(msg)

    @property
    def mean(self) -> float:
        """Mean in hours."""
        return (self.low + self.mode + self.high) / 3.0

    @property
    def variance(self) -> float:
        """Variance in hours squared."""
        a, c, b = self.low, self.mode, self.high
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """Draw ``size`` samples (hours).

        Parameters
        ----------
        rng
            The random generator to draw from.
        size
            How many samples, from 0 to ``MAX_SAMPLES``.

        Returns
        -------
        numpy.ndarray
            ``size`` durations in hours.

        Raises
        ------
        InvalidArgumentError
            If ``rng`` is not a ``numpy.random.Generator`` or ``size`` is out of range.
        """
        return check_rng("rng", rng).triangular(self.low, self.mode, self.high, _size(size))

    def scaled(self, factor: float) -> Triangular | Fixed:
        """The same distribution with every value multiplied by ``factor``.

        Parameters
        ----------
        factor
            A finite, non-negative multiplier (``0.5`` halves every duration).

        Returns
        -------
        Triangular or Fixed
            A new distribution of the same kind, or ``Fixed`` when the product collapses
            to one value (``factor`` 0, or an underflow).

        Raises
        ------
        InvalidArgumentError
            If ``factor`` is negative or not finite.
        """
        f = _factor(factor)
        low, mode, high = self.low * f, self.mode * f, self.high * f
        if not low < high:
            return Fixed(mode)
        return Triangular(low, mode, high)

    def to_dict(self) -> dict[str, Any]:
        """JSON form, as read back by :func:`distribution_from_dict`.

        Returns
        -------
        dict
            ``{"type": "triangular", ...}`` with the parameters in hours.
        """
        return {"type": "triangular", "low": self.low, "mode": self.mode, "high": self.high}


@dataclass(frozen=True, slots=True)
class LogNormal:
    """A log-normal distribution given by its own mean and standard deviation.

    Parameters
    ----------
    mean_h
        Mean in hours (> 0).
    sd_h
        Standard deviation in hours (> 0).
    """

    mean_h: float
    sd_h: float

    def __post_init__(self) -> None:
        _finite_nonnegative("mean", self.mean_h)
        _finite_nonnegative("sd", self.sd_h)
        if self.mean_h <= 0 or self.sd_h <= 0:
            msg = (
                f"lognormal needs mean > 0 and sd > 0, got mean={self.mean_h}, sd={self.sd_h}; "
                "use a fixed duration for one that does not vary"
            )
            raise InvalidArgumentError(msg)

    @property
    def sigma(self) -> float:
        """Standard deviation of the underlying normal."""
        ratio = self.sd_h / self.mean_h
        if ratio < 1e150:  # noqa: PLR2004 - (sd / mean)^2 is a finite float
            return math.sqrt(math.log1p(ratio**2))
        # a tiny mean: log1p(r^2) = 2 log r + log1p(r^-2), and r^-2 vanishes
        return math.sqrt(2.0 * (math.log(self.sd_h) - math.log(self.mean_h)))

    @property
    def mu(self) -> float:
        """Mean of the underlying normal."""
        return math.log(self.mean_h) - 0.5 * self.sigma**2

    @property
    def mean(self) -> float:
        """Mean in hours."""
        return float(self.mean_h)

    @property
    def variance(self) -> float:
        """Variance in hours squared."""
        return float(self.sd_h) ** 2

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """Draw ``size`` samples (hours).

        Parameters
        ----------
        rng
            The random generator to draw from.
        size
            How many samples, from 0 to ``MAX_SAMPLES``.

        Returns
        -------
        numpy.ndarray
            ``size`` durations in hours.

        Raises
        ------
        InvalidArgumentError
            If ``rng`` is not a ``numpy.random.Generator`` or ``size`` is out of range.
        """
        return check_rng("rng", rng).lognormal(self.mu, self.sigma, _size(size))

    def scaled(self, factor: float) -> LogNormal | Fixed:
        """The same distribution with every value multiplied by ``factor``.

        Parameters
        ----------
        factor
            A finite, non-negative multiplier (``0.5`` halves every duration).

        Returns
        -------
        LogNormal or Fixed
            A new distribution of the same kind, or ``Fixed(0)`` when ``factor`` is 0 (or
            so small that the product underflows): a log-normal cannot have mean 0.

        Raises
        ------
        InvalidArgumentError
            If ``factor`` is negative or not finite.
        """
        f = _factor(factor)
        mean, sd = self.mean_h * f, self.sd_h * f
        if mean == 0 or sd == 0:
            return Fixed(mean)
        return LogNormal(mean, sd)

    def to_dict(self) -> dict[str, Any]:
        """JSON form, as read back by :func:`distribution_from_dict`.

        Returns
        -------
        dict
            ``{"type": "lognormal", ...}`` with the parameters in hours.
        """
        return {"type": "lognormal", "mean": self.mean_h, "sd": self.sd_h}


@dataclass(frozen=True, slots=True)
class Empirical:
    """An empirical distribution: observed values, drawn with equal probability.

    Parameters
    ----------
    values
        Observed hours (at least one).
    """

    values: tuple[float, ...]

    def __post_init__(self) -> None:
        values = _sequence("values", self.values)
        if len(values) == 0:
            msg = "empirical needs at least one value; give the observed hours"
            raise InvalidArgumentError(msg)
        for i, v in enumerate(values):
            _finite_nonnegative(f"values[{i}]", v)
        object.__setattr__(self, "values", values)

    @property
    def mean(self) -> float:
        """Mean in hours."""
        return float(np.mean(self.values))

    @property
    def variance(self) -> float:
        """Variance in hours squared (population variance of the values)."""
        return float(np.var(self.values))

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """Draw ``size`` samples (hours).

        Parameters
        ----------
        rng
            The random generator to draw from.
        size
            How many samples, from 0 to ``MAX_SAMPLES``.

        Returns
        -------
        numpy.ndarray
            ``size`` durations in hours.

        Raises
        ------
        InvalidArgumentError
            If ``rng`` is not a ``numpy.random.Generator`` or ``size`` is out of range.
        """
        values = np.asarray(self.values, dtype=np.float64)
        return check_rng("rng", rng).choice(values, _size(size))

    def scaled(self, factor: float) -> Empirical:
        """The same distribution with every value multiplied by ``factor``.

        Parameters
        ----------
        factor
            A finite, non-negative multiplier (``0.5`` halves every duration).

        Returns
        -------
        Empirical
            A new distribution of the same kind.

        Raises
        ------
        InvalidArgumentError
            If ``factor`` is negative or not finite.
        """
        f = _factor(factor)
        return Empirical(tuple(v * f for v in self.values))

    def to_dict(self) -> dict[str, Any]:
        """JSON form, as read back by :func:`distribution_from_dict`.

        Returns
        -------
        dict
            ``{"type": "empirical", ...}`` with the parameters in hours.
        """
        return {"type": "empirical", "values": list(self.values)}


@dataclass(frozen=True, slots=True)
class Mixture:
    """A finite mixture: draw component ``i`` with probability ``weights[i]``.

    Liner schedule reliability is the typical use: on time (``Fixed(0)``) with probability
    0.52, else late by a log-normal number of hours.

    Parameters
    ----------
    weights
        Probabilities of the components (each >= 0, summing to 1 within 1e-6).
    components
        The component distributions (not mixtures themselves).
    """

    weights: tuple[float, ...]
    components: tuple[Fixed | Triangular | LogNormal | Empirical, ...]

    def __post_init__(self) -> None:
        weights = _sequence("weights", self.weights)
        components = _sequence("components", self.components)
        if len(weights) != len(components) or not components:
            msg = (
                "mixture needs as many weights as components (at least one), got "
                f"{len(weights)} weights and {len(components)} components"
            )
            raise InvalidArgumentError(msg)
        for i, w in enumerate(weights):
            if _finite_nonnegative(f"weights[{i}]", w) > 1:
                msg = f"mixture weights[{i}] must be a probability from 0 to 1, got {show(w)}"
                raise InvalidArgumentError(msg)
        for i, c in enumerate(components):
            if not isinstance(c, Fixed | Triangular | LogNormal | Empirical):
                msg = (
                    f"components[{i}]={show(c)}: a mixture component must be a Fixed, "
                    "Triangular, LogNormal or Empirical (flatten a mixture of mixtures)"
                )
                raise InvalidArgumentError(msg)
        if abs(sum(weights) - 1.0) > 1e-6:  # noqa: PLR2004
            msg = f"mixture weights must sum to 1, got {sum(weights)!r}"
            raise InvalidArgumentError(msg)
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "components", components)

    @property
    def mean(self) -> float:
        """Mean in hours."""
        return float(sum(w * c.mean for w, c in zip(self.weights, self.components, strict=True)))

    @property
    def variance(self) -> float:
        """Variance in hours squared (law of total variance)."""
        m = self.mean
        second = sum(
            w * (c.variance + c.mean**2) for w, c in zip(self.weights, self.components, strict=True)
        )
        return float(max(second - m * m, 0.0))

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """Draw ``size`` samples (hours): every component drawn, one picked per sample.

        Parameters
        ----------
        rng
            The random generator to draw from.
        size
            How many samples, from 0 to ``MAX_SAMPLES``.

        Returns
        -------
        numpy.ndarray
            ``size`` durations in hours.

        Raises
        ------
        InvalidArgumentError
            If ``rng`` is not a ``numpy.random.Generator`` or ``size`` is out of range.
        """
        rng, size = check_rng("rng", rng), _size(size)
        pick = rng.choice(len(self.components), size=size, p=np.asarray(self.weights))
        draws = np.stack([c.sample(rng, size) for c in self.components])
        return draws[pick, np.arange(size)]

    def scaled(self, factor: float) -> Mixture:
        """The same distribution with every value multiplied by ``factor``.

        Parameters
        ----------
        factor
            A finite, non-negative multiplier (``0.5`` halves every duration).

        Returns
        -------
        Mixture
            A new distribution of the same kind.

        Raises
        ------
        InvalidArgumentError
            If ``factor`` is negative or not finite.
        """
        f = _factor(factor)
        return Mixture(self.weights, tuple(c.scaled(f) for c in self.components))

    def to_dict(self) -> dict[str, Any]:
        """JSON form, as read back by :func:`distribution_from_dict`.

        Returns
        -------
        dict
            ``{"type": "mixture", ...}`` with the parameters in hours.
        """
        return {
            "type": "mixture",
            "weights": list(self.weights),
            "components": [c.to_dict() for c in self.components],
        }


Distribution: TypeAlias = Fixed | Triangular | LogNormal | Empirical | Mixture
"""Any time distribution (hours)."""


def distribution_from_dict(data: object) -> Distribution:
    """Build a distribution from its JSON form.

    A bare number is read as a fixed duration.

    Parameters
    ----------
    data
        ``{"type": "fixed", "value": h}``, ``{"type": "triangular", "low", "mode", "high"}``,
        ``{"type": "lognormal", "mean", "sd"}``, ``{"type": "empirical", "values": [...]}``,
        ``{"type": "mixture", "weights": [...], "components": [...]}`` or a number.

    Returns
    -------
    Distribution
        The distribution.

    Raises
    ------
    InvalidArgumentError
        If the form or a parameter is invalid; the message names the parameter. It is a
        ``ValueError`` too.
    """
    if isinstance(data, int | float) and not isinstance(data, bool):
        return Fixed(_finite_nonnegative("value", data))
    if not isinstance(data, Mapping):
        msg = f"a distribution must be a number or an object with a 'type', got {show(data)}"
        raise InvalidArgumentError(msg)
    kind = data.get("type")
    expected: dict[str, tuple[str, ...]] = {
        "fixed": ("value",),
        "triangular": ("low", "mode", "high"),
        "lognormal": ("mean", "sd"),
        "empirical": ("values",),
        "mixture": ("weights", "components"),
    }
    if not isinstance(kind, str) or kind not in expected:
        msg = f"unknown distribution type {show(kind)}; use one of {', '.join(expected)}"
        raise InvalidArgumentError(msg)
    keys = expected[str(kind)]
    missing = [k for k in keys if k not in data]
    extra = sorted(str(k) for k in set(data) - {"type", *keys})
    if missing:
        msg = f"{kind} distribution is missing {', '.join(missing)}; give {', '.join(keys)}"
        raise InvalidArgumentError(msg)
    if extra:
        msg = (
            f"{kind} distribution has unknown parameter(s) {', '.join(extra)}; "
            f"it takes {', '.join(keys)}"
        )
        raise InvalidArgumentError(msg)
    if kind == "mixture":
        return _mixture_from_dict(data["weights"], data["components"])
    number = {key: _finite_nonnegative(key, data[key]) for key in keys if key != "values"}
    if kind == "fixed":
        return Fixed(number["value"])
    if kind == "triangular":
        return Triangular(number["low"], number["mode"], number["high"])
    if kind == "lognormal":
        return LogNormal(number["mean"], number["sd"])
    values = data["values"]
    if not isinstance(values, list):
        msg = f"empirical values must be a list of numbers of hours, got {show(values)}"
        raise InvalidArgumentError(msg)
    return Empirical(tuple(_finite_nonnegative(f"values[{i}]", v) for i, v in enumerate(values)))


def _mixture_from_dict(weights: object, components: object) -> Mixture:
    if not isinstance(weights, list) or not isinstance(components, list):
        msg = "mixture weights and components must be lists (of numbers, of distributions)"
        raise InvalidArgumentError(msg)
    parts: list[Fixed | Triangular | LogNormal | Empirical] = []
    for i, c in enumerate(components):
        d = distribution_from_dict(c)
        if isinstance(d, Mixture):
            msg = f"mixture components[{i}] is itself a mixture; flatten it"
            raise InvalidArgumentError(msg)
        parts.append(d)
    ws = tuple(_finite_nonnegative(f"weights[{i}]", w) for i, w in enumerate(weights))
    return Mixture(ws, tuple(parts))
