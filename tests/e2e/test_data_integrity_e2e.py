"""Data integrity end to end: every write either happens completely or not at all, and the database
stays consistent under concurrency. Drives the real server over HTTP and inspects its SQLite file
read-only with DatabaseIntegrityChecker (foreign keys, orphans, the audit hash chain recomputed
independently)."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from helpers import assert_problem
from helpers.problems import field_errors

pytestmark = [pytest.mark.data_integrity]


@pytest.fixture
def plant(api, factory):
    """A skill, a work center and two machines for tasks to run on."""
    def create(path, body):
        response = api.post(path, json=body)
        assert response.status_code == 201, (path, response.text)
        return response.json()

    skill = create("/api/v1/skills", factory.skill())
    wc = create("/api/v1/work-centers", factory.work_center())
    machines = [create("/api/v1/machines", factory.machine(work_center_id=wc["id"]))
                for _ in range(2)]
    return {"skill": skill, "work_center": wc, "machines": machines}


def task_body(plant, sequence, **overrides):
    body = {
        "sequence": sequence * 10,
        "name": f"Operation {sequence * 10}",
        "operation_code": f"OP{sequence}",
        "setup_minutes": 15,
        "run_minutes_per_unit": 2.5,
        "modes": [
            {"machine_id": plant["machines"][0]["id"], "setup_minutes": 15, "run_minutes": 2.5,
             "operators": [{"skill": plant["skill"]["code"], "min_level": 2}]},
            {"machine_id": plant["machines"][1]["id"], "setup_minutes": 20, "run_minutes": 3},
        ],
    }
    body.update(overrides)
    return body


def job_body(factory, plant, tasks=3, **overrides):
    body = factory.job()
    body["tasks"] = [task_body(plant, i + 1) for i in range(tasks)]
    body.update(overrides)
    return body


def snapshot(db_checker):
    return {t: db_checker.count(t) for t in
            ("jobs", "tasks", "task_modes", "task_mode_operators", "task_links", "audit_log")}


def test_a_job_with_one_invalid_task_creates_nothing(api, factory, plant, db_checker):
    before = snapshot(db_checker)
    body = job_body(factory, plant, tasks=4)
    body["tasks"][1]["sequence"] = 0
    body["tasks"][2]["modes"][0]["machine_id"] = "999999"
    body["tasks"][3]["modes"][0]["operators"][0]["skill"] = "NO_SUCH_SKILL"
    response = api.post("/api/v1/jobs", json=body)
    fields = field_errors(assert_problem(response, 422, "INVALID_ARGUMENT"))
    assert {"tasks[1].sequence", "tasks[2].modes[0].machine_id",
            "tasks[3].modes[0].operators[0].skill"} <= set(fields), fields
    assert api.get("/api/v1/jobs", params={"q": body["job_number"]}).json()["total"] == 0
    assert snapshot(db_checker) == before

    # Unknown JSON fields, nested ones included, are rejected rather than ignored.
    body = job_body(factory, plant, tasks=1)
    body["colour"] = "red"
    body["tasks"][0]["modes"][0]["speed"] = 3
    fields = field_errors(assert_problem(api.post("/api/v1/jobs", json=body), 422))
    assert {"colour", "tasks[0].modes[0].speed"} <= set(fields), fields
    assert snapshot(db_checker) == before


def test_duplicate_job_number_is_409_and_leaves_the_tables_unchanged(api, factory, plant,
                                                                     db_checker):
    body = job_body(factory, plant, tasks=2)
    assert api.post("/api/v1/jobs", json=body).status_code == 201
    before = snapshot(db_checker)
    again = job_body(factory, plant, tasks=5, job_number=body["job_number"].lower())
    problem = assert_problem(api.post("/api/v1/jobs", json=again), 409, "CONFLICT")
    assert "job_number" in field_errors(problem)
    assert snapshot(db_checker) == before
    db_checker.assert_healthy()


def test_concurrent_updates_with_a_stale_version_exactly_one_wins(api, factory, plant,
                                                                 db_checker):
    job = api.post("/api/v1/jobs", json=job_body(factory, plant, tasks=1)).json()
    url = f"/api/v1/jobs/{job['id']}"
    writers = 8
    barrier = threading.Barrier(writers)

    def write(i):
        barrier.wait()
        return api.patch(url, json={"notes": f"writer {i}"}, headers={"If-Match": '"1"'})

    with ThreadPoolExecutor(writers) as pool:
        responses = list(pool.map(write, range(writers)))
    winners = [r for r in responses if r.status_code == 200]
    losers = [r for r in responses if r.status_code != 200]
    assert len(winners) == 1, [r.status_code for r in responses]
    for r in losers:
        body = assert_problem(r, 409, "CONFLICT")
        assert body["current_version"] == "2"
    stored = api.get(url).json()
    assert stored["version"] == 2 and stored["notes"] == winners[0].json()["notes"]


def test_read_modify_write_with_retries_loses_no_update(api, factory, plant):
    job = api.post("/api/v1/jobs", json=job_body(factory, plant, tasks=1, quantity=1)).json()
    url = f"/api/v1/jobs/{job['id']}"
    writers, increments = 6, 3

    def bump(_):
        conflicts = 0
        for _ in range(increments):
            while True:
                current = api.get(url)
                quantity, etag = current.json()["quantity"], current.headers["etag"]
                r = api.patch(url, json={"quantity": quantity + 1}, headers={"If-Match": etag})
                if r.status_code == 200:
                    break
                assert r.status_code == 409, r.text
                conflicts += 1
        return conflicts

    with ThreadPoolExecutor(writers) as pool:
        conflicts = sum(pool.map(bump, range(writers)))
    final = api.get(url).json()
    assert final["quantity"] == 1 + writers * increments
    assert final["version"] == 1 + writers * increments
    print(f"\n{writers} writers x {increments} increments: {conflicts} version conflicts retried")


def test_cascading_delete_leaves_no_orphan_tasks(api, factory, plant, db_checker):
    body = job_body(factory, plant, tasks=4)
    body["tasks"][2]["predecessors"] = [{"sequence": 10, "type": "SS", "min_lag": 30},
                                        {"sequence": 20, "type": "FS"}]
    created = api.post("/api/v1/jobs", json=body)
    assert created.status_code == 201, created.text
    job = created.json()
    task_ids = [t["id"] for t in job["tasks"]]
    assert len(task_ids) == 4
    marks = ",".join("?" * len(task_ids))
    assert db_checker.count("task_links", f"task_id IN ({marks})", tuple(task_ids)) == 2

    stale = api.delete(f"/api/v1/jobs/{job['id']}", headers={"If-Match": '"7"'})
    assert assert_problem(stale, 409)["current_version"] == "1"
    deleted = api.delete(f"/api/v1/jobs/{job['id']}", headers={"If-Match": created.headers["etag"]})
    assert deleted.status_code == 204, deleted.text
    assert_problem(api.get(f"/api/v1/jobs/{job['id']}"), 404, "NOT_FOUND")
    for task_id in task_ids:
        assert_problem(api.get(f"/api/v1/tasks/{task_id}"), 404)
    for table in ("tasks", "task_modes", "task_mode_operators", "task_links"):
        column = "id" if table == "tasks" else "task_id"
        assert db_checker.count(table, f"{column} IN ({marks})", tuple(task_ids)) == 0, table
    assert db_checker.count("job_status_changes", "job_id = ?", (job["id"],)) == 0
    assert db_checker.orphan_tasks() == []
    db_checker.assert_healthy()


def test_a_job_in_progress_cannot_be_deleted(api, factory, plant, db_checker):
    job = api.post("/api/v1/jobs", json=job_body(factory, plant, tasks=2)).json()
    for status in ("APPROVED", "RELEASED"):
        r = api.patch(f"/api/v1/jobs/{job['id']}/status", json={"status": status, "reason": "e2e"})
        assert r.status_code == 200, r.text
    started = api.patch(f"/api/v1/tasks/{job['tasks'][0]['id']}/start", json={})
    assert started.status_code == 200, started.text
    assert started.json()["job"]["status"] == "IN_PROGRESS"
    before = snapshot(db_checker)
    problem = assert_problem(api.delete(f"/api/v1/jobs/{job['id']}"), 409, "CONFLICT")
    assert problem["current_status"] == "IN_PROGRESS"
    assert snapshot(db_checker) == before


def test_idempotent_create_never_creates_twice_even_when_retried_concurrently(api, factory, plant,
                                                                              db_checker):
    body = job_body(factory, plant, tasks=2)
    key = f"create-{body['job_number']}"
    barrier = threading.Barrier(4)

    def post(_):
        barrier.wait()
        return api.post("/api/v1/jobs", json=body, headers={"Idempotency-Key": key})

    with ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(post, range(4)))
    assert [r.status_code for r in responses] == [201] * 4, [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert sum(r.headers.get("idempotent-replayed") == "true" for r in responses) == 3
    assert db_checker.count("jobs", "job_number = ?", (body["job_number"],)) == 1
    # The same key with a different body is refused instead of silently returning the old job.
    other = job_body(factory, plant, tasks=1)
    assert_problem(api.post("/api/v1/jobs", json=other, headers={"Idempotency-Key": key}), 409)
    assert db_checker.count("jobs", "job_number = ?", (other["job_number"],)) == 0


def test_audit_chain_verifies_after_concurrent_writes(api, factory, plant, db_checker,
                                                      takt_server):
    def work(i):
        created = api.post("/api/v1/jobs", json=job_body(factory, plant, tasks=2))
        assert created.status_code == 201, created.text
        job = created.json()
        approved = api.patch(f"/api/v1/jobs/{job['id']}/status",
                             json={"status": "APPROVED", "reason": f"batch {i}"})
        assert approved.status_code == 200, approved.text
        return job["id"]

    with ThreadPoolExecutor(6) as pool:
        ids = list(pool.map(work, range(18)))
    with db_checker.connect() as c:
        for job_id in ids:
            actions = [r[0] for r in c.execute(
                "SELECT action FROM audit_log WHERE entity_type = 'job' AND entity_id = ? "
                "ORDER BY sequence", (job_id,))]
            assert actions == ["job.create", "job.approve"], actions
    chain = db_checker.audit_chain()
    assert chain["valid"], chain
    verify = takt_server.cli("audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    db_checker.assert_healthy()


def test_a_failed_bulk_import_leaves_nothing_half_written(api, factory, plant, db_checker):
    before = {t: db_checker.count(t) for t in ("machines", "audit_log")}
    good = [factory.unique("MI") for _ in range(3)]
    text = ("code,name,work_center_id\n"
            f"{good[0]},Mill A,{plant['work_center']['id']}\n"
            f"{good[1]},Mill B,{plant['work_center']['id']}\n"
            f"{factory.unique('MI')},Mill C,999999\n"
            f"{good[2]},Mill D,{plant['work_center']['id']}\n")
    response = api.post("/api/v1/import/machines", content=text,
                        headers={"Content-Type": "text/csv"})
    fields = field_errors(assert_problem(response, 422))
    assert "rows[3].work_center_id" in fields, fields
    assert {t: db_checker.count(t) for t in ("machines", "audit_log")} == before
    for code in good:
        assert api.get("/api/v1/machines", params={"code": code}).json()["total"] == 0
    db_checker.assert_healthy()


def test_concurrent_floor_events_start_once_and_complete_the_job_once(api, factory, plant,
                                                                      db_checker):
    body = job_body(factory, plant, tasks=3)
    for t in body["tasks"][1:]:
        t["predecessors"] = [{"sequence": 10, "type": "SS"}]  # both may run beside task 10
    job = api.post("/api/v1/jobs", json=body).json()
    for status in ("APPROVED", "RELEASED"):
        assert api.patch(f"/api/v1/jobs/{job['id']}/status", json={"status": status, "reason": "e2e"}) \
            .status_code == 200
    first = job["tasks"][0]["id"]
    barrier = threading.Barrier(5)

    def start(_):
        barrier.wait()
        return api.patch(f"/api/v1/tasks/{first}/start", json={})

    with ThreadPoolExecutor(5) as pool:
        starts = list(pool.map(start, range(5)))
    assert sorted(r.status_code for r in starts) == [200, 409, 409, 409, 409]
    assert api.patch(f"/api/v1/tasks/{first}/complete", json={}).status_code == 200
    rest = [t["id"] for t in job["tasks"][1:]]
    for task_id in rest:
        assert api.patch(f"/api/v1/tasks/{task_id}/start", json={}).status_code == 200
    barrier2 = threading.Barrier(len(rest))

    def complete(task_id):
        barrier2.wait()
        return api.patch(f"/api/v1/tasks/{task_id}/complete", json={})

    with ThreadPoolExecutor(len(rest)) as pool:
        completions = list(pool.map(complete, rest))
    assert [r.status_code for r in completions] == [200] * len(rest)
    final = api.get(f"/api/v1/jobs/{job['id']}").json()
    assert final["status"] == "COMPLETED" and final["progress_percent"] == 100
    with db_checker.connect() as c:
        actions = [r[0] for r in c.execute(
            "SELECT action FROM audit_log WHERE entity_type = 'job' AND entity_id = ? "
            "ORDER BY sequence", (job["id"],))]
    assert actions.count("job.start") == 1 and actions.count("job.complete") == 1, actions
    assert [(h["from"], h["to"]) for h in final["status_history"]][-2:] == [
        ("RELEASED", "IN_PROGRESS"), ("IN_PROGRESS", "COMPLETED")]
    db_checker.assert_healthy()
