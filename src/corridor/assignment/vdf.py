"""Volume-delay functions: link travel time as a function of flow.

Each function comes with its first and second derivative (for the conjugate directions,
Newton line searches and the system-optimum marginal cost) and its integral from 0 to the
flow (for the Beckmann objective). All are vectorised over links.

- **BPR** (Bureau of Public Roads): ``t = t0 · (1 + α · (x/c)^β)``.
- **Conical** (Spiess, 1990): ``t = t0 · (2 + sqrt(α²(1 − x/c)² + γ²) − α(1 − x/c) − γ)`` with
  ``γ = (2α − 1) / (2α − 2)``; like BPR near capacity, but it grows linearly, not as a high
  power, far above it.
- **Queueing** (ports, border posts, ferries): ``t = t0 + D · ρ / (1 − ρ)`` with utilisation
  ``ρ = x/c`` and a delay scale ``D`` (the mean service time). The delay grows without bound
  as ``ρ → 1``; above a cap ``ρ_max`` (0.98 by default) it continues along its tangent so
  that the solver stays defined, but at ``ρ_max = 0.98`` the delay is already ``49 · D`` and
  it climbs by ``2 500 · D`` per unit of utilisation beyond: over-capacity shows as a jam, not
  as a small penalty.

:class:`LinkCostFunction` holds one function per link (any mix of the three kinds).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Literal, TypeAlias, TypeVar, get_args

import numpy as np
import numpy.typing as npt

from corridor._checks import show
from corridor.exceptions import InvalidArgumentError

__all__ = [
    "VDF_KINDS",
    "LinkCostFunction",
    "VDFKind",
    "bpr",
    "bpr_derivative",
    "bpr_integral",
    "bpr_second_derivative",
    "conical",
    "conical_derivative",
    "conical_integral",
    "conical_second_derivative",
    "queueing",
    "queueing_derivative",
    "queueing_integral",
    "queueing_second_derivative",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
VDFKind = Literal["bpr", "conical", "queue"]
"""Kind of volume-delay function of a link."""
VDF_KINDS: tuple[VDFKind, ...] = get_args(VDFKind)

#: Default utilisation above which the queueing delay continues along its tangent.
DEFAULT_RHO_MAX = 0.98


def _f(a: npt.ArrayLike) -> FloatArray:
    return np.asarray(a, dtype=np.float64)


_G = TypeVar("_G", bound=np.generic)


def _invalid(name: str, what: str) -> InvalidArgumentError:
    return InvalidArgumentError(f"{name}: {what}", parameter=name)


def _numbers(name: str, value: npt.ArrayLike) -> FloatArray:
    if isinstance(value, str | bytes):
        raise _invalid(name, f"{show(value)} is a text; give numbers")
    try:
        return _f(value)
    except (TypeError, ValueError, OverflowError):
        raise _invalid(name, f"{show(value)} is not numbers; give numbers") from None


def _broadcast(name: str, value: npt.NDArray[_G], n: int) -> npt.NDArray[_G]:
    try:
        return np.broadcast_to(value, (n,)).copy()
    except ValueError:
        msg = f"has shape {value.shape}; give one value per link ({n}) or one for all"
        raise _invalid(name, msg) from None


def _per_link(name: str, value: npt.ArrayLike, n: int) -> FloatArray:
    return _broadcast(name, _numbers(name, value), n)


# --- BPR -------------------------------------------------------------------------------------


def bpr(
    flow: npt.ArrayLike,
    fft: npt.ArrayLike,
    capacity: npt.ArrayLike,
    alpha: npt.ArrayLike = 0.15,
    beta: npt.ArrayLike = 4.0,
) -> FloatArray:
    """BPR travel time ``t0 · (1 + α · (x/c)^β)``.

    Parameters
    ----------
    flow
        Link flows ``x`` (non-negative).
    fft
        Free-flow times ``t0``.
    capacity
        Capacities ``c`` (positive).
    alpha, beta
        BPR parameters (scalars or one per link).

    Returns
    -------
    numpy.ndarray
        Travel time of each link.
    """
    ratio = _f(flow) / _f(capacity)
    return _f(fft) * (1.0 + _f(alpha) * np.power(ratio, beta))


def bpr_derivative(
    flow: npt.ArrayLike,
    fft: npt.ArrayLike,
    capacity: npt.ArrayLike,
    alpha: npt.ArrayLike = 0.15,
    beta: npt.ArrayLike = 4.0,
) -> FloatArray:
    """``dt/dx`` of :func:`bpr`: ``t0 · α · β · (x/c)^(β−1) / c``.

    Parameters
    ----------
    flow, fft, capacity, alpha, beta
        As for :func:`bpr`.

    Returns
    -------
    numpy.ndarray
        Derivative of the travel time with respect to flow.
    """
    cap = _f(capacity)
    b = _f(beta)
    return _f(fft) * _f(alpha) * b * np.power(_f(flow) / cap, b - 1.0) / cap


def bpr_second_derivative(
    flow: npt.ArrayLike,
    fft: npt.ArrayLike,
    capacity: npt.ArrayLike,
    alpha: npt.ArrayLike = 0.15,
    beta: npt.ArrayLike = 4.0,
) -> FloatArray:
    """``d²t/dx²`` of :func:`bpr`.

    Parameters
    ----------
    flow, fft, capacity, alpha, beta
        As for :func:`bpr`.

    Returns
    -------
    numpy.ndarray
        Second derivative of the travel time with respect to flow.
    """
    cap = _f(capacity)
    b = _f(beta)
    with np.errstate(divide="ignore", invalid="ignore"):
        power = np.power(_f(flow) / cap, b - 2.0)
    power = np.where(b == 1.0, 0.0, power)
    return _f(fft) * _f(alpha) * b * (b - 1.0) * power / (cap * cap)


def bpr_integral(
    flow: npt.ArrayLike,
    fft: npt.ArrayLike,
    capacity: npt.ArrayLike,
    alpha: npt.ArrayLike = 0.15,
    beta: npt.ArrayLike = 4.0,
) -> FloatArray:
    """``∫₀ˣ t(s) ds`` of :func:`bpr`: ``t0 · x · (1 + α/(β+1) · (x/c)^β)``.

    Parameters
    ----------
    flow, fft, capacity, alpha, beta
        As for :func:`bpr`.

    Returns
    -------
    numpy.ndarray
        The integral of each link's travel time from 0 to its flow (Beckmann term).
    """
    x = _f(flow)
    b = _f(beta)
    return _f(fft) * x * (1.0 + _f(alpha) / (b + 1.0) * np.power(x / _f(capacity), b))


# --- conical ---------------------------------------------------------------------------------


def _conical_gamma(alpha: FloatArray) -> FloatArray:
    return (2.0 * alpha - 1.0) / (2.0 * alpha - 2.0)


def conical(
    flow: npt.ArrayLike,
    fft: npt.ArrayLike,
    capacity: npt.ArrayLike,
    alpha: npt.ArrayLike = 4.0,
) -> FloatArray:
    """Spiess's conical travel time.

    Parameters
    ----------
    flow, fft, capacity
        As for :func:`bpr`.
    alpha
        Steepness ``α > 1`` (scalar or one per link); ``γ = (2α − 1)/(2α − 2)``.

    Returns
    -------
    numpy.ndarray
        Travel time of each link; equals ``t0`` at zero flow and ``2 · t0`` at capacity.
    """
    a = _f(alpha)
    g = _conical_gamma(a)
    u = a * (1.0 - _f(flow) / _f(capacity))
    return _f(fft) * (2.0 + np.sqrt(u * u + g * g) - u - g)


def conical_derivative(
    flow: npt.ArrayLike,
    fft: npt.ArrayLike,
    capacity: npt.ArrayLike,
    alpha: npt.ArrayLike = 4.0,
) -> FloatArray:
    """``dt/dx`` of :func:`conical`.

    Parameters
    ----------
    flow, fft, capacity, alpha
        As for :func:`conical`.

    Returns
    -------
    numpy.ndarray
        Derivative of the travel time with respect to flow.
    """
    a = _f(alpha)
    g = _conical_gamma(a)
    cap = _f(capacity)
    u = a * (1.0 - _f(flow) / cap)
    return _f(fft) * (a / cap) * (1.0 - u / np.sqrt(u * u + g * g))


def conical_second_derivative(
    flow: npt.ArrayLike,
    fft: npt.ArrayLike,
    capacity: npt.ArrayLike,
    alpha: npt.ArrayLike = 4.0,
) -> FloatArray:
    """``d²t/dx²`` of :func:`conical`.

    Parameters
    ----------
    flow, fft, capacity, alpha
        As for :func:`conical`.

    Returns
    -------
    numpy.ndarray
        Second derivative of the travel time with respect to flow.
    """
    a = _f(alpha)
    g = _conical_gamma(a)
    cap = _f(capacity)
    u = a * (1.0 - _f(flow) / cap)
    root = np.sqrt(u * u + g * g)
    ratio = a / cap
    out: FloatArray = _f(fft) * ratio * ratio * g * g / (root * root * root)
    return out


def conical_integral(
    flow: npt.ArrayLike,
    fft: npt.ArrayLike,
    capacity: npt.ArrayLike,
    alpha: npt.ArrayLike = 4.0,
) -> FloatArray:
    """``∫₀ˣ t(s) ds`` of :func:`conical`.

    Parameters
    ----------
    flow, fft, capacity, alpha
        As for :func:`conical`.

    Returns
    -------
    numpy.ndarray
        The integral of each link's travel time from 0 to its flow.
    """
    a = _f(alpha)
    g = _conical_gamma(a)
    x = _f(flow)
    cap = _f(capacity)

    def antiderivative(u: FloatArray) -> FloatArray:
        return 0.5 * (u * np.sqrt(u * u + g * g) + g * g * np.arcsinh(u / g))

    # With v = α(x/c − 1) = −u, the root term integrates to (c/α)·(F(v(x)) − F(v(0))).
    root_part = (cap / a) * (antiderivative(a * (x / cap - 1.0)) - antiderivative(-a))
    return _f(fft) * ((2.0 - g) * x + a * (x * x / (2.0 * cap) - x) + root_part)


# --- queueing --------------------------------------------------------------------------------


def _queue_parts(
    flow: npt.ArrayLike, capacity: npt.ArrayLike, rho_max: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    rho = _f(flow) / _f(capacity)
    cap_rho = _f(rho_max)
    clipped = np.minimum(rho, cap_rho)
    excess = np.maximum(rho - cap_rho, 0.0)
    return rho, clipped, excess, np.broadcast_to(cap_rho, rho.shape)


def queueing(
    flow: npt.ArrayLike,
    fft: npt.ArrayLike,
    capacity: npt.ArrayLike,
    delay: npt.ArrayLike,
    rho_max: npt.ArrayLike = DEFAULT_RHO_MAX,
) -> FloatArray:
    """Queueing travel time ``t0 + D · ρ/(1 − ρ)``, tangent-continued above ``ρ_max``.

    Parameters
    ----------
    flow, fft, capacity
        As for :func:`bpr`; ``capacity`` is the service rate in the same unit as flow.
    delay
        Delay scale ``D`` (the mean service time), in time units.
    rho_max
        Utilisation cap in ``(0, 1)`` above which the delay grows linearly along its tangent.

    Returns
    -------
    numpy.ndarray
        Travel time of each link.
    """
    _, r, excess, rm = _queue_parts(flow, capacity, rho_max)
    d = _f(delay)
    return _f(fft) + d * (r / (1.0 - r) + excess / ((1.0 - rm) ** 2))


def queueing_derivative(
    flow: npt.ArrayLike,
    fft: npt.ArrayLike,
    capacity: npt.ArrayLike,
    delay: npt.ArrayLike,
    rho_max: npt.ArrayLike = DEFAULT_RHO_MAX,
) -> FloatArray:
    """``dt/dx`` of :func:`queueing`.

    Parameters
    ----------
    flow, fft, capacity, delay, rho_max
        As for :func:`queueing`.

    Returns
    -------
    numpy.ndarray
        Derivative of the travel time with respect to flow.
    """
    del fft
    _, r, _, _ = _queue_parts(flow, capacity, rho_max)
    return _f(delay) / (_f(capacity) * (1.0 - r) ** 2)


def queueing_second_derivative(
    flow: npt.ArrayLike,
    fft: npt.ArrayLike,
    capacity: npt.ArrayLike,
    delay: npt.ArrayLike,
    rho_max: npt.ArrayLike = DEFAULT_RHO_MAX,
) -> FloatArray:
    """``d²t/dx²`` of :func:`queueing` (zero on the linear continuation).

    Parameters
    ----------
    flow, fft, capacity, delay, rho_max
        As for :func:`queueing`.

    Returns
    -------
    numpy.ndarray
        Second derivative of the travel time with respect to flow.
    """
    del fft
    rho, r, _, rm = _queue_parts(flow, capacity, rho_max)
    cap = _f(capacity)
    value = 2.0 * _f(delay) / (cap * cap * (1.0 - r) ** 3)
    return np.where(rho > rm, 0.0, value)


def queueing_integral(
    flow: npt.ArrayLike,
    fft: npt.ArrayLike,
    capacity: npt.ArrayLike,
    delay: npt.ArrayLike,
    rho_max: npt.ArrayLike = DEFAULT_RHO_MAX,
) -> FloatArray:
    """``∫₀ˣ t(s) ds`` of :func:`queueing`.

    Parameters
    ----------
    flow, fft, capacity, delay, rho_max
        As for :func:`queueing`.

    Returns
    -------
    numpy.ndarray
        The integral of each link's travel time from 0 to its flow.
    """
    x = _f(flow)
    cap = _f(capacity)
    _, r, excess, rm = _queue_parts(x, cap, rho_max)
    d = _f(delay)
    # c·D·∫₀^ρ s/(1−s) ds = c·D·(−ρ − ln(1−ρ)); beyond the cap, the tangent line.
    below = cap * d * (-r - np.log1p(-r))
    above = cap * d * (excess * rm / (1.0 - rm) + 0.5 * excess * excess / (1.0 - rm) ** 2)
    return _f(fft) * x + below + above


# --- per-link mix ----------------------------------------------------------------------------

_CODES: dict[VDFKind, int] = {kind: code for code, kind in enumerate(VDF_KINDS)}


@dataclass(frozen=True, eq=False)
class LinkCostFunction:
    """One volume-delay function per link, evaluated in one vectorised call.

    Build it with :meth:`bpr_links` or :meth:`from_kinds`. Parameters are per link:

    - ``bpr``: ``alpha`` = α, ``beta`` = β;
    - ``conical``: ``alpha`` = α (> 1), ``beta`` unused;
    - ``queue``: ``alpha`` = delay scale ``D``, ``beta`` = ``ρ_max``.

    Parameters
    ----------
    fft
        Free-flow time of each link (may be zero, e.g. for zone connectors).
    capacity
        Capacity of each link (positive where the flow affects the time).
    alpha, beta
        Per-link parameters, as above.
    kind
        Integer code of each link's function: index into :data:`VDF_KINDS`.
    """

    fft: FloatArray
    capacity: FloatArray
    alpha: FloatArray
    beta: FloatArray
    kind: npt.NDArray[np.int8]

    def __post_init__(self) -> None:
        """Refuse functions that are not defined or not increasing in the flow."""
        n = self.fft.shape[0]
        for name in ("capacity", "alpha", "beta", "kind"):
            if getattr(self, name).shape != (n,):
                raise _invalid(name, f"give one value per link ({n})")
        if self.kind.size and (self.kind.min() < 0 or self.kind.max() >= len(VDF_KINDS)):
            raise _invalid("kind", f"codes must be in 0..{len(VDF_KINDS) - 1}")
        if not np.all(np.isfinite(self.fft)) or np.any(self.fft < 0):
            raise _invalid("fft", "free-flow times must be finite numbers >= 0")
        sensitive = (self.kind != _CODES["bpr"]) | ((self.alpha != 0) & (self.fft != 0))
        if np.any(~(self.capacity[sensitive] > 0)):
            raise _invalid("capacity", "must be > 0 on every link whose time depends on flow")
        if np.any(~(self.alpha >= 0)) or not np.all(np.isfinite(self.alpha)):
            raise _invalid("alpha", "must be finite numbers >= 0")
        conical_links = self.kind == _CODES["conical"]
        if np.any(self.alpha[conical_links] <= 1.0):
            raise _invalid("alpha", "conical links need alpha > 1")
        bpr_beta = self.beta[self.kind == _CODES["bpr"]]
        if np.any(~(bpr_beta >= 0)) or not np.all(np.isfinite(bpr_beta)):
            raise _invalid("beta", "the BPR exponent must be a finite number >= 0")
        queue_links = self.kind == _CODES["queue"]
        rho_max = self.beta[queue_links]
        if np.any(~((rho_max > 0) & (rho_max < 1))):
            raise _invalid("beta", "queue links need beta (rho_max) strictly between 0 and 1")

    @classmethod
    def bpr_links(
        cls,
        fft: npt.ArrayLike,
        capacity: npt.ArrayLike,
        alpha: npt.ArrayLike = 0.15,
        beta: npt.ArrayLike = 4.0,
    ) -> LinkCostFunction:
        """BPR on every link.

        Parameters
        ----------
        fft, capacity
            Free-flow times and capacities, one per link.
        alpha, beta
            BPR parameters, scalars or one per link.

        Returns
        -------
        LinkCostFunction
            The functions.

        Raises
        ------
        InvalidArgumentError
            If a value is not a number, a per-link value has the wrong length, or a
            parameter is out of range (a ``ValueError``).
        """
        t0 = _numbers("fft", fft).ravel()
        n = t0.shape[0]
        return cls(
            fft=t0,
            capacity=_per_link("capacity", capacity, n),
            alpha=_per_link("alpha", alpha, n),
            beta=_per_link("beta", beta, n),
            kind=np.zeros(n, dtype=np.int8),
        )

    @classmethod
    def from_kinds(
        cls,
        kinds: npt.ArrayLike,
        fft: npt.ArrayLike,
        capacity: npt.ArrayLike,
        alpha: npt.ArrayLike,
        beta: npt.ArrayLike,
    ) -> LinkCostFunction:
        """Any mix of kinds, given by name (``"bpr"``, ``"conical"``, ``"queue"``).

        Parameters
        ----------
        kinds
            Kind name of each link.
        fft, capacity, alpha, beta
            Per-link values (scalars broadcast); see the class docstring for their meaning.

        Returns
        -------
        LinkCostFunction
            The functions.

        Raises
        ------
        InvalidArgumentError
            If a kind name is unknown, a value is not a number, a per-link value has the
            wrong length, or a parameter is out of range (a ``ValueError``).
        """
        names = np.asarray(kinds, dtype=object).ravel()
        t0 = _numbers("fft", fft).ravel()
        n = t0.shape[0]
        codes = np.empty(names.shape[0], dtype=np.int8)
        for kind, code in _CODES.items():
            codes[names == kind] = code
        known = np.isin(names, VDF_KINDS)
        if not known.all():
            bad = names[~known][0]
            raise _invalid(
                "kinds", f"unknown volume-delay function {bad!r}; use one of {VDF_KINDS}"
            )
        return cls(
            fft=t0,
            capacity=_per_link("capacity", capacity, n),
            alpha=_per_link("alpha", alpha, n),
            beta=_per_link("beta", beta, n),
            kind=_broadcast("kinds", codes, n),
        )

    @property
    def n_links(self) -> int:
        """Number of links."""
        return int(self.fft.shape[0])

    @cached_property
    def _groups(self) -> tuple[tuple[int, npt.NDArray[np.int64]], ...]:
        return tuple(
            (code, np.flatnonzero(self.kind == code))
            for code in range(len(VDF_KINDS))
            if np.any(self.kind == code)
        )

    @cached_property
    def _bpr_fast(self) -> int | None:
        """The common integer BPR power when every link is BPR with the same one."""
        if self.n_links == 0 or np.any(self.kind != 0):
            return None
        first = float(self.beta[0])
        if np.all(self.beta == first) and first.is_integer() and 1.0 <= first <= 8.0:  # noqa: PLR2004
            return int(first)
        return None

    @cached_property
    def _inv_capacity(self) -> FloatArray:
        with np.errstate(divide="ignore"):
            return np.where(
                self.capacity > 0, 1.0 / np.where(self.capacity > 0, self.capacity, 1), 0
            )

    @cached_property
    def _fft_alpha(self) -> FloatArray:
        return self.fft * self.alpha

    def _apply(self, which: int, flow: FloatArray) -> FloatArray:
        groups = self._groups
        if len(groups) == 1:
            return _EVAL[groups[0][0]][which](self, flow, None)
        out = np.empty_like(flow)
        for code, idx in groups:
            out[idx] = _EVAL[code][which](self, flow[idx], idx)
        return out

    def cost(self, flow: npt.ArrayLike) -> FloatArray:
        """Travel time of each link at ``flow``.

        Parameters
        ----------
        flow
            Link flows.

        Returns
        -------
        numpy.ndarray
            Travel times.
        """
        return self._apply(0, _f(flow))

    def derivative(self, flow: npt.ArrayLike) -> FloatArray:
        """``dt/dx`` of each link at ``flow``.

        Parameters
        ----------
        flow
            Link flows.

        Returns
        -------
        numpy.ndarray
            Derivatives.
        """
        return self._apply(1, _f(flow))

    def second_derivative(self, flow: npt.ArrayLike) -> FloatArray:
        """``d²t/dx²`` of each link at ``flow``.

        Parameters
        ----------
        flow
            Link flows.

        Returns
        -------
        numpy.ndarray
            Second derivatives.
        """
        return self._apply(2, _f(flow))

    def integral(self, flow: npt.ArrayLike) -> FloatArray:
        """``∫₀ˣ t(s) ds`` of each link (its Beckmann term).

        Parameters
        ----------
        flow
            Link flows.

        Returns
        -------
        numpy.ndarray
            Integrals.
        """
        return self._apply(3, _f(flow))


def _params(
    f: LinkCostFunction, idx: npt.NDArray[np.int64] | None
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    if idx is None:
        return f.fft, f.capacity, f.alpha, f.beta
    return f.fft[idx], f.capacity[idx], f.alpha[idx], f.beta[idx]


def _bpr_cost(f: LinkCostFunction, x: FloatArray, idx: npt.NDArray[np.int64] | None) -> FloatArray:
    power = f._bpr_fast if idx is None else None  # noqa: SLF001
    if power is not None:
        r = x * f._inv_capacity  # noqa: SLF001
        return f.fft + f._fft_alpha * _int_power(r, power)  # noqa: SLF001
    return bpr(x, *_params(f, idx))


def _bpr_der(f: LinkCostFunction, x: FloatArray, idx: npt.NDArray[np.int64] | None) -> FloatArray:
    power = f._bpr_fast if idx is None else None  # noqa: SLF001
    if power is not None:
        inv = f._inv_capacity  # noqa: SLF001
        return (f._fft_alpha * power * inv) * _int_power(x * inv, power - 1)  # noqa: SLF001
    t0, cap, a, b = _params(f, idx)
    return np.where(a * t0 == 0, 0.0, bpr_derivative(x, t0, np.where(cap > 0, cap, 1.0), a, b))


def _bpr_der2(f: LinkCostFunction, x: FloatArray, idx: npt.NDArray[np.int64] | None) -> FloatArray:
    t0, cap, a, b = _params(f, idx)
    return np.where(
        a * t0 == 0, 0.0, bpr_second_derivative(x, t0, np.where(cap > 0, cap, 1.0), a, b)
    )


def _bpr_int(f: LinkCostFunction, x: FloatArray, idx: npt.NDArray[np.int64] | None) -> FloatArray:
    power = f._bpr_fast if idx is None else None  # noqa: SLF001
    if power is not None:
        r = x * f._inv_capacity  # noqa: SLF001
        return x * (f.fft + f._fft_alpha / (power + 1) * _int_power(r, power))  # noqa: SLF001
    t0, cap, a, b = _params(f, idx)
    return np.where(a * t0 == 0, t0 * x, bpr_integral(x, t0, np.where(cap > 0, cap, 1.0), a, b))


def _int_power(r: FloatArray, power: int) -> FloatArray:
    if power == 0:
        return np.ones_like(r)
    out = r.copy()
    for _ in range(power - 1):
        out *= r
    return out


def _con(fn: _Scalar4) -> _Evaluator:
    def evaluate(
        f: LinkCostFunction, x: FloatArray, idx: npt.NDArray[np.int64] | None
    ) -> FloatArray:
        t0, cap, a, _ = _params(f, idx)
        return fn(x, t0, cap, a)

    return evaluate


def _que(fn: _Scalar5) -> _Evaluator:
    def evaluate(
        f: LinkCostFunction, x: FloatArray, idx: npt.NDArray[np.int64] | None
    ) -> FloatArray:
        t0, cap, a, b = _params(f, idx)
        return fn(x, t0, cap, a, b)

    return evaluate


_Evaluator: TypeAlias = Callable[
    [LinkCostFunction, FloatArray, "npt.NDArray[np.int64] | None"], FloatArray
]
_Scalar4: TypeAlias = Callable[[FloatArray, FloatArray, FloatArray, FloatArray], FloatArray]
_Scalar5: TypeAlias = Callable[
    [FloatArray, FloatArray, FloatArray, FloatArray, FloatArray], FloatArray
]

_EVAL: tuple[tuple[_Evaluator, _Evaluator, _Evaluator, _Evaluator], ...] = (
    (_bpr_cost, _bpr_der, _bpr_der2, _bpr_int),
    (
        _con(conical),
        _con(conical_derivative),
        _con(conical_second_derivative),
        _con(conical_integral),
    ),
    (
        _que(queueing),
        _que(queueing_derivative),
        _que(queueing_second_derivative),
        _que(queueing_integral),
    ),
)
