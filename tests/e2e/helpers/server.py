"""Start and stop the real `takt` binary, and talk to it over HTTP.

A TaktServer owns one working directory: the SQLite database (`takt.db`), the token key file and the
server log (`takt.log`, stdout and stderr together, so a chatty server can never block on a full
pipe). Password hashing is made cheap through TAKT_PASSWORD_OPSLIMIT / TAKT_PASSWORD_MEMLIMIT_KIB so
creating users and logging in stay fast; every other setting is the shipped default unless a test
passes `env`.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[3]

# The default roles of domain.md ("Roles and permissions").
ROLES = (
    "admin",
    "production_manager",
    "production_planner",
    "floor_supervisor",
    "machine_operator",
    "quality_inspector",
    "maintenance_technician",
    "customer_service",
    "compliance_officer",
    "viewer",
)


def find_binary() -> Path:
    return Path(os.environ.get("TAKT_BINARY", ROOT / "build" / "release" / "src" / "takt"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_environment() -> dict:
    """The caller's environment without any TAKT_* setting that could leak into a test server."""
    return {k: v for k, v in os.environ.items() if not k.startswith("TAKT_")}


class ApiClient:
    """An httpx client bound to the server, optionally carrying a bearer token."""

    def __init__(self, base_url: str, token: str | None = None, timeout: float = 30.0):
        self.base_url = base_url
        self.token = token
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.Client(base_url=base_url, headers=headers, timeout=timeout)

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        return self.http.request(method, path, **kwargs)

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.http.get(path, **kwargs)

    def post(self, path: str, **kwargs) -> httpx.Response:
        return self.http.post(path, **kwargs)

    def patch(self, path: str, **kwargs) -> httpx.Response:
        return self.http.patch(path, **kwargs)

    def put(self, path: str, **kwargs) -> httpx.Response:
        return self.http.put(path, **kwargs)

    def delete(self, path: str, **kwargs) -> httpx.Response:
        return self.http.delete(path, **kwargs)

    def close(self) -> None:
        self.http.close()


class TaktServer:
    def __init__(self, binary: Path, workdir: Path, env: dict | None = None,
                 args: tuple = (), prefix: tuple = ()):
        self.binary = Path(binary)
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.db_path = self.workdir / "takt.db"
        self.key_path = self.workdir / "token.key"
        self.log_path = self.workdir / "takt.log"
        self.args = tuple(args)
        self.prefix = tuple(prefix)  # e.g. ("prlimit", "--nofile=64:64"), which execs the server
        self.env = clean_environment()
        self.env.update({
            "TAKT_HOST": "127.0.0.1",
            "TAKT_PORT": str(self.port),
            "TAKT_DATABASE_URL": f"sqlite://{self.db_path}",
            "TAKT_TOKEN_KEY_FILE": str(self.key_path),
            "TAKT_PASSWORD_OPSLIMIT": "1",
            "TAKT_PASSWORD_MEMLIMIT_KIB": "8",
            # The suite sends far more requests per minute from 127.0.0.1 than a person would;
            # rate limits are exercised with their own servers (test_security_integration_e2e).
            "TAKT_RATE_LIMIT_AUTH_PER_MIN": "0",
            "TAKT_RATE_LIMIT_WRITE_PER_MIN": "0",
            "TAKT_RATE_LIMIT_READ_PER_MIN": "0",
            "TAKT_RATE_LIMIT_SOLVE_PER_MIN": "0",
            "TAKT_LOG_LEVEL": "info",
        })
        self.env.update(env or {})
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None, "server not started"
        return self.process.pid

    def client(self, token: str | None = None) -> ApiClient:
        return ApiClient(self.base_url, token)

    def start(self, timeout: float = 30.0) -> "TaktServer":
        if not self.binary.exists():
            raise RuntimeError(f"takt binary not found at {self.binary}; "
                               "build it with scripts/build takt or set TAKT_BINARY")
        self._log = open(self.log_path, "ab")
        self.process = subprocess.Popen([*self.prefix, str(self.binary), "serve", *self.args],
                                        cwd=self.workdir,
                                        env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"takt serve exited with {self.process.returncode}:\n"
                                   + self.log_text()[-4000:])
            try:
                if httpx.get(self.base_url + "/health/ready", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.stop(signal.SIGKILL)
        raise RuntimeError("takt serve did not become ready:\n" + self.log_text()[-4000:])

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int | None:
        """Sends `sig` and waits; returns the exit code (a SIGKILL follows a timeout)."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log:
            self._log.close()
            self._log = None
        return self.process.returncode

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def cli(self, *args: str, stdin: str | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess:
        """Runs another `takt` command against this server's database and key."""
        return subprocess.run([str(self.binary), *args], input=stdin, capture_output=True,
                              text=True, env=self.env, cwd=self.workdir, timeout=timeout)

    def create_user(self, email: str, role: str, password: str) -> subprocess.CompletedProcess:
        return self.cli("user", "create", "--email", email, "--role", role, "--password-stdin",
                        stdin=password + "\n")

    def login(self, email: str, password: str) -> httpx.Response:
        return httpx.post(self.base_url + "/api/v1/auth/login",
                          json={"email": email, "password": password}, timeout=30)
