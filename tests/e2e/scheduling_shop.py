"""Shop-floor builders and plan checks shared by the scheduling end-to-end tests
(test_scheduling_workflow_e2e.py, test_error_recovery_workflow_e2e.py,
test_performance_integration_e2e.py). Everything goes through the public API.

ShopBuilder creates master data (skills, work centers, calendars, machines, operators) and
released jobs; the check_* functions verify a returned plan against the hard constraints a
planner can see from outside (one task at a time per machine and operator, route order, release
and horizon, downtime windows).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from helpers import TestDataFactory
from helpers.factory import rfc3339


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def now_minute() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)


class ShopBuilder:
    def __init__(self, client, factory: TestDataFactory | None = None):
        self.client = client
        self.factory = factory or TestDataFactory()

    def create(self, path: str, body: dict) -> dict:
        response = self.client.post(path, json=body)
        assert response.status_code == 201, (path, response.status_code, response.text)
        return response.json()

    def skill(self) -> dict:
        return self.create("/api/v1/skills", self.factory.skill())

    def work_center(self, wip_limit: int = 50, **extra) -> dict:
        return self.create("/api/v1/work-centers", self.factory.work_center(wip_limit=wip_limit, **extra))

    def calendar(self, shifts: list[tuple[str, str, str]] | None = None) -> dict:
        days = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
        shifts = shifts or [(d, "06:00", "22:00") for d in days]
        body = {"name": self.factory.unique("CAL"), "timezone": "UTC",
                "shifts": [{"weekday": d, "start": s, "end": e} for d, s, e in shifts]}
        return self.create("/api/v1/calendars", body)

    def machine(self, **extra) -> dict:
        return self.create("/api/v1/machines", self.factory.machine(**extra))

    def operator(self, **extra) -> dict:
        return self.create("/api/v1/operators", self.factory.operator(**extra))

    def release(self, job: dict) -> dict:
        for status in ("APPROVED", "RELEASED"):
            response = self.client.patch(f"/api/v1/jobs/{job['id']}/status",
                                         json={"status": status, "reason": "e2e"})
            assert response.status_code == 200, response.text
        response = self.client.get(f"/api/v1/jobs/{job['id']}")
        assert response.status_code == 200, response.text
        return response.json()

    def job(self, machines: list[dict], tasks: int = 3, release: bool = True,
            due_in_days: float = 5, priority: str = "NORMAL", quantity: int = 10,
            setup: int = 10, run_per_unit: float = 3.0, **extra) -> dict:
        """A job whose task i runs on machines[i % len(machines)] (one mode each)."""
        body = self.factory.job(0, quantity=quantity, priority=priority,
                                due_date=self.factory.in_days(due_in_days), **extra)
        body["tasks"] = [
            {"sequence": (i + 1) * 10, "name": f"Op {(i + 1) * 10}", "setup_minutes": setup,
             "run_minutes_per_unit": run_per_unit,
             "machine_id": machines[i % len(machines)]["id"]}
            for i in range(tasks)]
        job = self.create("/api/v1/jobs", body)
        return self.release(job) if release else job


def check_plan(schedule: dict, jobs: list[dict] | None = None,
               operators_setup_only: bool = False) -> None:
    """Machines and operators run one task at a time; each job's tasks follow their sequence;
    nothing starts before the horizon. With `operators_setup_only` operators are taken to attend
    the setup only (SETUP_ONLY requirements), otherwise the whole task."""
    horizon = parse_time(schedule["horizon_start"])
    by_machine: dict[str, list] = defaultdict(list)
    by_operator: dict[str, list] = defaultdict(list)
    for a in schedule["assignments"]:
        start, end = parse_time(a["setup_start"]), parse_time(a["end"])
        assert start <= parse_time(a["start"]) <= end, a
        by_machine[a["machine_id"]].append((start, end, a["task_id"]))
        attended_end = parse_time(a["start"]) if operators_setup_only else end
        for o in a["operator_ids"]:
            by_operator[o].append((start, attended_end, a["task_id"]))
    for resource in list(by_machine.values()) + list(by_operator.values()):
        resource.sort()
        for (s1, e1, t1), (s2, e2, t2) in zip(resource, resource[1:]):
            assert e1 <= s2, f"tasks {t1} and {t2} overlap on one resource"
    if jobs:
        placed = {a["task_id"]: a for a in schedule["assignments"]}
        for job in jobs:
            tasks = sorted(job["tasks"], key=lambda t: t["sequence"])
            for before, after in zip(tasks, tasks[1:]):
                if before["id"] in placed and after["id"] in placed:
                    if before["status"] in ("COMPLETED", "IN_PROGRESS"):
                        continue
                    assert parse_time(placed[before["id"]]["end"]) <= \
                        parse_time(placed[after["id"]]["setup_start"]), (before["id"], after["id"])
                    assert parse_time(placed[before["id"]]["setup_start"]) >= horizon
