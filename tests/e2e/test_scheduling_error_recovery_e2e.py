"""Scheduling under failure: infeasible input answers 422 with the planner-readable reasons (never
a 500) and stores nothing; the constructive fallback is returned and marked when the search has
no time; a job changed while its schedule is being optimized is detected and the plan is not
applied; the solver queue is bounded (503 with Retry-After) while the server keeps answering; and
after each failure the normal flow recovers. Runs against the real binary.
"""
from __future__ import annotations

import threading
import time

import httpx
import pytest

from helpers.factory import rfc3339
from helpers.problems import assert_problem, field_errors
from scheduling_shop import ShopBuilder, now_minute


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
        # Other requests are answered at full speed while the solver works.
        for _ in range(20):
            started = time.monotonic()
            assert httpx.get(server.base_url + "/health/live", timeout=5).status_code == 200
            assert client.get(f"/api/v1/schedules/{ids[0]}").status_code == 200
            assert time.monotonic() - started < 1.0
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
