"""End-to-end tests of identity: the real `takt` binary, a temporary database, users created with
`takt user create`, and HTTP calls to a server on a free port.

Run: /usr/bin/python3 -m pytest tests/e2e/test_auth_e2e.py
"""
import base64
import json
import os
import socket
import sqlite3
import stat
import subprocess
import time
from pathlib import Path

import httpx
import jwt
import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = os.environ.get("TAKT_BINARY", str(ROOT / "build" / "release" / "src" / "takt"))

PASSWORDS = {
    "admin@takt.example": ("admin", "admin-secret-pass"),
    "viewer@takt.example": ("viewer", "viewer-secret-pass"),
    "planner@takt.example": ("production_planner", "planner-secret-pass"),
}


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Deployment:
    def __init__(self, tmp: Path):
        self.dir = tmp
        self.db_path = tmp / "takt.db"
        self.key_path = tmp / "token.key"
        self.port = _free_port()
        self.env = dict(os.environ)
        self.env.update({
            "TAKT_DATABASE_URL": f"sqlite://{self.db_path}",
            "TAKT_TOKEN_KEY_FILE": str(self.key_path),
            "TAKT_PORT": str(self.port),
            "TAKT_HOST": "127.0.0.1",
            "TAKT_PASSWORD_OPSLIMIT": "1",
            "TAKT_PASSWORD_MEMLIMIT_KIB": "8",
            "TAKT_ACCESS_LOG": "false",
            # These tests sign in far more often than a person would; rate limits have their own
            # tests in test_security_integration_e2e.py.
            "TAKT_RATE_LIMIT_AUTH_PER_MIN": "0",
            "TAKT_RATE_LIMIT_READ_PER_MIN": "0",
            "TAKT_RATE_LIMIT_WRITE_PER_MIN": "0",
        })
        self.env.pop("TAKT_TOKEN_KEY", None)
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def cli(self, *args, stdin=None):
        return subprocess.run([BINARY, *args], input=stdin, capture_output=True, text=True,
                              env=self.env, timeout=60)

    def create_user(self, email, role, password, *extra):
        return self.cli("user", "create", "--email", email, "--role", role, "--password-stdin",
                        *extra, stdin=password + "\n")

    def start(self):
        self.process = subprocess.Popen([BINARY, "serve"], env=self.env, cwd=self.dir,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("takt serve exited: " + self.process.stderr.read().decode())
            try:
                if httpx.get(self.base + "/health/live", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("takt serve did not become live")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def login(self, email, password):
        return httpx.post(self.base + "/api/v1/auth/login",
                          json={"email": email, "password": password}, timeout=10)

    def token(self, email):
        r = self.login(email, PASSWORDS[email][1])
        assert r.status_code == 200, r.text
        return r.json()["access_token"]

    def get(self, path, token=None, headers=None):
        h = dict(headers or {})
        if token is not None:
            h["Authorization"] = f"Bearer {token}"
        return httpx.get(self.base + path, headers=h, timeout=10)

    def signing_key(self):
        return bytes.fromhex(self.key_path.read_text().strip())


@pytest.fixture(scope="module")
def takt(tmp_path_factory):
    if not Path(BINARY).exists():
        pytest.fail(f"takt binary not found at {BINARY}; build it with scripts/build takt")
    d = Deployment(tmp_path_factory.mktemp("auth"))
    for email, (role, password) in PASSWORDS.items():
        r = d.create_user(email, role, password)
        assert r.returncode == 0, r.stderr
    d.start()
    yield d
    d.stop()


def _claims(token):
    return jwt.decode(token, options={"verify_signature": False})


def _forge(d, claims_overrides=None, key=None, algorithm="HS256", drop=()):
    now = int(time.time())
    claims = {"iss": "takt", "aud": "takt", "sub": "1", "email": "admin@takt.example",
              "roles": ["admin"], "iat": now, "exp": now + 600, "jti": "forged"}
    admin_id = d.login("admin@takt.example", PASSWORDS["admin@takt.example"][1]).json()["user"]["id"]
    claims["sub"] = admin_id
    claims.update(claims_overrides or {})
    for k in drop:
        claims.pop(k, None)
    return jwt.encode(claims, key if key is not None else d.signing_key(), algorithm=algorithm)


def test_login_returns_bearer_token_and_user(takt):
    r = takt.login("  Planner@Takt.Example ", PASSWORDS["planner@takt.example"][1])
    assert r.status_code == 200, r.text
    assert r.headers.get("cache-control") == "no-store"
    body = r.json()
    assert body["token_type"] == "Bearer"
    assert isinstance(body["expires_in"], int) and body["expires_in"] > 0
    user = body["user"]
    assert user["email"] == "planner@takt.example"
    assert user["role"] == "production_planner"
    assert user["roles"] == ["production_planner"]
    assert user["active"] is True
    assert "password" not in json.dumps(body).lower()
    header = jwt.get_unverified_header(body["access_token"])
    assert header["alg"] == "HS256"
    claims = _claims(body["access_token"])
    assert claims["iss"] == "takt" and claims["aud"] == "takt"
    assert claims["sub"] == user["id"]
    assert claims["exp"] - claims["iat"] == body["expires_in"]
    assert claims["jti"]
    # The token verifies with the key the server keeps in its owner-only key file.
    jwt.decode(body["access_token"], takt.signing_key(), algorithms=["HS256"], audience="takt",
               issuer="takt")


def test_key_file_is_owner_only(takt):
    mode = stat.S_IMODE(takt.key_path.stat().st_mode)
    assert mode == 0o600


def test_failed_logins_do_not_reveal_whether_the_email_exists(takt):
    wrong_password = takt.login("planner@takt.example", "not-the-password")
    unknown_email = takt.login("nobody@takt.example", PASSWORDS["planner@takt.example"][1])
    assert wrong_password.status_code == unknown_email.status_code == 401
    a, b = wrong_password.json(), unknown_email.json()
    a.pop("request_id", None)
    b.pop("request_id", None)
    assert a == b
    assert "invalid email or password" in json.dumps(a)


def test_login_body_is_validated_strictly(takt):
    r = httpx.post(takt.base + "/api/v1/auth/login", json={"email": "a@b.co"}, timeout=10)
    assert r.status_code == 422
    assert any(e["field"] == "password" for e in r.json()["errors"])
    r = httpx.post(takt.base + "/api/v1/auth/login",
                   json={"email": "a@b.co", "password": "x", "remember": True}, timeout=10)
    assert r.status_code == 422
    assert any(e["field"] == "remember" for e in r.json()["errors"])
    r = httpx.post(takt.base + "/api/v1/auth/login", content=b"{not json", timeout=10,
                   headers={"Content-Type": "application/json"})
    assert r.status_code in (400, 422)


def test_me_returns_the_caller_with_permissions(takt):
    r = takt.get("/api/v1/auth/me", takt.token("viewer@takt.example"))
    assert r.status_code == 200, r.text
    me = r.json()
    assert me["email"] == "viewer@takt.example"
    assert me["role"] == "viewer"
    assert "jobs:read" in me["permissions"]
    assert "jobs:create" not in me["permissions"]
    admin = takt.get("/api/v1/auth/me", takt.token("admin@takt.example")).json()
    assert "users:manage" in admin["permissions"]


def test_missing_or_bad_token_is_401(takt):
    r = takt.get("/api/v1/auth/me")
    assert r.status_code == 401
    assert r.headers.get("www-authenticate", "").lower().startswith("bearer")
    assert r.headers["content-type"].startswith("application/problem+json")
    for bad in ["garbage", "a.b.c", takt.token("viewer@takt.example") + "x"]:
        assert takt.get("/api/v1/auth/me", bad).status_code == 401, bad


def test_forged_tokens_are_401(takt):
    # Guard: a token signed with the server's real key and proper claims is accepted...
    assert takt.get("/api/v1/auth/me", _forge(takt)).status_code == 200
    now = int(time.time())
    forged = {
        "wrong key": _forge(takt, key=b"k" * 32),
        "expired": _forge(takt, {"iat": now - 7200, "exp": now - 3600}),
        "wrong audience": _forge(takt, {"aud": "someone-else"}),
        "wrong issuer": _forge(takt, {"iss": "evil"}),
        "no expiry": _forge(takt, drop=("exp",)),
        "HS512": _forge(takt, algorithm="HS512"),
    }
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    payload = _forge(takt).split(".")[1]
    forged["alg none"] = f"{header}.{payload}."
    for name, token in forged.items():
        assert takt.get("/api/v1/auth/me", token).status_code == 401, name


def test_missing_permission_is_403(takt):
    viewer = takt.token("viewer@takt.example")
    r = takt.get("/api/v1/roles", viewer)
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("application/problem+json")
    r = httpx.post(takt.base + "/api/v1/users", headers={"Authorization": f"Bearer {viewer}"},
                   json={"email": "x@takt.example", "roles": ["viewer"], "password": "long-enough"},
                   timeout=10)
    assert r.status_code == 403
    planner = takt.token("planner@takt.example")
    assert takt.get("/api/v1/users", planner).status_code == 403


def test_admin_lists_roles_with_permissions(takt):
    r = takt.get("/api/v1/roles", takt.token("admin@takt.example"))
    assert r.status_code == 200, r.text
    roles = {role["name"]: role for role in r.json()["items"]}
    assert set(roles) == {"admin", "production_manager", "production_planner", "floor_supervisor",
                          "machine_operator", "quality_inspector", "maintenance_technician",
                          "customer_service", "compliance_officer", "viewer"}
    assert roles["admin"]["permissions"] == ["*"]
    assert "schedules:publish" in roles["production_manager"]["permissions"]
    assert "schedules:publish" not in roles["production_planner"]["permissions"]


def test_admin_creates_a_user_over_http(takt):
    admin = takt.token("admin@takt.example")
    r = httpx.post(takt.base + "/api/v1/users", headers={"Authorization": f"Bearer {admin}"},
                   json={"email": "Ops@Takt.Example", "display_name": "Ops", "roles": ["floor_supervisor"],
                         "password": "ops-secret-pass"}, timeout=10)
    assert r.status_code == 201, r.text
    assert r.json()["email"] == "ops@takt.example"
    assert takt.login("ops@takt.example", "ops-secret-pass").status_code == 200
    bad = httpx.post(takt.base + "/api/v1/users", headers={"Authorization": f"Bearer {admin}"},
                     json={"email": "nope", "roles": ["wizard"], "password": "short"}, timeout=10)
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"email", "password"} <= fields
    users = takt.get("/api/v1/users", admin).json()
    assert "ops@takt.example" in [u["email"] for u in users["items"]]


def test_deactivated_and_deleted_users_lose_access_at_once(takt):
    assert takt.create_user("temp@takt.example", "viewer", "temp-secret-pass").returncode == 0
    r = takt.login("temp@takt.example", "temp-secret-pass")
    assert r.status_code == 200
    token = r.json()["access_token"]
    assert takt.get("/api/v1/auth/me", token).status_code == 200

    assert takt.cli("user", "deactivate", "--email", "temp@takt.example").returncode == 0
    assert takt.get("/api/v1/auth/me", token).status_code == 401
    denied = takt.login("temp@takt.example", "temp-secret-pass")
    assert denied.status_code == 401
    assert "invalid email or password" in denied.text

    assert takt.cli("user", "activate", "--email", "temp@takt.example").returncode == 0
    assert takt.get("/api/v1/auth/me", token).status_code == 200

    assert takt.cli("user", "delete", "--email", "temp@takt.example").returncode == 0
    assert takt.get("/api/v1/auth/me", token).status_code == 401


def test_database_holds_argon2id_hashes_and_no_plaintext(takt):
    with sqlite3.connect(f"file:{takt.db_path}?mode=ro", uri=True) as db:
        hashes = [row[0] for row in db.execute("SELECT password_hash FROM users")]
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    raw = b""
    for suffix in ("", "-wal"):
        p = Path(str(takt.db_path) + suffix)
        if p.exists():
            raw += p.read_bytes()
    for _, password in PASSWORDS.values():
        assert password.encode() not in raw
    assert b"ops-secret-pass" not in raw


def test_cli_rejects_bad_input_with_clear_errors(takt):
    r = takt.create_user("not-an-email", "wizard", "long-enough-pass")
    assert r.returncode == 2
    assert "email" in r.stderr
    r = takt.create_user("new@takt.example", "wizard", "long-enough-pass")
    assert r.returncode == 2
    assert "unknown role 'wizard'" in r.stderr
    r = takt.create_user("new@takt.example", "viewer", "short")
    assert r.returncode == 2
    assert "password" in r.stderr
    r = takt.create_user("viewer@takt.example", "viewer", "long-enough-pass")
    assert r.returncode == 1
    assert "email" in r.stderr
    # Without --password-stdin and without a terminal there is no password, hence no user.
    r = takt.cli("user", "create", "--email", "new@takt.example", "--role", "viewer", stdin="")
    assert r.returncode == 2
    assert "--password-stdin" in r.stderr
    listing = takt.cli("user", "list")
    assert listing.returncode == 0
    assert "new@takt.example" not in listing.stdout
    assert "viewer@takt.example" in listing.stdout


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def test_admin_changes_roles_and_the_change_applies_to_live_tokens(takt):
    admin = takt.token("admin@takt.example")
    created = httpx.post(takt.base + "/api/v1/users", headers=_auth(admin), timeout=10,
                         json={"email": "shift@takt.example", "roles": ["viewer"],
                               "password": "shift-secret-pass"})
    assert created.status_code == 201, created.text
    user = created.json()
    assert created.headers["etag"] == f'"{user["version"]}"'
    token = takt.login("shift@takt.example", "shift-secret-pass").json()["access_token"]
    assert takt.get("/api/v1/users", token).status_code == 403

    stale = httpx.patch(f"{takt.base}/api/v1/users/{user['id']}", timeout=10,
                        headers={**_auth(admin), "If-Match": '"99"'},
                        json={"roles": ["compliance_officer"]})
    assert stale.status_code == 409
    r = httpx.patch(f"{takt.base}/api/v1/users/{user['id']}", timeout=10,
                    headers={**_auth(admin), "If-Match": f'"{user["version"]}"'},
                    json={"roles": ["compliance_officer"], "display_name": "Shift Lead"})
    assert r.status_code == 200, r.text
    assert r.json()["role"] == "compliance_officer"
    assert r.json()["display_name"] == "Shift Lead"
    # The same token now carries the new role's permissions.
    assert takt.get("/api/v1/users", token).status_code == 200

    bad = httpx.patch(f"{takt.base}/api/v1/users/{user['id']}", headers=_auth(admin), timeout=10,
                      json={"roles": [], "colour": "red"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {"colour"}

    gone = httpx.delete(f"{takt.base}/api/v1/users/{user['id']}", headers=_auth(admin), timeout=10)
    assert gone.status_code == 204
    assert takt.get("/api/v1/auth/me", token).status_code == 401
    assert takt.get(f"/api/v1/users/{user['id']}", admin).status_code == 404


def test_admin_cannot_delete_or_deactivate_themselves(takt):
    admin = takt.token("admin@takt.example")
    me = takt.get("/api/v1/auth/me", admin).json()
    r = httpx.delete(f"{takt.base}/api/v1/users/{me['id']}", headers=_auth(admin), timeout=10)
    assert r.status_code == 409
    r = httpx.patch(f"{takt.base}/api/v1/users/{me['id']}", headers=_auth(admin), timeout=10,
                    json={"active": False})
    assert r.status_code == 422
    assert takt.get("/api/v1/auth/me", admin).status_code == 200


def test_roles_are_data_an_admin_can_extend(takt):
    admin = takt.token("admin@takt.example")
    r = httpx.post(takt.base + "/api/v1/roles", headers=_auth(admin), timeout=10,
                   json={"name": "night_lead", "description": "Night shift lead",
                         "permissions": ["jobs:read", "users:read"]})
    assert r.status_code == 201, r.text
    bad = httpx.post(takt.base + "/api/v1/roles", headers=_auth(admin), timeout=10,
                     json={"name": "Bad Name", "permissions": ["jobs:fly"]})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"name", "permissions[0]"}
    assert takt.create_user("night@takt.example", "night_lead", "night-secret-pass").returncode == 0
    token = takt.login("night@takt.example", "night-secret-pass").json()["access_token"]
    assert takt.get("/api/v1/users", token).status_code == 200
    r = httpx.patch(takt.base + "/api/v1/roles/night_lead", headers=_auth(admin), timeout=10,
                    json={"permissions": ["jobs:read"]})
    assert r.status_code == 200
    assert takt.get("/api/v1/users", token).status_code == 403
    assert httpx.patch(takt.base + "/api/v1/roles/admin", headers=_auth(admin), timeout=10,
                       json={"permissions": []}).status_code == 409
    assert httpx.delete(takt.base + "/api/v1/roles/viewer", headers=_auth(admin),
                        timeout=10).status_code == 409
    assert httpx.delete(takt.base + "/api/v1/roles/night_lead", headers=_auth(admin),
                        timeout=10).status_code == 409  # still held
    assert takt.cli("user", "delete", "--email", "night@takt.example").returncode == 0
    assert httpx.delete(takt.base + "/api/v1/roles/night_lead", headers=_auth(admin),
                        timeout=10).status_code == 204


def test_users_change_their_own_password(takt):
    assert takt.create_user("pw@takt.example", "viewer", "first-secret-pass").returncode == 0
    token = takt.login("pw@takt.example", "first-secret-pass").json()["access_token"]
    url = takt.base + "/api/v1/users/me/password"
    wrong = httpx.patch(url, headers=_auth(token), timeout=10,
                        json={"current_password": "not-it", "new_password": "x"})
    assert wrong.status_code == 422
    assert {e["field"] for e in wrong.json()["errors"]} == {"current_password", "new_password"}
    assert httpx.patch(url, timeout=10, json={"current_password": "a",
                                              "new_password": "b"}).status_code == 401
    ok = httpx.patch(url, headers=_auth(token), timeout=10,
                     json={"current_password": "first-secret-pass",
                           "new_password": "second-secret-pass"})
    assert ok.status_code == 204, ok.text
    assert takt.login("pw@takt.example", "first-secret-pass").status_code == 401
    assert takt.login("pw@takt.example", "second-secret-pass").status_code == 200


def test_operator_resets_a_forgotten_password_on_the_host(takt):
    assert takt.create_user("forgot@takt.example", "viewer", "forgotten-pass-1").returncode == 0
    r = takt.cli("user", "set-password", "--email", "forgot@takt.example", "--password-stdin",
                 stdin="remembered-pass-2\n")
    assert r.returncode == 0, r.stderr
    assert takt.login("forgot@takt.example", "forgotten-pass-1").status_code == 401
    assert takt.login("forgot@takt.example", "remembered-pass-2").status_code == 200
    r = takt.cli("user", "set-password", "--email", "ghost@takt.example", "--password-stdin",
                 stdin="remembered-pass-2\n")
    assert r.returncode == 1
    assert "ghost@takt.example" in r.stderr


def test_cli_prompts_for_the_password_without_echo_on_a_terminal(takt):
    import pty
    import select
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([BINARY, "user", "create", "--email", "tty@takt.example",
                                 "--role", "viewer"], stdin=slave, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=takt.env, close_fds=True)
        os.close(slave)
        slave = None
        echoed = b""
        err_seen = b""
        for prompt in (b"Password: ", b"Repeat password: "):
            # Type only once the prompt is shown (echo is already off by then).
            deadline = time.monotonic() + 20
            while prompt not in err_seen and time.monotonic() < deadline:
                if select.select([proc.stderr], [], [], 0.2)[0]:
                    err_seen += os.read(proc.stderr.fileno(), 4096)
            assert prompt in err_seen, err_seen
            err_seen = err_seen.split(prompt, 1)[1]
            os.write(master, b"tty-secret-pass\n")
        out, err = proc.communicate(timeout=30)
        while select.select([master], [], [], 0.2)[0]:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            echoed += chunk
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)
    assert proc.returncode == 0, err
    assert b"tty-secret-pass" not in echoed  # the terminal did not echo it
    assert takt.login("tty@takt.example", "tty-secret-pass").status_code == 200


def test_user_list_filters_sorts_and_pages(takt):
    admin = takt.token("admin@takt.example")
    everyone = takt.get("/api/v1/users?limit=1000", admin).json()
    assert everyone["total"] == len(everyone["items"])
    emails = [u["email"] for u in everyone["items"]]
    assert emails == sorted(emails)

    first = takt.get("/api/v1/users?limit=2&sort=-email", admin).json()
    assert [u["email"] for u in first["items"]] == sorted(emails, reverse=True)[:2]
    assert first["next_cursor"] == "2"
    second = takt.get(f"/api/v1/users?limit=2&sort=-email&cursor={first['next_cursor']}",
                      admin).json()
    assert [u["email"] for u in second["items"]] == sorted(emails, reverse=True)[2:4]

    viewers = takt.get("/api/v1/users?role=viewer&q=VIEWER@", admin).json()
    assert [u["email"] for u in viewers["items"]] == ["viewer@takt.example"]
    assert viewers["next_cursor"] is None

    bad = takt.get("/api/v1/users?limit=0&active=maybe&sort=password_hash&colour=red", admin)
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"limit", "active", "sort", "colour"}
