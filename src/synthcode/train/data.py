"""Reading a packed mix in a fixed, resumable order.

A mix directory (``synthcode mix``) holds ``manifest.json`` (at least ``seq_len``, ``tokenizer``
and ``shards``, paths relative to the directory) and Parquet shards of
:data:`synthcode.records.PACKED_COLUMNS`. The order is a function of the seed and nothing else:
each epoch visits the shards in a seeded permutation and the rows of each shard in a seeded
permutation. A position is therefore one integer, the rows consumed so far, which is all a
checkpoint needs to continue with the very next row::

    mix = PackedMix("out/mix-code", seed=0)
    batch = mix.batch(position=0, rows=8)     # Batch of 8 rows: input_ids, position_ids, labels

Every row of a global batch is read by exactly one process: with W processes, rank r takes the
r-th contiguous slice, so W processes with accumulation A see the same rows per optimizer step
as one process with accumulation W*A.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from synthcode.errors import InputError
from synthcode.records import MANIFEST_REQUIRED

IGNORE = -100
"""Label of a position whose prediction is not trained (the first token of each document)."""


@dataclass(slots=True)
class Batch:
    input_ids: Any
    """int64 [rows, seq_len]."""
    position_ids: Any
    """int64 [rows, seq_len]: restart at 0 at every document start, which is what the model's
    mask builder reads to keep attention inside documents."""
    labels: Any
    """int64 [rows, seq_len]: the input ids, with IGNORE where a document starts (its first token
    is not predicted from the previous document)."""

    @property
    def targets(self) -> int:
        """Positions that carry a loss (the model shifts labels by one)."""
        return int((self.labels[:, 1:] != IGNORE).sum())


class PackedMix:
    def __init__(self, path: str | Path, seed: int = 0) -> None:
        self.path = Path(path)
        manifest_path = self.path / "manifest.json"
        try:
            self.manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InputError(f"mix {self.path}: cannot read manifest.json ({exc.strerror})") from None
        except json.JSONDecodeError as exc:
            raise InputError(f"{manifest_path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
        for key in MANIFEST_REQUIRED:
            if key not in self.manifest:
                raise InputError(f"{manifest_path}: missing {key!r}")
        self.seq_len = int(self.manifest["seq_len"])
        # synthcode mix lists shards as {"path", "sequences", "sha256"}; a bare path is accepted too
        self.shards = [self.path / (s["path"] if isinstance(s, dict) else s) for s in self.manifest["shards"]]
        if not self.shards:
            raise InputError(f"{manifest_path}: no shards")
        self.seed = seed
        # The manifest's counts when it has them: a large mix has thousands of shards, and every rank
        # would otherwise open each footer at start-up (a shard's rows are checked when it is read).
        self.sizes = [s["sequences"] if isinstance(s, dict) and "sequences" in s else self._rows_in(path)
                      for s, path in zip(self.manifest["shards"], self.shards, strict=True)]
        self.rows = sum(self.sizes)
        if self.rows == 0:
            raise InputError(f"mix {self.path}: its shards hold no rows")
        self._cache: tuple[int, int, np.ndarray, list[np.ndarray]] | None = None

    @property
    def name(self) -> str:
        return str(self.manifest.get("name") or self.path.name)

    @property
    def tokenizer(self) -> str:
        """The manifest's tokenizer (``synthcode mix`` writes ``{"name": ..., "eos_token": ...}``):
        a path as given or relative to the mix directory when one exists there, else a Hub name."""
        spec = self.manifest["tokenizer"]
        value = str(spec.get("name") if isinstance(spec, dict) else spec)
        if Path(value).exists():
            return value
        local = self.path / value
        return str(local) if local.exists() else value

    @property
    def eos_token(self) -> str | None:
        spec = self.manifest["tokenizer"]
        return spec.get("eos_token") if isinstance(spec, dict) else None

    def _rows_in(self, shard: Path) -> int:
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(shard).metadata.num_rows
        except (OSError, ValueError) as exc:
            raise InputError(f"mix shard {shard}: cannot read it ({exc})") from None

    def _order(self, epoch: int) -> np.ndarray:
        return np.random.default_rng([self.seed, epoch]).permutation(len(self.shards))

    def _shard(self, epoch: int, index: int) -> tuple[np.ndarray, list[np.ndarray]]:
        if self._cache is not None and self._cache[:2] == (epoch, index):
            return self._cache[2], self._cache[3]
        import pyarrow.parquet as pq

        shard = self.shards[index]
        table = pq.read_table(shard, columns=["input_ids", "doc_lengths"])
        ids = table.column("input_ids").combine_chunks()
        lengths = table.column("doc_lengths").to_pylist()
        flat = ids.flatten().to_numpy(zero_copy_only=False)
        if len(flat) != len(ids) * self.seq_len:
            raise InputError(f"mix shard {shard}: rows are not all seq_len={self.seq_len} tokens long")
        rows = flat.reshape(len(ids), self.seq_len)
        if len(rows) != self.sizes[index]:
            raise InputError(f"mix shard {shard}: {len(rows)} rows, but the manifest says {self.sizes[index]}")
        docs = [np.asarray(d, dtype=np.int64) for d in lengths]
        for number, d in enumerate(docs):
            if d.sum() != self.seq_len or (d < 1).any():
                raise InputError(f"mix shard {shard} row {number}: doc_lengths {d.tolist()[:8]}... "
                                 f"do not split seq_len={self.seq_len} into positive lengths")
        perm = np.random.default_rng([self.seed, epoch, index]).permutation(len(rows))
        rows, docs = rows[perm], [docs[i] for i in perm]
        self._cache = (epoch, index, rows, docs)
        return rows, docs

    def locate(self, position: int) -> tuple[int, int, int]:
        """(epoch, shard index, row within the permuted shard) of the ``position``-th row read."""
        epoch, offset = divmod(position, self.rows)
        for index in self._order(epoch):
            if offset < self.sizes[index]:
                return epoch, int(index), offset
            offset -= self.sizes[index]
        raise AssertionError("offset beyond the mix")

    def read(self, position: int, rows: int) -> tuple[np.ndarray, list[np.ndarray]]:
        """``rows`` consecutive rows of the order, starting at ``position``."""
        ids, docs = [], []
        while len(ids) < rows:
            epoch, index, offset = self.locate(position)
            shard_rows, shard_docs = self._shard(epoch, index)
            take = min(rows - len(ids), len(shard_rows) - offset)
            ids.extend(shard_rows[offset:offset + take])
            docs.extend(shard_docs[offset:offset + take])
            position += take
        return np.stack(ids), docs

    def batch(self, position: int, rows: int) -> Batch:
        import torch

        ids, docs = self.read(position, rows)
        positions = np.empty_like(ids, dtype=np.int64)
        labels = ids.astype(np.int64)
        for row, lengths in enumerate(docs):
            starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
            positions[row] = np.arange(self.seq_len) - starts
            labels[row, positions[row] == 0] = IGNORE
        return Batch(input_ids=torch.from_numpy(ids.astype(np.int64)),
                     position_ids=torch.from_numpy(positions), labels=torch.from_numpy(labels))
