"""Where the store lives: ``CORRIDOR_DATABASE_URL``, else a SQLite file in the data dir."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["DATABASE_FILE", "data_dir", "database_url"]

DATABASE_FILE = "corridor.sqlite3"
"""Name of the embedded SQLite database in the data directory."""


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The directory of corridor's data (not created here).

    ``$CORRIDOR_DATA_DIR``, else ``$XDG_DATA_HOME/corridor``, else
    ``~/.local/share/corridor``.

    Parameters
    ----------
    environ
        The environment to read (default: :data:`os.environ`).

    Returns
    -------
    Path
        The directory.

    Examples
    --------
    >>> str(data_dir({"CORRIDOR_DATA_DIR": "/srv/corridor"}))
    '/srv/corridor'
    >>> str(data_dir({"XDG_DATA_HOME": "/data"}))
    '/data/corridor'
    """
    env = os.environ if environ is None else environ
    explicit = env.get("CORRIDOR_DATA_DIR", "")
    if explicit:
        return Path(explicit).expanduser()
    xdg = env.get("XDG_DATA_HOME", "")
    if xdg:
        return Path(xdg).expanduser() / "corridor"
    return Path.home() / ".local" / "share" / "corridor"


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """The database URL: ``$CORRIDOR_DATABASE_URL``, else the SQLite file in :func:`data_dir`.

    Parameters
    ----------
    environ
        The environment to read (default: :data:`os.environ`).

    Returns
    -------
    str
        A SQLAlchemy URL.

    Examples
    --------
    >>> database_url({"CORRIDOR_DATABASE_URL": "postgresql://db/corridor"})
    'postgresql://db/corridor'
    >>> database_url({"CORRIDOR_DATA_DIR": "/srv/corridor"})
    'sqlite:////srv/corridor/corridor.sqlite3'
    """
    env = os.environ if environ is None else environ
    url = env.get("CORRIDOR_DATABASE_URL", "").strip()
    if url:
        return url
    return f"sqlite:///{(data_dir(env) / DATABASE_FILE).as_posix()}"
