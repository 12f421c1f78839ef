"""HTML to the line-oriented text the structure parser reads (first cut; being replaced)."""

from __future__ import annotations

import lxml.html

from parsers.model import ParseWarning


def html_to_text(html: str) -> tuple[str, list[ParseWarning]]:
    root = lxml.html.fromstring(html)
    return root.text_content(), []
