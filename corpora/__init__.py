"""Corpora: the bundled sample (`corpora/sample/`) and the national-scale generator.

The sample is small and hand-written; the generator builds corpora of any size with their ground
truth, so the diff engine and the parsers can be scored exactly (see `corpora/generator`).
"""

from __future__ import annotations

from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"

__all__ = ["SAMPLE_DIR"]
