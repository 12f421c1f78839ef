"""How much of the world to generate: the scales `dkkd corpus generate --scale` offers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scale:
    """How much to generate. `national` reproduces the reform's figures exactly."""

    name: str
    ministries: tuple[str, ...] | None  # None: all
    lines_per_ministry: int | None
    conditions_per_line: int | None  # None: the ministry's national total
    ktcn_factor: float
    old_provinces: tuple[str, ...] | None
    new_provinces: tuple[str, ...] | None
    versions: tuple[int, ...]  # choices of decisions per (province, ministry)
    amend_rate: float = 0.0625  # share of surviving numeric conditions an amending round lowers


NATIONAL = Scale("national", None, None, None, 1.0, None, None, (1, 1, 2, 2, 3, 3))
SAMPLE = Scale(
    "sample",
    ("BCA", "BCT", "BYT"),
    3,
    12,
    0.02,
    ("02", "08", "40", "60", "67", "68", "74", "77", "79"),
    ("08", "40", "68", "79"),
    (1, 2, 2, 3),
    0.25,
)
SCALES = {s.name: s for s in (NATIONAL, SAMPLE)}
