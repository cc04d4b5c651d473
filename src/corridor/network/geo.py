"""Great-circle geometry on WGS84 coordinates (vectorised)."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = ["EARTH_RADIUS_KM", "great_circle_km"]

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG)."""

ArrayLike: TypeAlias = npt.ArrayLike


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
    """
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))
    dl = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    out: npt.NDArray[np.float64] = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
    return out
