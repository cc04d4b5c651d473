"""Every public function and method has a complete numpydoc docstring.

Public means exported in the ``__all__`` of a public module of ``corridor`` (the command
line, documented by ``--help``, and private ``_`` modules aside); a class exported there
brings its public methods. Each needs Parameters naming every parameter, Returns (or
Yields) when it returns something, and Raises naming each ``CorridorError`` it raises.
One failure lists every offender, so a pass can fix them all at once.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from corridor._dependencies import import_optional
from corridor.exceptions import InvalidArgumentError, NoRouteError

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import api_reference as ar  # noqa: E402


class _Sample:
    def documented(self, origin: str, *, k: int = 1) -> int:
        """Pick ``k``.

        Parameters
        ----------
        origin, k
            The place and the count.

        Returns
        -------
        int
            ``k``.

        Raises
        ------
        CorridorError
            Never really.
        """
        if k < 0:
            raise InvalidArgumentError(origin)
        return k

    def partial(self, origin: str, k: int) -> int:
        """Half documented.

        Parameters
        ----------
        origin : str
            The place.
        """

        def nested() -> None:
            raise NoRouteError(origin)

        del nested
        if k < 0:
            raise NoRouteError(origin)
        return k

    def silent(self) -> None:
        """Nothing to say about a method without parameters that returns nothing."""

    def via_helper(self, module: str) -> None:
        """Imports through a private helper that raises.

        Parameters
        ----------
        module
            The module.
        """
        import_optional(module, extra="plot")

    def stale(self, origin: str) -> None:
        """Documents a parameter it no longer has.

        Parameters
        ----------
        origin
            The place.
        destination
            Gone from the signature.
        """
        del origin


def _item(name: str) -> ar.ApiObject:
    return ar.ApiObject(__name__, f"_Sample.{name}", getattr(_Sample, name), "method")


def public_api() -> list[ar.ApiObject]:
    """Each public object once, under the first module that exports it."""
    seen: dict[int, ar.ApiObject] = {}
    for module in ar.all_library_modules():
        for item in ar.exported_objects(module):
            seen.setdefault(id(item.obj), item)
    return list(seen.values())


def _where(item: ar.ApiObject) -> str:
    defined = getattr(item.obj, "__module__", None)
    if item.kind == "property" and isinstance(item.obj, property) and item.obj.fget:
        defined = item.obj.fget.__module__
    return f"{defined or item.module}.{item.qualname}"


def test_the_check_finds_what_is_missing() -> None:
    assert ar.docstring_problems(_item("documented")) == []
    assert ar.docstring_problems(_item("silent")) == []
    assert ar.docstring_problems(_item("partial")) == [
        "Parameters does not describe k",
        "no Returns section (returns int)",
        "Raises does not list NoRouteError",
    ]
    assert ar.docstring_problems(_item("stale")) == [
        "Parameters describes destination, not in the signature"
    ]
    # raised by a private helper it calls (corridor._dependencies.import_optional)
    assert ar.docstring_problems(_item("via_helper")) == [
        "Raises does not list MissingOptionalDependencyError"
    ]
    assert ar.raised_corridor_errors(_Sample.partial)[0].__name__ == "NoRouteError"


def test_parser_reads_names_types_and_sections() -> None:
    doc = ar.parse_docstring(_Sample.partial.__doc__)
    assert doc.summary == "Half documented."
    assert doc.entries("Parameters") == [ar.Entry(("origin",), "str", "The place.")]
    combined = ar.parse_docstring(_Sample.documented.__doc__).entries("Parameters")
    assert combined[0].names == ("origin", "k")


def test_public_api_is_walked() -> None:
    paths = {item.path for item in public_api()}
    assert "corridor.route" in paths
    assert "corridor.read_network" in paths
    assert any(p.startswith("corridor.assignment.") for p in paths)
    assert len([i for i in public_api() if i.kind in {"function", "method"}]) > 100


def test_every_public_function_has_a_complete_numpydoc_docstring() -> None:
    offenders = [
        f"{_where(item)}: {'; '.join(problems)}"
        for item in public_api()
        for problems in [ar.docstring_problems(item)]
        if problems
    ]
    if offenders:
        pytest.fail(
            f"{len(offenders)} public objects lack numpydoc sections:\n" + "\n".join(offenders),
            pytrace=False,
        )
