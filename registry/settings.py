"""Settings from the environment (DKKD_*), one place for every tunable the services read."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DKKD_", env_file=".env", extra="ignore")

    # SQLite file by default; PostgreSQL in production (postgresql+psycopg://...).
    database_url: str = "sqlite:///var/dkkd.db"
    # Where quarantined input is described (the registry also records it).
    data_dir: Path = Path("var")
    # Largest file ingest reads; larger ones are quarantined without being read whole.
    max_file_bytes: int = 20 * 1024 * 1024
    # API: key of the HMAC that stores bearer tokens (empty: plain SHA-256), failed-auth limit
    # per client per minute, and the largest upload the API accepts.
    token_secret: str = ""
    auth_failures_per_minute: int = 10
    max_upload_bytes: int = 10 * 1024 * 1024
    # API response cache (api.cache), in MB of response bodies; 0 turns it off, so every read
    # runs its queries (the benchmark's cold figures; a server whose memory is tight).
    api_cache_mb: int = 64


@lru_cache
def get_settings() -> Settings:
    return Settings()
