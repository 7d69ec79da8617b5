"""Parquet shards of sample rows, written atomically, and the rows a restarted run already has.

Rows (``synthcode.records.SAMPLE_COLUMNS``) are buffered per kind (accepted, rejected) and written
as ``KIND/part-NNNNN.parquet``: first to a temporary name, fsynced, then renamed, so a shard is
either whole or absent whatever moment the process is killed. A restarted writer reads the
shards there (``existing_rows``), numbers new shards after them and removes leftover temporary
files::

    with ShardWriter(out, shard_rows=500, flush_seconds=60) as writer:
        done = {row["problem_id"] for row in writer.existing_rows(["problem_id"])}
        writer.write(row)          # thread-safe
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from synthcode.errors import InputError
from synthcode.files import write_atomic
from synthcode.records import SAMPLE_COLUMNS, sample_arrow_schema

KINDS = ("accepted", "rejected")
_PART = re.compile(r"^part-(\d{5,})\.parquet$")


class ShardWriter:
    def __init__(self, out: Path, *, shard_rows: int = 500, flush_seconds: float = 60.0) -> None:
        self.out = out
        self.shard_rows = shard_rows
        self.flush_seconds = flush_seconds
        self._lock = threading.Lock()
        self._buffers: dict[str, list[dict[str, str]]] = {kind: [] for kind in KINDS}
        self._oldest: dict[str, float] = {}
        self._next: dict[str, int] = {}
        for kind in KINDS:
            folder = out / kind
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(f"cannot create {folder}: {exc.strerror}") from None
            # write_atomic's temporary names (.part-N.parquet.tmp), and the .part-N.tmp of older versions
            for leftover in folder.glob(".part-*.tmp"):
                leftover.unlink()
            numbers = [int(m.group(1)) for p in folder.iterdir() if (m := _PART.match(p.name))]
            self._next[kind] = max(numbers, default=-1) + 1

    def existing_rows(self, columns: list[str], kinds: tuple[str, ...] = KINDS) -> Iterator[dict[str, str]]:
        """The given columns of every row already written, shard by shard."""
        return read_rows(self.out, columns, kinds)

    def write(self, row: dict[str, Any]) -> None:
        kind = row["status"]
        if kind not in KINDS:
            raise ValueError(f"row status must be accepted or rejected, got {kind!r}")
        missing = set(SAMPLE_COLUMNS) - set(row)
        if missing:
            raise ValueError(f"row lacks columns: {', '.join(sorted(missing))}")
        with self._lock:
            buffer = self._buffers[kind]
            if not buffer:
                self._oldest[kind] = time.monotonic()
            buffer.append({name: str(row[name]) if type_ == "string" else row[name]
                           for name, type_ in SAMPLE_COLUMNS.items()})
            if len(buffer) >= self.shard_rows:
                self._flush(kind)
        self.flush_old()

    def flush_old(self) -> None:
        """Write every buffer whose oldest row waited ``flush_seconds``."""
        now = time.monotonic()
        with self._lock:
            for kind in KINDS:
                if self._buffers[kind] and now - self._oldest[kind] >= self.flush_seconds:
                    self._flush(kind)

    def flush(self) -> None:
        with self._lock:
            for kind in KINDS:
                if self._buffers[kind]:
                    self._flush(kind)

    def _flush(self, kind: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows, self._buffers[kind] = self._buffers[kind], []
        number = self._next[kind]
        self._next[kind] += 1
        folder = self.out / kind
        table = pa.Table.from_pylist(rows, schema=sample_arrow_schema())
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd")
        write_atomic(folder / f"part-{number:05d}.parquet", memoryview(sink.getvalue()), durable=True)

    def close(self) -> None:
        self.flush()

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_rows(out: Path, columns: list[str] | None = None, kinds: tuple[str, ...] = KINDS) -> Iterator[dict[str, Any]]:
    """``columns`` (default: all) of every row under ``out``, shard by shard, in order."""
    import pyarrow.parquet as pq

    for kind in kinds:
        for path in _shards(out / kind):
            try:
                table = pq.read_table(path, columns=columns)
            except Exception as exc:  # pyarrow raises several types for a foreign file
                raise InputError(f"{path} is not a synthcode sample shard ({exc}); choose another --out") from None
            yield from table.to_pylist()


def read_all(out: Path, kinds: tuple[str, ...] = KINDS) -> list[dict[str, Any]]:
    """Every row under ``out``, all columns."""
    return list(read_rows(out, None, kinds))


def _shards(folder: Path) -> list[Path]:
    """The finished shards in ``folder``, in order (none when it does not exist)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _PART.match(p.name))
