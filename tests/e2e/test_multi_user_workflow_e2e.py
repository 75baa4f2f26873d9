"""Multi-user workflow against the real binary: customer service creates a job, the roles that
act next are notified, a production manager or quality inspector approves it (with a reason), a
floor supervisor or planner releases it, other roles are refused each transition, concurrent
edits by different users never lose an update (optimistic versions), and notifications are read
per user."""
from __future__ import annotations

import threading

import pytest

from helpers import TestDataFactory


@pytest.fixture(scope="module")
def shop(api):
    f = TestDataFactory()
    skill = api.post("/api/v1/skills", json=f.skill()).json()
    wc = api.post("/api/v1/work-centers", json=f.work_center()).json()
    machine = api.post("/api/v1/machines", json=f.machine(work_center_id=wc["id"])).json()
    return {"skill": skill, "work_center": wc, "machine": machine}


def new_job(client, factory, shop) -> dict:
    body = factory.job()
    body["tasks"] = [{"sequence": 10, "name": "Mill", "operation_code": "MILL",
                      "fixed_duration_minutes": 60, "machine_id": shop["machine"]["id"]}]
    r = client.post("/api/v1/jobs", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def notices_about(client, job_id: str, unread: bool = False) -> list[dict]:
    items, cursor = [], None
    while True:
        params = {"limit": 200, "unread": "true" if unread else "false"}
        if cursor is not None:
            params["cursor"] = cursor
        page = client.get("/api/v1/notifications", params=params)
        assert page.status_code == 200, page.text
        items += [n for n in page.json()["items"] if n["entity_id"] == job_id]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return items


def test_collaborative_creation_approval_and_release_with_notifications(client_for, factory, shop):
    service = client_for("customer_service")
    job = new_job(service, factory, shop)
    assert job["status"] == "PLANNED"

    # Customer service creates jobs but cannot move them.
    assert service.patch(f"/api/v1/jobs/{job['id']}/status",
                         json={"status": "APPROVED", "reason": "quality review passed"}).status_code == 403

    manager, inspector = client_for("production_manager"), client_for("quality_inspector")
    waiting = notices_about(manager, job["id"])
    assert [n["kind"] for n in waiting] == ["job.awaiting_approval"]
    assert job["job_number"] in waiting[0]["message"]
    assert [n["kind"] for n in notices_about(inspector, job["id"])] == ["job.awaiting_approval"]
    assert notices_about(client_for("machine_operator"), job["id"]) == []

    # Neither the planner nor the supervisor may approve; the inspector may, with a reason.
    for role in ("production_planner", "floor_supervisor", "machine_operator"):
        assert client_for(role).patch(f"/api/v1/jobs/{job['id']}/status",
                                      json={"status": "APPROVED", "reason": "quality review passed"}).status_code == 403, role
    approved = inspector.patch(f"/api/v1/jobs/{job['id']}/status",
                               json={"status": "APPROVED", "reason": "first article checked"})
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "APPROVED"

    supervisor, planner = client_for("floor_supervisor"), client_for("production_planner")
    assert [n["kind"] for n in notices_about(supervisor, job["id"])] == ["job.awaiting_release"]
    assert [n["kind"] for n in notices_about(planner, job["id"])] == ["job.awaiting_release"]
    assert manager.patch(f"/api/v1/jobs/{job['id']}/status",
                         json={"status": "RELEASED"}).status_code == 403
    released = supervisor.patch(f"/api/v1/jobs/{job['id']}/status", json={"status": "RELEASED"})
    assert released.status_code == 200, released.text
    kinds = [n["kind"] for n in notices_about(client_for("machine_operator"), job["id"])]
    assert kinds == ["job.released"]

    # The job's history names every actor.
    detail = client_for("viewer").get(f"/api/v1/jobs/{job['id']}")
    assert detail.status_code == 200


def test_notifications_are_read_per_user(takt_server, api, client_for, factory, shop):
    job = new_job(client_for("production_planner"), factory, shop)
    manager = client_for("production_manager")
    notice = notices_about(manager, job["id"], unread=True)[0]
    r = manager.patch(f"/api/v1/notifications/{notice['id']}/read")
    assert r.status_code == 200 and r.json()["read"] is True
    assert notices_about(manager, job["id"], unread=True) == []
    assert notices_about(manager, job["id"])[0]["read"] is True

    # A second manager still sees it unread; a viewer cannot mark it (not addressed to them).
    email, password = f"pm2-{job['id']}@e2e.example", "Second-manager-77"
    assert api.post("/api/v1/users", json={"email": email, "roles": ["production_manager"],
                                           "password": password}).status_code == 201
    other = takt_server.client(takt_server.login(email, password).json()["access_token"])
    assert [n["read"] for n in notices_about(other, job["id"])] == [False]
    assert client_for("viewer").patch(f"/api/v1/notifications/{notice['id']}/read").status_code == 404
    assert manager.patch("/api/v1/notifications/99999999/read").status_code == 404
    assert manager.get("/api/v1/notifications", params={"limit": 0}).status_code == 422
    assert client_for("viewer").get("/api/v1/notifications").status_code == 200


def test_concurrent_edits_by_different_roles_never_lose_an_update(client_for, factory, shop):
    job = new_job(client_for("production_planner"), factory, shop)
    url = f"/api/v1/jobs/{job['id']}"
    planner, manager = client_for("production_planner"), client_for("production_manager")
    version = planner.get(url).json()["version"]
    results: dict[str, int] = {}
    barrier = threading.Barrier(2)

    def edit(name, client, body):
        barrier.wait()
        results[name] = client.patch(url, json=body,
                                     headers={"If-Match": f'"{version}"'}).status_code

    threads = [threading.Thread(target=edit, args=("planner", planner, {"notes": "fixture B"})),
               threading.Thread(target=edit, args=("manager", manager, {"priority": "URGENT"}))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()) == [200, 409], results
    final = planner.get(url).json()
    # Exactly the winner's change is in; the loser was told to re-read instead of overwriting.
    if results["planner"] == 200:
        assert final["notes"] == "fixture B" and final["priority"] != "URGENT"
    else:
        assert final["priority"] == "URGENT" and final["notes"] != "fixture B"
    assert final["version"] == version + 1


def test_concurrent_transitions_by_two_approvers_apply_once(client_for, factory, shop):
    job = new_job(client_for("customer_service"), factory, shop)
    url = f"/api/v1/jobs/{job['id']}/status"
    statuses: list[int] = []
    barrier = threading.Barrier(2)

    def approve(role):
        barrier.wait()
        statuses.append(client_for(role).patch(url, json={"status": "APPROVED",
                                                          "reason": f"ok by {role}"}).status_code)

    threads = [threading.Thread(target=approve, args=(r,))
               for r in ("production_manager", "quality_inspector")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 200 in statuses and all(s in (200, 409, 422) for s in statuses), statuses
    assert client_for("viewer").get(f"/api/v1/jobs/{job['id']}").json()["status"] == "APPROVED"
    kinds = [n["kind"] for n in notices_about(client_for("floor_supervisor"), job["id"])]
    assert kinds.count("job.awaiting_release") == statuses.count(200)
