"""Numbers in API responses read as plain decimals (no Boost.JSON scientific notation such as
1E2 or 2.5E0): fractional minutes and percentages come back as written."""
from __future__ import annotations

import re

# An unquoted JSON number with an exponent (ids and names in quotes cannot match).
SCIENTIFIC = re.compile(r"[:\[,]-?[0-9.]+[eE][+-]?[0-9]+[,}\]]")


def test_fractions_and_percentages_are_plain_decimals(api, factory):
    wc = api.post("/api/v1/work-centers", json=factory.work_center()).json()
    body = factory.job()
    body["tasks"] = [{"sequence": 10, "name": "Mill", "operation_code": "MILL",
                      "setup_minutes": 30, "run_minutes_per_unit": 2.5,
                      "modes": [{"work_center_id": wc["id"], "setup_minutes": 40,
                                 "run_minutes": 1.25}]}]
    created = api.post("/api/v1/jobs", json=body)
    assert created.status_code == 201, created.text
    job_id = created.json()["id"]
    one = api.get(f"/api/v1/jobs/{job_id}")
    assert one.status_code == 200
    assert not SCIENTIFIC.search(one.text), one.text
    assert '"run_minutes_per_unit":2.5' in one.text
    assert '"run_minutes":1.25' in one.text
    assert one.json()["progress_percent"] == 0
    listed = api.get("/api/v1/jobs", params={"limit": 50})
    assert listed.status_code == 200
    assert not SCIENTIFIC.search(listed.text), listed.text[:500]
