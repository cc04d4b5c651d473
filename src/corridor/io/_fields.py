"""Field readers that collect problems instead of stopping at the first one."""

from __future__ import annotations

import errno
import json
import math
import re
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar

from corridor.exceptions import ValidationIssue
from corridor.network.distributions import Distribution, distribution_from_dict
from corridor.network.model import Provenance

__all__ = ["MAX_FILE_BYTES", "FeatureReader", "IssueLog", "read_file_bytes"]

T = TypeVar("T", bound=str)
_MISSING = object()
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
#: The largest input file read (bytes): a guard against a device or a runaway file.
MAX_FILE_BYTES: Final = 1 << 30


def read_file_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Parameters
    ----------
    path
        The file.
    limit
        The most bytes accepted.

    Returns
    -------
    bytes
        The content.

    Raises
    ------
    OSError
        If the file cannot be read, is a directory or a device (``/dev/zero``), or is
        larger than ``limit``; ``strerror`` says which.
    """
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory, not a file", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "not a regular file (a device or a pipe?)", str(path))
    if info.st_size > limit:
        size = f"{info.st_size / 2**20:,.0f} MiB"
        raise OSError(errno.EFBIG, f"{size}, more than the {limit >> 20} MiB read", str(path))
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"more than the {limit >> 20} MiB read", str(path))
    return data


@dataclass
class IssueLog:
    """Problems found while reading one file."""

    source: str
    issues: list[ValidationIssue] = field(default_factory=list)
    parsed: dict[str, Distribution] = field(default_factory=dict)
    """Distributions already parsed in this file, by their JSON text (they are immutable)."""
    provenance: dict[str, Provenance] = field(default_factory=dict)
    """The file's shared provenance entries (``corridor.provenance``), by id."""

    def add(
        self, feature: str | None, fld: str | None, message: str, fix: str, *, warning: bool = False
    ) -> None:
        """Record one problem."""
        self.issues.append(
            ValidationIssue(
                message=message,
                fix=fix,
                source=self.source,
                feature=feature,
                field=fld,
                severity="warning" if warning else "error",
            )
        )

    @property
    def has_errors(self) -> bool:
        """Whether any recorded problem is an error."""
        return any(i.severity == "error" for i in self.issues)


@dataclass
class FeatureReader:
    """Reads typed fields of one feature's properties, logging each problem once."""

    props: Mapping[str, Any]
    log: IssueLog
    feature: str | None
    prefix: str = ""
    failed: bool = False

    def _name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def fail(self, key: str, message: str, fix: str) -> None:
        """Record a problem with field ``key``."""
        self.failed = True
        self.log.add(self.feature, self._name(key), message, fix)

    def child(self, key: str, value: Mapping[str, Any]) -> FeatureReader:
        """A reader for a nested object, sharing the log."""
        return FeatureReader(value, self.log, self.feature, prefix=self._name(key) + ".")

    def raw(self, key: str, default: object = _MISSING, *, decode: bool = True) -> Any:  # noqa: ANN401 - raw JSON
        """The raw value, decoding JSON strings that QGIS may have written for objects.

        ``decode=False`` for a text field: a name such as ``[]`` stays text.
        """
        value = self.props.get(key, default)
        if value is _MISSING:
            self.fail(key, "is missing", f"add the {key!r} property")
            return None
        if decode and isinstance(value, str) and value[:1] in "[{":
            try:
                return json.loads(value)
            except json.JSONDecodeError:
                return value
        return value

    def has(self, key: str) -> bool:
        """Whether ``key`` is present and not null."""
        return self.props.get(key) is not None

    def string(self, key: str, *, required: bool = True) -> str | None:
        """A non-empty string."""
        value = self.props.get(key)
        if type(value) is str and value.strip():  # the common case, checked at once
            return value
        if not required and not self.has(key):
            return None
        value = self.raw(key, decode=False)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            if value is not None:
                self.fail(key, f"must be a non-empty string, got {value!r}", f"set {key!r} to text")
            return None
        return value

    def choice(self, key: str, options: Sequence[T], *, default: T | None = None) -> T | None:
        """One of ``options``."""
        value = self.props.get(key)
        if type(value) is str:  # the common case: a plain string among the options
            for option in options:
                if value == option:
                    return option
        if default is not None and not self.has(key):
            return default
        value = self.raw(key)
        if value is None:
            return None
        for option in options:
            if value == option:
                return option
        self.fail(key, f"{value!r} is not valid", f"use one of {', '.join(options)}")
        return None

    def number(
        self,
        key: str,
        *,
        required: bool = True,
        positive: bool = False,
        low: float | None = None,
        high: float | None = None,
    ) -> float | None:
        """A finite number, optionally positive or within ``[low, high]``."""
        value = self.props.get(key)
        if type(value) is float or type(value) is int:  # the common case, checked at once
            number = float(value)
            if (
                math.isfinite(number)
                and (not positive or number > 0)
                and (low is None or number >= low)
                and (high is None or number <= high)
            ):
                return number
        if not required and not self.has(key):
            return None
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, f"must be a number, got {value!r}", f"set {key!r} to a number")
            return None
        number = float(value)
        if not math.isfinite(number):
            self.fail(key, f"must be finite, got {value!r}", f"set {key!r} to a finite number")
            return None
        if positive and number <= 0:
            self.fail(key, f"must be > 0, got {value!r}", f"set {key!r} to a positive number")
            return None
        if low is not None and high is not None and not low <= number <= high:
            self.fail(key, f"must be between {low} and {high}, got {value!r}", "fix the coordinate")
            return None
        if low is not None and number < low:
            self.fail(key, f"must be >= {low}, got {value!r}", f"set {key!r} to >= {low}")
            return None
        return number

    def boolean(self, key: str) -> bool | None:
        """An optional boolean."""
        if not self.has(key):
            return None
        value = self.raw(key)
        if not isinstance(value, bool):
            self.fail(key, f"must be true or false, got {value!r}", "use true or false")
            return None
        return value

    def country(self, key: str) -> str | None:
        """An ISO 3166-1 alpha-2 code."""
        value = self.string(key)
        if value is not None and not COUNTRY_RE.match(value):
            self.fail(
                key,
                f"{value!r} is not an ISO 3166-1 alpha-2 country code",
                "use two capital letters, e.g. KZ (XX for international waters)",
            )
            return None
        return value

    def currency(self, key: str) -> str | None:
        """An ISO 4217 code (its FX rate is checked by the validator)."""
        value = self.string(key)
        if value is not None and not CURRENCY_RE.match(value):
            self.fail(key, f"{value!r} is not an ISO 4217 currency code", "use e.g. USD, EUR, KZT")
            return None
        return value

    def distribution(self, key: str, *, required: bool = True) -> Distribution | None:
        """A time distribution (hours)."""
        if not required and not self.has(key):
            return None
        value = self.raw(key)
        if value is None:
            return None
        key_text = repr(value) if isinstance(value, dict) else None
        if key_text is not None and key_text in self.log.parsed:
            return self.log.parsed[key_text]
        try:
            dist = distribution_from_dict(value)
        except ValueError as exc:
            self.fail(key, str(exc), "see docs/network-format.md, 'Distributions'")
            return None
        if key_text is not None:
            self.log.parsed[key_text] = dist
        return dist

    def obj(self, key: str, *, required: bool = False) -> Mapping[str, Any] | None:
        """A nested object."""
        value = self.props.get(key)
        if type(value) is dict:  # the common case (JSON objects are dicts)
            return value
        if not required and not self.has(key):
            return None
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.fail(key, f"must be an object, got {value!r}", "see docs/network-format.md")
            return None
        return value

    def array(self, key: str) -> list[Any]:
        """An optional list (empty when absent)."""
        if not self.has(key):
            return []
        value = self.raw(key)
        if not isinstance(value, list):
            self.fail(key, f"must be a list, got {value!r}", "use a JSON array")
            return []
        return value
