"""Seeded draws: every random choice of the generator comes from `rng_for(seed, what is decided)`,
so the same seed gives the same corpus whatever else changes in the process."""

from __future__ import annotations

import random
from datetime import date, timedelta


def rng_for(seed: int, *key: object) -> random.Random:
    return random.Random("|".join([str(seed), *map(str, key)]))


def rand_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


class Numbers:
    """Unique document numbers per (year, suffix)."""

    def __init__(self, rng: random.Random, reserved: list[str]) -> None:
        self.rng = rng
        self.used = set(reserved)

    def take(self, year: int | None, suffix: str, low: int = 1, high: int = 180) -> str:
        while True:
            n = self.rng.randint(low, high)
            num = f"{n:02d}/{year}/{suffix}" if year else f"{n}/{suffix}"
            if num not in self.used:
                self.used.add(num)
                return num
