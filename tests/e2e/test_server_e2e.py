"""End-to-end tests of the HTTP platform of `takt serve`: health, metrics, request ids, problem+json
for protocol errors, keep-alive, robustness against malformed HTTP, graceful shutdown, the OpenAPI
document against the live router, and configuration errors at start-up."""
from __future__ import annotations

import re
import signal
import socket
import subprocess
import threading
import time
import uuid

import httpx
import psutil
import pytest

from helpers import assert_problem
from helpers.server import clean_environment, free_port

HEX32 = re.compile(r"^[0-9a-f]{32}$")


def raw_exchange(port: int, payload: bytes, timeout: float = 5.0) -> bytes:
    """Sends raw bytes and returns everything the server answers until it closes or goes quiet."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(payload)
        chunks = []
        try:
            while True:
                data = s.recv(65536)
                if not data:
                    break
                chunks.append(data)
        except socket.timeout:
            pass
        return b"".join(chunks)


# --- health and metrics ------------------------------------------------------------------------

def test_health_live_and_ready(anon):
    live = anon.get("/health/live")
    assert live.status_code == 200
    assert live.json() == {"status": "ok"}
    ready = anon.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["database"] == "ok"


def test_system_health_requires_auth_and_reports_components(anon, api):
    assert_problem(anon.get("/api/v1/system/health"), 401, "UNAUTHENTICATED")
    body = api.get("/api/v1/system/health").json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["scheduling_service"]
    assert re.match(r"^\d+\.\d+\.\d+", body["version"])
    assert body["uptime_s"] > 0


def test_metrics_count_requests_by_route_pattern_and_status(anon, api):
    for _ in range(3):
        anon.get("/health/live")
    api.get("/api/v1/jobs/987654321")  # a parameterised route; must be labelled by its pattern
    anon.get("/no/such/path")
    response = anon.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert re.search(r'^takt_build_info\{version="\d+\.\d+\.\d+"\} 1$', text, re.M)
    live = re.search(r'^takt_http_requests_total\{method="GET",route="/health/live",status="200"\} '
                     r'(\d+)$', text, re.M)
    assert live and int(live.group(1)) >= 3
    assert 'route="/api/v1/jobs/{id}"' in text or "/api/v1/jobs/{id}" not in text
    assert "/api/v1/jobs/987654321" not in text, "raw paths must not become labels"
    assert re.search(r'^takt_http_requests_total\{method="GET",route="\(unmatched\)",status="404"\}',
                     text, re.M)
    assert re.search(r'^takt_http_request_duration_seconds_bucket\{method="GET",'
                     r'route="/health/live",status="200",le="\+Inf"\} \d+$', text, re.M)
    assert "# TYPE takt_http_request_duration_seconds histogram" in text


def test_metrics_report_the_database_write_figures(anon, api):
    def figures():
        text = anon.get("/metrics").text
        assert "# TYPE takt_db_writes_total counter" in text
        assert "# TYPE takt_db_writes_queued gauge" in text
        values = {}
        for name in ("write_transactions_total", "writes_total", "writes_queued",
                     "checkpoints_total", "wal_restarts_total", "wal_restart_hold_seconds_total"):
            found = re.search(rf"^takt_db_{name} ([0-9.e+-]+)$", text, re.M)
            assert found, f"takt_db_{name} missing from /metrics"
            values[name] = float(found.group(1))
        return values

    before = figures()
    created = api.post("/api/v1/skills", json={"code": f"MET-{uuid.uuid4().hex[:8].upper()}",
                                                "name": "Metrics probe"})
    assert created.status_code == 201, created.text
    after = figures()
    assert after["writes_total"] >= before["writes_total"] + 1
    assert after["write_transactions_total"] >= before["write_transactions_total"] + 1
    assert after["writes_total"] >= after["write_transactions_total"]


def test_metric_labels_stay_bounded_whatever_the_method(takt_server):
    for i in range(5):
        request = f"BREW{i} /pot HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
        raw_exchange(takt_server.port, request.encode(), timeout=2)
    text = httpx.get(takt_server.base_url + "/metrics").text
    assert "BREW" not in text
    assert re.search(r'takt_http_requests_total\{method="OTHER",route="\(unmatched\)",'
                     r'status="404"\} \d+', text)


def test_access_log_names_method_path_status_duration_request_id_and_user(takt_server, api,
                                                                          role_credentials):
    api.get("/api/v1/system/health", headers={"X-Request-ID": "access-log-check-1"})
    email = role_credentials["admin"][0]
    deadline = time.monotonic() + 5
    pattern = re.compile(r"access GET /api/v1/system/health 200 [\d.]+ms \d+B "
                         r"request_id=access-log-check-1 user=" + re.escape(email))
    while not pattern.search(takt_server.log_text()):
        assert time.monotonic() < deadline, takt_server.log_text()[-2000:]
        time.sleep(0.05)


def test_head_answers_headers_without_body(takt_server):
    response = httpx.head(takt_server.base_url + "/health/live")
    assert response.status_code == 200
    assert response.content == b""
    assert int(response.headers["content-length"]) == len(b'{"status":"ok"}')


# --- request ids -------------------------------------------------------------------------------

def test_request_id_is_echoed_when_valid(anon):
    response = anon.get("/health/live", headers={"X-Request-ID": "client-42.retry_1"})
    assert response.headers["x-request-id"] == "client-42.retry_1"


@pytest.mark.parametrize("offered", ["a" * 129, "has space", "semi;colon", "ünïcode", ""])
def test_invalid_request_id_is_replaced_by_a_generated_one(anon, offered):
    response = anon.get("/health/live", headers={"X-Request-ID": offered.encode("utf-8")})
    assert HEX32.match(response.headers["x-request-id"]), response.headers["x-request-id"]


def test_request_id_generated_and_unique_and_in_problem_body(anon):
    ids = {anon.get("/health/live").headers["x-request-id"] for _ in range(20)}
    assert len(ids) == 20 and all(HEX32.match(i) for i in ids)
    body = assert_problem(anon.get("/nothing-here", headers={"X-Request-ID": "trace-7"}), 404)
    assert body["request_id"] == "trace-7"


# --- protocol errors as problem+json -----------------------------------------------------------

def test_unknown_path_is_404_route_not_found(anon):
    body = assert_problem(anon.get("/api/v1/definitely-not-a-resource"), 404, "ROUTE_NOT_FOUND")
    assert "/api/v1/definitely-not-a-resource" in body["detail"]


def test_known_path_wrong_method_is_405_with_allow(anon):
    response = anon.delete("/health/live")
    assert_problem(response, 405, "METHOD_NOT_ALLOWED")
    assert {m.strip() for m in response.headers["allow"].split(",")} == {"GET", "HEAD"}


def test_body_over_limit_is_413_problem(anon):
    too_big = b'{"x":"' + b"a" * (1024 * 1024 + 10) + b'"}'
    response = anon.post("/api/v1/auth/login", content=too_big,
                         headers={"Content-Type": "application/json", "X-Request-ID": "big-1"})
    body = assert_problem(response, 413, "PAYLOAD_TOO_LARGE")
    assert body["request_id"] == "big-1"
    assert anon.get("/health/live").status_code == 200


@pytest.mark.security
def test_encoded_slash_cannot_reshape_a_path(takt_server):
    answer = raw_exchange(takt_server.port,
                          b"GET /api/v1/jobs/1%2Ftasks HTTP/1.1\r\nHost: t\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert b"BAD_REQUEST" in answer
    ok = httpx.get(takt_server.base_url + "/health/li%76e")  # other escapes decode normally
    assert ok.status_code == 200


def test_invalid_json_body_is_422_naming_the_body(anon):
    response = anon.post("/api/v1/auth/login", content=b"{not json",
                         headers={"Content-Type": "application/json"})
    body = assert_problem(response, 422, "INVALID_ARGUMENT")
    assert body["errors"][0]["field"] == "body"


# --- connections -------------------------------------------------------------------------------

def test_keep_alive_serves_many_requests_on_one_connection(takt_server):
    request = b"GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n"
    with socket.create_connection(("127.0.0.1", takt_server.port), timeout=5) as s:
        reader = s.makefile("rb")
        for _ in range(5):
            s.sendall(request)
            status = reader.readline()
            assert status.startswith(b"HTTP/1.1 200"), status
            length = 0
            while (line := reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                assert name.lower() != "connection" or "close" not in value.lower()
            assert reader.read(length) == b'{"status":"ok"}'


def test_connection_close_is_honoured(takt_server):
    answer = raw_exchange(takt_server.port,
                          b"GET /health/live HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200")
    assert b"Connection: close" in answer


@pytest.mark.security
@pytest.mark.parametrize("payload", [
    b"GARBAGE\r\n\r\n",
    b"GET / HTTP/9.9\r\n\r\n",
    b"GET /health/live HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
    b"POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n"
    b"Transfer-Encoding: chunked\r\n\r\nzzzzz",
    b"GET /health/live HTTP/1.1\r\nBad Header Without Colon\r\n\r\n",
    b"\x00\x01\x02\xff" * 64,
    b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
])
def test_malformed_http_is_rejected_without_crashing(takt_server, payload):
    answer = raw_exchange(takt_server.port, payload, timeout=3)
    if answer:
        status = int(answer.split(b" ", 2)[1])
        assert 400 <= status < 500, answer[:200]
        assert b"application/problem+json" in answer
    assert takt_server.running()
    assert httpx.get(takt_server.base_url + "/health/live").status_code == 200


def test_concurrent_clients_are_all_served(takt_server):
    failures = []

    def hammer():
        with httpx.Client(base_url=takt_server.base_url, timeout=10) as client:
            for _ in range(25):
                r = client.get("/health/live")
                if r.status_code != 200:
                    failures.append(r.status_code)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


# --- graceful shutdown -------------------------------------------------------------------------

@pytest.mark.slow
def test_sigterm_finishes_the_in_flight_request_then_exits_cleanly(fresh_server):
    server = fresh_server()
    body = b'{"email":"nobody@example.com","password":"wrong-password"}'
    head = (b"POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            b"X-Request-ID: in-flight-1\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n")
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(head + body[:10])  # the request is now in flight: header read, body pending
        time.sleep(0.3)
        server.process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        # New connections are refused while the in-flight request is still being finished.
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", server.port), timeout=1).close()
        assert server.running(), "the server must wait for the in-flight request"
        s.sendall(body[10:])
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 401"), answer[:300]
    assert b"X-Request-ID: in-flight-1" in answer
    assert b"Connection: close" in answer
    assert server.process.wait(timeout=15) == 0
    log = server.log_text()
    assert "received SIGTERM" in log and "stopped cleanly" in log


def test_sigint_stops_an_idle_server_with_exit_code_zero(fresh_server):
    server = fresh_server()
    idle = socket.create_connection(("127.0.0.1", server.port), timeout=5)  # idle keep-alive
    try:
        assert server.stop(signal.SIGINT, timeout=10) == 0
    finally:
        idle.close()


# --- OpenAPI document versus the live router ---------------------------------------------------

def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation


def test_openapi_document_describes_every_route_with_permission_and_summary(anon):
    response = anon.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    operations = list(_operations(document))
    assert len(operations) >= 5
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) == len(set(ids)), "operationIds must be unique"
    for path, method, op in operations:
        where = f"{method} {path}"
        assert op.get("summary"), where
        permission = op.get("x-permission")
        assert permission, where
        assert permission in ("public", "authenticated") or re.match(r"^[a-z_]+:[a-z_*]+$",
                                                                     permission), where
        if permission == "public":
            assert op["security"] == [], where
        else:
            assert op["security"] == [{"bearerAuth": []}], where
            assert permission in op["description"] or permission == "authenticated", where
            assert "401" in op["responses"], where
        for name in re.findall(r"{(\w+)}", path):
            assert any(p["name"] == name and p["in"] == "path" for p in op["parameters"]), where
    for required in ("/health/live", "/health/ready", "/metrics", "/api/v1/openapi.json",
                     "/api/v1/system/health"):
        assert required in document["paths"], required


def test_every_documented_operation_is_routed(takt_server):
    """Calls each documented path+method (ids replaced by an id that does not exist, no token):
    the router must know every one (never ROUTE_NOT_FOUND / METHOD_NOT_ALLOWED), every protected
    one must answer 401 before doing anything, and no public one may ask for a token."""
    document = httpx.get(takt_server.base_url + "/api/v1/openapi.json").json()
    with httpx.Client(base_url=takt_server.base_url, timeout=30) as client:
        for path, method, op in _operations(document):
            concrete = re.sub(r"{\w+}", "999999999", path)
            kwargs = {"json": {}} if method in ("POST", "PATCH", "PUT") else {}
            response = client.request(method, concrete, **kwargs)
            where = f"{method} {path} -> {response.status_code} {response.text[:200]}"
            if response.headers.get("content-type", "").startswith("application/problem+json"):
                assert response.json()["code"] not in ("ROUTE_NOT_FOUND", "METHOD_NOT_ALLOWED"), \
                    where
            if op["x-permission"] == "public":
                assert response.status_code != 401, where
            else:
                assert response.status_code == 401, where


# --- configuration errors at start-up ----------------------------------------------------------

def _serve(takt_binary, tmp_path, *args, env=None):
    environment = clean_environment()
    environment["TAKT_DATABASE_URL"] = f"sqlite://{tmp_path / 'cfg.db'}"
    environment.update(env or {})
    return subprocess.run([str(takt_binary), "serve", *args], capture_output=True, text=True,
                          env=environment, cwd=tmp_path, timeout=30)


@pytest.mark.parametrize("args, env, key, rule", [
    (("--port", "99999"), {}, "port", "from 1 to 65535"),
    (("--port", "http"), {}, "port", "integer"),
    ((), {"TAKT_PORT": "0"}, "port", "TAKT_PORT"),
    (("--host", "example.org"), {}, "host", "IPv4 or IPv6"),
    ((), {"TAKT_LOG_LEVEL": "chatty"}, "log_level", "one of"),
    ((), {"TAKT_BODY_LIMIT_BYTES": "12"}, "body_limit_bytes", "from 1024"),
    (("--database", "mysql://db"), {}, "database_url", "database URL"),
])
def test_invalid_configuration_exits_2_naming_key_and_rule(takt_binary, tmp_path, args, env, key,
                                                           rule):
    result = _serve(takt_binary, tmp_path, *args, env=env)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert f"configuration error: {key}:" in result.stderr, result.stderr
    assert rule in result.stderr, result.stderr


def test_config_file_unknown_key_and_all_errors_at_once(takt_binary, tmp_path):
    config = tmp_path / "takt.json"
    config.write_text('{"prot": 8080, "io_threads": 0}')
    result = _serve(takt_binary, tmp_path, "--config", str(config), "--port", "-1")
    assert result.returncode == 2
    assert "prot: config file" in result.stderr and "not a known setting" in result.stderr
    assert "io_threads:" in result.stderr and "port:" in result.stderr


def test_config_file_settings_are_used(fresh_server, tmp_path):
    server = fresh_server(start=False)
    config = tmp_path / "custom.json"
    port = free_port()
    config.write_text('{"port": %d, "body_limit_bytes": 2048, "access_log": false}' % port)
    server.env.pop("TAKT_PORT")
    server.port = port
    server.args = ("--config", str(config))
    server.start()
    response = httpx.post(server.base_url + "/api/v1/auth/login", content=b"x" * 4096)
    assert_problem(response, 413, "PAYLOAD_TOO_LARGE")
    assert "access GET" not in server.log_text()


def test_port_in_use_fails_start_with_exit_1(takt_server, takt_binary, tmp_path):
    result = _serve(takt_binary, tmp_path, "--port", str(takt_server.port))
    assert result.returncode == 1, result.stderr
    assert "cannot listen" in result.stderr


# --- timeouts and streamed bodies --------------------------------------------------------------

def test_idle_keep_alive_connection_is_closed_after_idle_timeout(fresh_server):
    server = fresh_server(env={"TAKT_IDLE_TIMEOUT_S": "1"})
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(b"GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n")
        assert s.recv(65536).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        assert s.recv(65536) == b"", "the server must close an idle connection"
        assert time.monotonic() - started < 4


def test_a_request_that_never_completes_is_cut_off_by_the_read_timeout(fresh_server):
    server = fresh_server(env={"TAKT_READ_TIMEOUT_S": "1"})
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n{")
        started = time.monotonic()
        assert s.recv(65536) == b""
        assert time.monotonic() - started < 4
    assert httpx.get(server.base_url + "/health/live").status_code == 200


def test_chunked_body_over_the_limit_is_413(fresh_server):
    server = fresh_server(env={"TAKT_BODY_LIMIT_BYTES": "2048"})
    chunk = b"a" * 1000
    payload = (b"POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n"
               b"Content-Type: application/json\r\nX-Request-ID: chunky\r\n\r\n"
               + (b"3e8\r\n" + chunk + b"\r\n") * 4 + b"0\r\n\r\n")
    answer = raw_exchange(server.port, payload)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"PAYLOAD_TOO_LARGE" in answer and b"X-Request-ID: chunky" in answer


def test_expect_100_continue_is_honoured(takt_server):
    with socket.create_connection(("127.0.0.1", takt_server.port), timeout=5) as s:
        body = b'{"email":"a@b.example","password":"x"}'
        s.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                  b"Content-Type: application/json\r\nContent-Length: "
                  + str(len(body)).encode() + b"\r\n\r\n")
        assert s.recv(65536).startswith(b"HTTP/1.1 100 Continue")
        s.sendall(body)
        final = s.recv(65536)
        assert final.startswith(b"HTTP/1.1 4"), final[:200]


# --- the permission of every route against the role matrix -------------------------------------

@pytest.mark.security
def test_every_route_enforces_its_documented_permission_for_every_role(takt_server,
                                                                        role_credentials,
                                                                        security, api):
    """For each role and each documented operation with a permission: a role that lacks it gets the
    dispatcher's 403 naming that permission; a role that holds it never does. Uses fresh tokens
    and ids that do not exist, so nothing is changed."""
    matrix = security.role_matrix(api)
    document = httpx.get(takt_server.base_url + "/api/v1/openapi.json").json()
    guarded = [(p, m, op["x-permission"]) for p, m, op in _operations(document)
               if op["x-permission"] not in ("public", "authenticated")]
    assert guarded, "no permission-guarded routes documented"
    problems = []
    for role, (email, password) in role_credentials.items():
        login = takt_server.login(email, password)
        assert login.status_code == 200, login.text
        with httpx.Client(base_url=takt_server.base_url, timeout=30,
                          headers={"Authorization": f"Bearer {login.json()['access_token']}"}) as c:
            for path, method, permission in guarded:
                concrete = re.sub(r"{\w+}", "999999999", path)
                kwargs = {"json": {}} if method in ("POST", "PATCH", "PUT") else {}
                response = c.request(method, concrete, **kwargs)
                denied = (response.status_code == 403 and
                          response.json().get("required_permission") == permission)
                allowed = role == "admin" or security.grants(matrix.get(role, set()), permission)
                if allowed == denied:
                    problems.append(f"{role} {method} {path} ({permission}): "
                                    f"{response.status_code} {response.text[:120]}")
    assert not problems, "\n".join(problems)


# --- overload shedding -------------------------------------------------------------------------

@pytest.mark.slow
def test_requests_beyond_the_worker_queue_are_shed_with_503(fresh_server):
    """One worker, one queue slot, and logins made slow by a real Argon2id cost: of many
    simultaneous logins some are served and the rest are refused at once with 503 OVERLOADED.
    A login is a POST, so it runs on the write workers: both pools get one worker (with the
    default 32 write workers every login found a free worker unless they happened to arrive
    faster than the workers took them, so whether any was shed was a race)."""
    server = fresh_server(env={"TAKT_WORKER_THREADS": "1", "TAKT_WRITE_WORKER_THREADS": "1",
                               "TAKT_MAX_QUEUED_REQUESTS": "1",
                               "TAKT_PASSWORD_OPSLIMIT": "3",
                               "TAKT_PASSWORD_MEMLIMIT_KIB": "65536"})
    results = []
    barrier = threading.Barrier(8)

    def login(i):
        with httpx.Client(base_url=server.base_url, timeout=60) as client:
            barrier.wait()
            results.append(client.post("/api/v1/auth/login",
                                       json={"email": f"nobody{i}@e2e.example", "password": "x"}))

    threads = [threading.Thread(target=login, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    shed = [r for r in results if r.status_code == 503]
    served = [r for r in results if r.status_code == 401]
    assert len(shed) + len(served) == 8, [r.status_code for r in results]
    assert shed and served, [r.status_code for r in results]
    for response in shed:
        assert_problem(response, 503, "OVERLOADED")
        assert response.headers["retry-after"] == "1"
    assert httpx.get(server.base_url + "/health/live").status_code == 200


@pytest.mark.slow
def test_running_out_of_file_descriptors_neither_spins_nor_stops_the_server(fresh_server):
    """With 64 descriptors, 80 idle connections exhaust them: the server must pause accepting
    (not burn a core retrying) and serve again once connections close."""
    server = fresh_server(prefix=("prlimit", "--nofile=64:64"))
    sockets = []
    try:
        for _ in range(80):
            sockets.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
        process = psutil.Process(server.pid)
        process.cpu_percent(None)
        time.sleep(1.0)
        assert process.cpu_percent(None) < 50, "accept loop is spinning"
    finally:
        for s in sockets:
            s.close()
    deadline = time.monotonic() + 10
    while True:
        try:
            if httpx.get(server.base_url + "/health/live", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "server did not recover:\n" + server.log_text()[-2000:]
        time.sleep(0.2)
    assert "accept failed" in server.log_text()
