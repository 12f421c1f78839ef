"""Bearer tokens for the write endpoints: stored as HMAC-SHA256 digests, with a role and an expiry.

The plain token is shown once, when it is made, and never stored. A digest is keyed with
``DKKD_TOKEN_SECRET`` (empty secret: plain SHA-256), so a stolen table alone does not let anyone
check guesses offline when a secret is set. Tokens live in the registry's ``api_token`` table
(``registry.store.models.ApiToken``, created by the migrations like every other table), so callers pass
an engine whose schema is at head (``registry.store.db.open_registry``/``ensure_schema``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, select, update

from registry.store.models import ApiToken, table_of

ROLES = ("reviewer", "admin")
# What each role may do; admin may do everything a reviewer may.
GRANTS: dict[str, frozenset[str]] = {
    "reviewer": frozenset({"reviewer"}),
    "admin": frozenset({"reviewer", "admin"}),
}
PREFIX = "dkkd_"

api_token = table_of(ApiToken)


class TokenError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: int
    name: str
    role: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def allows(self, role: str) -> bool:
        return role in GRANTS.get(self.role, frozenset())


def digest(token: str, secret: str = "") -> str:
    data = token.encode("utf-8", "surrogatepass")
    if secret:
        return hmac.new(secret.encode("utf-8"), data, hashlib.sha256).hexdigest()
    return hashlib.sha256(data).hexdigest()


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _info(r: object) -> TokenInfo:
    return TokenInfo(
        id=r.id,  # type: ignore[attr-defined]
        name=r.name,  # type: ignore[attr-defined]
        role=r.role,  # type: ignore[attr-defined]
        created_at=_aware(r.created_at),  # type: ignore[attr-defined,arg-type]
        expires_at=_aware(r.expires_at),  # type: ignore[attr-defined]
        revoked_at=_aware(r.revoked_at),  # type: ignore[attr-defined]
    )


def create_token(
    engine: Engine,
    name: str,
    role: str,
    *,
    secret: str = "",
    ttl: timedelta | None = None,
) -> tuple[str, TokenInfo]:
    """A new random token (returned once, in plain) and its stored description."""
    if role not in ROLES:
        raise TokenError(f"vai trò “{role}” không có; chọn một trong: {', '.join(ROLES)}")
    if not name.strip():
        raise TokenError("mã truy cập cần một tên (ai hoặc cái gì dùng nó)")
    plain = PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        new_id = conn.execute(
            insert(api_token).returning(api_token.c.id),
            [
                {
                    "name": name.strip()[:120],
                    "role": role,
                    "digest": digest(plain, secret),
                    "created_at": now,
                    "expires_at": now + ttl if ttl is not None else None,
                    "revoked_at": None,
                }
            ],
        ).scalar_one()
        row = conn.execute(select(api_token).where(api_token.c.id == new_id)).one()
    return plain, _info(row)


def verify(
    engine: Engine, token: str, secret: str = "", now: datetime | None = None
) -> TokenInfo | None:
    """The live token matching `token`, or None (unknown, revoked or expired)."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    d = digest(token, secret)
    with engine.connect() as conn:
        row = conn.execute(select(api_token).where(api_token.c.digest == d)).first()
    if row is None:
        return None
    info = _info(row)
    # Constant-time comparison of what was looked up (the index lookup itself reveals nothing
    # useful: the digest of a guess is unrelated to the digest of any stored token).
    if not hmac.compare_digest(d, row.digest):
        return None
    at = now or datetime.now(UTC)
    if info.revoked_at is not None:
        return None
    if info.expires_at is not None and info.expires_at <= at:
        return None
    return info


def list_tokens(engine: Engine) -> list[TokenInfo]:
    with engine.connect() as conn:
        return [_info(r) for r in conn.execute(select(api_token).order_by(api_token.c.id))]


def revoke(engine: Engine, token_id: int) -> bool:
    with engine.begin() as conn:
        n = conn.execute(
            update(api_token)
            .where(api_token.c.id == token_id, api_token.c.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        ).rowcount
    return bool(n)
