"""Shared building blocks of the end-to-end suite (see tests/e2e/conftest.py for the fixtures).

- server:      TaktServer (start/stop the real binary), ApiClient, free_port, ROLES
- problems:    assert_problem for application/problem+json answers
- factory:     TestDataFactory (unique job numbers, skills, machines... as request bodies)
- performance: PerformanceMonitor (latency percentiles, server RSS)
- integrity:   DatabaseIntegrityChecker (read-only SQLite checks, audit chain recomputation)
- security:    SecurityTestHelper (tampered/expired tokens, role matrix)
"""
from .factory import TestDataFactory
from .integrity import DatabaseIntegrityChecker
from .performance import PerformanceMonitor
from .problems import assert_problem
from .security import SecurityTestHelper
from .server import ROLES, ApiClient, TaktServer, find_binary, free_port

__all__ = [
    "ROLES", "ApiClient", "DatabaseIntegrityChecker", "PerformanceMonitor", "SecurityTestHelper",
    "TaktServer", "TestDataFactory", "assert_problem", "find_binary", "free_port",
]
