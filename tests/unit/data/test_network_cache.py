"""The per-user cache of the embedded network: faster, never different, never failing."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest

from corridor.data import EURASIA_FILE, _read_embedded
from corridor.data import _cache as cache
from corridor.network.model import Network


@pytest.fixture
def data() -> bytes:
    return resources.files("corridor.data").joinpath(EURASIA_FILE).read_bytes()


@pytest.fixture
def cache_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CORRIDOR_CACHE", raising=False)
    return tmp_path


def _files(directory: Path) -> list[Path]:
    return sorted(directory.glob("eurasia-*.pickle"))


def _counting(data: bytes) -> tuple[list[int], Callable[[], Network]]:
    calls: list[int] = []

    def build() -> Network:
        calls.append(1)
        return _read_embedded(data)

    return calls, build


def test_second_load_comes_from_the_cache_and_equals_the_parse(data: bytes, cache_in: Path) -> None:
    calls, build = _counting(data)
    first = cache.cached_network(data, build)
    assert calls == [1]
    assert len(_files(cache_in)) == 1
    second = cache.cached_network(data, build)
    assert calls == [1], "the second load parsed the GeoJSON again"
    assert second is not first
    assert second == first
    # every part, not only what Network's equality compares
    assert second.nodes == first.nodes
    assert second.links == first.links
    assert second.fx == first.fx
    assert second.cargo_classes == first.cargo_classes
    assert second.node("duisburg").provenance == first.node("duisburg").provenance
    assert [lk.service for lk in second.links] == [lk.service for lk in first.links]


def test_other_data_gets_its_own_entry_and_the_old_one_goes(data: bytes, cache_in: Path) -> None:
    calls, build = _counting(data)
    cache.cached_network(data, build)
    (old,) = _files(cache_in)
    changed = data + b" "  # same network, other bytes: another key
    cache.cached_network(changed, build)
    assert calls == [1, 1]
    (new,) = _files(cache_in)
    assert new != old


@pytest.mark.usefixtures("cache_in")
def test_changed_code_invalidates_the_copy(
    data: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "fake_module.py"
    source.write_text("x = 1\n")
    module = type(sys)("corridor._fake_for_cache_test")
    module.__file__ = str(source)
    monkeypatch.setitem(sys.modules, "corridor._fake_for_cache_test", module)
    calls, build = _counting(data)
    cache.cached_network(data, build)
    cache.cached_network(data, build)
    assert calls == [1]
    source.write_text("x = 22\n")  # another size: a model class changed
    cache.cached_network(data, build)
    assert calls == [1, 1]


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        lambda p: p.write_bytes(b'{"code": {}}\n' + p.read_bytes().split(b"\n", 1)[1]),
        lambda p: p.write_bytes(b"not json\n"),
        lambda p: p.chmod(0o666),
    ],
    ids=["empty", "truncated", "no-stamp", "garbage", "world-writable"],
)
def test_a_damaged_or_foreign_copy_is_read_again(
    data: bytes, cache_in: Path, damage: Callable[[Path], object]
) -> None:
    calls, build = _counting(data)
    reference = cache.cached_network(data, build)
    (path,) = _files(cache_in)
    damage(path)
    again = cache.cached_network(data, build)
    assert calls == [1, 1]
    assert again == reference


def test_a_pickle_of_something_else_is_not_returned(data: bytes, cache_in: Path) -> None:
    calls, build = _counting(data)
    cache.cached_network(data, build)
    (path,) = _files(cache_in)
    header = path.read_bytes().split(b"\n", 1)[0]
    path.write_bytes(header + b"\n" + pickle.dumps({"not": "a network"}))
    net = cache.cached_network(data, build)
    assert isinstance(net, Network)
    assert calls == [1, 1]


def test_unwritable_directory_still_loads(
    data: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(blocker / "cache"))  # under a file
    calls, build = _counting(data)
    assert isinstance(cache.cached_network(data, build), Network)
    assert isinstance(cache.cached_network(data, build), Network)
    assert calls == [1, 1]


def test_off_switch(data: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("CORRIDOR_CACHE", "off")
    calls, build = _counting(data)
    cache.cached_network(data, build)
    cache.cached_network(data, build)
    assert calls == [1, 1]
    assert _files(tmp_path) == []


def test_cache_dir_precedence() -> None:
    assert cache.cache_dir({"HOME": "/h"}) == Path("/h/.cache/corridor")
    assert cache.cache_dir({"HOME": "/h", "XDG_CACHE_HOME": "/x"}) == Path("/x/corridor")
    env = {"HOME": "/h", "XDG_CACHE_HOME": "/x", "CORRIDOR_CACHE_DIR": "/c"}
    assert cache.cache_dir(env) == Path("/c")
    assert cache.cache_dir({}) is None
    for off in ("0", "off", "OFF", " no ", "false"):
        assert cache.cache_dir({"CORRIDOR_CACHE": off, "HOME": "/h"}) is None


def test_a_fresh_process_routes_the_same_from_the_cache(tmp_path: Path) -> None:
    """What a user sees: the same answer on the first (parse) and second (cache) run."""
    env = {**os.environ, "CORRIDOR_CACHE_DIR": str(tmp_path)}
    env.pop("CORRIDOR_CACHE", None)
    code = (
        "import corridor; r = corridor.route(corridor.eurasia(), \"Xi'an\", 'Duisburg');"
        "print(round(r.distance_km, 3), round(r.hours, 3), round(r.cost_usd, 2))"
    )
    outs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    ]
    assert len(_files(tmp_path)) == 1
    assert outs[0] == outs[1]
    assert outs[0].strip()


def test_no_cache_where_owners_cannot_be_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "getuid")
    assert cache.cache_dir({"HOME": "/h", "CORRIDOR_CACHE_DIR": "/c"}) is None
