"""Security integration against the real binary: the sign-in flow with rotating refresh tokens,
token validation and expiry (short configured TTL), logout surviving a restart, lockout and
unlock, password policy and hashing at rest, session revocation on password change, the security
audit trail, a role matrix of the identity routes, and concurrent security operations."""
from __future__ import annotations

import sqlite3
import threading
import time
import uuid

import httpx
import pytest

ADMIN = ("sec-admin@e2e.example", "Sec-admin-Passw0rd")


def make_admin(server) -> str:
    assert server.create_user(ADMIN[0], "admin", ADMIN[1]).returncode == 0
    r = server.login(*ADMIN)
    assert r.status_code == 200, r.text
    return r.json()["access_token"]


def new_user(api, role: str = "viewer", password: str = "Correct-horse-77") -> tuple[str, str]:
    email = f"sec-{uuid.uuid4().hex[:10]}@e2e.example"
    r = api.post("/api/v1/users", json={"email": email, "roles": [role], "password": password})
    assert r.status_code == 201, r.text
    return email, password


def login(base: str, email: str, password: str) -> httpx.Response:
    return httpx.post(base + "/api/v1/auth/login", json={"email": email, "password": password},
                      timeout=30)


def refresh(base: str, token: str) -> httpx.Response:
    return httpx.post(base + "/api/v1/auth/refresh", json={"refresh_token": token}, timeout=30)


def me(base: str, token: str) -> httpx.Response:
    return httpx.get(base + "/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"},
                     timeout=30)


def test_login_refresh_rotation_reuse_and_logout(takt_server, api):
    base = takt_server.base_url
    email, password = new_user(api)
    first = login(base, email, password)
    assert first.status_code == 200
    body = first.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 900
    assert body["refresh_expires_in"] == 7 * 24 * 3600
    assert first.headers["cache-control"] == "no-store"
    assert me(base, body["access_token"]).status_code == 200

    # Tokens are not interchangeable.
    assert me(base, body["refresh_token"]).status_code == 401
    assert refresh(base, body["access_token"]).status_code == 401

    second = refresh(base, body["refresh_token"])
    assert second.status_code == 200, second.text
    rotated = second.json()
    assert rotated["refresh_token"] != body["refresh_token"]
    assert me(base, rotated["access_token"]).status_code == 200

    # Reusing the spent refresh token ends the whole session (theft detection).
    reused = refresh(base, body["refresh_token"])
    assert reused.status_code == 401
    assert refresh(base, rotated["refresh_token"]).status_code == 401
    assert me(base, rotated["access_token"]).status_code == 401

    # Logout kills the access token at once and its refresh token with it.
    third = login(base, email, password).json()
    out = httpx.post(base + "/api/v1/auth/logout",
                     headers={"Authorization": f"Bearer {third['access_token']}"}, timeout=30)
    assert out.status_code == 204
    assert me(base, third["access_token"]).status_code == 401
    assert refresh(base, third["refresh_token"]).status_code == 401
    assert httpx.post(base + "/api/v1/auth/logout", timeout=30).status_code == 401

    bad = httpx.post(base + "/api/v1/auth/refresh", json={"refresh": "x"}, timeout=30)
    assert bad.status_code == 422


def test_short_ttl_expiry_and_revocation_survive_restart(fresh_server):
    server = fresh_server(env={"TAKT_ACCESS_TOKEN_TTL_S": "2", "TAKT_TOKEN_CLOCK_SKEW_S": "0"})
    admin = make_admin(server)
    base = server.base_url
    keep = login(base, *ADMIN).json()
    revoke = login(base, *ADMIN).json()
    assert httpx.post(base + "/api/v1/auth/logout",
                      headers={"Authorization": f"Bearer {revoke['access_token']}"},
                      timeout=30).status_code == 204
    assert me(base, admin).status_code == 200
    time.sleep(3.2)
    assert me(base, admin).status_code == 401  # expired after the configured 2 s
    renewed = refresh(base, keep["refresh_token"])
    assert renewed.status_code == 200
    assert renewed.json()["expires_in"] == 2

    server.stop()
    server.start()
    assert refresh(base, revoke["refresh_token"]).status_code == 401
    again = refresh(base, renewed.json()["refresh_token"])
    assert again.status_code == 200  # refresh state lives in the database


def test_lockout_same_answer_and_admin_unlock(fresh_server):
    server = fresh_server(env={"TAKT_LOGIN_LOCKOUT_THRESHOLD": "3", "TAKT_LOGIN_LOCKOUT_S": "600"})
    admin = server.client(make_admin(server))
    base = server.base_url
    email, password = new_user(admin)
    user_id = admin.get("/api/v1/users", params={"q": email}).json()["items"][0]["id"]
    for _ in range(3):
        assert login(base, email, "Not-the-password-1").status_code == 401
    locked = login(base, email, password)
    unknown = login(base, "nobody-here@e2e.example", password)
    assert locked.status_code == unknown.status_code == 401
    assert locked.json()["detail"] == unknown.json()["detail"]
    assert locked.json().get("code") == unknown.json().get("code")

    viewer = server.client(login(base, *new_user(admin)).json()["access_token"])
    assert viewer.post(f"/api/v1/users/{user_id}/unlock").status_code == 403
    r = admin.post(f"/api/v1/users/{user_id}/unlock")
    assert r.status_code == 200, r.text
    assert login(base, email, password).status_code == 200

    for _ in range(3):
        login(base, email, "Not-the-password-1")
    assert login(base, email, password).status_code == 401
    cli = server.cli("user", "unlock", "--email", email)
    assert cli.returncode == 0, cli.stderr
    assert login(base, email, password).status_code == 200
    assert server.cli("user", "unlock", "--email", "ghost@e2e.example").returncode != 0

    events = admin.get("/api/v1/audit/security", params={"action": "auth.lockout"}).json()
    assert [e["entity_id"] for e in events["items"]] == [str(user_id), str(user_id)]


@pytest.mark.parametrize("password,reason", [
    ("short-pass", "at least 12"),
    ("Password1234", "commonly used"),
    ("qwerty123456", "commonly used"),
    ("aaaaaaaaaaaaaaa", "repeated"),
])
def test_password_policy_on_create(api, password, reason):
    r = api.post("/api/v1/users", json={"email": f"pol-{uuid.uuid4().hex[:8]}@e2e.example",
                                        "roles": ["viewer"], "password": password})
    assert r.status_code == 422
    errors = {e["field"]: e["message"] for e in r.json()["errors"]}
    assert reason in errors["password"]


def test_password_policy_on_change_and_cli_reset(takt_server, api):
    base = takt_server.base_url
    email, password = new_user(api)
    token = login(base, email, password).json()["access_token"]
    r = httpx.patch(base + "/api/v1/users/me/password", headers={"Authorization": f"Bearer {token}"},
                    json={"current_password": password, "new_password": email}, timeout=30)
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"new_password"}
    weak = takt_server.cli("user", "reset-password", "--email", email, "--password-stdin",
                           stdin="password1234\n")
    assert weak.returncode == 2 and "commonly used" in weak.stderr
    ok = takt_server.cli("user", "reset-password", "--email", email, "--password-stdin",
                         stdin="Operator-reset-99\n")
    assert ok.returncode == 0, ok.stderr
    assert me(base, token).status_code == 401  # a reset ends every session
    assert login(base, email, "Operator-reset-99").status_code == 200


def test_password_change_revokes_other_sessions_only(takt_server, api):
    base = takt_server.base_url
    email, password = new_user(api)
    mine = login(base, email, password).json()
    other = login(base, email, password).json()
    r = httpx.patch(base + "/api/v1/users/me/password",
                    headers={"Authorization": f"Bearer {mine['access_token']}"},
                    json={"current_password": password, "new_password": "Brand-new-secret-5"},
                    timeout=30)
    assert r.status_code == 204, r.text
    assert me(base, mine["access_token"]).status_code == 200
    assert me(base, other["access_token"]).status_code == 401
    assert refresh(base, other["refresh_token"]).status_code == 401
    assert refresh(base, mine["refresh_token"]).status_code == 200


def test_no_plaintext_or_weak_hash_at_rest(takt_server, api):
    base = takt_server.base_url
    email, password = new_user(api, password="At-rest-secret-42")
    tokens = login(base, email, password).json()
    raw = takt_server.db_path.read_bytes()
    for suffix in ("-wal",):
        wal = takt_server.db_path.with_name(takt_server.db_path.name + suffix)
        if wal.exists():
            raw += wal.read_bytes()
    assert b"At-rest-secret-42" not in raw
    assert tokens["refresh_token"].encode() not in raw
    with sqlite3.connect(f"file:{takt_server.db_path}?mode=ro", uri=True) as db:
        hashes = [row[0] for row in db.execute("SELECT password_hash FROM users")]
        digests = [row[0] for row in db.execute("SELECT token_digest FROM refresh_tokens")]
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert digests and all(len(d) == 64 for d in digests)


def test_security_audit_records_and_filters(takt_server, api, client_for):
    base = takt_server.base_url
    email, password = new_user(api)
    assert login(base, email, "Wrong-password-000").status_code == 401
    user_token = login(base, email, password).json()["access_token"]
    denied = httpx.get(base + "/api/v1/users", headers={"Authorization": f"Bearer {user_token}"},
                       timeout=30)
    assert denied.status_code == 403
    user_id = str(me(base, user_token).json()["id"])

    page = api.get("/api/v1/audit/security", params={"user_id": user_id, "limit": 500}).json()
    actions = [e["action"] for e in page["items"]]
    assert "user.create" in actions and "auth.login_failed" in actions
    assert "auth.login" in actions and "auth.permission_denied" in actions
    refused = next(e for e in page["items"] if e["action"] == "auth.permission_denied")
    assert refused["details"]["permission"] == "users:read"
    assert refused["details"]["path"] == "/api/v1/users"
    text = str(page)
    assert password not in text and "Wrong-password-000" not in text and "$argon2id$" not in text

    # Paging: two at a time reaches the same events in the same order.
    seen, cursor = [], None
    while True:
        params = {"user_id": user_id, "limit": 2}
        if cursor is not None:
            params["cursor"] = cursor
        chunk = api.get("/api/v1/audit/security", params=params).json()
        seen += [e["sequence"] for e in chunk["items"]]
        cursor = chunk["next_cursor"]
        if cursor is None:
            break
    assert seen == [e["sequence"] for e in page["items"]]

    bad = api.get("/api/v1/audit/security", params={"limit": 0, "colour": "red", "from": "x"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"limit", "colour", "from"}
    assert client_for("viewer").get("/api/v1/audit/security").status_code == 403
    assert client_for("compliance_officer").get("/api/v1/audit/security").status_code == 200


ROLE_MATRIX = [
    # (method, path, body, roles allowed)
    ("GET", "/api/v1/users", None, {"admin", "compliance_officer"}),
    ("GET", "/api/v1/roles", None, {"admin", "compliance_officer", "production_manager"}),
    ("GET", "/api/v1/audit/security", None, {"admin", "compliance_officer", "production_manager"}),
    ("POST", "/api/v1/users/999999/unlock", None, {"admin"}),
]


@pytest.mark.parametrize("method,path,body,allowed", ROLE_MATRIX)
def test_identity_role_matrix(role_credentials, client_for, method, path, body, allowed):
    for role in role_credentials:
        r = client_for(role).request(method, path, json=body)
        if role in allowed:
            assert r.status_code != 403, (role, path, r.text)
        else:
            assert r.status_code == 403, (role, path, r.status_code)


def test_concurrent_refresh_of_one_token_succeeds_once(takt_server, api):
    base = takt_server.base_url
    email, password = new_user(api)
    token = login(base, email, password).json()["refresh_token"]
    results: list[int] = []
    lock = threading.Lock()

    def use():
        status = refresh(base, token).status_code
        with lock:
            results.append(status)

    threads = [threading.Thread(target=use) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200] + [401] * 5


def test_concurrent_logins_and_logouts_of_many_users(takt_server, api):
    base = takt_server.base_url
    users = [new_user(api) for _ in range(5)]
    outcomes: list[tuple[int, int]] = []
    lock = threading.Lock()

    def session(email, password):
        tokens = login(base, email, password).json()
        out = httpx.post(base + "/api/v1/auth/logout",
                         headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=30)
        after = me(base, tokens["access_token"]).status_code
        with lock:
            outcomes.append((out.status_code, after))

    threads = [threading.Thread(target=session, args=u) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == [(204, 401)] * 5


def test_rate_limits_per_ip_and_per_user(fresh_server):
    server = fresh_server(env={"TAKT_RATE_LIMIT_AUTH_PER_MIN": "4",
                               "TAKT_RATE_LIMIT_READ_PER_MIN": "5",
                               "TAKT_RATE_LIMIT_WRITE_PER_MIN": "1000"})
    assert server.create_user(ADMIN[0], "admin", ADMIN[1]).returncode == 0
    base = server.base_url
    statuses = [login(base, ADMIN[0], ADMIN[1] if i == 0 else "Wrong-password-123").status_code
                for i in range(6)]
    assert statuses[:4] == [200, 401, 401, 401]
    assert statuses[4:] == [429, 429]
    limited = login(base, *ADMIN)
    assert limited.status_code == 429
    assert limited.json()["code"] == "RATE_LIMITED"
    assert 1 <= int(limited.headers["retry-after"]) <= 15

    # Reads: a signed-in user gets 5 per minute here, then 429; writes have their own bucket.
    readers = fresh_server(env={"TAKT_RATE_LIMIT_READ_PER_MIN": "5"})
    assert readers.create_user(ADMIN[0], "admin", ADMIN[1]).returncode == 0
    client = readers.client(readers.login(*ADMIN).json()["access_token"])
    reads = [client.get("/api/v1/auth/me").status_code for _ in range(7)]
    assert reads[:5] == [200] * 5 and reads[5:] == [429, 429]
    assert client.patch("/api/v1/users/me/password",
                        json={"current_password": "x", "new_password": "y"}).status_code == 422


def test_security_headers_and_cors_allow_list(fresh_server, anon):
    r = anon.get("/api/v1/jobs")
    assert r.status_code == 401
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-content-type-options"] == "nosniff"

    server = fresh_server(env={"TAKT_CORS_ALLOWED_ORIGINS": "https://plan.e2e.example"})
    base = server.base_url
    ok = httpx.options(base + "/api/v1/jobs", headers={
        "Origin": "https://plan.e2e.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"}, timeout=10)
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == "https://plan.e2e.example"
    assert "POST" in ok.headers["access-control-allow-methods"]
    assert "Authorization" in ok.headers["access-control-allow-headers"]
    hostile = httpx.options(base + "/api/v1/jobs", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}, timeout=10)
    assert hostile.status_code == 403
    assert "access-control-allow-origin" not in hostile.headers
    simple = httpx.get(base + "/health/live", headers={"Origin": "https://plan.e2e.example"},
                       timeout=10)
    assert simple.headers["access-control-allow-origin"] == "https://plan.e2e.example"
    assert "access-control-allow-origin" not in httpx.get(
        base + "/health/live", headers={"Origin": "https://evil.example"}, timeout=10).headers

    refused = fresh_server(env={"TAKT_CORS_ALLOWED_ORIGINS": "*"}, start=False)
    with pytest.raises(RuntimeError):
        refused.start(timeout=10)
    assert "cors_allowed_origins" in refused.log_text()


def test_deeply_nested_json_is_refused(api):
    body = '{"email":' + "[" * 200 + "]" * 200 + "}"
    r = api.post("/api/v1/users", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code in (400, 422)
    assert "body" in r.text


def test_signing_key_rotation_with_a_grace_key(fresh_server):
    old_key, new_key = "o" * 40, "n" * 40
    server = fresh_server(env={"TAKT_TOKEN_KEY": old_key})
    old_token = make_admin(server)
    server.stop()
    server.env.update({"TAKT_TOKEN_KEY": new_key, "TAKT_TOKEN_GRACE_KEY": old_key})
    server.start()
    assert me(server.base_url, old_token).status_code == 200  # old tokens verify in the grace
    new_token = login(server.base_url, *ADMIN).json()["access_token"]
    server.stop()
    server.env.pop("TAKT_TOKEN_GRACE_KEY")
    server.start()
    assert me(server.base_url, old_token).status_code == 401  # grace over
    assert me(server.base_url, new_token).status_code == 200


def totp(secret_base32: str, at: float | None = None) -> str:
    """RFC 6238 TOTP (SHA-1, 30 s, 6 digits), as an authenticator app computes it."""
    import base64
    import hashlib
    import hmac
    import struct
    key = base64.b32decode(secret_base32 + "=" * (-len(secret_base32) % 8))
    counter = int((time.time() if at is None else at) // 30)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def test_totp_second_factor_with_recovery_codes(takt_server, api):
    base = takt_server.base_url
    email, password = new_user(api)
    client = takt_server.client(login(base, email, password).json()["access_token"])
    assert client.get("/api/v1/auth/second-factor").json() == {"enabled": False}
    enrolment = client.post("/api/v1/auth/second-factor").json()
    assert enrolment["otpauth_uri"].startswith("otpauth://totp/Takt:")
    assert client.post("/api/v1/auth/second-factor/confirm",
                       json={"code": "12345"}).status_code == 422
    confirmed = client.post("/api/v1/auth/second-factor/confirm",
                            json={"code": totp(enrolment["secret"])})
    assert confirmed.status_code == 200, confirmed.text
    recovery = confirmed.json()["recovery_codes"]
    assert len(recovery) == 10 and len(set(recovery)) == 10

    missing = login(base, email, password)
    assert missing.status_code == 401 and "second factor" in missing.json()["detail"]
    wrong = httpx.post(base + "/api/v1/auth/login", json={
        "email": email, "password": password, "totp_code": "000000"}, timeout=30)
    assert wrong.status_code == 401 and "invalid email or password" in wrong.text
    by_recovery = httpx.post(base + "/api/v1/auth/login", json={
        "email": email, "password": password, "totp_code": recovery[0]}, timeout=30)
    assert by_recovery.status_code == 200, by_recovery.text
    again = httpx.post(base + "/api/v1/auth/login", json={
        "email": email, "password": password, "totp_code": recovery[0]}, timeout=30)
    assert again.status_code == 401  # single use
    # A code from the next time step (inside the ±1 window) signs in once; its replay fails.
    code = totp(enrolment["secret"], time.time() + 30)
    fresh = httpx.post(base + "/api/v1/auth/login", json={
        "email": email, "password": password, "totp_code": code}, timeout=30)
    assert fresh.status_code == 200, fresh.text
    replay = httpx.post(base + "/api/v1/auth/login", json={
        "email": email, "password": password, "totp_code": code}, timeout=30)
    assert replay.status_code == 401

    with sqlite3.connect(f"file:{takt_server.db_path}?mode=ro", uri=True) as db:
        stored = [row[0] for row in db.execute("SELECT code_digest FROM recovery_codes")]
    assert stored and not any(c.replace("-", "") in stored for c in recovery)

    assert client.post("/api/v1/auth/second-factor/disable",
                       json={"password": "Not-my-password-1"}).status_code == 422
    assert client.post("/api/v1/auth/second-factor/disable",
                       json={"password": password}).status_code == 204
    assert login(base, email, password).status_code == 200
