"""The switch between the parsers' fast paths and the plain forms they must equal.

A fast path (substring pre-tests instead of a regex at every offset, a literal scan, an unrolled
loop) is kept beside its plain form, the obvious code whose result it must give. `choose` binds
one of the two when a module is imported: the fast one, or the plain one when the environment
has ``DKKD_PLAIN_PARSERS=1`` (to rule a fast path out when a parse looks wrong). Tests run the
same tables through both (:func:`use_plain` swaps every binding of the registered pairs).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

PLAIN = os.environ.get("DKKD_PLAIN_PARSERS", "") == "1"
# (fast, plain) of every fast path that `choose` bound.
PAIRS: list[tuple[Any, Any]] = []


def choose(fast: T, plain: T) -> T:
    """`fast`, or `plain` under DKKD_PLAIN_PARSERS=1; the pair is registered for the tests."""
    PAIRS.append((fast, plain))
    return plain if PLAIN else fast


def bindings(obj: object) -> list[tuple[Any, str]]:
    """Every (parsers module or class, name) bound to `obj`: its own module's, the importers'
    copies, and the methods of the classes the modules define."""
    found: list[tuple[Any, str]] = []
    for name, mod in list(sys.modules.items()):
        if mod is None or not (name == "parsers" or name.startswith("parsers.")):
            continue
        for attr, value in vars(mod).items():
            if value is obj:
                found.append((mod, attr))
            elif isinstance(value, type) and value.__module__ == name:
                found += [(value, a) for a, v in vars(value).items() if v is obj]
    return found


def use_plain(setattr_: Callable[[Any, str, Any], None]) -> int:
    """Bind the plain form of every registered pair wherever the fast one is bound, through
    `setattr_` (pytest's ``monkeypatch.setattr``, which undoes it after the test); the count of
    bindings swapped."""
    n = 0
    for fast, plain in PAIRS:
        for mod, attr in bindings(fast):
            setattr_(mod, attr, plain)
            n += 1
    return n
