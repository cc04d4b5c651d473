from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from corridor import Network, UnknownPlaceError, find_places, network_from_geojson, resolve_place
from corridor.network.model import Node
from corridor.network.places import (
    edit_budget,
    edit_distance,
    match_place,
    normalize_name,
    phonetic_key,
)


@pytest.mark.parametrize("text", ["Xi'an", "XIAN", "xi an", "Xi’an"])
def test_normalize_folds_spelling(text: str) -> None:
    assert normalize_name(text) == "xian"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Łódź", "lodz"),
        ("Constanța", "constanta"),
        ("Halkalı", "halkali"),  # dotless i does not decompose
        ("Ələt", "elet"),  # nor does schwa
        ("Ташкент", "tashkent"),
        ("Костанай", "kostanay"),
        ("Πειραιάς", "peiraias"),
        ("Straße", "strasse"),
        ("西安", "西安"),  # no transliteration: kept, so that the alias matches itself
    ],
)
def test_normalize_folds_scripts_and_letters(text: str, expected: str) -> None:
    assert normalize_name(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("Khorgos", "Horgos"), ("Constanza", "Konstanza"), ("Tbilissi", "Tbilisi"), ("Yiwu", "Iwu")],
)
def test_phonetic_key_joins_transliterations(a: str, b: str) -> None:
    assert phonetic_key(a) == phonetic_key(b)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("duisbrug", "duisburg", 1),  # a swap is one edit
        ("kitten", "sitting", 3),
        ("", "abc", 3),
        ("abc", "abc", 0),
        ("ca", "abc", 3),  # restricted Damerau: no edit of a swapped pair
        ("kostanai", "konstanza", 3),
    ],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


def test_edit_budget_grows_with_length() -> None:
    assert [edit_budget(n) for n in (2, 3, 4, 8, 9, 20)] == [0, 0, 1, 1, 2, 2]


@pytest.mark.parametrize("query", ["Xian", "Xi'an", "CNXAN", "cnxan", "sian", "xian"])
def test_resolve_by_name_alias_locode(tiny: dict[str, Any], query: str) -> None:
    net = network_from_geojson(tiny)
    m = match_place(net, query)
    assert m.node.id == "xian"
    assert m.kind == "exact"


def test_find_places_tolerates_typos(tiny: dict[str, Any]) -> None:
    net = network_from_geojson(tiny)
    top = find_places(net, "Almatyy")[0]
    assert top.node.id == "almaty"
    assert top.kind == "near"


def test_a_clear_near_match_is_answered_and_says_so(tiny: dict[str, Any]) -> None:
    net = network_from_geojson(tiny)
    m = match_place(net, "Aktaw")
    assert (m.node.id, m.kind, m.edits) == ("aktau", "near", 1)
    assert not m.matched.casefold().startswith("aktaw")


def test_unknown_place_suggests(tiny: dict[str, Any]) -> None:
    net = network_from_geojson(tiny)
    with pytest.raises(UnknownPlaceError, match=r"unknown place 'Aktur'.*Aktau \(aktau\)"):
        resolve_place(net, "Aktur")
    with pytest.raises(UnknownPlaceError, match="corridor places"):
        resolve_place(net, "qqqqqqq")


def _net(*names: str) -> Network:
    nodes = tuple(Node(f"n{i}", name, "city", "CN", float(i), 0.0) for i, name in enumerate(names))
    return Network(nodes=nodes, links=())


def test_a_close_spelling_of_a_missing_place_is_not_answered_with_another() -> None:
    # Kostanay (KZ) is not here; Constanța, alias Konstanza, is three edits away
    net = Network(
        nodes=(
            Node("constanta", "Constanța", "port", "RO", 28.65, 44.18, aliases=("Konstanza",)),
            Node("duisburg", "Duisburg", "rail_terminal", "DE", 6.75, 51.47),
        ),
        links=(),
    )
    with pytest.raises(UnknownPlaceError, match=r"unknown place 'Kostanay'.*did you mean Con"):
        resolve_place(net, "Kostanay")
    assert match_place(net, "Duisbrug").node.id == "duisburg"


def test_the_library_takes_exact_names_unless_asked() -> None:
    net = _net("Duisburg")
    with pytest.raises(UnknownPlaceError, match=r"unknown place 'Duisbrug': did you mean Duis"):
        resolve_place(net, "Duisbrug")
    assert resolve_place(net, "Duisbrug", near=True).id == "n0"
    with pytest.raises(UnknownPlaceError, match="did you mean Duisburg"):
        match_place(net, "Duisbrug", near=False)


def test_a_prefix_is_listed_but_never_the_answer() -> None:
    net = _net("Frankfurt (Oder)", "Hamburg")
    [m] = find_places(net, "Frankfurt")
    assert (m.node.id, m.kind, m.answers) == ("n0", "prefix", False)
    with pytest.raises(UnknownPlaceError, match=r"did you mean Frankfurt \(Oder\)"):
        resolve_place(net, "Frankfurt")


def test_two_equally_close_places_are_not_guessed() -> None:
    net = _net("Baram", "Barak")
    with pytest.raises(UnknownPlaceError, match=r"as close to Barak .* or Baram"):
        resolve_place(net, "Baran")


def test_the_closer_of_two_near_places_wins() -> None:
    net = _net("Tashkent", "Tashkurgan")
    assert resolve_place(net, "Tashkend", near=True).id == "n0"


def test_name_parts_match_exactly() -> None:
    net = _net("Dostyk / Alashankou")
    assert match_place(net, "Alashankou").kind == "exact"


def test_ambiguous_exact_name_lists_ids() -> None:
    net = _net("Brest", "Brest")
    with pytest.raises(UnknownPlaceError, match=r"ambiguous: n0 .*n1"):
        resolve_place(net, "Brest")


@given(st.text(max_size=40))
def test_search_never_crashes_on_arbitrary_text(query: str) -> None:
    net = _net("Xi'an", "Łódź", "Ташкент", "西安港", "Constanța", "A / B")
    matches = find_places(net, query, limit=20)
    assert all(0.0 <= m.score <= 1.0 for m in matches)
    try:
        m = match_place(net, query)
    except UnknownPlaceError as exc:
        assert "\n" not in str(exc)
    else:
        assert m.answers


_NAMES = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1, max_size=30
)


@given(st.lists(_NAMES, min_size=1, max_size=6))
def test_an_exact_name_always_finds_itself(names: list[str]) -> None:
    keys = [normalize_name(n) for n in names]
    assume(all(keys) and len(set(keys)) == len(keys))
    assume(not any(" / " in n for n in names))  # name parts are keys of their own
    assume(not any(f"n{i}" in keys for i in range(len(names))))
    net = _net(*names)
    for i, name in enumerate(names):
        m = match_place(net, name)
        assert (m.node.id, m.kind) == (f"n{i}", "exact")
        assert find_places(net, name)[0].node.id == f"n{i}"
