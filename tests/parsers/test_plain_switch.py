"""DKKD_PLAIN_PARSERS=1 binds the plain forms of the fast paths; without it, the fast ones."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = (
    "from parsers import plain\n"
    "import parsers.effects.lines as lines, parsers.effects.clauses as clauses\n"
    "from parsers.structure import state, parser\n"
    "print(lines._verb_line_starts is lines._verb_line_starts_plain,"
    " clauses._has_first_verb is clauses._has_first_verb_plain,"
    " state._ParserState._open is state._ParserState._open_plain,"
    " parser._HANDLERS == {}, len(plain.PAIRS))\n"
)


def _probe(value: str) -> str:
    env = {**os.environ, "DKKD_PLAIN_PARSERS": value}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_switch_binds_the_plain_forms() -> None:
    assert _probe("1") == "True True True True 12"


def test_by_default_the_fast_forms_are_bound() -> None:
    assert _probe("") == "False False False False 12"
