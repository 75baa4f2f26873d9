"""Assertions for application/problem+json answers (api.md "Conventions")."""
from __future__ import annotations

import httpx

PROBLEM_MEMBERS = ("type", "title", "status", "detail", "code", "errors", "request_id")


def assert_problem(response: httpx.Response, status: int, code: str | None = None) -> dict:
    """Checks status, media type, every standard member and the echoed request id; returns the
    body. `code` is the expected problem code, e.g. "ROUTE_NOT_FOUND" or "INVALID_ARGUMENT"."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/problem+json"), \
        response.headers.get("content-type")
    body = response.json()
    for member in PROBLEM_MEMBERS:
        assert member in body, (member, body)
    assert body["status"] == status
    assert isinstance(body["errors"], list)
    assert body["request_id"] == response.headers["x-request-id"]
    if code is not None:
        assert body["code"] == code, body
    return body


def field_errors(body: dict) -> dict:
    """{field: message} of a problem body."""
    return {e["field"]: e["message"] for e in body["errors"]}
