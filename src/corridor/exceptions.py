"""The corridor exception tree.

Every error a user can cause derives from :class:`CorridorError`; its message says what
was wrong, where, and what to do. The CLI turns these into one line and exit code 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CorridorError",
    "FileProblem",
    "InvalidArgumentError",
    "MissingOptionalDependencyError",
    "NetworkFormatError",
    "NetworkValidationError",
    "NoRouteError",
    "UnknownIdError",
    "UnknownPlaceError",
    "ValidationIssue",
]


class CorridorError(Exception):
    """Root of all errors raised by corridor."""


@dataclass(frozen=True, slots=True)
class FileProblem:
    """One problem at a line of a TOML input file (a scenario or a project file).

    Parameters
    ----------
    file
        The file (or ``<builtin NAME>``, ``<memory>``).
    line
        1-based line of the key or table the problem is about (0: unknown).
    key
        Dotted key path (``capacity[2].unit``), empty for the whole file.
    message
        What is wrong.
    fix
        What to do about it.
    """

    file: str
    line: int
    key: str
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line > 0 else self.file
        if self.key:
            where += f": {self.key}"
        return f"{where}: {self.message}; fix: {self.fix}"


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One problem found in a network.

    Parameters
    ----------
    message
        What is wrong.
    fix
        What to do about it.
    source
        The file (or ``"<memory>"``) the feature came from.
    feature
        Id of the feature (node or link), or ``None`` for a file-level problem.
    field
        The property that is wrong, dotted for nested ones (``border.regimes.paper``).
    severity
        ``error`` makes the network unusable; ``warning`` is worth knowing.
    """

    message: str
    fix: str
    source: str = "<memory>"
    feature: str | None = None
    field: str | None = None
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = self.source
        if self.feature is not None:
            where += f": feature {self.feature!r}"
        if self.field is not None:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}; fix: {self.fix}"


class NetworkFormatError(ValueError, CorridorError):
    """A network file cannot be parsed at all (not JSON, not a FeatureCollection, ...)."""


class NetworkValidationError(ValueError, CorridorError):
    """A network has one or more errors; :attr:`issues` lists all of them.

    With one error the message is that error's line (where, what, fix); with several, a
    count, then one line each.

    Parameters
    ----------
    issues
        Every problem found (warnings are kept in :attr:`issues`, not in the message).
    """

    def __init__(self, issues: Sequence[ValidationIssue]) -> None:
        self.issues: tuple[ValidationIssue, ...] = tuple(issues)
        errors = [i for i in self.issues if i.severity == "error"]
        if len(errors) == 1:
            super().__init__(str(errors[0]))
            return
        head = f"{len(errors)} problem(s) in the network"
        super().__init__(head + ":\n" + "\n".join(str(i) for i in errors))


class UnknownPlaceError(LookupError, CorridorError):
    """A place name, alias, LOCODE or id matches no node of the network."""


class UnknownIdError(KeyError, CorridorError):
    """An id (node, link, cargo class, currency) that the network or table does not have.

    A :class:`KeyError`, so ``except KeyError`` keeps working; its message is the plain
    text (not the quoted key a bare ``KeyError`` shows).
    """

    def __str__(self) -> str:
        """The message as given."""
        return str(self.args[0]) if self.args else ""


class InvalidArgumentError(ValueError, CorridorError):
    """An argument passed to a function is of the wrong kind, not finite or out of range.

    The message names the parameter (``avoid_countries='XX': ...``); :attr:`parameter`
    holds its name, so that a front end (the CLI) can speak of its own flag instead.

    Parameters
    ----------
    message
        What is wrong, where, and what to do.
    parameter
        The name of the offending parameter, when there is one.
    """

    def __init__(self, message: str, *, parameter: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter


class NoRouteError(CorridorError):
    """No route satisfies the request."""


class MissingOptionalDependencyError(ImportError, CorridorError):
    """An optional dependency is needed; the message names the extra to install."""
