"""Time distributions for running times, dwells and waits (all in hours).

Each distribution is a frozen dataclass with its analytic ``mean`` and ``variance``,
a vectorised ``sample`` and a JSON form (``to_dict`` / :func:`distribution_from_dict`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = [
    "Distribution",
    "Empirical",
    "Fixed",
    "LogNormal",
    "Mixture",
    "Triangular",
    "distribution_from_dict",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]


def _finite_nonnegative(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"{name} must be a number, got {value!r}"
        raise ValueError(msg)
    number = float(value)
    if not math.isfinite(number) or number < 0:
        msg = f"{name} must be a finite number >= 0, got {value!r}"
        raise ValueError(msg)
    return number


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
        del rng
        return np.full(size, float(self.value))

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
        return Fixed(self.value * factor)

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
                f"triangular needs low <= mode <= high and low < high, got "
                f"low={self.low}, mode={self.mode}, high={self.high}"
            )
            raise ValueError(msg)

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
        return rng.triangular(self.low, self.mode, self.high, size)

    def scaled(self, factor: float) -> Triangular:
        """The same distribution with every value multiplied by ``factor``.

        Parameters
        ----------
        factor
            A finite, non-negative multiplier (``0.5`` halves every duration).

        Returns
        -------
        Triangular
            A new distribution of the same kind.

        Raises
        ------
        InvalidArgumentError
            If ``factor`` is negative or not finite.
        """
        return Triangular(self.low * factor, self.mode * factor, self.high * factor)

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
            msg = f"lognormal needs mean > 0 and sd > 0, got mean={self.mean_h}, sd={self.sd_h}"
            raise ValueError(msg)

    @property
    def sigma(self) -> float:
        """Standard deviation of the underlying normal."""
        return math.sqrt(math.log1p((self.sd_h / self.mean_h) ** 2))

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
        return rng.lognormal(self.mu, self.sigma, size)

    def scaled(self, factor: float) -> LogNormal:
        """The same distribution with every value multiplied by ``factor``.

        Parameters
        ----------
        factor
            A finite, non-negative multiplier (``0.5`` halves every duration).

        Returns
        -------
        LogNormal
            A new distribution of the same kind.

        Raises
        ------
        InvalidArgumentError
            If ``factor`` is negative or not finite.
        """
        return LogNormal(self.mean_h * factor, self.sd_h * factor)

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
        if len(self.values) == 0:
            msg = "empirical needs at least one value"
            raise ValueError(msg)
        for i, v in enumerate(self.values):
            _finite_nonnegative(f"values[{i}]", v)

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
        return rng.choice(np.asarray(self.values, dtype=np.float64), size)

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
        return Empirical(tuple(v * factor for v in self.values))

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
        if len(self.weights) != len(self.components) or not self.components:
            msg = (
                "mixture needs as many weights as components (at least one), got "
                f"{len(self.weights)} weights and {len(self.components)} components"
            )
            raise ValueError(msg)
        for i, w in enumerate(self.weights):
            _finite_nonnegative(f"weights[{i}]", w)
        if abs(sum(self.weights) - 1.0) > 1e-6:  # noqa: PLR2004
            msg = f"mixture weights must sum to 1, got {sum(self.weights)!r}"
            raise ValueError(msg)

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
        return Mixture(self.weights, tuple(c.scaled(factor) for c in self.components))

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
    ValueError
        If the form or a parameter is invalid; the message names the parameter.
    """
    if isinstance(data, int | float) and not isinstance(data, bool):
        return Fixed(float(data))
    if not isinstance(data, Mapping):
        msg = f"a distribution must be a number or an object with a 'type', got {data!r}"
        raise ValueError(msg)
    kind = data.get("type")
    expected: dict[str, tuple[str, ...]] = {
        "fixed": ("value",),
        "triangular": ("low", "mode", "high"),
        "lognormal": ("mean", "sd"),
        "empirical": ("values",),
        "mixture": ("weights", "components"),
    }
    if kind not in expected:
        msg = f"unknown distribution type {kind!r}; use one of {', '.join(expected)}"
        raise ValueError(msg)
    keys = expected[str(kind)]
    missing = [k for k in keys if k not in data]
    extra = sorted(set(data) - {"type", *keys})
    if missing:
        msg = f"{kind} distribution is missing {', '.join(missing)}"
        raise ValueError(msg)
    if extra:
        msg = f"{kind} distribution has unknown parameter(s) {', '.join(extra)}"
        raise ValueError(msg)
    if kind == "mixture":
        return _mixture_from_dict(data["weights"], data["components"])
    for key in keys:
        if key != "values":
            _finite_nonnegative(key, data[key])
    if kind == "fixed":
        return Fixed(float(data["value"]))
    if kind == "triangular":
        return Triangular(float(data["low"]), float(data["mode"]), float(data["high"]))
    if kind == "lognormal":
        return LogNormal(float(data["mean"]), float(data["sd"]))
    values = data["values"]
    if not isinstance(values, list):
        msg = f"empirical values must be a list of numbers, got {values!r}"
        raise ValueError(msg)
    return Empirical(tuple(_finite_nonnegative(f"values[{i}]", v) for i, v in enumerate(values)))


def _mixture_from_dict(weights: object, components: object) -> Mixture:
    if not isinstance(weights, list) or not isinstance(components, list):
        msg = "mixture weights and components must be lists"
        raise ValueError(msg)
    parts: list[Fixed | Triangular | LogNormal | Empirical] = []
    for i, c in enumerate(components):
        d = distribution_from_dict(c)
        if isinstance(d, Mixture):
            msg = f"mixture components[{i}] is itself a mixture; flatten it"
            raise ValueError(msg)
        parts.append(d)
    ws = tuple(_finite_nonnegative(f"weights[{i}]", w) for i, w in enumerate(weights))
    return Mixture(ws, tuple(parts))
