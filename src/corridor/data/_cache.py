"""A per-user cache of the embedded network, so that later processes skip the parse.

Reading the embedded GeoJSON (parse, check every field, build the immutable model) costs
60–80 ms; unpickling the network it gave costs a third of that. The first process that
loads the embedded network writes it, pickled, to ``$CORRIDOR_CACHE_DIR`` (else
``$XDG_CACHE_HOME/corridor``, else ``~/.cache/corridor``); later processes load that copy
when it is still true to the data and code that made it:

- the file name carries a digest of the embedded file's bytes, corridor's version, the
  Python version and the pickle protocol;
- its first line lists every corridor source file loaded when it was written, with size
  and modification time: a changed model class (an editable install after ``git pull``)
  invalidates the copy without importing anything;
- it must be owned by the current user and writable by no one else (a pickle runs code
  when loaded).

Anything unexpected (no home directory, a read-only disk, a truncated or foreign file, a
race with another process) falls back to reading the GeoJSON: the cache can make a load
faster, never different or failing. ``CORRIDOR_CACHE=off`` turns it off.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from corridor._gc import collector_paused
from corridor.network._fast import slot_setters
from corridor.network.model import Network

__all__ = ["cache_dir", "cached_network"]

_log = logging.getLogger(__name__)

_OFF = frozenset({"0", "off", "no", "false"})
_PREFIX = "eurasia-"
_SUFFIX = ".pickle"
#: Group- or world-writable: another user could have put code in the pickle.
_FOREIGN_WRITE = 0o022


def cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """The directory of the network cache, or ``None`` when caching is off.

    Parameters
    ----------
    environ : Mapping[str, str], optional
        The environment to read (default ``os.environ``).

    Returns
    -------
    pathlib.Path or None
        ``$CORRIDOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/corridor``, else
        ``~/.cache/corridor``; ``None`` when ``CORRIDOR_CACHE`` is ``off`` (or ``0``,
        ``no``, ``false``), no home directory is known, or the platform cannot tell a
        file's owner (Windows: a pickle must come from the user alone).

    Examples
    --------
    >>> str(cache_dir({"CORRIDOR_CACHE_DIR": "/tmp/c"}))
    '/tmp/c'
    >>> cache_dir({"CORRIDOR_CACHE": "off", "CORRIDOR_CACHE_DIR": "/tmp/c"}) is None
    True
    """
    env = os.environ if environ is None else environ
    if env.get("CORRIDOR_CACHE", "").strip().lower() in _OFF:
        return None
    if not hasattr(os, "getuid"):  # no owner check possible (Windows): no cache
        return None
    if env.get("CORRIDOR_CACHE_DIR"):
        return Path(env["CORRIDOR_CACHE_DIR"])
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "corridor"
    home = env.get("HOME")
    return Path(home) / ".cache" / "corridor" if home else None


#: Per class: the slot setters of its dataclass fields, in field order.
_SETTERS: dict[type, tuple[Callable[[object, object], None], ...]] = {}


def _setters(cls: type) -> tuple[Callable[[object, object], None], ...]:
    found = _SETTERS.get(cls)
    if found is None:
        found = slot_setters(cls, *(f.name for f in dataclasses.fields(cls)))
        _SETTERS[cls] = found
    return found


def _rebuild(cls: type, values: tuple[object, ...]) -> object:
    """One frozen slots dataclass from its field values, as pickled by :class:`_Pickler`.

    The default unpickling of a frozen slots dataclass looks its fields up again for every
    object (two thirds of a load); this sets the slots straight from a per-class table.
    """
    obj: object = object.__new__(cls)
    for setter, value in zip(_setters(cls), values, strict=True):
        setter(obj, value)
    return obj


class _Pickler(pickle.Pickler):
    """Pickles slots dataclasses as ``_rebuild(cls, values)`` (no per-object field lookup)."""

    def reducer_override(self, obj: Any) -> Any:  # noqa: ANN401 - pickle's protocol
        cls = type(obj)
        if dataclasses.is_dataclass(cls) and "__slots__" in cls.__dict__:
            return _rebuild, (cls, tuple(getattr(obj, f.name) for f in dataclasses.fields(cls)))
        return NotImplemented


def _dumps(net: Network) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(net)
    return buffer.getvalue()


def _key(data: bytes) -> str:
    # the package is imported whenever this module is (no upward import statement)
    version = getattr(sys.modules.get("corridor"), "__version__", "")
    digest = hashlib.blake2b(data, digest_size=12)
    meta = f"{version}|{sys.version}|{pickle.HIGHEST_PROTOCOL}"
    digest.update(meta.encode())
    return digest.hexdigest()


def _code_stamp() -> dict[str, list[int]]:
    """Size and mtime of every corridor source file loaded now."""
    stamp: dict[str, list[int]] = {}
    for name, module in list(sys.modules.items()):
        if name != "corridor" and not name.startswith("corridor."):
            continue
        path = getattr(module, "__file__", None)
        if not path:
            continue
        try:
            st = Path(path).stat()
        except OSError:
            continue
        stamp[path] = [st.st_size, st.st_mtime_ns]
    return stamp


def _stamp_holds(stamp: object) -> bool:
    if not isinstance(stamp, dict) or not stamp:
        return False
    for path, (size, mtime) in stamp.items():
        try:
            st = Path(path).stat()
        except OSError:
            return False
        if st.st_size != size or st.st_mtime_ns != mtime:
            return False
    return True


def _load(path: Path) -> Network | None:
    try:
        with path.open("rb") as f:
            st = os.fstat(f.fileno())
            if st.st_uid != os.getuid() or st.st_mode & _FOREIGN_WRITE:
                _log.debug("network cache %s: not owned by this user alone; ignored", path)
                return None
            header = json.loads(f.readline())
            if not _stamp_holds(header.get("code")):
                _log.debug("network cache %s: corridor's code changed since; ignored", path)
                return None
            with collector_paused():
                net = pickle.load(f)  # noqa: S301 - our own file, checked above
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a cache must never break a load
        _log.debug("network cache %s unreadable (%s); reading the GeoJSON", path, exc)
        return None
    return net if isinstance(net, Network) else None


def _save(directory: Path, path: Path, net: Network) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        header = json.dumps({"code": _code_stamp()}).encode() + b"\n"
        body = _dumps(net)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(header)
                f.write(body)
            Path(tmp).replace(path)  # atomic: a concurrent reader sees all or nothing
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in directory.glob(f"{_PREFIX}*{_SUFFIX}"):
            if old != path:
                old.unlink(missing_ok=True)
    except Exception as exc:  # noqa: BLE001 - a cache must never break a load
        _log.debug("network cache not written to %s (%s)", directory, exc)


def cached_network(data: bytes, build: Callable[[], Network]) -> Network:
    """The network built from ``data``, from the cache when a true copy is there.

    Parameters
    ----------
    data : bytes
        The embedded file's bytes (part of the cache key).
    build : callable
        Reads the network from ``data``; called when there is no usable copy, and its
        result is then written to the cache.

    Returns
    -------
    Network
        Equal to ``build()``'s.
    """
    directory = cache_dir()
    if directory is None:
        return build()
    path = directory / f"{_PREFIX}{_key(data)}{_SUFFIX}"
    net = _load(path)
    if net is not None:
        return net
    net = build()
    _save(directory, path, net)
    return net
