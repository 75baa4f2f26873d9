"""The planner's whole day through the API: jobs -> schedule -> optimize -> validate -> publish ->
execute -> tasks started and completed on the floor -> schedule completed; rescheduling after a
rush job and after a machine breakdown; three strategies compared; manual moves checked by the
schedule checker; analytics, report, Gantt, explanations. Everything runs against the real binary.
"""
from __future__ import annotations

import datetime as dt

import pytest

from helpers.factory import rfc3339
from helpers.problems import assert_problem, field_errors
from scheduling_shop import ShopBuilder, check_plan, now_minute, parse_time


@pytest.fixture
def planner(client_for):
    return client_for("production_planner")


@pytest.fixture
def manager(client_for):
    return client_for("production_manager")


@pytest.fixture
def supervisor(client_for):
    return client_for("floor_supervisor")


@pytest.fixture
def shop(api, factory):
    builder = ShopBuilder(api, factory)
    center = builder.work_center(wip_limit=10)
    machines = [builder.machine(work_center_id=center["id"]) for _ in range(3)]
    return builder, machines


def optimize(client, schedule_id: str, time_limit: float = 2.0, **extra) -> dict:
    response = client.post(f"/api/v1/schedules/{schedule_id}/optimize?wait=true",
                           json={"time_limit_s": time_limit, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def create_schedule(client, jobs, objective="makespan", **extra) -> dict:
    body = {"name": "Week plan", "job_ids": [j["id"] for j in jobs],
            "horizon_start": rfc3339(now_minute()), "objective": objective, **extra}
    response = client.post("/api/v1/schedules", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def active_plan(planner, manager, jobs, objective="makespan") -> dict:
    schedule = create_schedule(planner, jobs, objective=objective)
    optimize(planner, schedule["id"])
    assert manager.post(f"/api/v1/schedules/{schedule['id']}/publish").status_code == 200
    executed = manager.post(f"/api/v1/schedules/{schedule['id']}/execute")
    assert executed.status_code == 200, executed.text
    return executed.json()


def test_complete_workflow_job_to_schedule_to_completion(api, planner, manager, supervisor, shop):
    builder, machines = shop
    jobs = [builder.job(machines, tasks=3, due_in_days=2 + i) for i in range(3)]

    schedule = create_schedule(planner, jobs)
    assert schedule["status"] == "DRAFT" and schedule["assignments"] == []

    result = optimize(planner, schedule["id"])
    assert result["optimization_result"]["status"] in ("OPTIMAL", "FEASIBLE", "TIMEOUT_FALLBACK")
    plan = result["schedule"]
    assert len(plan["assignments"]) == 9
    assert plan["kpis"]["makespan_minutes"] > 0
    check_plan(plan, [api.get(f"/api/v1/jobs/{j['id']}").json() for j in jobs])
    run = api.get(f"/api/v1/optimization-runs/{result['run']['id']}").json()
    assert run["state"] == "SUCCEEDED" and run["progress"] == 1.0
    assert len(run["input_hash"]) == 64 and run["engine_version"].startswith("takt-engine")

    validation = planner.get(f"/api/v1/schedules/{schedule['id']}/validate").json()
    assert validation == {"valid": True, "violations": []}

    # Only a manager publishes; the planner's attempt is refused.
    assert planner.post(f"/api/v1/schedules/{schedule['id']}/publish").status_code == 403
    published = manager.post(f"/api/v1/schedules/{schedule['id']}/publish")
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "PUBLISHED"
    # A published plan is never edited in place.
    first = plan["assignments"][0]
    moved = planner.patch(f"/api/v1/schedules/{schedule['id']}/assignments/{first['task_id']}",
                          json={"pinned": True})
    assert_problem(moved, 409, "CONFLICT")

    executed = manager.post(f"/api/v1/schedules/{schedule['id']}/execute")
    assert executed.status_code == 200 and executed.json()["status"] == "ACTIVE"
    first_tasks = [sorted(api.get(f"/api/v1/jobs/{j['id']}").json()["tasks"],
                          key=lambda t: t["sequence"])[0] for j in jobs]
    assert {t["status"] for t in first_tasks} == {"SCHEDULED"}

    # The floor works the plan in start order; the status follows.
    order = sorted(plan["assignments"], key=lambda a: a["setup_start"])
    for index, a in enumerate(order):
        started = supervisor.patch(f"/api/v1/tasks/{a['task_id']}/start", json={})
        assert started.status_code == 200, started.text
        done = supervisor.patch(f"/api/v1/tasks/{a['task_id']}/complete",
                                json={"produced_quantity": 10})
        assert done.status_code == 200, done.text
        if index == 3:
            status = api.get(f"/api/v1/schedules/{schedule['id']}/status").json()
            assert status["completed_tasks"] == 4 and status["total_tasks"] == 9
            assert 40 < status["overall_progress"] < 50
    status = api.get(f"/api/v1/schedules/{schedule['id']}/status").json()
    assert status["overall_progress"] == 100.0
    assert {j["status"] for j in status["job_progress"]} == {"COMPLETED"}
    completed = manager.post(f"/api/v1/schedules/{schedule['id']}/complete")
    assert completed.status_code == 200 and completed.json()["status"] == "COMPLETED"
    assert_problem(manager.post(f"/api/v1/schedules/{schedule['id']}/cancel"), 409, "CONFLICT")


def test_insight_analytics_report_gantt_explain(api, planner, shop):
    builder, machines = shop
    jobs = [builder.job(machines, tasks=3, due_in_days=1) for _ in range(4)]
    schedule = create_schedule(planner, jobs, objective="due_dates")
    plan = optimize(planner, schedule["id"])["schedule"]
    sid = schedule["id"]

    analytics = api.get(f"/api/v1/schedules/{sid}/analytics").json()
    assert analytics["kpis"]["makespan_minutes"] == plan["kpis"]["makespan_minutes"]
    used = {a["machine_id"] for a in plan["assignments"]}
    loads = {m["id"]: m for m in analytics["machine_utilization"]}
    for machine_id in used:
        assert 0 < loads[machine_id]["utilization_percent"] <= 100
    assert len(analytics["jobs"]) == 4
    assert any(wc["peak_jobs"] >= 1 for wc in analytics["wip_by_work_center"])

    csv = api.get(f"/api/v1/schedules/{sid}/report?format=csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.strip().splitlines()
    assert lines[0].startswith("job_number,task_id") and len(lines) == 1 + 12
    assert_problem(api.get(f"/api/v1/schedules/{sid}/report?format=docx"), 422)
    report = api.get(f"/api/v1/schedules/{sid}/report").json()
    assert report["schedule"]["id"] == sid and "analytics" in report

    svg = api.get(f"/api/v1/schedules/{sid}/gantt.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.lstrip().startswith("<") and "<svg" in svg.text
    for m in machines:
        assert m["code"] in svg.text

    # The second task of a job waits for the first: the explanation names the precedence.
    second = sorted(api.get(f"/api/v1/jobs/{jobs[0]['id']}").json()["tasks"],
                    key=lambda t: t["sequence"])[1]
    explained = api.get(f"/api/v1/schedules/{sid}/explain/{second['id']}").json()
    kinds = {b["constraint"] for b in explained["binding"]}
    assert kinds & {"precedence", "machine", "operator", "calendar", "objective"}, explained
    assert api.get(f"/api/v1/schedules/{sid}/explain/999999999").status_code == 404

    recommendations = api.get(f"/api/v1/schedules/{sid}/recommendations").json()
    assert isinstance(recommendations["recommendations"], list)


def test_three_strategies_compared(api, planner, shop):
    builder, machines = shop
    jobs = [builder.job(machines, tasks=3, due_in_days=0.5 + i * 0.3,
                        priority=["LOW", "NORMAL", "HIGH", "URGENT"][i % 4]) for i in range(6)]
    ids = []
    for objective in ("makespan", "due_dates", {"weights": {"MAKESPAN": 1, "TOTAL_SETUP": 3}}):
        schedule = create_schedule(planner, jobs, objective=objective)
        result = optimize(planner, schedule["id"], time_limit=1.5)
        assert len(result["schedule"]["assignments"]) == 18
        check_plan(result["schedule"])
        ids.append(schedule["id"])
    compared = planner.post("/api/v1/schedules/compare", json={"schedule_ids": ids})
    assert compared.status_code == 200, compared.text
    rows = compared.json()["schedules"]
    assert [r["schedule_id"] for r in rows] == ids
    for row in rows:
        for key in ("makespan_hours", "resource_utilization_percent", "total_tardiness_hours",
                    "late_jobs", "priority_score"):
            assert key in row
    # The makespan strategy is not beaten on makespan by the due-date strategy by much more than
    # rounding, and the due-date strategy is not beaten on weighted tardiness by the makespan one.
    assert rows[0]["makespan_hours"] <= rows[1]["makespan_hours"] * 1.25 + 0.1
    assert rows[1]["priority_score"] <= rows[0]["priority_score"] * 1.25 + 1
    two = planner.post("/api/v1/schedules/compare", json={"schedule_ids": ids[:2]}).json()
    assert "diff" in two and two["diff"]["tasks_changed"] + two["diff"]["tasks_unchanged"] == 18
    bad = planner.post("/api/v1/schedules/compare", json={"schedule_ids": ids[:1]})
    assert "schedule_ids" in field_errors(assert_problem(bad, 422))


def test_reschedule_with_a_rush_job(api, planner, manager, supervisor, shop):
    builder, machines = shop
    jobs = [builder.job(machines, tasks=3, due_in_days=3) for _ in range(4)]
    active = active_plan(planner, manager, jobs, objective="due_dates")
    # Some work is already done on the floor.
    first = sorted(active["assignments"], key=lambda a: a["setup_start"])[0]
    assert supervisor.patch(f"/api/v1/tasks/{first['task_id']}/start", json={}).status_code == 200
    assert supervisor.patch(f"/api/v1/tasks/{first['task_id']}/complete",
                            json={}).status_code == 200

    rush = builder.job(machines, tasks=2, due_in_days=0.1, priority="URGENT")
    response = supervisor.patch(f"/api/v1/schedules/{active['id']}/reschedule",
                                json={"new_jobs": [rush["id"]], "reason": "customer rush order",
                                      "frozen_minutes": 0, "time_limit_s": 2})
    assert response.status_code == 200, response.text
    body = response.json()
    revision = body["schedule"]
    assert revision["status"] == "ACTIVE" and revision["revision"] == active["revision"] + 1
    assert revision["parent_id"] == active["id"]
    assert rush["id"] in revision["job_ids"]
    placed = {a["task_id"] for a in revision["assignments"]}
    assert {t["id"] for t in rush["tasks"]} <= placed
    assert first["task_id"] in placed  # finished work stays in the plan as it happened
    assert body["jobs_rescheduled"] >= 1 and body["churn"] >= 0
    check_plan(revision)
    # The urgent job is planned to meet its due date (2.4 h away; it needs 80 minutes).
    rush_end = max(parse_time(a["end"]) for a in revision["assignments"]
                   if a["job_id"] == rush["id"])
    assert rush_end <= parse_time(rush["due_date"])
    old = api.get(f"/api/v1/schedules/{active['id']}").json()
    assert old["status"] == "SUPERSEDED" and len(old["assignments"]) == 12


def test_reschedule_after_a_machine_breakdown(api, planner, manager, supervisor, shop):
    builder, machines = shop
    jobs = [builder.job(machines[:2], tasks=2, due_in_days=3) for _ in range(4)]
    active = active_plan(planner, manager, jobs)
    broken = machines[0]
    response = supervisor.patch(
        f"/api/v1/schedules/{active['id']}/reschedule",
        json={"machine_down": {"machine_id": broken["id"], "duration_minutes": 24 * 60},
              "reason": "spindle failure", "frozen_minutes": 0, "time_limit_s": 2})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["conflicts_resolved"] >= 1
    revision = body["schedule"]
    start = parse_time(revision["horizon_start"])
    for a in revision["assignments"]:
        if a["machine_id"] == broken["id"]:
            assert parse_time(a["setup_start"]) >= start + dt.timedelta(hours=24) or \
                parse_time(a["end"]) <= start, a
    machine = api.get(f"/api/v1/machines/{broken['id']}").json()
    assert any(d["kind"] == "BREAKDOWN" for d in machine["downtimes"])
    # The new revision validates clean against the shop as it is now.
    assert api.get(f"/api/v1/schedules/{revision['id']}/validate").json()["valid"] is True


def test_manual_move_and_lock_checked_by_the_schedule_checker(api, planner, shop):
    builder, machines = shop
    jobs = [builder.job(machines[:1], tasks=2, due_in_days=3) for _ in range(2)]
    schedule = create_schedule(planner, jobs)
    plan = optimize(planner, schedule["id"])["schedule"]
    ordered = sorted(plan["assignments"], key=lambda a: a["setup_start"])
    a, b = ordered[0], ordered[1]
    # Moving b onto a's start overlaps on the machine: 409 listing what breaks; nothing changes.
    clash = planner.patch(f"/api/v1/schedules/{schedule['id']}/assignments/{b['task_id']}",
                          json={"start": a["setup_start"]})
    body = assert_problem(clash, 409, "CONFLICT")
    assert body["errors"], body
    assert api.get(f"/api/v1/schedules/{schedule['id']}").json()["version"] == plan["version"]
    # Moving the last task later fits, and pins it.
    last = ordered[-1]
    later = rfc3339(parse_time(last["setup_start"]) + dt.timedelta(hours=3))
    moved = planner.patch(f"/api/v1/schedules/{schedule['id']}/assignments/{last['task_id']}",
                          json={"start": later})
    assert moved.status_code == 200, moved.text
    placed = {x["task_id"]: x for x in moved.json()["assignments"]}[last["task_id"]]
    assert placed["setup_start"] == later and placed["pinned"] is True
    # Re-optimizing keeps the pinned task where the planner put it.
    again = optimize(planner, schedule["id"])["schedule"]
    kept = {x["task_id"]: x for x in again["assignments"]}[last["task_id"]]
    assert kept["setup_start"] == later
    unknown = planner.patch(f"/api/v1/schedules/{schedule['id']}/assignments/{last['task_id']}",
                            json={"start": later, "colour": "red"})
    assert "colour" in field_errors(assert_problem(unknown, 422))


def test_publish_is_blocked_by_hard_violations(api, planner, manager, shop):
    builder, machines = shop
    jobs = [builder.job(machines[:1], tasks=2, due_in_days=3)]
    schedule = create_schedule(planner, jobs)
    plan = optimize(planner, schedule["id"])["schedule"]
    first = min(plan["assignments"], key=lambda a: a["setup_start"])
    # Maintenance is booked over the planned work after planning.
    window = {"kind": "PLANNED", "start": first["setup_start"], "end": first["end"],
              "reason": "inspection"}
    added = api.post(f"/api/v1/machines/{machines[0]['id']}/downtimes", json=window)
    assert added.status_code == 201, added.text
    validation = api.get(f"/api/v1/schedules/{schedule['id']}/validate").json()
    assert validation["valid"] is False
    blocked = manager.post(f"/api/v1/schedules/{schedule['id']}/publish")
    body = assert_problem(blocked, 409, "CONFLICT")
    assert body["errors"] and "hard constraint" in body["detail"]
    assert api.get(f"/api/v1/schedules/{schedule['id']}").json()["status"] == "DRAFT"
    # Re-optimizing around the maintenance makes it publishable.
    optimize(planner, schedule["id"])
    assert manager.post(f"/api/v1/schedules/{schedule['id']}/publish").status_code == 200


def test_one_call_optimize_and_idempotency(api, planner, shop):
    builder, machines = shop
    jobs = [builder.job(machines, tasks=2) for _ in range(2)]
    body = {"name": "One call", "job_ids": [j["id"] for j in jobs],
            "start_time": rfc3339(now_minute()), "objective": "balanced", "time_limit_s": 1}
    headers = {"Idempotency-Key": f"p5-{builder.factory.prefix}-one-call"}
    first = planner.post("/api/v1/schedules/optimize", json=body, headers=headers)
    assert first.status_code == 201, first.text
    result = first.json()
    assert result["optimization_result"]["status"] in ("OPTIMAL", "FEASIBLE", "TIMEOUT_FALLBACK")
    assert len(result["schedule"]["assignments"]) == 4 and "metrics" in result
    again = planner.post("/api/v1/schedules/optimize", json=body, headers=headers)
    assert again.status_code == 201
    assert again.json()["schedule"]["id"] == result["schedule"]["id"]
    assert again.json()["optimization_result"]["run_id"] == result["optimization_result"]["run_id"]
    other = planner.post("/api/v1/schedules/optimize", json={**body, "name": "x"}, headers=headers)
    assert_problem(other, 409)


def test_optimize_async_progress_and_cancel(api, planner, shop):
    builder, machines = shop
    # Due dates nobody can meet keep the bound loose, so the search runs until cancelled.
    jobs = [builder.job(machines, tasks=4, due_in_days=0.05) for _ in range(12)]
    schedule = create_schedule(planner, jobs, objective="due_dates")
    started = planner.post(f"/api/v1/schedules/{schedule['id']}/optimize",
                           json={"time_limit_s": 30})
    assert started.status_code == 202, started.text
    run_id = started.json()["run_id"]
    assert started.headers["location"] == f"/api/v1/optimization-runs/{run_id}"
    cancelled = planner.post(f"/api/v1/optimization-runs/{run_id}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    import time
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        run = api.get(f"/api/v1/optimization-runs/{run_id}").json()
        if run["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        time.sleep(0.1)
    assert run["state"] == "CANCELLED", run
    assert_problem(planner.post(f"/api/v1/optimization-runs/{run_id}/cancel"), 409)
    assert api.get("/api/v1/optimization-runs/999999999").status_code == 404


TINY_PROBLEM = {
    "machines": [{"id": "M1"}, {"id": "M2"}],
    "jobs": [
        {"id": "J1", "due": 100, "operations": [
            {"id": "J1-10", "modes": [{"machine": "M1", "run": 30}]},
            {"id": "J1-20", "modes": [{"machine": "M2", "run": 20}]}]},
        {"id": "J2", "due": 60, "operations": [
            {"id": "J2-10", "modes": [{"machine": "M2", "run": 25}]},
            {"id": "J2-20", "modes": [{"machine": "M1", "run": 10}]}]}],
}


def test_solve_answers_a_self_contained_problem_without_touching_data(api, planner, client_for):
    before = api.get("/api/v1/schedules").json()["total"]
    solved = planner.post("/api/v1/solve?time_limit_s=2&strategy=makespan", json=TINY_PROBLEM)
    assert solved.status_code == 200, solved.text
    body = solved.json()
    text = solved.text
    for code in ("J1-10", "J1-20", "J2-10", "J2-20"):
        assert code in text
    assert "status" in body
    assert api.get("/api/v1/schedules").json()["total"] == before
    broken = {**TINY_PROBLEM, "jobs": [{"id": "J1", "operations": [
        {"id": "J1-10", "modes": [{"machine": "M9", "run": 30}]}]}]}
    problem = assert_problem(planner.post("/api/v1/solve", json=broken), 422)
    assert any("M9" in e["message"] or "machine" in e["field"] for e in problem["errors"]), problem
    assert_problem(planner.post("/api/v1/solve?time_limit_s=abc", json=TINY_PROBLEM), 422)
    assert client_for("viewer").post("/api/v1/solve", json=TINY_PROBLEM).status_code == 403


def test_priority_override_moves_a_job_forward(api, planner, manager, supervisor, shop):
    builder, machines = shop
    jobs = [builder.job(machines[:1], tasks=1, due_in_days=0.05, priority="LOW")
            for _ in range(5)]
    active = active_plan(planner, manager, jobs, objective="due_dates")
    last = max(active["assignments"], key=lambda a: a["setup_start"])
    response = supervisor.patch(f"/api/v1/schedules/{active['id']}/reschedule", json={
        "priority_override": {last["job_id"]: "URGENT"}, "reason": "customer escalation",
        "frozen_minutes": 0, "time_limit_s": 2})
    assert response.status_code == 200, response.text
    revision = response.json()["schedule"]
    moved = {a["job_id"]: a for a in revision["assignments"]}[last["job_id"]]
    first_start = min(a["setup_start"] for a in revision["assignments"])
    assert moved["setup_start"] == first_start, "the escalated job goes first"
    bad = supervisor.patch(f"/api/v1/schedules/{revision['id']}/reschedule", json={
        "priority_override": {"999999999": "URGENT", last["job_id"]: "SOON"}, "reason": "x"})
    errors = field_errors(assert_problem(bad, 422))
    assert f"priority_override.{last['job_id']}" in errors


def test_schedule_read_carries_the_last_run_and_can_skip_assignments(api, planner, shop):
    builder, machines = shop
    jobs = [builder.job(machines, tasks=2)]
    schedule = create_schedule(planner, jobs)
    optimized = optimize(planner, schedule["id"], seed=7)
    full = api.get(f"/api/v1/schedules/{schedule['id']}")
    assert full.status_code == 200 and full.headers["etag"] == f'"{full.json()["version"]}"'
    last_run = full.json()["last_run"]
    assert last_run["run_id"] == optimized["run"]["id"] and last_run["seed"] == 7
    header = api.get(f"/api/v1/schedules/{schedule['id']}?assignments=false").json()
    assert "assignments" not in header and header["assignment_count"] == 2
    assert_problem(api.get(f"/api/v1/schedules/{schedule['id']}?assignments=maybe"), 422)
    listed = api.get("/api/v1/schedules?status=DRAFT&limit=5").json()
    assert listed["items"] and all(i["status"] == "DRAFT" for i in listed["items"])
    assert_problem(api.get("/api/v1/schedules?status=DONE"), 422)


def test_reschedule_after_delays_reported_from_the_floor(api, planner, manager, supervisor, shop):
    builder, machines = shop
    jobs = [builder.job(machines[:2], tasks=2, due_in_days=3) for _ in range(2)]
    active = active_plan(planner, manager, jobs)
    first = min(active["assignments"], key=lambda a: a["setup_start"])
    assert supervisor.patch(f"/api/v1/tasks/{first['task_id']}/start", json={}).status_code == 200
    response = supervisor.patch(f"/api/v1/schedules/{active['id']}/reschedule", json={
        "delays": {first["task_id"]: 180}, "reason": "tool breakage slows the first operation",
        "frozen_minutes": 0, "time_limit_s": 1})
    assert response.status_code == 200, response.text
    revision = response.json()["schedule"]
    placed = {a["task_id"]: a for a in revision["assignments"]}
    started = placed[first["task_id"]]
    # The started task keeps its machine and now runs at least three more hours.
    assert started["machine_id"] == first["machine_id"]
    assert parse_time(started["end"]) >= parse_time(revision["horizon_start"]) + \
        dt.timedelta(minutes=180)
    job = next(j for j in jobs if j["id"] == first["job_id"])
    second = sorted(job["tasks"], key=lambda t: t["sequence"])[1]
    assert parse_time(placed[second["id"]]["setup_start"]) >= parse_time(started["end"])
    bad = supervisor.patch(f"/api/v1/schedules/{revision['id']}/reschedule", json={
        "delays": {first["task_id"]: 0, "abc": 5}, "reason": "x"})
    errors = field_errors(assert_problem(bad, 422))
    assert "delays.abc" in errors
