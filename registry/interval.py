"""The one interval rule of the registry: a state holds over ``[valid_from, valid_to)``.

A dated state begins on its effective date and ends the day its successor takes effect: on the
effective date of a cut or an amendment the *new* state answers, the eve still has the old one.
None bounds are open (a state known since the base text, or still current). Every question "what
held on day D" — statuses, business lines, KTCN listings, provinces, the scan's national side —
asks it through these two functions, the Python predicate and the SQL expression, so that the
rule cannot drift between places.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy.sql.elements import ColumnElement


def holds(valid_from: date | None, valid_to: date | None, on: date) -> bool:
    """Whether ``[valid_from, valid_to)`` contains `on` (None = unbounded on that side)."""
    return (valid_from is None or valid_from <= on) and (valid_to is None or on < valid_to)


def holds_sql(valid_from: Any, valid_to: Any, on: date) -> ColumnElement[bool]:
    """SQL for :func:`holds` over two date columns (NULL = unbounded on that side)."""
    return and_(
        or_(valid_from.is_(None), valid_from <= on),
        or_(valid_to.is_(None), valid_to > on),
    )


__all__ = ["holds", "holds_sql"]
