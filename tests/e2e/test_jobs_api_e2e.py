"""Jobs and tasks API end to end: create with inline tasks, read with tasks and history, list
filters / sorting / paging / cursors, partial updates with ETag and If-Match, tasks added and
edited on their own, floor events moving the job, and who may do what."""
from __future__ import annotations

import pytest

from helpers import assert_problem
from helpers.problems import field_errors


@pytest.fixture(scope="module")
def shop(api):
    """Master data shared by the module: a skill, a work center and a machine."""
    from helpers import TestDataFactory
    f = TestDataFactory()
    skill = api.post("/api/v1/skills", json=f.skill()).json()
    wc = api.post("/api/v1/work-centers", json=f.work_center()).json()
    machine = api.post("/api/v1/machines", json=f.machine(work_center_id=wc["id"])).json()
    return {"skill": skill, "work_center": wc, "machine": machine}


def routed_job(factory, shop, **overrides):
    body = factory.job(**overrides)
    body["tasks"] = [
        {"sequence": 10, "name": "Mill", "operation_code": "MILL", "setup_minutes": 30,
         "run_minutes_per_unit": 2, "setup_family": "ALU",
         "modes": [{"machine_id": shop["machine"]["id"], "setup_minutes": 30, "run_minutes": 2,
                    "operators": [{"skill_id": shop["skill"]["id"], "min_level": 3, "count": 1,
                                   "attendance": "SETUP_ONLY"}]},
                   {"work_center_id": shop["work_center"]["id"], "setup_minutes": 40,
                    "run_minutes": 2.5}]},
        {"sequence": 20, "name": "Inspect", "operation_code": "INSP-1",
         "fixed_duration_minutes": 45, "machine_id": shop["machine"]["id"],
         "predecessors": [{"sequence": 10, "type": "FS", "min_lag": 60, "max_lag": 480}]},
    ]
    return body


def test_create_and_read_back_every_field(api, factory, shop):
    body = routed_job(factory, shop, job_number=factory.unique("j").lower(), quantity=12,
                      priority="URGENT", release_date=factory.in_days(1),
                      compliance_requirements=["ISO_13485"], notes="first article")
    created = api.post("/api/v1/jobs", json=body)
    assert created.status_code == 201, created.text
    job = created.json()
    assert job["job_number"] == body["job_number"].upper()
    assert job["status"] == "PLANNED" and job["version"] == 1 and job["priority_weight"] == 8
    assert job["compliance_requirements"] == ["ISO_13485"] and job["is_overdue"] is False
    assert job["created_by"].startswith("admin")
    mill, inspect = job["tasks"]
    assert mill["planned_minutes"] == 30 + 2 * 12 and inspect["planned_minutes"] == 45
    assert mill["modes"][0]["operators"][0] == {
        "skill": shop["skill"]["code"], "skill_id": shop["skill"]["id"], "min_level": 3,
        "count": 1, "attendance": "SETUP_ONLY"}
    assert mill["modes"][1]["work_center_id"] == shop["work_center"]["id"]
    assert inspect["modes"][0]["machine_id"] == shop["machine"]["id"]
    assert inspect["predecessors"] == [{"task_id": mill["id"], "sequence": 10, "type": "FS",
                                        "min_lag": 60, "max_lag": 480}]
    got = api.get(f"/api/v1/jobs/{job['id']}")
    assert got.status_code == 200 and got.headers["etag"] == '"1"'
    assert got.json()["tasks"] == job["tasks"]
    listed = api.get(f"/api/v1/jobs/{job['id']}/tasks").json()
    assert listed["total"] == 2 and listed["items"][1]["id"] == inspect["id"]
    one = api.get(f"/api/v1/tasks/{mill['id']}")
    assert one.status_code == 200 and one.json()["name"] == "Mill"


def test_list_filters_sorting_and_cursor_paging(api, factory):
    customer = f"Filter Customer {factory.prefix}"
    numbers = []
    for i, (priority, due) in enumerate([("LOW", -2), ("HIGH", 3), ("URGENT", 6), ("HIGH", 9),
                                         ("NORMAL", 12)]):
        job = api.post("/api/v1/jobs", json=factory.job(
            customer_name=customer, priority=priority, due_date=factory.in_days(due),
            notes=f"filter-note-{factory.prefix}-{i}")).json()
        numbers.append(job["job_number"])
    base = {"customer": customer.upper()}
    assert api.get("/api/v1/jobs", params=base).json()["total"] == 5
    high = api.get("/api/v1/jobs", params={**base, "priority": "HIGH,URGENT"}).json()
    assert high["total"] == 3
    overdue = api.get("/api/v1/jobs", params={**base, "overdue": "true"}).json()
    assert [j["job_number"] for j in overdue["items"]] == [numbers[0]]
    assert overdue["items"][0]["is_overdue"] is True
    soon = api.get("/api/v1/jobs", params={**base, "due_before": factory.in_days(7)}).json()
    assert soon["total"] == 3
    q = api.get("/api/v1/jobs", params={"q": f"filter-note-{factory.prefix}-3"}).json()
    assert [j["job_number"] for j in q["items"]] == [numbers[3]]
    planned = api.get("/api/v1/jobs", params={**base, "status": "PLANNED"}).json()
    assert planned["total"] == 5

    by_priority = api.get("/api/v1/jobs", params={**base, "sort": "-priority"}).json()["items"]
    assert [j["priority"] for j in by_priority] == ["URGENT", "HIGH", "HIGH", "NORMAL", "LOW"]

    seen, cursor = [], None
    while True:
        params = {**base, "limit": 2, "sort": "due_date"}
        if cursor:
            params["cursor"] = cursor
        page = api.get("/api/v1/jobs", params=params).json()
        seen += [j["job_number"] for j in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == numbers
    with_tasks = api.get("/api/v1/jobs", params={**base, "include": "tasks", "limit": 1}).json()
    assert with_tasks["items"][0]["tasks"] == []

    bad = api.get("/api/v1/jobs", params={"status": "DONE", "limit": 0, "sort": "colour",
                                          "overdue": "maybe", "page": 2})
    fields = field_errors(assert_problem(bad, 422))
    assert {"status", "limit", "sort", "overdue", "page"} <= set(fields), fields


def test_partial_update_keeps_other_fields_and_versions(api, factory, shop):
    job = api.post("/api/v1/jobs", json=routed_job(factory, shop)).json()
    url = f"/api/v1/jobs/{job['id']}"
    patched = api.patch(url, json={"priority": "HIGH", "release_date": None},
                        headers={"If-Match": '"1"'})
    assert patched.status_code == 200, patched.text
    assert patched.headers["etag"] == '"2"'
    after = patched.json()
    assert after["priority"] == "HIGH" and after["release_date"] is None
    assert after["customer_name"] == job["customer_name"] and after["quantity"] == job["quantity"]
    fields = field_errors(assert_problem(api.patch(url, json={"quantity": 0, "status": "DONE"}),
                                         422))
    assert {"status"} <= set(fields), fields  # status changes go through /status
    assert_problem(api.patch(url, json={"quantity": 3}, headers={"If-Match": '"1"'}), 409)


def test_tasks_are_added_edited_and_deleted_on_their_own(api, factory, shop):
    job = api.post("/api/v1/jobs", json=routed_job(factory, shop)).json()
    added = api.post(f"/api/v1/jobs/{job['id']}/tasks", json={
        "sequence": 30, "name": "Pack", "machine_id": shop["machine"]["id"],
        "predecessors": [{"sequence": 20}]})
    assert added.status_code == 201, added.text
    task = added.json()
    assert task["predecessors"][0]["sequence"] == 20
    dup = api.post(f"/api/v1/jobs/{job['id']}/tasks",
                   json={"sequence": 30, "name": "Again", "machine_id": shop["machine"]["id"]})
    assert_problem(dup, 409)
    missing = api.post(f"/api/v1/jobs/{job['id']}/tasks",
                       json={"sequence": 40, "name": "Nowhere", "machine_id": "999999"})
    assert "modes[0].machine_id" in field_errors(assert_problem(missing, 422))
    cycle = api.patch(f"/api/v1/tasks/{job['tasks'][0]['id']}",
                      json={"predecessors": [{"sequence": 30}]})
    assert "predecessors" in field_errors(assert_problem(cycle, 422))
    edited = api.patch(f"/api/v1/tasks/{task['id']}", json={"name": "Pack and ship",
                                                           "pinned": True},
                       headers={"If-Match": f'"{task["version"]}"'})
    assert edited.status_code == 200, edited.text
    assert edited.json()["name"] == "Pack and ship" and edited.json()["pinned"] is True
    assert api.delete(f"/api/v1/tasks/{task['id']}").status_code == 204
    assert api.get(f"/api/v1/jobs/{job['id']}/tasks").json()["total"] == 2


def test_hold_resume_and_cancel(api, factory, shop):
    job = api.post("/api/v1/jobs", json=routed_job(factory, shop)).json()
    url = f"/api/v1/jobs/{job['id']}/status"
    assert api.patch(url, json={"status": "APPROVED", "reason": "quality review passed"}).status_code == 200
    no_reason = assert_problem(api.patch(url, json={"status": "ON_HOLD"}), 422)
    assert "reason" in field_errors(no_reason)
    held = api.patch(url, json={"status": "ON_HOLD", "reason": "Material missing"}).json()
    assert held["status"] == "ON_HOLD" and held["status_before_hold"] == "APPROVED"
    wrong = assert_problem(api.patch(url, json={"status": "RELEASED"}), 409)
    assert wrong["allowed"] == "APPROVED,CANCELLED"
    assert api.patch(url, json={"status": "APPROVED", "reason": "quality review passed"}).json()["status"] == "APPROVED"
    cancelled = api.patch(url, json={"status": "CANCELLED", "reason": "Order withdrawn"}).json()
    assert {t["status"] for t in cancelled["tasks"]} == {"CANCELLED"}


def test_roles_decide_who_may_do_what(client_for, factory, shop):
    service = client_for("customer_service")
    viewer = client_for("viewer")
    operator = client_for("machine_operator")
    body = routed_job(factory, shop)
    created = service.post("/api/v1/jobs", json=body)
    assert created.status_code == 201, created.text
    job = created.json()
    assert_problem(viewer.post("/api/v1/jobs", json=routed_job(factory, shop)), 403)
    assert viewer.get(f"/api/v1/jobs/{job['id']}").status_code == 200
    assert_problem(service.patch(f"/api/v1/jobs/{job['id']}", json={"notes": "x"}), 403)
    assert_problem(service.delete(f"/api/v1/jobs/{job['id']}"), 403)
    manager = client_for("production_manager")
    reprioritised = manager.patch(f"/api/v1/jobs/{job['id']}", json={"priority": "URGENT"})
    assert reprioritised.status_code == 200, reprioritised.text
    assert_problem(manager.patch(f"/api/v1/jobs/{job['id']}", json={"notes": "x"}), 403)
    for status, who in (("APPROVED", "quality_inspector"), ("RELEASED", "floor_supervisor")):
        assert client_for(who).patch(f"/api/v1/jobs/{job['id']}/status",
                                     json={"status": status, "reason": "e2e"}).status_code == 200
    # A machine operator executes only tasks assigned to them by the active schedule.
    denied = assert_problem(operator.patch(f"/api/v1/tasks/{job['tasks'][0]['id']}/start",
                                           json={}), 403)
    assert "assigned" in denied["detail"]
    # A quality inspector may execute inspection tasks.
    inspector = client_for("quality_inspector")
    supervisor = client_for("floor_supervisor")
    mill, inspect = job["tasks"]
    assert supervisor.patch(f"/api/v1/tasks/{mill['id']}/start", json={}).status_code == 200
    assert supervisor.patch(f"/api/v1/tasks/{mill['id']}/complete", json={}).status_code == 200
    assert inspector.patch(f"/api/v1/tasks/{inspect['id']}/start", json={}).status_code == 200
    done = inspector.patch(f"/api/v1/tasks/{inspect['id']}/complete",
                           json={"quality_notes": "CMM report 4711 attached"})
    assert done.status_code == 200, done.text
    assert done.json()["job"]["status"] == "COMPLETED"


def test_demo_load_fills_an_empty_plant_once(fresh_server):
    server = fresh_server(start=False)
    first = server.cli("demo", "load")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "12 machines, 20 operators, 30 jobs" in first.stdout
    second = server.cli("demo", "load")
    assert second.returncode == 0 and "not loaded" in second.stdout, second.stdout
    server.start()
    assert server.create_user("admin@demo.e2e.example", "admin", "Demo-Passw0rd").returncode == 0
    token = server.login("admin@demo.e2e.example", "Demo-Passw0rd").json()["access_token"]
    client = server.client(token)
    try:
        jobs = client.get("/api/v1/jobs", params={"limit": 100, "include": "tasks"}).json()
        assert jobs["total"] == 30
        statuses = {j["status"] for j in jobs["items"]}
        assert {"PLANNED", "APPROVED", "RELEASED", "IN_PROGRESS", "COMPLETED", "ON_HOLD"} <= statuses
        assert len({j["customer_name"] for j in jobs["items"]}) == 6
        assert all(3 <= len(j["tasks"]) <= 8 for j in jobs["items"])
        assert client.get("/api/v1/machines").json()["total"] == 12
        assert client.get("/api/v1/operators").json()["total"] == 20
        assert client.get("/api/v1/work-centers").json()["total"] == 3
        verify = server.cli("audit", "verify")
        assert verify.returncode == 0, verify.stdout + verify.stderr
    finally:
        client.close()


def test_serve_demo_loads_the_plant_at_start_and_only_once(fresh_server):
    server = fresh_server(args=("--demo",))
    assert server.create_user("admin@serve-demo.e2e.example", "admin",
                              "Demo-Passw0rd").returncode == 0
    token = server.login("admin@serve-demo.e2e.example", "Demo-Passw0rd").json()["access_token"]
    client = server.client(token)
    try:
        assert client.get("/api/v1/jobs", params={"limit": 1}).json()["total"] == 30
        released = client.get("/api/v1/jobs", params={"status": "RELEASED", "include": "tasks"})
        assert released.status_code == 200 and released.json()["total"] > 0
        # Released jobs have work ready for the floor.
        assert any(t["status"] == "READY" for j in released.json()["items"] for t in j["tasks"])
    finally:
        client.close()
    assert server.stop() == 0
    server.start()  # a restart with --demo keeps the data as it is
    client = server.client(server.login("admin@serve-demo.e2e.example",
                                        "Demo-Passw0rd").json()["access_token"])
    try:
        assert client.get("/api/v1/jobs", params={"limit": 1}).json()["total"] == 30
    finally:
        client.close()
    assert "demo plant not loaded" in server.log_text()


def test_demo_plant_running_work_keeps_its_crew_and_can_be_planned(fresh_server):
    # Regression: the demo's running tasks once shared machines and the planner ignored the crew
    # recorded at start, so optimizing the demo plant answered 422.
    server = fresh_server(start=False)
    assert server.cli("demo", "load").returncode == 0
    server.start()
    assert server.create_user("admin@demo-plan.e2e.example", "admin",
                              "Demo-Passw0rd").returncode == 0
    client = server.client(server.login("admin@demo-plan.e2e.example",
                                        "Demo-Passw0rd").json()["access_token"])
    try:
        running = client.get("/api/v1/jobs", params={"status": "IN_PROGRESS", "include": "tasks"})
        started = [t for j in running.json()["items"] for t in j["tasks"]
                   if t["status"] == "IN_PROGRESS"]
        assert started, "the demo has work running on the floor"
        machines = [t["actual_machine_id"] for t in started]
        assert len(machines) == len(set(machines)), "two running tasks share a machine"
        planned = client.post("/api/v1/schedules/optimize", json={
            "name": "demo plan", "start_time": "2026-01-01T00:00:00Z",
            "objective": "due_dates", "time_limit_s": 2}, timeout=60)
        assert planned.status_code == 201, planned.text
        body = planned.json()
        assert body["violations"] == []
        published = client.post(f"/api/v1/schedules/{body['schedule']['id']}/publish")
        assert published.status_code == 200, published.text
    finally:
        client.close()


def test_start_records_the_machine_and_operators(api, factory, shop):
    other = api.post("/api/v1/machines", json=factory.machine()).json()  # in no work center
    operator = api.post("/api/v1/operators", json=factory.operator()).json()
    job = api.post("/api/v1/jobs", json=routed_job(factory, shop)).json()
    for status in ("APPROVED", "RELEASED"):
        assert api.patch(f"/api/v1/jobs/{job['id']}/status", json={"status": status, "reason": "e2e"}) \
            .status_code == 200
    url = f"/api/v1/tasks/{job['tasks'][0]['id']}/start"
    refused = api.patch(url, json={"machine_id": other["id"], "operator_ids": ["999999"]})
    fields = field_errors(assert_problem(refused, 422))
    assert {"machine_id", "operator_ids[0]"} <= set(fields), fields
    started = api.patch(url, json={"machine_id": shop["machine"]["id"],
                                   "operator_ids": [operator["id"]]})
    assert started.status_code == 200, started.text
    task = started.json()["task"]
    assert task["actual_machine_id"] == shop["machine"]["id"]
    assert task["actual_operator_ids"] == [operator["id"]]
