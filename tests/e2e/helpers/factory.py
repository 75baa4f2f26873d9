"""TestDataFactory: request bodies with unique business keys, so tests never collide with each other
or with earlier runs against the same database. Builders return plain dicts (override any field
with keyword arguments); `create_*` helpers POST them and return the created resource.

Shapes follow the API (src/api/handlers/*_dto.hpp and the served OpenAPI document): ids travel as
strings, timestamps as RFC 3339 UTC, durations in minutes.
"""
from __future__ import annotations

import datetime as dt
import itertools
import uuid


def rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class TestDataFactory:
    __test__ = False  # not a pytest test class

    def __init__(self, prefix: str | None = None):
        # Upper-case letters and digits fit every code rule ([A-Z0-9_-]).
        self.prefix = (prefix or uuid.uuid4().hex[:6]).upper()
        self._counter = itertools.count(1)

    def unique(self, kind: str) -> str:
        return f"{kind}-{self.prefix}-{next(self._counter):05d}"

    @staticmethod
    def in_days(days: float) -> str:
        return rfc3339(dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days))

    # --- master data -------------------------------------------------------------------------
    def skill(self, **overrides) -> dict:
        code = self.unique("SK")
        body = {"code": code, "name": f"Skill {code}"}
        body.update(overrides)
        return body

    def work_center(self, **overrides) -> dict:
        code = self.unique("WC")
        body = {"code": code, "name": f"Work center {code}"}
        body.update(overrides)
        return body

    def machine(self, **overrides) -> dict:
        code = self.unique("M")
        body = {"code": code, "name": f"Machine {code}"}
        body.update(overrides)
        return body

    def operator(self, **overrides) -> dict:
        code = self.unique("OP")
        body = {"employee_id": code, "name": f"Operator {code}"}
        body.update(overrides)
        return body

    # --- jobs and tasks ----------------------------------------------------------------------
    def task(self, sequence: int, **overrides) -> dict:
        body = {"sequence": sequence, "name": f"Operation {sequence * 10}",
                "setup_minutes": 15, "run_minutes_per_unit": 2.5}
        body.update(overrides)
        return body

    def job(self, tasks: int = 0, **overrides) -> dict:
        body = {
            "job_number": self.unique("J"),
            "customer_name": "ACME Tooling",
            "part_number": "PN-100",
            "quantity": 10,
            "due_date": self.in_days(14),
            "priority": "NORMAL",
        }
        if tasks:
            body["tasks"] = [self.task(i + 1) for i in range(tasks)]
        body.update(overrides)
        return body

    def create_job(self, client, tasks: int = 0, **overrides) -> dict:
        response = client.post("/api/v1/jobs", json=self.job(tasks, **overrides))
        assert response.status_code == 201, response.text
        return response.json()

    def create(self, client, path: str, body: dict) -> dict:
        response = client.post(path, json=body)
        assert response.status_code == 201, (path, response.status_code, response.text)
        return response.json()
