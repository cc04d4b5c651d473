"""The store's interface on SQLite and PostgreSQL: runs, jobs, documents, keys, opening."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import text, update

from corridor.exceptions import CorridorError
from corridor.store import (
    NotFoundError,
    OwnershipError,
    StateError,
    Store,
    StoreError,
    database_url,
)
from corridor.store.migrate import head_revision
from corridor.store.models import JobRow

# -- opening ---------------------------------------------------------------------------


def test_open_migrates_to_the_newest_revision(store: Store) -> None:
    assert store.revision() == head_revision() == "0001"
    assert store.dialect in {"sqlite", "postgresql"}


def test_opening_twice_is_harmless(store_url: str) -> None:
    for _ in range(2):
        with Store.open(store_url) as store:
            assert store.revision() == head_revision()


def test_open_without_upgrade_refuses_an_empty_database(store_url: str) -> None:
    with pytest.raises(StoreError, match=r"revision none.*corridor db upgrade"):
        Store.open(store_url, upgrade=False)
    Store.open(store_url).close()
    Store.open(store_url, upgrade=False).close()


def test_the_default_database_is_a_file_in_thedata_dir(data_dir: Path) -> None:
    assert database_url() == f"sqlite:///{data_dir / 'corridor.sqlite3'}"
    with Store.open() as store:
        store.save_run("compare", {}, {})
    assert (data_dir / "corridor.sqlite3").is_file()


def test_corridor_database_url_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.db'}")
    Store.open().close()
    assert (tmp_path / "elsewhere.db").is_file()


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("not a url", "invalid database URL"),
        ("mysql://user@host/db", "unsupported database"),
        ("sqlite+nodriver:///x.db", "cannot use the database"),
    ],
)
def test_bad_urls_are_one_line_store_errors(url: str, match: str) -> None:
    with pytest.raises(StoreError, match=match) as caught:
        Store.open(url)
    assert "\n" not in str(caught.value)
    assert "fix:" in str(caught.value)


def test_an_unreachable_server_is_a_store_error_without_the_password() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreError, match="cannot open the database") as caught:
        Store.open(f"postgresql://me:secret@127.0.0.1:{port}/db?connect_timeout=2")
    assert "secret" not in str(caught.value)
    assert "postgresql+psycopg://me:***@127.0.0.1" in str(caught.value)


def test_importing_the_records_does_not_import_sqlalchemy() -> None:
    code = "import sys, corridor.store; print('sqlalchemy' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["False"]


# -- runs ------------------------------------------------------------------------------


def test_a_saved_run_comes_back(store: Store) -> None:
    request = {"origin": "Xi'an", "destination": "Duisburg", "cargo": ["general"]}
    result = {"routes": [{"days": 14.5, "usd": 6210}], "note": "Ürümqi", "nan": float("nan")}
    run_id = store.save_run("compare", request, result, owner="team-a")
    run = store.get_run(run_id)
    assert len(run_id) == 32
    assert run.id == run_id
    assert run.kind == "compare"
    assert run.owner == "team-a"
    assert dict(run.request) == request
    assert dict(run.result) == {**result, "nan": None}  # JSON has no NaN
    assert run.created.tzinfo is UTC
    assert run.created == run.updated
    with pytest.raises(TypeError):
        run.result["routes"] = []  # type: ignore[index]


def test_runs_are_listed_newest_first_by_page(store: Store) -> None:
    ids = [store.save_run("compare" if i % 2 else "route", {"i": i}, {}) for i in range(5)]
    listed = [run.id for run in store.list_runs()]
    assert listed == ids[::-1]
    assert [run.id for run in store.list_runs(limit=2, offset=1)] == ids[::-1][1:3]
    assert [run.request["i"] for run in store.list_runs(kind="compare")] == [3, 1]
    assert store.list_runs(owner="nobody") == []


def test_an_unknown_run_is_not_found(store: Store) -> None:
    for run_id in ["0" * 32, "nope", "../../etc/passwd"]:
        with pytest.raises(NotFoundError, match="no run with id") as caught:
            store.get_run(run_id)
        assert isinstance(caught.value, CorridorError)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"kind": ""}, "invalid kind"),
        ({"kind": "a b"}, "invalid kind"),
        ({"request": {"x": object()}}, "request is not JSON"),
        ({"result": [1, 2]}, "result must be a mapping"),
        ({"owner": "../root"}, "invalid owner"),
    ],
)
def test_bad_runs_are_refused(store: Store, kwargs: dict[str, object], match: str) -> None:
    args: dict[str, object] = {"kind": "compare", "request": {}, "result": {}, **kwargs}
    with pytest.raises(StoreError, match=match):
        store.save_run(**args)  # type: ignore[arg-type]
    assert store.count("runs") == 0


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (1001, 0), (10, -1), (True, 0)])
def test_pages_out_of_range_are_refused(store: Store, limit: int, offset: int) -> None:
    with pytest.raises(StoreError, match=r"limit|offset"):
        store.list_runs(limit=limit, offset=offset)


# -- jobs ------------------------------------------------------------------------------


def test_a_job_goes_from_queued_to_succeeded(store: Store) -> None:
    job_id = store.create_job("sweep", {"scenarios": ["base"]}, owner="team-a")
    job = store.get_job(job_id)
    assert (job.state, job.owner, dict(job.request)) == (
        "queued",
        "team-a",
        {"scenarios": ["base"]},
    )
    store.start_job(job_id)
    store.set_progress(job_id, 3, 10, "pair 3 of 10")
    job = store.get_job(job_id)
    assert job.state == "running"
    assert (job.progress.done, job.progress.total, job.progress.message) == (3, 10, "pair 3 of 10")
    assert job.progress.fraction == pytest.approx(0.3)
    with pytest.raises(StateError, match="running; fix: wait"):
        store.job_result(job_id)
    store.finish_job(job_id, {"rows": [1, 2, 3]})
    job = store.get_job(job_id)
    assert job.state == "succeeded"
    assert job.progress.done == 10
    assert job.updated >= job.created
    assert store.job_result(job_id) == {"rows": [1, 2, 3]}


def test_a_job_starts_once(store: Store) -> None:
    job_id = store.create_job("assign", {}, owner=None)
    store.start_job(job_id)
    with pytest.raises(StateError, match=r"cannot start job .* it is running"):
        store.start_job(job_id)


def test_two_threads_starting_one_job_start_it_once(store: Store) -> None:
    job_id = store.create_job("assign", {}, owner=None)
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        barrier.wait()
        try:
            store.start_job(job_id)
            outcomes.append("started")
        except StateError:
            outcomes.append("refused")

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "started"]


def test_a_cancelled_job_stores_no_result(store: Store) -> None:
    job_id = store.create_job("sweep", {}, owner=None)
    store.start_job(job_id)
    assert store.cancel_job(job_id) is True
    assert store.cancel_job(job_id) is False
    with pytest.raises(StateError, match="it is cancelled"):
        store.set_progress(job_id, 1, 2)
    with pytest.raises(StateError, match=r"cannot finish job .* cancelled"):
        store.finish_job(job_id, {"rows": 1})
    assert store.count("results") == 0
    assert store.get_job(job_id).state == "cancelled"
    with pytest.raises(StateError, match="it has no result"):
        store.job_result(job_id)


def test_a_failed_job_keeps_its_error(store: Store) -> None:
    job_id = store.create_job("appraise", {}, owner=None)
    store.start_job(job_id)
    store.fail_job(job_id, "no route from A to B")
    job = store.get_job(job_id)
    assert (job.state, job.error) == ("failed", "no route from A to B")
    with pytest.raises(StateError, match="cannot fail job"):
        store.fail_job(job_id, "again")


def test_unknown_jobs_are_not_found(store: Store) -> None:
    for action in (
        lambda: store.get_job("f" * 32),
        lambda: store.start_job("f" * 32),
        lambda: store.cancel_job("x"),
        lambda: store.finish_job("f" * 32, {}),
        lambda: store.job_result("f" * 32),
    ):
        with pytest.raises(NotFoundError, match="no job with id"):
            action()


@pytest.mark.parametrize(
    ("done", "total", "match"), [(-1, 0, "done=-1"), (0, -2, "total=-2"), (5, 3, "more than")]
)
def test_impossible_progress_is_refused(store: Store, done: int, total: int, match: str) -> None:
    job_id = store.create_job("sweep", {}, owner=None)
    store.start_job(job_id)
    with pytest.raises(StoreError, match=match):
        store.set_progress(job_id, done, total)


def test_jobs_are_listed_by_owner_and_state(store: Store) -> None:
    a = store.create_job("sweep", {}, owner="a")
    b = store.create_job("assign", {}, owner="b")
    store.start_job(b)
    assert [job.id for job in store.list_jobs()] == [b, a]
    assert [job.id for job in store.list_jobs(owner="a")] == [a]
    assert [job.id for job in store.list_jobs(state="running")] == [b]
    assert [job.id for job in store.list_jobs(kind="sweep")] == [a]


def _set_worker(store: Store, job_id: str, worker: str) -> None:
    with store._engine.begin() as connection:
        connection.execute(update(JobRow).where(JobRow.id == job_id).values(worker=worker))


def test_fail_interrupted_fails_jobs_of_dead_processes_only(store: Store) -> None:
    host = socket.gethostname()
    dead = store.create_job("sweep", {}, owner=None)
    store.start_job(dead)
    _set_worker(store, dead, f"{host}:999999999")  # no such process
    queued_dead = store.create_job("sweep", {}, owner=None)
    _set_worker(store, queued_dead, f"{host}:999999998")
    mine = store.create_job("sweep", {}, owner=None)
    store.start_job(mine)
    elsewhere = store.create_job("sweep", {}, owner=None)
    store.start_job(elsewhere)
    _set_worker(store, elsewhere, "another-host:1")
    finished = store.create_job("sweep", {}, owner=None)
    store.start_job(finished)
    store.finish_job(finished, {"ok": True})
    _set_worker(store, finished, f"{host}:999999997")

    assert store.fail_interrupted() == 2
    assert store.get_job(dead).state == "failed"
    assert "interrupted" in store.get_job(dead).error
    assert store.get_job(queued_dead).state == "failed"
    assert store.get_job(mine).state == "running"
    assert store.get_job(elsewhere).state == "running"
    assert store.job_result(finished) == {"ok": True}
    assert store.fail_interrupted(everywhere=True) == 1
    assert store.get_job(elsewhere).state == "failed"
    assert store.get_job(mine).state == "running"


# -- documents -------------------------------------------------------------------------


def test_a_document_comes_back_to_whoever_may_read_it(store: Store) -> None:
    store.put_document("network", "silk-road", '{"type": "FeatureCollection"}', owner="a")
    store.put_document("scenario", "silk-road", "[scenario]", owner="a", private=True)
    doc = store.get_document("network", "silk-road", owner=None)
    assert (doc.kind, doc.name, doc.owner, doc.private) == ("network", "silk-road", "a", False)
    assert doc.text == '{"type": "FeatureCollection"}'
    assert doc.size == len(doc.text)
    assert doc.id == "network/silk-road"
    assert store.get_document("scenario", "silk-road", owner="a").text == "[scenario]"
    for who in (None, "b"):
        with pytest.raises(NotFoundError, match="no scenario named 'silk-road'"):
            store.get_document("scenario", "silk-road", owner=who)


def test_documents_are_listed_by_name_without_others_private_ones(store: Store) -> None:
    store.put_document("network", "b-net", "B", owner="a")
    store.put_document("network", "a-net", "AA", owner="b", private=True)
    store.put_document("network", "c-net", "C", owner=None)
    assert [d.name for d in store.list_documents("network", owner=None)] == ["b-net", "c-net"]
    listed = store.list_documents("network", owner="b")
    assert [(d.name, d.text, d.size) for d in listed] == [
        ("a-net", "", 2),
        ("b-net", "", 1),
        ("c-net", "", 1),
    ]
    with_text = store.list_documents("network", owner="b", with_text=True, limit=1)
    assert [(d.name, d.text) for d in with_text] == [("a-net", "AA")]
    assert store.list_documents("scenario", owner="b") == []


def test_a_document_is_replaced_by_its_owner_only(store: Store) -> None:
    store.put_document("network", "net", "v1", owner="a")
    store.put_document("network", "net", "v2", owner="a", private=True)
    assert store.get_document("network", "net", owner="a").text == "v2"
    with pytest.raises(OwnershipError, match="taken by another key"):
        store.put_document("network", "net", "v3", owner="b")
    assert store.get_document("network", "net", owner="a").text == "v2"


def test_a_document_is_deleted_by_its_owner_only(store: Store) -> None:
    store.put_document("network", "public", "x", owner="a")
    store.put_document("network", "secret", "x", owner="a", private=True)
    with pytest.raises(OwnershipError, match="belongs to another key"):
        store.delete_document("network", "public", owner="b")
    assert store.delete_document("network", "secret", owner="b") is False
    assert store.delete_document("network", "missing", owner="a") is False
    assert store.delete_document("network", "public", owner="a") is True
    assert store.delete_document("network", "secret", owner="a") is True
    assert store.count("documents") == 0


@pytest.mark.parametrize(
    ("kind", "name", "owner", "private", "match"),
    [
        ("network", "../../etc/passwd", "a", False, "invalid network name"),
        ("network", "a/b", "a", False, "invalid network name"),
        ("network", ".hidden", "a", False, "invalid network name"),
        ("network", "x" * 65, "a", False, "invalid network name"),
        ("network", "", "a", False, "invalid network name"),
        ("table", "net", "a", False, "unknown document kind"),
        ("network", "net", None, True, "cannot be private without an owner"),
    ],
)
def test_bad_documents_are_refused(
    store: Store, kind: str, name: str, owner: str | None, private: bool, match: str
) -> None:
    with pytest.raises(StoreError, match=match):
        store.put_document(kind, name, "text", owner=owner, private=private)  # type: ignore[arg-type]
    assert store.count("documents") == 0


# -- keys ------------------------------------------------------------------------------


def test_a_key_is_shown_once_and_stored_as_a_hash(store: Store) -> None:
    token = store.create_key("team-a")
    assert token.startswith("cor_")
    assert len(token) == 47
    key = store.verify_key(token)
    assert key is not None
    assert (key.name, key.id, key.prefix, key.active) == ("team-a", "team-a", token[:12], True)
    with store._engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM api_keys")).all()
    assert len(rows) == 1
    assert token not in " ".join(str(value) for value in rows[0])


def test_wrong_keys_are_refused(store: Store) -> None:
    token = store.create_key("team-a")
    forged = token[:12] + ("A" if token[12] != "A" else "B") + token[13:]
    for candidate in [forged, "", "cor_", token + "x", token.upper(), "Bearer " + token]:
        assert store.verify_key(candidate) is None
    assert store.verify_key(123) is None  # type: ignore[arg-type]


def test_a_revoked_key_is_refused_and_its_name_free_again(store: Store) -> None:
    old = store.create_key("team-a")
    with pytest.raises(StoreError, match="a key named 'team-a' exists"):
        store.create_key("team-a")
    assert store.revoke_key("team-a") is True
    assert store.revoke_key("team-a") is False
    assert store.revoke_key("nobody") is False
    assert store.verify_key(old) is None
    (listed,) = store.list_keys()
    assert (listed.name, listed.active) == ("team-a", False)
    new = store.create_key("team-a")
    assert store.verify_key(new) is not None
    assert store.verify_key(old) is None
    assert [k.active for k in store.list_keys()] == [True]


def test_key_names_are_checked(store: Store) -> None:
    with pytest.raises(StoreError, match="invalid key name"):
        store.create_key("team a")
    assert store.list_keys() == []


def test_count_names_its_tables(store: Store) -> None:
    with pytest.raises(StoreError, match="unknown table 'users'"):
        store.count("users")


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database, only some notes\n" * 100)
    with pytest.raises(StoreError, match="file is not a database"):
        Store.open(f"sqlite:///{path}")


def test_dropped_tables_are_a_store_error_that_says_what_to_do(store: Store) -> None:
    with store._engine.begin() as connection:
        connection.execute(text("DROP TABLE runs"))
    with pytest.raises(StoreError, match="corridor db upgrade"):
        store.list_runs()


def test_processes_opening_a_new_database_together_migrate_it_once(store_url: str) -> None:
    code = "import sys; from corridor.store import Store; print(Store.open(sys.argv[1]).revision())"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", code, store_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [child.communicate(timeout=120) for child in children]
    assert [
        (child.returncode, out.strip()) for child, (out, _) in zip(children, outputs, strict=True)
    ] == [(0, "0001")] * 4, outputs
