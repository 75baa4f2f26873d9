"""Jobs API figures on a loaded plant: the demo plant plus 300 more jobs of 5 tasks each, then the
common reads and writes timed. Prints latency percentiles and the server's memory; never asserts
on timings (see helpers/performance.py). Run: /usr/bin/python3 -m pytest -s -m performance
tests/e2e/test_jobs_performance_e2e.py"""
from __future__ import annotations

import pytest

from helpers import PerformanceMonitor, TestDataFactory

pytestmark = [pytest.mark.performance, pytest.mark.slow]


def test_jobs_api_latency_on_a_loaded_plant(fresh_server):
    server = fresh_server(start=False)
    assert server.cli("demo", "load").returncode == 0
    server.start()
    assert server.create_user("admin@perf.e2e.example", "admin", "Perf-Passw0rd").returncode == 0
    client = server.client(server.login("admin@perf.e2e.example",
                                        "Perf-Passw0rd").json()["access_token"])
    perf = PerformanceMonitor(server.pid)
    factory = TestDataFactory()
    try:
        machines = [m["id"] for m in client.get("/api/v1/machines").json()["items"]]
        ids = []
        for i in range(300):
            body = factory.job(priority=("LOW", "NORMAL", "HIGH", "URGENT")[i % 4],
                               due_date=factory.in_days(i % 40 - 5))
            body["tasks"] = [{"sequence": 10 * (k + 1), "name": f"Op {k}",
                              "setup_minutes": 20, "run_minutes_per_unit": 1.5,
                              "modes": [{"machine_id": machines[(i + k) % len(machines)]},
                                        {"machine_id": machines[(i + k + 1) % len(machines)]}]}
                             for k in range(5)]
            with perf.measure("POST /jobs (5 tasks, 2 modes each)"):
                response = client.post("/api/v1/jobs", json=body)
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
        total = client.get("/api/v1/jobs", params={"limit": 1}).json()["total"]
        assert total == 330
        for _ in range(60):
            with perf.measure("GET /jobs?limit=50"):
                assert client.get("/api/v1/jobs", params={"limit": 50}).status_code == 200
            with perf.measure("GET /jobs?limit=200&include=tasks"):
                assert client.get("/api/v1/jobs", params={"limit": 200,
                                                          "include": "tasks"}).status_code == 200
            with perf.measure("GET /jobs?overdue=true&sort=-priority"):
                assert client.get("/api/v1/jobs", params={"overdue": "true",
                                                          "sort": "-priority"}).status_code == 200
            with perf.measure("GET /jobs?q=..."):
                assert client.get("/api/v1/jobs", params={"q": factory.prefix}).status_code == 200
        for job_id in ids[:100]:
            with perf.measure("GET /jobs/{id}"):
                assert client.get(f"/api/v1/jobs/{job_id}").status_code == 200
            with perf.measure("PATCH /jobs/{id}/status APPROVED"):
                assert client.patch(f"/api/v1/jobs/{job_id}/status",
                                    json={"status": "APPROVED", "reason": "quality review passed"}).status_code == 200
        print("\n" + perf.report())
    finally:
        client.close()
