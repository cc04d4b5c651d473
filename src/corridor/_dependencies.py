"""Lazy imports of optional dependencies with an error that names the extra to install."""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

from corridor.exceptions import MissingOptionalDependencyError

__all__ = ["import_optional", "try_import"]


def import_optional(module: str, *, extra: str) -> ModuleType:
    """Import ``module`` or raise an error naming the corridor extra that provides it.

    Parameters
    ----------
    module
        Dotted module name, e.g. ``"matplotlib.pyplot"``.
    extra
        The corridor extra that installs it, e.g. ``"plot"``.

    Returns
    -------
    ModuleType
        The imported module.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        msg = (
            f"{module!r} is needed for this feature but is not installed; "
            f"install it with: pip install 'corridor[{extra}]'"
        )
        raise MissingOptionalDependencyError(msg) from exc


@cache
def try_import(module: str) -> ModuleType | None:
    """Import ``module`` once, or return ``None`` when it (or what it needs) is missing.

    Used for accelerators that may be missing, such as the numba kernels (a default
    dependency, but a platform may lack its wheels).
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        return None
