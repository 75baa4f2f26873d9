"""Master data end to end: skills, work centers, calendars, machines, operators over HTTP against
the real server (CRUD, validation listing every bad field, unique and version conflicts, references,
sub-resources, CSV import/export, audit entries and `takt audit verify`)."""
from __future__ import annotations

import csv
import io

from helpers import assert_problem
from helpers.problems import field_errors


def create(client, path, body):
    response = client.post(path, json=body)
    assert response.status_code == 201, (path, response.status_code, response.text)
    assert response.headers["etag"] == f'"{response.json()["version"]}"'
    assert response.headers["location"].endswith("/" + response.json()["id"])
    return response.json()


def test_skill_crud_round_trip(api, factory):
    body = factory.skill()
    skill = create(api, "/api/v1/skills", body)
    assert skill["code"] == body["code"] and skill["version"] == 1
    assert isinstance(skill["id"], str)

    got = api.get(f"/api/v1/skills/{skill['id']}")
    assert got.status_code == 200 and got.json() == skill
    assert got.headers["etag"] == '"1"'

    patched = api.patch(f"/api/v1/skills/{skill['id']}", json={"name": "Renamed"},
                        headers={"If-Match": '"1"'})
    assert patched.status_code == 200, patched.text
    assert patched.json()["name"] == "Renamed" and patched.json()["version"] == 2
    assert patched.json()["code"] == body["code"]

    listed = api.get("/api/v1/skills", params={"code": body["code"]})
    assert listed.status_code == 200
    assert listed.json()["total"] == 1 and listed.json()["items"][0]["name"] == "Renamed"

    deleted = api.delete(f"/api/v1/skills/{skill['id']}", headers={"If-Match": '"2"'})
    assert deleted.status_code == 204, deleted.text
    assert_problem(api.get(f"/api/v1/skills/{skill['id']}"), 404, "NOT_FOUND")


def test_invalid_machine_lists_every_bad_field_and_writes_nothing(api, factory, db_checker):
    before = db_checker.count("machines")
    response = api.post("/api/v1/machines", json={
        "code": "lower case!", "name": "", "efficiency": 5, "status": "BROKEN",
        "colour": "red", "required_skills": [{"skill_id": "1", "min_level": 9}]})
    fields = field_errors(assert_problem(response, 422, "INVALID_ARGUMENT"))
    # Type and format problems, unknown fields and rule violations, all in one answer.
    assert {"code", "name", "efficiency", "status", "colour",
            "required_skills[0].min_level"} <= set(fields), fields
    assert db_checker.count("machines") == before


def test_duplicate_code_is_409_naming_the_field(api, factory):
    body = factory.skill()
    create(api, "/api/v1/skills", body)
    problem = assert_problem(api.post("/api/v1/skills", json=body), 409, "CONFLICT")
    assert "code" in field_errors(problem)


def test_stale_version_is_409_with_the_current_version(api, factory):
    wc = create(api, "/api/v1/work-centers", factory.work_center(wip_limit=3))
    first = api.patch(f"/api/v1/work-centers/{wc['id']}", json={"wip_limit": 4, "version": 1})
    assert first.status_code == 200, first.text
    stale = api.patch(f"/api/v1/work-centers/{wc['id']}", json={"wip_limit": 5},
                      headers={"If-Match": '"1"'})
    problem = assert_problem(stale, 409, "CONFLICT")
    assert problem["current_version"] == "2"
    assert api.get(f"/api/v1/work-centers/{wc['id']}").json()["wip_limit"] == 4
    bad = api.patch(f"/api/v1/work-centers/{wc['id']}", json={"wip_limit": 0})
    assert "wip_limit" in field_errors(assert_problem(bad, 422))


def test_references_are_checked_and_referenced_rows_cannot_be_deleted(api, factory):
    calendar = create(api, "/api/v1/calendars", {
        "name": factory.unique("CAL"), "timezone": "Europe/Berlin",
        "shifts": [{"weekday": "MON", "start": "06:00", "end": "14:00"},
                   {"weekday": "MON", "start": "22:00", "end": "06:00"}],
        "breaks": [{"weekday": "MON", "start": "10:00", "end": "10:15"}],
        "holidays": [{"date": "2026-12-25", "name": "Christmas"}],
        "exceptions": [{"kind": "WORKING", "start": "2026-12-05T08:00:00Z",
                        "end": "2026-12-05T12:00:00Z", "reason": "Saturday order"}]})
    assert calendar["shifts"][1] == {"weekday": "MON", "start": "22:00", "end": "06:00"}
    skill = create(api, "/api/v1/skills", factory.skill())
    wc = create(api, "/api/v1/work-centers", factory.work_center(calendar_id=calendar["id"]))
    dangling = api.post("/api/v1/machines", json=factory.machine(
        calendar_id="999999", required_skills=[{"skill_id": "888888"}]))
    fields = field_errors(assert_problem(dangling, 422))
    assert set(fields) == {"calendar_id", "required_skills[0].skill_id"}, fields

    machine = create(api, "/api/v1/machines", factory.machine(
        work_center_id=wc["id"], calendar_id=calendar["id"], efficiency=1.25, attended=False,
        required_skills=[{"skill_id": skill["id"], "min_level": 2}],
        setup_matrix=[{"from_family": "A", "to_family": "B", "minutes": 20}]))
    assert machine["status"] == "AVAILABLE" and machine["efficiency"] == 1.25

    for path in (f"/api/v1/skills/{skill['id']}", f"/api/v1/calendars/{calendar['id']}",
                 f"/api/v1/work-centers/{wc['id']}"):
        assert_problem(api.delete(path), 409, "CONFLICT")
    assert api.delete(f"/api/v1/machines/{machine['id']}").status_code == 204
    assert api.delete(f"/api/v1/work-centers/{wc['id']}").status_code == 204


def test_machines_and_work_centers_named_by_a_task_cannot_be_deleted(api, factory):
    wc = create(api, "/api/v1/work-centers", factory.work_center())
    spare_wc = create(api, "/api/v1/work-centers", factory.work_center())
    machine = create(api, "/api/v1/machines", factory.machine(work_center_id=spare_wc["id"]))
    started = create(api, "/api/v1/machines", factory.machine(work_center_id=spare_wc["id"]))
    body = factory.job(tasks=0)
    body["tasks"] = [
        factory.task(1, modes=[{"machine_id": machine["id"], "setup_minutes": 5, "run_minutes": 1},
                               {"work_center_id": wc["id"], "setup_minutes": 5, "run_minutes": 1}])]
    created = api.post("/api/v1/jobs", json=body)
    assert created.status_code == 201, created.text
    job = created.json()

    # A mode names the machine and the work center: neither can go while the task exists.
    assert_problem(api.delete(f"/api/v1/machines/{machine['id']}"), 409, "CONFLICT")
    assert_problem(api.delete(f"/api/v1/work-centers/{wc['id']}"), 409, "CONFLICT")
    assert api.get(f"/api/v1/machines/{machine['id']}").status_code == 200
    # A machine nothing names can go (the check is per machine, not a blanket refusal).
    assert api.delete(f"/api/v1/machines/{started['id']}").status_code == 204

    assert api.delete(f"/api/v1/jobs/{job['id']}").status_code == 204
    assert api.delete(f"/api/v1/machines/{machine['id']}").status_code == 204
    assert api.delete(f"/api/v1/work-centers/{wc['id']}").status_code == 204


def test_machine_status_and_downtimes(api, client_for, factory):
    machine = create(api, "/api/v1/machines", factory.machine())
    technician = client_for("maintenance_technician")
    status = technician.patch(f"/api/v1/machines/{machine['id']}/status",
                              json={"status": "MAINTENANCE"})
    assert status.status_code == 200, status.text
    assert status.json()["status"] == "MAINTENANCE" and status.json()["version"] == 2
    assert_problem(technician.patch(f"/api/v1/machines/{machine['id']}/status",
                                    json={"status": "SLEEPING"}), 422)
    # Status rights are not master-data rights.
    assert_problem(technician.patch(f"/api/v1/machines/{machine['id']}", json={"name": "x"}), 403)

    bad = technician.post(f"/api/v1/machines/{machine['id']}/downtimes",
                          json={"start": "2026-12-01T10:00:00Z", "end": "2026-12-01T09:00:00Z"})
    assert "end" in field_errors(assert_problem(bad, 422))
    added = technician.post(f"/api/v1/machines/{machine['id']}/downtimes",
                            json={"kind": "BREAKDOWN", "start": "2026-12-01T10:00:00Z",
                                  "end": "2026-12-01T12:00:00Z", "reason": "spindle"})
    assert added.status_code == 201, added.text
    listed = api.get(f"/api/v1/machines/{machine['id']}/downtimes").json()
    assert listed["total"] == 1 and listed["items"][0]["kind"] == "BREAKDOWN"
    removed = technician.delete(
        f"/api/v1/machines/{machine['id']}/downtimes/{added.json()['id']}")
    assert removed.status_code == 204
    assert api.get(f"/api/v1/machines/{machine['id']}/downtimes").json()["total"] == 0


def test_operator_skills_and_absences(api, factory):
    skill = create(api, "/api/v1/skills", factory.skill())
    op = create(api, "/api/v1/operators", {"employee_id": factory.unique("E"), "name": "Ada"})
    assert op["status"] == "ACTIVE" and op["skills"] == []
    set_skill = api.post(f"/api/v1/operators/{op['id']}/skills", json={
        "skill_id": skill["id"], "level": 4, "certified_on": "2026-01-01",
        "expires_on": "2027-01-01"})
    assert set_skill.status_code == 201, set_skill.text
    bad = api.post(f"/api/v1/operators/{op['id']}/skills", json={
        "skill_id": skill["id"], "level": 7, "certified_on": "2026-02-30"})
    fields = field_errors(assert_problem(bad, 422))
    assert {"certified_on"} <= set(fields), fields
    bad_level = api.post(f"/api/v1/operators/{op['id']}/skills",
                         json={"skill_id": skill["id"], "level": 7})
    assert "level" in field_errors(assert_problem(bad_level, 422))
    skills = api.get(f"/api/v1/operators/{op['id']}/skills").json()
    assert skills["items"] == [{"skill_id": skill["id"], "level": 4,
                                "certified_on": "2026-01-01", "expires_on": "2027-01-01"}]
    absence = api.post(f"/api/v1/operators/{op['id']}/absences", json={
        "kind": "ABSENCE", "start": "2026-12-24T00:00:00Z", "end": "2026-12-27T00:00:00Z"})
    assert absence.status_code == 201, absence.text
    assert api.get(f"/api/v1/operators/{op['id']}").json()["version"] == 3
    assert api.delete(
        f"/api/v1/operators/{op['id']}/absences/{absence.json()['id']}").status_code == 204
    assert api.delete(f"/api/v1/operators/{op['id']}/skills/{skill['id']}").status_code == 204
    dup = api.post("/api/v1/operators", json={"employee_id": op["employee_id"], "name": "Bob"})
    assert "employee_id" in field_errors(assert_problem(dup, 409))


def test_list_paging_sorting_and_unknown_query_fields(api, factory):
    prefix = factory.unique("PG")
    for i in range(5):
        create(api, "/api/v1/skills", {"code": f"{prefix}-{i}", "name": f"Paging {prefix} {i}"})
    page = api.get("/api/v1/skills", params={"q": prefix, "limit": 2, "sort": "-code"}).json()
    assert page["total"] == 5 and len(page["items"]) == 2
    assert page["items"][0]["code"] == f"{prefix}-4" and page["next_cursor"] == "2"
    last = api.get("/api/v1/skills", params={"q": prefix, "limit": 2, "sort": "-code",
                                              "cursor": "4"}).json()
    assert [s["code"] for s in last["items"]] == [f"{prefix}-0"] and last["next_cursor"] is None
    bad = api.get("/api/v1/skills", params={"limit": 5000, "colour": "red", "sort": "password"})
    assert set(field_errors(assert_problem(bad, 422))) == {"limit", "colour", "sort"}


def test_viewer_reads_but_cannot_write(client_for, factory):
    viewer = client_for("viewer")
    assert viewer.get("/api/v1/machines").status_code == 200
    assert_problem(viewer.post("/api/v1/skills", json=factory.skill()), 403)


def test_csv_import_export_round_trip(api, factory, db_checker):
    codes = [factory.unique("CSV") for _ in range(3)]
    text = "code,name\r\n" + "".join(f'{c},"Skill, {c}"\r\n' for c in codes)
    imported = api.post("/api/v1/import/skills", content=text,
                        headers={"Content-Type": "text/csv"})
    assert imported.status_code == 200, imported.text
    assert imported.json() == {"entity": "skills", "rows": 3, "created": 3, "updated": 0,
                               "unchanged": 0}

    exported = api.get("/api/v1/export/skills")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(exported.text))}
    for c in codes:
        assert rows[c]["name"] == f"Skill, {c}"

    # Re-importing the export changes names in place: updates, no duplicates.
    again = api.post("/api/v1/import/skills", content=exported.text.replace("Skill, ", "Skill: "),
                     headers={"Content-Type": "text/csv"})
    assert again.status_code == 200, again.text
    assert again.json()["created"] == 0
    assert again.json()["updated"] + again.json()["unchanged"] == len(rows)
    assert again.json()["updated"] >= len(codes)
    # The same file once more changes nothing: no versions bumped, no audit entries.
    audit_before = db_checker.count("audit_log")
    third = api.post("/api/v1/import/skills",
                     content=exported.text.replace("Skill, ", "Skill: "),
                     headers={"Content-Type": "text/csv"})
    assert third.json()["updated"] == 0 and third.json()["unchanged"] == len(rows), third.text
    assert db_checker.count("audit_log") == audit_before
    assert api.get("/api/v1/skills", params={"code": codes[0]}).json()["items"][0]["name"] \
        == f"Skill: {codes[0]}"


def test_machines_csv_round_trip_keeps_references(api, factory):
    skill = create(api, "/api/v1/skills", factory.skill())
    wc = create(api, "/api/v1/work-centers", factory.work_center())
    code = factory.unique("MC")
    text = ("code,name,work_center_id,status,efficiency,attended,required_skills\n"
            f"{code},Lathe,{wc['id']},DOWN,1.2345678,false,{skill['id']}:3\n")
    imported = api.post("/api/v1/import/machines", content=text,
                        headers={"Content-Type": "text/csv"})
    assert imported.status_code == 200, imported.text
    machine = api.get("/api/v1/machines", params={"code": code}).json()["items"][0]
    assert machine["work_center_id"] == wc["id"] and machine["status"] == "DOWN"
    assert machine["efficiency"] == 1.2345678 and machine["attended"] is False
    assert machine["required_skills"] == [{"skill_id": skill["id"], "min_level": 3}]
    exported = api.get("/api/v1/export/machines").text
    row = next(r for r in csv.DictReader(io.StringIO(exported)) if r["code"] == code)
    assert row["required_skills"] == f"{skill['id']}:3" and row["attended"] == "false"
    assert row["efficiency"] == "1.2345678"


def test_failed_import_writes_nothing_and_lists_row_errors(api, factory, db_checker):
    before = db_checker.count("skills")
    audit_before = db_checker.count("audit_log")
    good = factory.unique("OK")
    text = f"code,name\n{good},Fine\nbad code,\n{factory.unique('OK')},Also fine\n"
    response = api.post("/api/v1/import/skills", content=text,
                        headers={"Content-Type": "text/csv"})
    fields = field_errors(assert_problem(response, 422, "INVALID_ARGUMENT"))
    assert set(fields) == {"rows[2].code", "rows[2].name"}, fields
    # A row that only fails against the database (a dangling reference) also rolls back all rows.
    wc_text = (f"code,name,calendar_id\n{factory.unique('WC')},A,\n"
               f"{factory.unique('WC')},B,999999\n")
    response = api.post("/api/v1/import/work-centers", content=wc_text,
                        headers={"Content-Type": "text/csv"})
    assert "rows[2].calendar_id" in field_errors(assert_problem(response, 422))
    unknown = api.post("/api/v1/import/skills", content="code,name,colour\nAB,x,red\n",
                       headers={"Content-Type": "text/csv"})
    assert "header" in field_errors(assert_problem(unknown, 422))
    assert db_checker.count("skills") == before
    assert db_checker.count("audit_log") == audit_before


def test_changes_are_audited_and_the_chain_verifies(api, factory, db_checker, takt_server):
    skill = create(api, "/api/v1/skills", factory.skill())
    api.patch(f"/api/v1/skills/{skill['id']}", json={"name": "Audited"},
              headers={"X-Request-ID": "md-audit-check-1"})
    with db_checker.connect() as c:
        rows = c.execute("SELECT action, actor_email, request_id, before_json, after_json "
                         "FROM audit_log WHERE entity_type = 'skill' AND entity_id = ? "
                         "ORDER BY sequence", (skill["id"],)).fetchall()
    assert [r["action"] for r in rows] == ["skill.create", "skill.update"]
    assert rows[1]["actor_email"].startswith("admin")
    assert rows[1]["request_id"] == "md-audit-check-1"
    assert '"Audited"' in rows[1]["after_json"] and '"Audited"' not in rows[1]["before_json"]
    verify = takt_server.cli("audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "valid" in verify.stdout


def test_migrate_is_idempotent_and_audit_verify_finds_tampering(fresh_server):
    import sqlite3

    server = fresh_server(start=False)
    first = server.cli("migrate")
    assert first.returncode == 0, first.stderr
    assert "applied 1 audit_log" in first.stdout
    again = server.cli("migrate")
    assert again.returncode == 0 and "schema is current" in again.stdout, again.stdout
    for i in range(3):
        created = server.create_user(f"audit{i}@e2e.takt.example", "viewer", "e2e-Passw0rd-x")
        assert created.returncode == 0, created.stderr
    intact = server.cli("audit", "verify")
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert intact.stdout.startswith("audit trail valid, ")

    with sqlite3.connect(server.db_path) as c:
        count = c.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        assert count >= 3
        # The database refuses to rewrite history...
        try:
            c.execute("UPDATE audit_log SET action = 'forged' WHERE sequence = 2")
            raise AssertionError("UPDATE on audit_log was allowed")
        except sqlite3.DatabaseError as error:
            assert "append-only" in str(error)
        # ...until a hostile administrator drops the guard.
        c.execute("DROP TRIGGER audit_log_no_update")
        c.execute("UPDATE audit_log SET after_json = '{}' WHERE sequence = 2")
    broken = server.cli("audit", "verify")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "INVALID at entry 2" in broken.stdout, broken.stdout


def test_idempotency_key_makes_a_create_retry_safe(api, factory, db_checker):
    body = factory.work_center(wip_limit=2)
    key = {"Idempotency-Key": factory.unique("IDEM")}
    first = api.post("/api/v1/work-centers", json=body, headers=key)
    assert first.status_code == 201, first.text
    retry = api.post("/api/v1/work-centers", json=body, headers=key)
    assert retry.status_code == 201, retry.text
    assert retry.json()["id"] == first.json()["id"]
    assert db_checker.count("work_centers", "code = ?", (body["code"],)) == 1
    other = api.post("/api/v1/work-centers", json=factory.work_center(), headers=key)
    assert_problem(other, 409, "CONFLICT")
