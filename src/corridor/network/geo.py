"""Great-circle geometry on WGS84 coordinates (vectorised)."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from corridor._checks import show
from corridor.exceptions import InvalidArgumentError

__all__ = ["EARTH_RADIUS_KM", "great_circle_km"]

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG)."""

ArrayLike: TypeAlias = npt.ArrayLike
_MAX_LAT = 90.0


def _degrees(name: str, value: ArrayLike, limit: float | None = None) -> npt.NDArray[np.float64]:
    """Degrees as a float array: numbers only, finite, within ``limit`` when given."""
    arr = np.asarray(value) if not isinstance(value, str | bytes) else np.asarray([value])
    if arr.dtype == np.bool_ or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise InvalidArgumentError(f"{name}={show(value)}: use numbers of degrees")
    out = arr.astype(np.float64)
    if not np.isfinite(out).all():
        raise InvalidArgumentError(f"{name}={show(value)}: degrees must be finite, not NaN")
    if limit is not None and (np.abs(out) > limit).any():
        raise InvalidArgumentError(f"{name}={show(value)}: must be within -{limit:g}..{limit:g}")
    return out


def great_circle_km(
    lon1: ArrayLike, lat1: ArrayLike, lon2: ArrayLike, lat2: ArrayLike
) -> npt.NDArray[np.float64]:
    """Haversine distance in km between points given in degrees (broadcasts).

    Parameters
    ----------
    lon1, lat1, lon2, lat2
        Coordinates in degrees.

    Returns
    -------
    numpy.ndarray
        Distances (km).

    Raises
    ------
    InvalidArgumentError
        If a coordinate is not a number, is NaN or infinite, a latitude is outside
        -90..90, or the shapes do not broadcast.
    """
    lon_a, lat_a = _degrees("lon1", lon1), _degrees("lat1", lat1, _MAX_LAT)
    lon_b, lat_b = _degrees("lon2", lon2), _degrees("lat2", lat2, _MAX_LAT)
    try:
        np.broadcast_shapes(lon_a.shape, lat_a.shape, lon_b.shape, lat_b.shape)
    except ValueError:
        raise InvalidArgumentError(
            f"lon1, lat1, lon2, lat2 have shapes {lon_a.shape}, {lat_a.shape}, "
            f"{lon_b.shape}, {lat_b.shape}, which do not broadcast; give arrays of one shape"
        ) from None
    p1 = np.radians(lat_a)
    p2 = np.radians(lat_b)
    dl = np.radians(lon_b - lon_a)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    out: npt.NDArray[np.float64] = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
    return out
