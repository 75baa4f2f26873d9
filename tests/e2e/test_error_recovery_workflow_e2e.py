"""Error recovery end to end (master data and jobs): a client that sends something wrong gets a
clear problem+json answer naming what to fix, nothing is written, and the corrected retry works;
illegal transitions name the current state and the allowed ones; a locked database answers 503
with Retry-After and the same request succeeds once the lock is gone."""
from __future__ import annotations

import sqlite3

import pytest

from helpers import assert_problem
from helpers.problems import field_errors


@pytest.fixture
def machine(api, factory):
    response = api.post("/api/v1/machines", json=factory.machine())
    assert response.status_code == 201, response.text
    return response.json()


def task(machine, sequence, **overrides):
    body = {"sequence": sequence, "name": f"Op {sequence}", "setup_minutes": 10,
            "run_minutes_per_unit": 1.5, "machine_id": machine["id"]}
    body.update(overrides)
    return body


def test_invalid_master_data_then_a_valid_retry(api, factory, db_checker):
    before = db_checker.count("machines")
    body = factory.machine(efficiency=7, status="BROKEN")
    fields = field_errors(assert_problem(api.post("/api/v1/machines", json=body), 422))
    assert {"efficiency", "status"} <= set(fields), fields
    assert db_checker.count("machines") == before
    body.update(efficiency=1.2, status="AVAILABLE")
    fixed = api.post("/api/v1/machines", json=body)
    assert fixed.status_code == 201, fixed.text
    assert db_checker.count("machines") == before + 1


def test_invalid_job_then_a_valid_retry_creates_exactly_one(api, factory, machine, db_checker):
    body = factory.job(quantity=0, priority="SOMETIMES", due_date="next tuesday")
    body["tasks"] = [task(machine, 10), task(machine, 10, name=""), {"sequence": 30, "name": "x"}]
    problem = assert_problem(api.post("/api/v1/jobs", json=body), 422, "INVALID_ARGUMENT")
    fields = field_errors(problem)
    assert {"priority", "due_date"} <= set(fields), fields
    # Fix the syntax; the rule violations now all come back at once.
    body.update(priority="HIGH", due_date=factory.in_days(10))
    fields = field_errors(assert_problem(api.post("/api/v1/jobs", json=body), 422))
    assert {"quantity", "tasks[1].sequence", "tasks[1].name", "tasks[2].modes"} <= set(fields), \
        fields
    assert db_checker.count("jobs", "job_number = ?", (body["job_number"],)) == 0

    body.update(quantity=5)
    body["tasks"] = [task(machine, 10), task(machine, 20), task(machine, 30)]
    created = api.post("/api/v1/jobs", json=body)
    assert created.status_code == 201, created.text
    assert created.headers["location"].endswith("/api/v1/jobs/" + created.json()["id"])
    assert created.headers["etag"] == '"1"'
    assert [t["sequence"] for t in created.json()["tasks"]] == [10, 20, 30]
    assert db_checker.count("jobs", "job_number = ?", (body["job_number"],)) == 1


def test_duplicate_keys_then_a_new_key(api, factory, machine):
    skill = factory.skill()
    assert api.post("/api/v1/skills", json=skill).status_code == 201
    dup = assert_problem(api.post("/api/v1/skills", json=skill), 409, "CONFLICT")
    assert "code" in field_errors(dup)
    assert api.post("/api/v1/skills", json=factory.skill()).status_code == 201

    job = factory.job(tasks=0)
    assert api.post("/api/v1/jobs", json=job).status_code == 201
    dup = assert_problem(api.post("/api/v1/jobs", json=job), 409, "CONFLICT")
    assert "job_number" in field_errors(dup) and dup["existing_id"]
    job["job_number"] = factory.unique("J")
    assert api.post("/api/v1/jobs", json=job).status_code == 201


def test_illegal_transitions_name_the_state_then_the_legal_path_works(client_for, factory,
                                                                      machine):
    planner = client_for("production_planner")
    manager = client_for("production_manager")
    supervisor = client_for("floor_supervisor")
    body = factory.job()
    body["tasks"] = [task(machine, 10), task(machine, 20)]
    job = planner.post("/api/v1/jobs", json=body).json()
    status_url = f"/api/v1/jobs/{job['id']}/status"

    skip = assert_problem(manager.patch(status_url, json={"status": "RELEASED"}), 409, "CONFLICT")
    assert skip["current_status"] == "PLANNED"
    assert skip["allowed"] == "APPROVED,ON_HOLD,CANCELLED"
    assert "PLANNED" in skip["detail"]
    by_hand = assert_problem(manager.patch(status_url, json={"status": "IN_PROGRESS"}), 409)
    assert "first task starts" in by_hand["detail"]
    assert_problem(client_for("customer_service").patch(status_url, json={"status": "APPROVED"}),
                   403)
    assert_problem(supervisor.patch(status_url, json={"status": "APPROVED"}), 403)
    assert_problem(manager.patch(status_url, json={"status": "PAUSED"}), 422)

    assert manager.patch(status_url, json={"status": "APPROVED", "reason": "QA ok"}).status_code \
        == 200
    released = supervisor.patch(status_url, json={"status": "RELEASED"})
    assert released.status_code == 200, released.text
    tasks = released.json()["tasks"]
    assert [t["status"] for t in tasks] == ["READY", "PENDING"]

    early = assert_problem(supervisor.patch(f"/api/v1/tasks/{tasks[0]['id']}/complete", json={}),
                           409)
    assert "has not started" in early["detail"]
    blocked = assert_problem(supervisor.patch(f"/api/v1/tasks/{tasks[1]['id']}/start", json={}),
                             409)
    assert blocked["current_status"] == "PENDING"

    for t in tasks:
        started = supervisor.patch(f"/api/v1/tasks/{t['id']}/start", json={})
        assert started.status_code == 200, started.text
        assert started.json()["job"]["status"] == "IN_PROGRESS"
        done = supervisor.patch(f"/api/v1/tasks/{t['id']}/complete",
                                json={"produced_quantity": 10, "scrap_quantity": 0})
        assert done.status_code == 200, done.text
    final = done.json()["job"]
    assert final["status"] == "COMPLETED" and final["progress_percent"] == 100
    terminal = assert_problem(manager.patch(status_url, json={"status": "CANCELLED",
                                                              "reason": "late"}), 409)
    assert terminal["current_status"] == "COMPLETED" and terminal["allowed"] == ""

    history = planner.get(f"/api/v1/jobs/{job['id']}").json()["status_history"]
    assert [(h["from"], h["to"]) for h in history] == [
        ("PLANNED", "APPROVED"), ("APPROVED", "RELEASED"), ("RELEASED", "IN_PROGRESS"),
        ("IN_PROGRESS", "COMPLETED")]
    assert history[0]["actor"].startswith("production.manager") and history[0]["reason"] == "QA ok"


def test_a_failed_task_is_reworked_and_finished(api, factory, machine):
    body = factory.job()
    body["tasks"] = [task(machine, 10)]
    job = api.post("/api/v1/jobs", json=body).json()
    for status in ("APPROVED", "RELEASED"):
        assert api.patch(f"/api/v1/jobs/{job['id']}/status", json={"status": status}) \
            .status_code == 200
    task_url = f"/api/v1/tasks/{job['tasks'][0]['id']}"
    assert api.patch(task_url + "/start", json={}).status_code == 200
    assert "reason" in field_errors(assert_problem(api.patch(task_url + "/fail", json={}), 422))
    failed = api.patch(task_url + "/fail", json={"reason": "Tool breakage"})
    assert failed.status_code == 200 and failed.json()["task"]["status"] == "FAILED"
    assert_problem(api.patch(task_url + "/complete", json={}), 409)
    rework = api.patch(task_url, json={"status": "READY"}, headers={"If-Match": failed.headers["etag"]})
    assert rework.status_code == 200, rework.text
    assert api.patch(task_url + "/start", json={}).status_code == 200
    done = api.patch(task_url + "/complete", json={"quality_notes": "re-measured, in tolerance"})
    assert done.status_code == 200 and done.json()["job"]["status"] == "COMPLETED"


def test_a_stale_version_is_recovered_by_reloading(api, factory):
    job = api.post("/api/v1/jobs", json=factory.job()).json()
    url = f"/api/v1/jobs/{job['id']}"
    assert api.patch(url, json={"notes": "first"}, headers={"If-Match": '"1"'}).status_code == 200
    stale = assert_problem(api.patch(url, json={"notes": "second", "version": 1}), 409)
    assert stale["current_version"] == "2"
    retry = api.patch(url, json={"notes": "second", "version": int(stale["current_version"])})
    assert retry.status_code == 200 and retry.json()["version"] == 3
    assert_problem(api.patch(url, json={"notes": "x"}, headers={"If-Match": "three"}), 422)


@pytest.mark.slow
def test_a_locked_database_answers_503_and_recovers(fresh_server, factory):
    server = fresh_server(env={"TAKT_BUSY_TIMEOUT_MS": "200"})
    assert server.create_user("admin@lock.e2e.example", "admin", "Lock-test-Passw0rd").returncode == 0
    token = server.login("admin@lock.e2e.example", "Lock-test-Passw0rd").json()["access_token"]
    client = server.client(token)
    try:
        job = client.post("/api/v1/jobs", json=factory.job())
        assert job.status_code == 201, job.text
        job = job.json()
        blocker = sqlite3.connect(str(server.db_path), isolation_level=None, timeout=5)
        try:
            blocker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
            body = factory.job()
            busy = client.post("/api/v1/jobs", json=body)
            problem = assert_problem(busy, 503, "UNAVAILABLE")
            assert int(busy.headers["retry-after"]) >= 1
            assert "busy" in problem["detail"]
            assert_problem(client.patch(f"/api/v1/jobs/{job['id']}/status",
                                        json={"status": "APPROVED"}), 503)
            # Reads keep working from their snapshot while the writer waits.
            assert client.get(f"/api/v1/jobs/{job['id']}").status_code == 200
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        retried = client.post("/api/v1/jobs", json=body)
        assert retried.status_code == 201, retried.text
        assert client.get(f"/api/v1/jobs/{job['id']}").json()["status"] == "PLANNED"
        assert client.patch(f"/api/v1/jobs/{job['id']}/status",
                            json={"status": "APPROVED"}).status_code == 200
        verify = server.cli("audit", "verify")
        assert verify.returncode == 0, verify.stdout + verify.stderr
    finally:
        client.close()
