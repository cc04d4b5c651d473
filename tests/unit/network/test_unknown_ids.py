"""Looking up an id the network does not have is a KeyError and a CorridorError."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from corridor import eurasia
from corridor.exceptions import CorridorError, UnknownIdError

_NET = eurasia()


@pytest.mark.parametrize(
    ("lookup", "message"),
    [
        (lambda: _NET.node("nowhere"), "node_id='nowhere': no node has this id"),
        (lambda: _NET.link("nowhere"), "link_id='nowhere': no link has this id"),
        (lambda: _NET.cargo("XYZ"), "cargo_id='XYZ': no cargo class has this id; use one of TEU"),
        (lambda: _NET.fx.to_base(1.0, "XYZ"), "currency='XYZ': no exchange rate for it"),
    ],
)
def test_an_unknown_id_names_itself_and_the_fix(lookup: Callable[[], object], message: str) -> None:
    with pytest.raises(UnknownIdError) as info:
        lookup()
    assert isinstance(info.value, KeyError)  # `except KeyError` keeps working
    assert isinstance(info.value, CorridorError)  # the CLI prints one line
    assert str(info.value).startswith(message)  # plain text, not a quoted key
    assert "\n" not in str(info.value)


def test_known_ids_are_found() -> None:
    assert _NET.node("duisburg").name == "Duisburg"
    assert _NET.link(_NET.links[0].id) is _NET.links[0]
    assert _NET.cargo("teu").id == "TEU"
    assert _NET.fx.to_base(10.0, _NET.fx.base) == 10.0
