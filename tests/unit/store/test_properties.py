"""Property tests: the name rule, the key format, and save/get round trips on both backends."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridor.store import KEY_PATTERN, NAME_PATTERN, Store, StoreError, check_name, new_token
from corridor.store.keys import hash_token, lookup_of, same_hash

NAMES = st.from_regex(NAME_PATTERN, fullmatch=True)
TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**62), max_value=2**62)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)
JSON_OBJECTS = st.dictionaries(TEXT, JSON_VALUES, max_size=5)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(NAMES)
def test_every_name_of_the_rule_is_accepted(name: str) -> None:
    assert check_name(name) == name


@given(st.text(max_size=80))
def test_a_name_is_accepted_exactly_when_it_matches_the_rule(name: str) -> None:
    if NAME_PATTERN.fullmatch(name):
        assert check_name(name) == name
    else:
        with pytest.raises(StoreError, match="invalid name") as caught:
            check_name(name)
        assert "\n" not in str(caught.value).replace(name[:80], "")
        assert "/" not in name or NAME_PATTERN.fullmatch(name) is None


@given(
    st.builds(
        lambda a, sep, b: a + sep + b,
        st.text(max_size=20),
        st.sampled_from(["/", "\\", "../", "..\\", "\x00"]),
        st.text(max_size=20),
    )
    | st.builds(lambda a: "." + a, st.text(max_size=20))
)
def test_names_that_could_be_paths_are_refused(name: str) -> None:
    with pytest.raises(StoreError):
        check_name(name)


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10))
def test_new_tokens_have_the_key_format_and_differ(draw: int) -> None:
    del draw  # each example draws two fresh tokens
    a, b = new_token(), new_token()
    assert KEY_PATTERN.fullmatch(a)
    assert KEY_PATTERN.fullmatch(b)
    assert a != b
    assert lookup_of(a) == a[:12]
    assert same_hash(a, hash_token(a))
    assert not same_hash(b, hash_token(a))


@given(st.text(max_size=60))
def test_a_token_matches_only_its_own_hash(token: str) -> None:
    stored = hash_token(new_token())
    assert not same_hash(token, stored)
    assert same_hash(token, hash_token(token))


def test_any_text_presented_as_a_key_is_refused_quietly(store: Store) -> None:
    real = store.create_key("team-a")

    @SETTINGS
    @given(st.text(max_size=60) | st.builds(lambda s: "cor_" + s, st.text(max_size=50)))
    def check(candidate: str) -> None:
        assert store.verify_key(candidate) is None or candidate == real

    check()
    assert store.verify_key(real) is not None


def test_saved_runs_come_back_equal(store: Store) -> None:
    @SETTINGS
    @given(request=JSON_OBJECTS, result=JSON_OBJECTS, owner=st.none() | NAMES)
    def check(request: dict[str, object], result: dict[str, object], owner: str | None) -> None:
        run = store.get_run(store.save_run("compare", request, result, owner=owner))
        assert dict(run.request) == request
        assert dict(run.result) == result
        assert run.owner == owner

    check()


def test_non_finite_numbers_come_back_as_none(store: Store) -> None:
    @SETTINGS
    @given(st.lists(st.floats(), max_size=6))
    def check(values: list[float]) -> None:
        run = store.get_run(store.save_run("cost", {}, {"values": values}))
        expected = [v if math.isfinite(v) else None for v in values]
        assert run.result["values"] == expected

    check()


def test_any_text_is_stored_or_refused_with_a_store_error(store: Store) -> None:
    @SETTINGS
    @given(st.text(max_size=40))
    def check(text: str) -> None:
        try:
            run_id = store.save_run("route", {"note": text}, {text: 1})
        except StoreError:
            assert "\x00" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text)
            return
        run = store.get_run(run_id)
        assert run.request["note"] == text
        assert run.result[text] == 1

    check()


def test_documents_come_back_equal(store: Store) -> None:
    @SETTINGS
    @given(name=NAMES, text=TEXT, private=st.booleans())
    def check(name: str, text: str, private: bool) -> None:
        store.put_document("scenario", name, text, owner="team-a", private=private)
        doc = store.get_document("scenario", name, owner="team-a")
        assert (doc.name, doc.text, doc.private, doc.size) == (name, text, private, len(text))

    check()
