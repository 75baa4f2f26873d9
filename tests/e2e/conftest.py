"""Session fixtures of the end-to-end suite.

One real `takt serve` process runs for the whole session (env TAKT_BINARY, default
build/release/src/takt) on a free 127.0.0.1 port with a database in a temporary directory; it is
ready when /health/ready answers 200 and is stopped with SIGTERM at the end. One user per default
role is created through the CLI (`takt user create --email ... --role ... --password-stdin`) and
logged in through the API.

Fixtures:
  takt_server              the running TaktServer (base_url, db_path, key_path, pid, cli(), log_text())
  role_credentials         {role: (email, password)}
  tokens                   {role: access token}
  client_for(role)         an ApiClient carrying that role's token
  api                      the admin ApiClient
  anon                     an ApiClient without a token
  factory                  a TestDataFactory with a fresh unique prefix
  db_checker               DatabaseIntegrityChecker over the session database (read-only)
  security                 SecurityTestHelper bound to the session's token key
  perf                     PerformanceMonitor watching the server process
  fresh_server(**kw)       factory for a private server (own port and database), stopped after the test
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import (ROLES, ApiClient, DatabaseIntegrityChecker, PerformanceMonitor,  # noqa: E402
                     SecurityTestHelper, TaktServer, TestDataFactory, find_binary)

PASSWORD = "e2e-Passw0rd-{role}"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def takt_binary() -> Path:
    binary = find_binary()
    if not binary.exists():
        pytest.exit(f"takt binary not found at {binary}; build it with `scripts/build takt` "
                    "or set TAKT_BINARY", returncode=2)
    return binary


@pytest.fixture(scope="session")
def takt_server(tmp_path_factory, takt_binary):
    server = TaktServer(takt_binary, tmp_path_factory.mktemp("takt-session"))
    server.start()
    yield server
    code = server.stop()
    assert code == 0, f"takt serve exited with {code} on SIGTERM:\n{server.log_text()[-3000:]}"


@pytest.fixture(scope="session")
def role_credentials(takt_server) -> dict[str, tuple[str, str]]:
    credentials = {}
    for role in ROLES:
        email = f"{role.replace('_', '.')}@e2e.takt.example"
        password = PASSWORD.format(role=role)
        result = takt_server.create_user(email, role, password)
        assert result.returncode == 0, (
            f"`takt user create` for {role} failed ({result.returncode}): {result.stderr}")
        credentials[role] = (email, password)
    return credentials


@pytest.fixture(scope="session")
def tokens(takt_server, role_credentials) -> dict[str, str]:
    out = {}
    for role, (email, password) in role_credentials.items():
        response = takt_server.login(email, password)
        assert response.status_code == 200, (role, response.status_code, response.text)
        out[role] = response.json()["access_token"]
    return out


@pytest.fixture(scope="session")
def client_for(takt_server, tokens):
    clients: dict[str, ApiClient] = {}

    def make(role: str) -> ApiClient:
        if role not in tokens:
            raise KeyError(f"no user for role {role!r}; roles: {sorted(tokens)}")
        if role not in clients:
            clients[role] = takt_server.client(tokens[role])
        return clients[role]

    yield make
    for client in clients.values():
        client.close()


@pytest.fixture(scope="session")
def api(client_for) -> ApiClient:
    return client_for("admin")


@pytest.fixture
def anon(takt_server):
    client = takt_server.client()
    yield client
    client.close()


@pytest.fixture
def factory() -> TestDataFactory:
    return TestDataFactory()


@pytest.fixture(scope="session")
def db_checker(takt_server) -> DatabaseIntegrityChecker:
    return DatabaseIntegrityChecker(takt_server.db_path)


@pytest.fixture(scope="session")
def security(takt_server) -> SecurityTestHelper:
    return SecurityTestHelper(takt_server.key_path)


@pytest.fixture
def perf(takt_server) -> PerformanceMonitor:
    return PerformanceMonitor(takt_server.pid)


@pytest.fixture
def fresh_server(tmp_path, takt_binary):
    """Starts private servers (e.g. to test shutdown or start-up errors); all are stopped after
    the test. Usage: server = fresh_server(env={...}, args=(...), start=True)."""
    started: list[TaktServer] = []

    def make(env: dict | None = None, args: tuple = (), start: bool = True,
             prefix: tuple = ()) -> TaktServer:
        server = TaktServer(takt_binary, tmp_path / f"server{len(started)}", env=env, args=args,
                            prefix=prefix)
        started.append(server)
        if start:
            server.start()
        return server

    yield make
    for server in started:
        server.stop()
