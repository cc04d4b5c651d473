"""The JSON Schema of scenario files agrees with the built-ins and with the parser."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import jsonschema
import pytest

from corridor.scenarios import ScenarioError, builtin_scenarios, parse_scenario, scenario_schema

SCHEMA = scenario_schema()
BUILTINS = [n for n in builtin_scenarios() if n != "base"]
ARRAYS: tuple[str, ...] = ("close", "reopen", "capacity", "speed", "tariff", "border_regime")
ARRAYS += ("headway", "value_of_time", "demand_growth")
TABLES = ("regimes", "fx", "carbon")


def _text(name: str) -> str:
    folder = resources.files("corridor.data").joinpath("scenarios")
    return folder.joinpath(f"{name}.toml").read_text("utf-8")


def test_schema_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", BUILTINS)
def test_builtins_validate(name: str) -> None:
    jsonschema.validate(tomllib.loads(_text(name)), SCHEMA)


def _keys(definition: str) -> list[str]:
    return list(SCHEMA["$defs"][definition]["properties"])


def _unknown_keys(text: str) -> list[str]:
    try:
        parse_scenario('name = "t"\ndescription = "d"\n' + text)
    except ScenarioError as exc:
        return [p.key for p in exc.problems if p.message == "unknown key"]
    return []


@pytest.mark.parametrize(
    ("table", "key"),
    [(t, k) for t in ARRAYS for k in _keys("close" if t == "reopen" else t)]
    + [(t, k) for t in TABLES for k in _keys(t)],
)
def test_every_key_the_schema_allows_is_read(table: str, key: str) -> None:
    header = f"[[{table}]]" if table in ARRAYS else f"[{table}]"
    assert _unknown_keys(f'{header}\n{key} = "x"\n') == []


@pytest.mark.parametrize("kind", ["node", "link", "transfer", "service"])
def test_every_add_key_the_schema_allows_is_read(kind: str) -> None:
    body = "".join(f'{k} = "x"\n' for k in _keys(f"add_{kind}"))
    assert _unknown_keys(f"[[add.{kind}]]\n{body}") == []


@pytest.mark.parametrize("table", [*ARRAYS, *TABLES])
def test_a_key_the_schema_refuses_is_refused(table: str) -> None:
    header = f"[[{table}]]" if table in ARRAYS else f"[{table}]"
    doc: dict[str, Any] = {"name": "t", "description": "d"}
    doc[table] = [{"bogus": 1}] if table in ARRAYS else {"bogus": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)
    assert _unknown_keys(f"{header}\nbogus = 1\n") == [
        f"{table}[1].bogus" if table in ARRAYS else f"{table}.bogus"
    ]


def test_top_level_keys_agree() -> None:
    for key in SCHEMA["properties"]:
        assert _unknown_keys(f'{key} = "x"\n' if key not in ("name", "description") else "") == []
    assert _unknown_keys('colour = "red"\n') == ["colour"]
