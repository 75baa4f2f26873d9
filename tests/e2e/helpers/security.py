"""SecurityTestHelper: tokens that must be refused, and the role matrix as the server reports it.

Access tokens are HS256 JWTs (src/service/identity/access_token_codec.hpp) signed with the key in
the server's key file (hex). Forged tokens are built with PyJWT from a real token's claims, so each
variant differs from a valid token in exactly one respect."""
from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import jwt


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SecurityTestHelper:
    def __init__(self, key_path: Path):
        self.key_path = Path(key_path)

    def signing_key(self) -> bytes:
        return bytes.fromhex(self.key_path.read_text().strip())

    @staticmethod
    def claims(token: str) -> dict:
        return json.loads(_unb64(token.split(".")[1]))

    def forge(self, claims: dict, key: bytes | None = None, algorithm: str = "HS256") -> str:
        return jwt.encode(claims, key if key is not None else self.signing_key(),
                          algorithm=algorithm)

    def expired_token(self, valid_token: str, seconds_ago: int = 3600) -> str:
        claims = self.claims(valid_token)
        now = int(time.time())
        claims.update(iat=now - seconds_ago - 600, exp=now - seconds_ago)
        return self.forge(claims)

    def tampered_tokens(self, valid_token: str) -> dict[str, str]:
        """name -> token; every one must be answered with 401."""
        header, payload, signature = valid_token.split(".")
        claims = self.claims(valid_token)
        escalated = dict(claims, roles=["admin"])
        flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
        none_header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        return {
            "flipped_signature": f"{header}.{payload}.{flipped}",
            "escalated_payload_old_signature":
                f"{header}.{_b64(json.dumps(escalated).encode())}.{signature}",
            "alg_none": f"{none_header}.{payload}.",
            "wrong_key": self.forge(claims, key=b"x" * 32),
            "hs512_same_key": self.forge(claims, algorithm="HS512"),
            "wrong_issuer": self.forge(dict(claims, iss="someone-else")),
            "wrong_audience": self.forge(dict(claims, aud="someone-else")),
            "expired": self.expired_token(valid_token),
            "truncated": valid_token[: len(valid_token) // 2],
            "garbage": "not-a-token",
            "two_parts": f"{header}.{payload}",
        }

    @staticmethod
    def role_matrix(admin_client) -> dict[str, set[str]]:
        """role -> granted permissions, from GET /api/v1/roles."""
        response = admin_client.get("/api/v1/roles")
        assert response.status_code == 200, response.text
        return {r["name"]: set(r["permissions"]) for r in response.json()["items"]}

    @staticmethod
    def grants(permissions: set[str], needed: str) -> bool:
        """The server's rule: '*' grants everything, 'resource:*' every action of a resource."""
        if "*" in permissions or needed in permissions:
            return True
        resource = needed.split(":", 1)[0]
        return f"{resource}:*" in permissions
