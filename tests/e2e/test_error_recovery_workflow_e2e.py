"""Error recovery end to end. Master data and jobs: a client that sends something wrong gets a
clear problem+json answer naming what to fix, nothing is written, and the corrected retry works;
illegal transitions name the current state and the allowed ones; a locked database answers 503
with Retry-After and the same request succeeds once the lock is gone. Scheduling: infeasible input
answers 422 with the planner-readable reasons (never a 500) and stores nothing; the constructive
fallback is returned and marked when the search has no time; a job changed while its schedule is
being optimized is detected and the plan is not applied; the solver queue is bounded (503 with
Retry-After) while the server keeps answering; and after each failure the normal flow recovers.
Runs against the real binary."""
from __future__ import annotations

import sqlite3
import threading
import time

import httpx
import pytest

from helpers import assert_problem
from helpers.factory import rfc3339
from helpers.problems import field_errors
from scheduling_shop import ShopBuilder, now_minute


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
    assert_problem(client_for("customer_service").patch(status_url, json={"status": "APPROVED", "reason": "quality review passed"}),
                   403)
    assert_problem(supervisor.patch(status_url, json={"status": "APPROVED", "reason": "quality review passed"}), 403)
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
        assert api.patch(f"/api/v1/jobs/{job['id']}/status", json={"status": status, "reason": "e2e"}) \
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
                                        json={"status": "APPROVED", "reason": "quality review passed"}), 503)
            # Reads keep working from their snapshot while the writer waits.
            assert client.get(f"/api/v1/jobs/{job['id']}").status_code == 200
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        retried = client.post("/api/v1/jobs", json=body)
        assert retried.status_code == 201, retried.text
        assert client.get(f"/api/v1/jobs/{job['id']}").json()["status"] == "PLANNED"
        assert client.patch(f"/api/v1/jobs/{job['id']}/status",
                            json={"status": "APPROVED", "reason": "quality review passed"}).status_code == 200
        verify = server.cli("audit", "verify")
        assert verify.returncode == 0, verify.stdout + verify.stderr
    finally:
        client.close()


# --- Scheduling under failure ---------------------------------------------------------------



@pytest.fixture
def planner(client_for):
    return client_for("production_planner")


@pytest.fixture
def shop(api, factory):
    builder = ShopBuilder(api, factory)
    machines = [builder.machine() for _ in range(2)]
    return builder, machines


def one_call(client, jobs, **extra):
    body = {"name": "Recovery", "job_ids": [j["id"] for j in jobs],
            "start_time": rfc3339(now_minute()), "objective": "makespan", "time_limit_s": 1,
            **extra}
    return client.post("/api/v1/schedules/optimize", json=body)


def wait_for_run(client, run_id: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = client.get(f"/api/v1/optimization-runs/{run_id}").json()
        if run["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            return run
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} did not finish: {run}")


def test_infeasible_input_is_422_with_reasons_and_stores_nothing(api, planner, shop):
    builder, machines = shop
    job = builder.job(machines[:1], tasks=2)
    down = api.patch(f"/api/v1/machines/{machines[0]['id']}/status",
                     json={"status": "DOWN"})
    assert down.status_code == 200, down.text
    before = planner.get("/api/v1/schedules").json()["total"]
    response = one_call(planner, [job])
    body = assert_problem(response, 422, "INVALID_ARGUMENT")
    reasons = " ".join(e["message"] for e in body["errors"])
    assert machines[0]["code"] in reasons and "DOWN" in reasons, body
    assert job["job_number"] in reasons
    assert planner.get("/api/v1/schedules").json()["total"] == before
    # Recovery: the machine is repaired and the same request plans.
    up = api.patch(f"/api/v1/machines/{machines[0]['id']}/status", json={"status": "AVAILABLE"})
    assert up.status_code == 200, up.text
    assert one_call(planner, [job]).status_code == 201


def test_missing_skill_is_named(api, planner, shop):
    builder, machines = shop
    skill = builder.skill()
    body = builder.factory.job(0, due_date=builder.factory.in_days(3))
    body["tasks"] = [{"sequence": 10, "name": "Weld", "setup_minutes": 5,
                      "run_minutes_per_unit": 1,
                      "modes": [{"machine_id": machines[1]["id"], "setup_minutes": 5,
                                 "run_minutes": 1,
                                 "operators": [{"skill_id": skill["id"], "min_level": 3}]}]}]
    job = builder.release(builder.create("/api/v1/jobs", body))
    response = one_call(planner, [job])
    problem = assert_problem(response, 422)
    assert skill["code"] in " ".join(e["message"] for e in problem["errors"]), problem
    # Recovery: a qualified operator is hired; the job plans with that operator attending.
    operator = builder.operator(skills=[{"skill_id": skill["id"], "level": 4}])
    planned = one_call(planner, [job])
    assert planned.status_code == 201, planned.text
    assert planned.json()["schedule"]["assignments"][0]["operator_ids"] == [operator["id"]]


def test_async_optimize_of_an_infeasible_schedule_fails_the_run_not_the_server(api, planner, shop):
    builder, machines = shop
    job = builder.job(machines[1:], tasks=1)
    created = planner.post("/api/v1/schedules", json={
        "name": "Later infeasible", "job_ids": [job["id"]], "horizon_start": rfc3339(now_minute())})
    assert created.status_code == 201, created.text
    sid = created.json()["id"]
    assert api.patch(f"/api/v1/machines/{machines[1]['id']}/status",
                     json={"status": "MAINTENANCE"}).status_code == 200
    try:
        waited = planner.post(f"/api/v1/schedules/{sid}/optimize?wait=true", json={})
        body = assert_problem(waited, 422)
        assert "MAINTENANCE" in " ".join(e["message"] for e in body["errors"])
        run = api.get(f"/api/v1/optimization-runs/{body['run_id']}").json()
        assert run["state"] == "FAILED" and run["status"] == "INFEASIBLE"
        schedule = api.get(f"/api/v1/schedules/{sid}").json()
        assert schedule["violations"] and schedule["assignments"] == []
    finally:
        api.patch(f"/api/v1/machines/{machines[1]['id']}/status", json={"status": "AVAILABLE"})
    recovered = planner.post(f"/api/v1/schedules/{sid}/optimize?wait=true", json={})
    assert recovered.status_code == 200, recovered.text
    assert recovered.json()["schedule"]["violations"] == []


def test_bad_requests_name_every_field(api, planner, shop):
    builder, machines = shop
    unreleased = builder.job(machines, tasks=1, release=False)
    response = planner.post("/api/v1/schedules", json={
        "name": "", "job_ids": [unreleased["id"], "999999999"], "horizon_start": "yesterday",
        "objective": "fastest", "colour": "blue"})
    errors = field_errors(assert_problem(response, 422))
    for field in ("name", "horizon_start", "colour"):
        assert field in errors, errors
    response = planner.post("/api/v1/schedules", json={
        "name": "x", "job_ids": [unreleased["id"], "999999999"],
        "horizon_start": rfc3339(now_minute()), "objective": "fastest"})
    errors = field_errors(assert_problem(response, 422))
    assert "PLANNED" in errors["job_ids[0]"] and "does not exist" in errors["job_ids[1]"]
    assert "objective" in errors
    released = builder.job(machines, tasks=1)
    too_long = one_call(planner, [released], time_limit_s=100000)
    assert "time_limit_s" in field_errors(assert_problem(too_long, 422))
    weights = one_call(planner, [released], objective={"weights": {"SPEED": 1}})
    assert "objective" in field_errors(assert_problem(weights, 422))
    assert_problem(planner.post("/api/v1/schedules/999999999/optimize"), 404)
    assert_problem(planner.get("/api/v1/schedules/abc"), 404)


def test_fallback_is_returned_and_marked_when_the_search_has_no_time(api, planner, shop):
    builder, machines = shop
    jobs = [builder.job(machines, tasks=3, due_in_days=0.05) for _ in range(10)]
    response = one_call(planner, jobs, objective="due_dates", time_limit_s=0.001)
    assert response.status_code == 201, response.text
    result = response.json()
    assert len(result["schedule"]["assignments"]) == 30
    if result["optimization_result"]["status"] == "TIMEOUT_FALLBACK":
        assert result["schedule"]["fallback"] is True
        assert "constructive" in result["optimization_result"]["message"]
    else:  # the constructive schedule was proven optimal at once
        assert result["optimization_result"]["status"] == "OPTIMAL"
    fast = one_call(planner, jobs, objective="fast")
    assert fast.status_code == 201, fast.text
    assert fast.json()["optimization_result"]["strategy"] == "fast"


def test_job_changed_while_its_schedule_is_optimized(api, planner, shop):
    builder, machines = shop
    jobs = [builder.job(machines, tasks=4, due_in_days=0.05) for _ in range(12)]
    created = planner.post("/api/v1/schedules", json={
        "name": "Moving target", "job_ids": [j["id"] for j in jobs],
        "horizon_start": rfc3339(now_minute()), "objective": "due_dates"})
    sid = created.json()["id"]
    started = planner.post(f"/api/v1/schedules/{sid}/optimize", json={"time_limit_s": 3})
    assert started.status_code == 202, started.text
    run_id = started.json()["run_id"]
    # Wait until the run has read its input, then change a job under it.
    deadline = time.monotonic() + 10
    while api.get(f"/api/v1/optimization-runs/{run_id}").json()["state"] == "QUEUED":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.3)
    changed = planner.patch(f"/api/v1/jobs/{jobs[3]['id']}", json={"quantity": 40})
    assert changed.status_code == 200, changed.text
    run = wait_for_run(api, run_id)
    assert run["state"] == "FAILED", run
    assert "input changed" in run["message"] and jobs[3]["job_number"] in run["message"]
    assert api.get(f"/api/v1/schedules/{sid}").json()["assignments"] == []
    # Recovery: optimizing again plans the job as it is now.
    again = planner.post(f"/api/v1/schedules/{sid}/optimize?wait=true", json={"time_limit_s": 1})
    assert again.status_code == 200, again.text
    assert len(again.json()["schedule"]["assignments"]) == 48


def test_solver_queue_is_bounded_and_the_server_stays_responsive(fresh_server, factory):
    server = fresh_server(env={"TAKT_SOLVER_THREADS": "1", "TAKT_SOLVER_MAX_QUEUED": "1",
                               "TAKT_SOLVER_MAX_WAITING": "1"})
    assert server.create_user("admin@queue.example", "admin", "queue-Passw0rd").returncode == 0
    token = server.login("admin@queue.example", "queue-Passw0rd").json()["access_token"]
    client = server.client(token)
    try:
        builder = ShopBuilder(client, factory)
        machines = [builder.machine() for _ in range(2)]
        jobs = [builder.job(machines, tasks=4, due_in_days=0.05) for _ in range(10)]
        ids = []
        for i in range(3):
            created = client.post("/api/v1/schedules", json={
                "name": f"Q{i}", "job_ids": [j["id"] for j in jobs],
                "horizon_start": rfc3339(now_minute()), "objective": "due_dates"})
            ids.append(created.json()["id"])
        runs = []
        answers = []
        for sid in ids:
            answer = client.post(f"/api/v1/schedules/{sid}/optimize", json={"time_limit_s": 20})
            answers.append(answer)
            if answer.status_code == 202:
                runs.append(answer.json()["run_id"])
            time.sleep(0.2)  # let the pool take the first one off the queue
        assert [a.status_code for a in answers[:2]] == [202, 202]
        refused = assert_problem(answers[2], 503)
        assert answers[2].headers.get("retry-after")
        assert "busy" in refused["detail"]
        # Other requests are still answered while the solver works (a starved server would run
        # into the client's timeout; speed itself is measured by bench/api-load, not here).
        for _ in range(20):
            assert httpx.get(server.base_url + "/health/live", timeout=5).status_code == 200
            assert client.get(f"/api/v1/schedules/{ids[0]}", timeout=5).status_code == 200
        for run_id in runs:
            client.post(f"/api/v1/optimization-runs/{run_id}/cancel")
        for run_id in runs:
            assert wait_for_run(client, run_id)["state"] == "CANCELLED"
        # Only one request may block waiting for a result; another is told to go asynchronous.
        waited: list = []
        holder = threading.Thread(target=lambda: waited.append(client.post(
            f"/api/v1/schedules/{ids[0]}/optimize?wait=true", json={"time_limit_s": 3})))
        holder.start()
        time.sleep(0.5)
        second = client.post(f"/api/v1/schedules/{ids[1]}/optimize?wait=true",
                             json={"time_limit_s": 1})
        assert "wait" in assert_problem(second, 503)["detail"]
        holder.join()
        assert waited[0].status_code == 200, waited[0].text
    finally:
        client.close()
