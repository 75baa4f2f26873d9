"""DatabaseIntegrityChecker: opens the server's SQLite file READ-ONLY (python's sqlite3, URI
mode=ro) and checks invariants no API call may break: SQLite's own integrity and foreign keys, no
task without its job, and the audit hash chain, recomputed here independently of the server's code
(the canonical text of src/storage/audit_chain.hpp: "<name>=<byte length>:<value>\\n" per field,
SHA-256 hex, linked through prev_hash from 64 zeros)."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

GENESIS_HASH = "0" * 64
AUDIT_FIELDS = (
    ("sequence", "sequence"), ("occurred_at", "occurred_at"), ("actor_user_id", "actor_user_id"),
    ("actor_email", "actor_email"), ("request_id", "request_id"), ("action", "action"),
    ("entity_type", "entity_type"), ("entity_id", "entity_id"), ("before", "before_json"),
    ("after", "after_json"), ("prev_hash", "prev_hash"),
)


def canonical_audit_text(row: sqlite3.Row) -> bytes:
    out = bytearray()
    for name, column in AUDIT_FIELDS:
        value = str(row[column]).encode("utf-8")
        out += name.encode() + b"=" + str(len(value)).encode() + b":" + value + b"\n"
    return bytes(out)


class DatabaseIntegrityChecker:
    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)

    def connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=10)
        connection.row_factory = sqlite3.Row
        return connection

    def tables(self) -> set[str]:
        with self.connect() as c:
            return {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    def count(self, table: str, where: str = "1=1", params: tuple = ()) -> int:
        with self.connect() as c:
            return c.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", params).fetchone()[0]

    def integrity_problems(self) -> list[str]:
        with self.connect() as c:
            rows = [r[0] for r in c.execute("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else rows

    def foreign_key_violations(self) -> list[tuple]:
        with self.connect() as c:
            return [tuple(r) for r in c.execute("PRAGMA foreign_key_check")]

    def orphan_tasks(self) -> list[int]:
        if "tasks" not in self.tables():
            return []
        with self.connect() as c:
            return [r[0] for r in c.execute(
                "SELECT t.id FROM tasks t LEFT JOIN jobs j ON j.id = t.job_id WHERE j.id IS NULL")]

    def audit_chain(self) -> dict:
        """{valid, entries_checked, first_bad_sequence, reason}, like GET /audit/verify."""
        report = {"valid": True, "entries_checked": 0, "first_bad_sequence": None, "reason": ""}
        if "audit_log" not in self.tables():
            return report
        expected_prev, expected_sequence = GENESIS_HASH, 1
        with self.connect() as c:
            for row in c.execute("SELECT * FROM audit_log ORDER BY sequence"):
                reason = ""
                if row["sequence"] != expected_sequence:
                    reason = f"sequence {expected_sequence} is missing"
                elif row["prev_hash"] != expected_prev:
                    reason = "prev_hash does not match the previous entry's hash"
                elif hashlib.sha256(canonical_audit_text(row)).hexdigest() != row["hash"]:
                    reason = "stored hash does not match the entry's content"
                if reason:
                    report.update(valid=False, first_bad_sequence=expected_sequence, reason=reason)
                    return report
                report["entries_checked"] += 1
                expected_prev, expected_sequence = row["hash"], expected_sequence + 1
        return report

    def problems(self) -> list[str]:
        found = [f"integrity_check: {p}" for p in self.integrity_problems()]
        found += [f"foreign_key_check: {v}" for v in self.foreign_key_violations()]
        found += [f"orphan task {t}" for t in self.orphan_tasks()]
        chain = self.audit_chain()
        if not chain["valid"]:
            found.append(f"audit chain broken at {chain['first_bad_sequence']}: {chain['reason']}")
        return found

    def assert_healthy(self) -> None:
        found = self.problems()
        assert not found, "database integrity problems:\n" + "\n".join(found)
