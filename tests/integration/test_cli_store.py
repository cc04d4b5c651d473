"""``corridor db``, ``runs``, ``keys`` and ``--save``, on a SQLite file in a temp data dir."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridor.cli import app
from corridor.store import KEY_PATTERN, Store

runner = CliRunner()
SAVED = re.compile(r"saved run ([0-9a-f]{32})")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never the user's data directory or database."""
    monkeypatch.setenv("CORRIDOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CORRIDOR_DATABASE_URL", raising=False)
    return tmp_path / "data"


def _saved(stderr: str) -> str:
    found = SAVED.search(stderr)
    assert found is not None, stderr
    return found.group(1)


def test_db_upgrade_prints_the_revision(data_dir: Path) -> None:
    for _ in range(2):
        result = runner.invoke(app, ["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == (
            f"sqlite:///{data_dir / 'corridor.sqlite3'}: revision 0001 (newest)"
        )


def test_db_upgrade_with_a_bad_url_is_one_line() -> None:
    result = runner.invoke(app, ["db", "upgrade", "--url", "mysql://x@y/z"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unsupported database")
    assert result.stderr.count("\n") == 1


def test_compare_save_keeps_stdout_and_saves_the_json(data_dir: Path) -> None:
    args = ["compare", "Xi'an", "Duisburg", "--format", "json"]
    plain = runner.invoke(app, args)
    saved = runner.invoke(app, [*args, "--save"])
    assert saved.exit_code == 0, saved.output
    assert saved.stdout == plain.stdout
    run_id = _saved(saved.stderr)
    with Store.open(f"sqlite:///{data_dir / 'corridor.sqlite3'}") as store:
        run = store.get_run(run_id)
    assert run.kind == "compare"
    assert run.owner is None
    assert run.request["origin"] == "Xi'an"
    assert run.request["command"] == 'corridor compare "Xi\'an" Duisburg --format json'
    assert "fmt" not in run.request
    assert "save" not in run.request
    assert dict(run.result) == json.loads(plain.stdout)


def test_the_table_output_is_unchanged_by_save() -> None:
    args = ["compare", "Xi'an", "Duisburg"]
    plain = runner.invoke(app, args)
    saved = runner.invoke(app, [*args, "--save"])
    assert saved.stdout == plain.stdout
    _saved(saved.stderr)


@pytest.mark.parametrize(
    ("kind", "args"),
    [
        ("route", ["route", "Xi'an", "Duisburg", "--alternatives", "2"]),
        ("reliability", ["reliability", "Xi'an", "Duisburg", "--samples", "300"]),
        ("cost", ["cost", "Chengdu", "Warsaw", "--value", "400000", "--samples", "300"]),
        ("compare", ["compare", "Chengdu", "Warsaw", "--optimize", "landed", "--value", "4e5"]),
    ],
)
def test_every_command_saves_its_json_output(kind: str, args: list[str]) -> None:
    plain = runner.invoke(app, [*args, "--format", "json"])
    saved = runner.invoke(app, [*args, "--save"])
    assert saved.exit_code == 0, saved.output
    shown = runner.invoke(app, ["runs", "show", _saved(saved.stderr)])
    assert shown.exit_code == 0, shown.output
    run = json.loads(shown.stdout)
    assert run["kind"] == kind
    assert run["result"] == json.loads(plain.stdout)


def test_runs_list_and_diff_of_two_compares() -> None:
    a = _saved(runner.invoke(app, ["compare", "Xi'an", "Duisburg", "--save"]).stderr)
    avoiding = ["compare", "Xi'an", "Duisburg", "--avoid-country", "RU", "--save"]
    b = _saved(runner.invoke(app, avoiding).stderr)

    listed = runner.invoke(app, ["runs", "list"])
    assert listed.exit_code == 0, listed.output
    lines = [line for line in listed.stdout.splitlines() if a in line or b in line]
    assert lines[0].startswith(f" {b}")  # newest first
    assert 'compare "Xi\'an" Duisburg --avoid-country RU' in lines[0]
    as_json = json.loads(runner.invoke(app, ["runs", "list", "-f", "json"]).stdout)
    assert [r["id"] for r in as_json] == [b, a]
    assert "result" not in as_json[0]

    diff = runner.invoke(app, ["runs", "diff", a, b])
    assert diff.exit_code == 0, diff.output
    assert "request.avoid_country" in diff.stdout
    assert "result.options[northern]" in diff.stdout
    assert "removed" in diff.stdout
    rows = json.loads(runner.invoke(app, ["runs", "diff", a, b, "-f", "json"]).stdout)
    fields = {row["field"]: row for row in rows}
    assert fields["request.avoid_country"]["b"] == ["RU"]
    assert fields["result.options[northern]"]["b"] is None
    rank = fields["result.options[middle_turkiye].rank"]
    assert (rank["a"], rank["b"], rank["delta"]) == (2, 1, -1.0)

    same = runner.invoke(app, ["runs", "diff", a, a])
    assert same.stdout.strip() == f"runs {a} and {a} are the same"


def test_an_unknown_run_is_one_line_exit_2() -> None:
    result = runner.invoke(app, ["runs", "show", "0" * 32])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: no run with id '{'0' * 32}'")
    assert result.stderr.count("\n") == 1


def test_runs_list_of_an_empty_store_says_how_to_save() -> None:
    result = runner.invoke(app, ["runs", "list"])
    assert result.exit_code == 0
    assert "add --save" in result.stderr


def test_keys_create_list_revoke() -> None:
    created = runner.invoke(app, ["keys", "create", "team-freight"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    assert KEY_PATTERN.fullmatch(token)
    assert "not shown again" in created.stderr

    listed = runner.invoke(app, ["keys", "list"])
    assert "team-freight" in listed.stdout
    assert token[:12] in listed.stdout
    assert token not in listed.stdout
    assert "valid" in listed.stdout

    again = runner.invoke(app, ["keys", "create", "team-freight"])
    assert again.exit_code == 2
    assert "a key named 'team-freight' exists" in again.stderr

    assert runner.invoke(app, ["keys", "revoke", "team-freight"]).exit_code == 0
    rows = json.loads(runner.invoke(app, ["keys", "list", "-f", "json"]).stdout)
    assert rows[0]["name"] == "team-freight"
    assert rows[0]["revoked"] is not None
    gone = runner.invoke(app, ["keys", "revoke", "team-freight"])
    assert gone.exit_code == 2
    assert gone.stderr.startswith("error: no valid key named 'team-freight'")


def test_a_bad_key_name_is_one_line() -> None:
    result = runner.invoke(app, ["keys", "create", "../admin"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: invalid key name '../admin'")


def test_the_command_line_starts_without_sqlalchemy() -> None:
    code = "import sys, corridor.cli; print('sqlalchemy' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["False"]


@pytest.mark.parametrize(
    "args", [["runs", "list"], ["db", "upgrade"], ["compare", "Xi'an", "Duisburg", "--save"]]
)
def test_without_sqlalchemy_the_store_commands_name_the_extra(args: list[str]) -> None:
    code = (
        "import sys; sys.modules['sqlalchemy'] = None; from corridor.cli import main; "
        f"sys.argv = ['corridor', *{args!r}]; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 2, done.stderr
    expected = (
        "error: 'sqlalchemy' is needed for this feature but is not installed; install it "
        "with: pip install 'corridor[store]'"
    )
    assert done.stderr.strip().splitlines() == [expected]
