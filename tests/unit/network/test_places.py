from __future__ import annotations

from typing import Any

import pytest

from corridor import UnknownPlaceError, find_places, network_from_geojson, resolve_place
from corridor.network.places import normalize_name


@pytest.mark.parametrize("text", ["Xi'an", "XIAN", "xi an", "Xi’an"])
def test_normalize_folds_spelling(text: str) -> None:
    assert normalize_name(text) == "xian"


def test_normalize_strips_diacritics() -> None:
    assert normalize_name("Łódź") == "lodz"
    assert normalize_name("Constanța") == "constanta"


@pytest.mark.parametrize("query", ["Xian", "Xi'an", "CNXAN", "cnxan", "sian", "xian"])
def test_resolve_by_name_alias_locode(tiny: dict[str, Any], query: str) -> None:
    net = network_from_geojson(tiny)
    assert resolve_place(net, query).id == "xian"


def test_find_places_tolerates_typos(tiny: dict[str, Any]) -> None:
    net = network_from_geojson(tiny)
    assert find_places(net, "Almatyy")[0].node.id == "almaty"


def test_unknown_place_suggests(tiny: dict[str, Any]) -> None:
    net = network_from_geojson(tiny)
    with pytest.raises(UnknownPlaceError, match=r"unknown place 'Aktaw'.*Aktau \(aktau\)"):
        resolve_place(net, "Aktaw")
    with pytest.raises(UnknownPlaceError, match="corridor places"):
        resolve_place(net, "qqqqqqq")
