"""Shared fixtures: where the real corpus lives, and a skip when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "corpora" / "real"


@pytest.fixture(scope="session")
def real_dir() -> Path:
    if not REAL.is_dir():
        pytest.skip(f"real corpus not found at {REAL} (it lives beside the project in ../shared)")
    return REAL


def real_file(name: str) -> Path:
    """Path of one real-corpus file, skipping the calling test when it is absent."""
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"real corpus file {name} not found under {REAL}")
    return path
