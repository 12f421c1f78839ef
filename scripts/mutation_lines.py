"""Print a patch whose added lines are a module's comparisons, for ``mutmut --use-patch-file``.

Issue 17 asks that no mutant of a comparison or boundary operator survive in the modules that
decide dates, statuses, provinces, HS codes and gap kinds. Mutating only the lines that compare
(``<``, ``<=``, ``>``, ``>=``, ``==``, ``!=``, chained or not) keeps a run within minutes on a
busy machine. ``--functions`` narrows a module to the functions that decide (diff.py's kinds).

    python scripts/mutation_lines.py registry/consolidation/timeline.py > /tmp/timeline.patch
"""

from __future__ import annotations

import argparse
import ast
import io
import tokenize
from pathlib import Path

_COMPARISONS = {"<", "<=", ">", ">=", "==", "!="}


def comparison_lines(source: str, functions: set[str] | None = None) -> list[int]:
    """1-based line numbers holding a comparison operator (in the named functions, if any)."""
    spans: list[tuple[int, int]] | None = None
    if functions:
        spans = [
            (n.lineno, n.end_lineno or n.lineno)
            for n in ast.walk(ast.parse(source))
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name in functions
        ]
    lines: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.OP and tok.string in _COMPARISONS:
            row = tok.start[0]
            if spans is None or any(a <= row <= b for a, b in spans):
                lines.add(row)
    return sorted(lines)


def patch(path: str, lines: list[int], source: str) -> str:
    """A unified diff adding exactly `lines` (each hunk one line) to `path`."""
    text = source.splitlines()
    out = [f"--- {path}", f"+++ {path}"]
    for n in lines:
        out.append(f"@@ -{n - 1},0 +{n},1 @@")
        out.append("+" + text[n - 1])
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("module")
    ap.add_argument("--functions", default="", help="comma-separated function names")
    args = ap.parse_args()
    source = Path(args.module).read_text(encoding="utf-8")
    names = {f for f in args.functions.split(",") if f} or None
    print(patch(args.module, comparison_lines(source, names), source), end="")


if __name__ == "__main__":
    main()
