"""Small text forms shared by the national and provincial writers."""

from __future__ import annotations


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def vn_int(n: int) -> str:
    """Vietnamese thousands separator: 1000 -> 1.000."""
    return f"{n:,}".replace(",", ".")
