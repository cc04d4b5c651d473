"""Checks of arguments at the library's edge, each failing with one clear line.

Every check raises :class:`~corridor.exceptions.InvalidArgumentError` whose message starts
with the parameter as a Python caller wrote it (``samples=1.5: ...``), says what is wrong
and what to do. Wrong kinds (a string for a number, a float for a whole number, a bool for
either) are refused, not coerced.
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from os import PathLike
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from corridor.exceptions import InvalidArgumentError

__all__ = [
    "MAX_SAMPLES",
    "check_choice",
    "check_floats",
    "check_instance",
    "check_int",
    "check_number",
    "check_output_path",
    "check_path",
    "check_rng",
    "check_seed",
    "check_str",
    "make_output_dir",
    "show",
    "writing",
]

T = TypeVar("T")

MAX_SAMPLES = 100_000_000
"""Most samples drawn in one call (800 MB of float64 totals)."""

_REPR_CHARS = 40


def show(value: object) -> str:
    """``repr(value)``, cut to 40 characters (a 400-digit number stays readable)."""
    try:
        text = repr(value)
    except ValueError:  # an int of more than 4300 digits has no repr
        return f"<{type(value).__name__} too long to show>"
    return text if len(text) <= _REPR_CHARS else text[: _REPR_CHARS - 3] + "..."


def _fail(name: str, value: object, what: str) -> InvalidArgumentError:
    return InvalidArgumentError(f"{name}={show(value)}: {what}")


def check_int(name: str, value: object, *, low: int | None = None, high: int | None = None) -> int:
    """``value`` as an ``int`` in ``[low, high]`` (numpy integers accepted, bools not).

    Parameters
    ----------
    name
        The parameter, for the message.
    value
        What the caller passed.
    low, high
        Inclusive bounds (``None``: unbounded).

    Returns
    -------
    int
        The value.

    Raises
    ------
    InvalidArgumentError
        If ``value`` is not a whole number or is out of range.
    """
    span = _span(low, high)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise _fail(name, value, f"use a whole number{span}")
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        raise _fail(name, value, f"out of range; use a whole number{span}")
    return number


def _span(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f" from {low:,} to {high:,}"
    if low is not None:
        return f" >= {low:,}"
    if high is not None:
        return f" <= {high:,}"
    return ""


def check_number(
    name: str,
    value: object,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
) -> float:
    """``value`` as a finite ``float`` in ``[low, high]`` (``(low, high]`` if ``low_open``).

    Parameters
    ----------
    name
        The parameter, for the message.
    value
        What the caller passed (an int, a float or a numpy number; not a bool or a str).
    low, high
        Bounds (``None``: unbounded).
    low_open
        Whether ``low`` itself is excluded.

    Returns
    -------
    float
        The value.

    Raises
    ------
    InvalidArgumentError
        If ``value`` is not a number, is NaN or infinite, or is out of range.
    """
    span = _span(low, high)
    if low_open and low is not None:
        span = span.replace(">=", ">").replace(f"from {low:,}", f"above {low:,} up")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _fail(name, value, f"use a finite number{span}")
    try:
        number = float(value)
    except OverflowError:
        raise _fail(name, value, f"too large; use a finite number{span}") from None
    if not math.isfinite(number):
        raise _fail(name, value, f"use a finite number{span}")
    below = low is not None and (number <= low if low_open else number < low)
    if below or (high is not None and number > high):
        raise _fail(name, value, f"out of range; use a finite number{span}")
    return number


def check_str(name: str, value: object, *, empty: bool = True) -> str:
    """``value`` when it is a ``str`` (non-blank unless ``empty``).

    Parameters
    ----------
    name
        The parameter, for the message.
    value
        What the caller passed.
    empty
        Whether an empty or blank string is accepted.

    Returns
    -------
    str
        The value.

    Raises
    ------
    InvalidArgumentError
        If ``value`` is not a string (or is blank when ``empty`` is false).
    """
    if not isinstance(value, str):
        raise _fail(name, value, f"use a str, not a {type(value).__name__}")
    if not empty and not value.strip():
        raise _fail(name, value, "empty; give a non-blank text")
    return value


def check_instance(name: str, value: object, kind: type[T], what: str) -> T:
    """``value`` when it is a ``kind``.

    Parameters
    ----------
    name
        The parameter, for the message.
    value
        What the caller passed.
    kind
        The expected type.
    what
        How to get one (``"a Network, e.g. corridor.eurasia()"``).

    Returns
    -------
    T
        The value.

    Raises
    ------
    InvalidArgumentError
        If it is not.
    """
    if not isinstance(value, kind):
        raise _fail(name, value, f"a {type(value).__name__}; pass {what}")
    return value


def check_path(name: str, value: object) -> Path:
    """``value`` as a :class:`~pathlib.Path` (a ``str`` or an ``os.PathLike``, not empty).

    Parameters
    ----------
    name
        The parameter, for the message.
    value
        What the caller passed.

    Returns
    -------
    pathlib.Path
        The path.

    Raises
    ------
    InvalidArgumentError
        If ``value`` is not a path or is empty.
    """
    if isinstance(value, Path):
        return value
    if isinstance(value, str | PathLike) and not isinstance(value, bytes):
        text = os.fspath(value)
        if isinstance(text, str) and text.strip():
            return Path(text)
    raise _fail(name, value, "use a file path (a non-empty str or pathlib.Path)")


def check_output_path(name: str, value: object, *, directory: bool = False) -> Path:
    """A path that can be written: its parent folder exists; a file path is no folder.

    Parameters
    ----------
    name
        The parameter, for the message.
    value
        What the caller passed.
    directory
        Whether the path names a folder to create or fill (else a file).

    Returns
    -------
    pathlib.Path
        The path.

    Raises
    ------
    InvalidArgumentError
        If the parent folder is missing or is a file, a file path is an existing folder,
        or a folder path is an existing file.
    """
    path = check_path(name, value)
    parent = path.parent
    if not parent.is_dir():
        what = "is a file, not a folder" if parent.exists() else "does not exist"
        raise _fail(name, str(path), f"the folder {str(parent)!r} {what}; create it first")
    if directory and path.exists() and not path.is_dir():
        raise _fail(name, str(path), "is a file, not a folder; give a folder path")
    if not directory and path.is_dir():
        raise _fail(name, str(path), "is a folder; give a file name inside it")
    return path


def make_output_dir(name: str, value: object) -> Path:
    """The folder ``value``, created (with its parents) when missing.

    Parameters
    ----------
    name
        The parameter, for the message.
    value
        What the caller passed.

    Returns
    -------
    pathlib.Path
        The folder, which now exists.

    Raises
    ------
    InvalidArgumentError
        If ``value`` is not a path, names an existing file, or the folder cannot be
        created (a parent is a file, no permission).
    """
    path = check_path(name, value)
    if path.exists() and not path.is_dir():
        raise _fail(name, str(path), "is a file, not a folder; give a folder path")
    with writing(name, path):
        path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def writing(name: str, path: Path) -> Iterator[None]:
    """Turn an ``OSError`` raised while writing ``path`` into one clear line.

    Parameters
    ----------
    name
        The parameter that named the path.
    path
        The file or folder being written.

    Yields
    ------
    None
        Inside, the write.

    Raises
    ------
    InvalidArgumentError
        If the write fails (no space left, permission denied, a device, ...).
    """
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _fail(
            name, str(path), f"cannot be written ({reason}); choose a writable file"
        ) from exc


def check_seed(name: str, value: object) -> int | np.random.Generator | None:
    """A seed: ``None``, a whole number >= 0, or a :class:`numpy.random.Generator`.

    Parameters
    ----------
    name
        The parameter, for the message.
    value
        What the caller passed.

    Returns
    -------
    int or numpy.random.Generator or None
        The seed.

    Raises
    ------
    InvalidArgumentError
        If it is none of these (a negative, fractional or text seed).
    """
    if value is None or isinstance(value, np.random.Generator):
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < 0:
        raise _fail(name, value, "use a whole number >= 0, a numpy Generator or None")
    return int(value)


def check_rng(name: str, value: object) -> np.random.Generator:
    """``value`` when it is a :class:`numpy.random.Generator`.

    Parameters
    ----------
    name
        The parameter, for the message.
    value
        What the caller passed.

    Returns
    -------
    numpy.random.Generator
        The generator.

    Raises
    ------
    InvalidArgumentError
        If it is not one.
    """
    if not isinstance(value, np.random.Generator):
        raise _fail(name, value, "use a numpy Generator, e.g. numpy.random.default_rng(0)")
    return value


def check_choice(name: str, value: object, choices: Sequence[T]) -> T:
    """``value`` when it is one of ``choices`` (option strings such as ``"bfw"``).

    Parameters
    ----------
    name
        The parameter, for the message.
    value
        What the caller passed.
    choices
        The accepted values.

    Returns
    -------
    T
        The matching element of ``choices``.

    Raises
    ------
    InvalidArgumentError
        If it is none of them.
    """
    for choice in choices:
        if isinstance(value, type(choice)) and choice == value:
            return choice
    raise _fail(name, value, f"use one of {', '.join(map(str, choices))}")


def check_floats(
    name: str,
    value: object,
    *,
    length: int | None = None,
    low: float | None = None,
    low_open: bool = False,
    finite: bool = True,
) -> npt.NDArray[np.float64]:
    """``value`` as a one-dimensional float array of numbers in range.

    Parameters
    ----------
    name
        The parameter, for the message.
    value
        What the caller passed (a sequence or an array of numbers).
    length
        The number of values required (``None``: any).
    low
        Smallest value allowed (``None``: unbounded).
    low_open
        Whether ``low`` itself is excluded.
    finite
        Whether NaN and infinities are refused (else only NaN is).

    Returns
    -------
    numpy.ndarray
        The values, as float64.

    Raises
    ------
    InvalidArgumentError
        If ``value`` is not a flat sequence of numbers, has the wrong length, or holds a
        value that is NaN, infinite (when ``finite``) or out of range.
    """
    if isinstance(value, str | bytes):
        raise _fail(name, value, "use a sequence or array of numbers, not a text")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise _fail(name, value, "use a sequence or array of numbers") from None
    if array.ndim != 1:
        raise _fail(name, value, f"use a flat sequence of numbers, not shape {array.shape}")
    if length is not None and array.shape[0] != length:
        raise _fail(name, value, f"has {array.shape[0]} values; give {length}")
    bad = np.isnan(array) | (~np.isfinite(array) if finite else False)
    if bad.any():
        where = int(np.flatnonzero(bad)[0])
        raise _fail(name, value, f"item {where} is {array[where]}; use finite numbers")
    if low is not None:
        below = array <= low if low_open else array < low
        if below.any():
            where = int(np.flatnonzero(below)[0])
            bound = f"above {low:g}" if low_open else f">= {low:g}"
            raise _fail(name, value, f"item {where} is {array[where]:g}; use numbers {bound}")
    return array
