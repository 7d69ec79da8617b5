"""Two small local corpora from what every Python installation has, for the offline pipeline.

* ``OUT/text/docs.jsonl``: natural-language text, the docstrings of the standard library's
  top-level modules (module, class and function docstrings; one document per module), field ``text``.
* ``OUT/code/files.jsonl``: source files, the same modules' code, fields ``content``, ``path``
  and ``language``, as a web-code dump (GitHub code datasets) has them.

Standing in for web text and web code when nothing can be downloaded; the order is sorted and
the content is this interpreter's, so the same Python gives the same corpora::

    python examples/offline/build_corpora.py OUT [--max-mb 4]
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import sysconfig
from pathlib import Path


def modules(max_bytes: int) -> list[tuple[str, str]]:
    """(name, source) of the standard library's top-level modules, sorted, up to ``max_bytes``."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    out, total = [], 0
    for path in sorted(stdlib.glob("*.py")):
        if path.name.startswith("_") or path.name == "this.py":  # private modules; `this` is ROT13 text
            continue
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if total + len(source) > max_bytes:
            break
        out.append((path.name, source))
        total += len(source)
    return out


def docstrings(source: str) -> list[str]:
    """The module's docstrings, outermost first."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            text = ast.get_docstring(node)
            if text and len(text.split()) >= 5:
                found.append(text)
    return found


def write_jsonl(path: Path, rows: list[dict]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--max-mb", type=float, default=4.0, help="source bytes to read, in MB [default: 4]")
    args = parser.parse_args()
    sources = modules(int(args.max_mb * 1e6))
    text = [{"text": "\n\n".join(found)} for _, source in sources if (found := docstrings(source))]
    code = [{"content": source, "path": f"Lib/{name}", "language": "Python"} for name, source in sources]
    print(f"text: {write_jsonl(args.out / 'text' / 'docs.jsonl', text)} documents; "
          f"code: {write_jsonl(args.out / 'code' / 'files.jsonl', code)} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
