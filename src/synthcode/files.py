"""Writing a file so that it is never seen half-written.

Every output a rerun or a reader trusts (shards, manifests, results, checkpoint pointers) goes
through :func:`write_atomic`: the bytes go to a hidden temporary file beside the target, which is
then renamed over it, so a killed job leaves the old file or the new one, and at worst a
``.NAME.tmp`` that the next run ignores or removes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from synthcode.errors import InputError


def temporary_name(path: Path) -> Path:
    """Where :func:`write_atomic` writes ``path`` before renaming it."""
    return path.with_name(f".{path.name}.tmp")


def write_atomic(path: Path, data: bytes | memoryview | str, durable: bool = False) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8) in one rename.

    ``durable`` also fsyncs the file and its directory, so that the rename survives a power loss
    (for the batch jobs' shards; the cheaper default suffices against a killed process).
    """
    tmp = temporary_name(path)
    with open(tmp, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
        if durable:
            f.flush()
            os.fsync(f.fileno())
    os.replace(tmp, path)
    if durable:
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def json_rows(f: TextIO, where: str) -> Iterator[tuple[str, Any]]:
    """The rows of a JSON array or a JSON Lines file, each with its place (``"line 3"``, ``"item 2"``).

    The one reader for the row files users hand to ``mix``, ``tokenizer train`` and ``eval``: blank
    lines are skipped, and a line that is not JSON is one :class:`InputError` naming ``where`` and the line.
    """
    head = f.read(1)
    while head.isspace():
        head = f.read(1)
    f.seek(0)
    if head == "[":
        try:
            rows = json.load(f)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not JSON ({exc.msg})") from None
        for number, row in enumerate(rows if isinstance(rows, list) else [rows], 1):
            yield f"item {number}", row
        return
    for number, line in enumerate(f, 1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where} line {number}: not JSON ({exc.msg})") from None
