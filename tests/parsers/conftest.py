"""The switch between the parsers' fast paths and their plain forms, as a fixture: a table module
that uses it (``pytestmark = pytest.mark.usefixtures("fast_and_plain")``) runs every test twice."""

from __future__ import annotations

import pytest

from parsers import plain


@pytest.fixture(params=["fast", "plain"])
def fast_and_plain(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast paths, then their plain forms (parsers.plain) bound in their place."""
    if request.param == "plain":
        assert plain.use_plain(monkeypatch.setattr) >= len(plain.PAIRS)
