"""Build a mix: token-exact shares per source, shuffled documents, packed fixed-length sequences.

Two passes. **Tokenize**: each source's documents stream through the fast tokenizer into a spill
file (``DIR/work/``) until its quota of tokens is reached, or the source ends (then its tokens per
epoch are known, and a share beyond ``max_epochs`` passes is an error naming the shortfall;
repeated epochs reuse the spill, not the tokenizer). **Pack**: every source contributes exactly
its quota (its last document cut to fit), all documents are shuffled with the seed, concatenated,
and cut into ``seq_len`` rows written as Parquet shards of :data:`synthcode.records.PACKED_COLUMNS`.

A killed build restarts where it stopped: finished spills carry a fingerprint of what made them,
shards are written to a temporary name and renamed, and ``manifest.json`` is written last::

    manifest = build_mix(load_config(MixConfig, "configs/mixes/code-25.yaml"), Path("out/mixes/code-25"))
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from synthcode.errors import InputError
from synthcode.files import write_atomic
from synthcode.mix.config import MixConfig, SourceConfig
from synthcode.mix.tokenize import Tokenizer
from synthcode.records import MANIFEST_KEYS, PACKED_COLUMNS, PACKED_FORMAT, packed_arrow_schema

log = logging.getLogger(__name__)

@dataclass(slots=True)
class Spill:
    """One source's tokenized documents on disk, in stream order."""

    ids: Any
    """``uint32`` memmap of all token ids."""
    lengths: Any
    """``int64`` tokens per document (EOS included)."""
    exhausted: bool
    """The whole source was read: ``lengths.sum()`` is its tokens per epoch."""


def quotas(config: MixConfig, total: int) -> dict[str, int]:
    """Tokens per active source: ``round(ratio * total)`` by largest remainder, summing to ``total``."""
    active = config.active
    weight = sum(s.ratio for s in active.values())
    exact = {name: s.ratio / weight * total for name, s in active.items()}
    out = {name: int(value) for name, value in exact.items()}
    short = total - sum(out.values())
    for name in sorted(exact, key=lambda n: (-(exact[n] - out[n]), list(active).index(n)))[:short]:
        out[name] += 1
    return out


def _fingerprint(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def tokenize_source(name: str, source: SourceConfig, quota: int, tokenizer: Tokenizer, work: Path,
                    batch_size: int, fingerprint: str, on_tokens: Callable[[int], None]) -> Spill:
    """Spill ``name``'s tokens until ``quota`` is reached or the source ends (reusing a finished spill)."""
    import numpy as np

    from synthcode.mix.sources import iter_documents

    base = work / f"{fingerprint}-{_safe(name)}"
    marker = base.with_suffix(".json")
    if marker.exists():
        state = json.loads(marker.read_text())
        on_tokens(min(state["tokens"], quota))
    else:
        tokens = documents = 0
        exhausted = True
        with open(base.with_suffix(".ids.tmp"), "wb") as ids_file, \
                open(base.with_suffix(".len.tmp"), "wb") as len_file:
            for ids, lengths in tokenizer.encode_batches(iter_documents(name, source, batch_size)):
                ids_file.write(ids.tobytes())
                len_file.write(lengths.tobytes())
                on_tokens(min(len(ids), max(quota - tokens, 0)))
                tokens += len(ids)
                documents += len(lengths)
                if tokens >= quota:
                    exhausted = False
                    break
        os.replace(base.with_suffix(".ids.tmp"), base.with_suffix(".ids"))
        os.replace(base.with_suffix(".len.tmp"), base.with_suffix(".len"))
        state = {"tokens": tokens, "documents": documents, "exhausted": exhausted}
        _write_json(marker, state)
    lengths = np.fromfile(base.with_suffix(".len"), dtype=np.int64)
    ids = (np.memmap(base.with_suffix(".ids"), dtype=np.uint32, mode="r") if state["tokens"]
           else np.zeros(0, dtype=np.uint32))
    return Spill(ids=ids, lengths=lengths, exhausted=state["exhausted"])


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def _write_json(path: Path, data: Any) -> None:
    write_atomic(path, json.dumps(data, indent=2, sort_keys=False) + "\n")


def check_supply(name: str, source: SourceConfig, quota: int, spill: Spill, total: int) -> None:
    """Raise when the source cannot give ``quota`` tokens within ``max_epochs`` passes."""
    per_epoch = int(spill.lengths.sum())
    if per_epoch == 0:
        raise InputError(f"source {name!r} has no non-empty documents in {source.path!r} (split {source.split!r})")
    if not spill.exhausted:
        return
    cap = int(per_epoch * source.max_epochs)
    if quota > cap:
        raise InputError(
            f"source {name!r} cannot supply its share: needs {quota:,} tokens ({source.ratio:.2%} of {total:,}) "
            f"but has {per_epoch:,} tokens per epoch, {cap:,} within max_epochs={source.max_epochs:g}; "
            f"short by {quota - cap:,} tokens (it would need {quota / per_epoch:.3f} epochs)")


def select_documents(spill: Spill, quota: int, rng: Any) -> tuple[Any, Any]:
    """(document index, tokens taken) for exactly ``quota`` tokens: whole epochs, then a shuffled part."""
    import numpy as np

    lengths = spill.lengths
    per_epoch = int(lengths.sum())
    epochs, rest = divmod(quota, per_epoch) if spill.exhausted else (0, quota)
    index = [np.tile(np.arange(len(lengths)), epochs)]
    take = [np.tile(lengths, epochs)]
    if rest:
        order = rng.permutation(len(lengths)) if epochs else np.arange(len(lengths))
        cumulative = np.cumsum(lengths[order])
        count = int(np.searchsorted(cumulative, rest)) + 1
        part = lengths[order[:count]].copy()
        part[-1] -= int(cumulative[count - 1]) - rest
        index.append(order[:count])
        take.append(part)
    return np.concatenate(index), np.concatenate(take)


def pack_shards(spills: list[Spill], picks: list[tuple[Any, Any]], seq_len: int, per_shard: int, shards: Path,
                rng: Any) -> list[dict[str, Any]]:
    """Shuffle the picked documents, pack them into ``seq_len`` rows, write the shards; their list."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    offsets = [np.concatenate([[0], np.cumsum(s.lengths)[:-1]]).astype(np.int64) for s in spills]
    source = np.concatenate([np.full(len(idx), i, dtype=np.int16) for i, (idx, _) in enumerate(picks)])
    start = np.concatenate([offsets[i][idx] for i, (idx, _) in enumerate(picks)])
    length = np.concatenate([take for _, take in picks]).astype(np.int64)
    order = rng.permutation(len(length))
    source, start, length = source[order], start[order], length[order]
    end = np.cumsum(length)
    total = int(end[-1])
    assert total % seq_len == 0, (total, seq_len)
    rows = total // seq_len
    schema = packed_arrow_schema()
    shards.mkdir(parents=True, exist_ok=True)
    listing = []
    for number, first in enumerate(range(0, rows, per_shard)):
        last = min(first + per_shard, rows)
        lo, hi = first * seq_len, last * seq_len
        a = int(np.searchsorted(end, lo, side="right"))
        b = int(np.searchsorted(end, hi, side="left"))
        pieces = []
        for d in range(a, b + 1):
            d_start = int(end[d] - length[d])
            cut_lo, cut_hi = max(lo, d_start) - d_start, min(hi, int(end[d])) - d_start
            s = start[d]
            pieces.append(spills[source[d]].ids[s + cut_lo:s + cut_hi])
        flat = np.concatenate(pieces).astype(np.int32)
        inner = end[a:b + 1]
        points = np.union1d(inner[(inner > lo) & (inner < hi)], np.arange(first, last + 1, dtype=np.int64) * seq_len)
        seg_start, seg_len = points[:-1], np.diff(points)
        seg_row = (seg_start - lo) // seq_len
        seg_source = source[np.searchsorted(end, seg_start, side="right")]
        seg_offsets = np.concatenate([[0], np.cumsum(np.bincount(seg_row, minlength=last - first))]).astype(np.int32)
        row_offsets = (np.arange(last - first + 1, dtype=np.int64) * seq_len).astype(np.int32)
        table = pa.Table.from_arrays([
            pa.ListArray.from_arrays(pa.array(row_offsets), pa.array(flat, type=pa.int32())),
            pa.ListArray.from_arrays(pa.array(seg_offsets), pa.array(seg_len.astype(np.int32), type=pa.int32())),
            pa.ListArray.from_arrays(pa.array(seg_offsets), pa.array(seg_source.astype(np.int16), type=pa.int16())),
        ], schema=schema)
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        data = sink.getvalue()
        path = shards / f"part-{number:05d}.parquet"
        write_atomic(path, memoryview(data))
        listing.append({"path": f"shards/{path.name}", "sequences": last - first,
                        "sha256": hashlib.sha256(data).hexdigest()})
    kept = {Path(item["path"]).name for item in listing}
    for stale in shards.glob("part-*.parquet"):
        if stale.name not in kept:
            stale.unlink()
    return listing


def build_mix(config: MixConfig, out: Path, on_tokens: Callable[[int], None] = lambda n: None,
              keep_work: bool = False, preset: str | None = None) -> dict[str, Any]:
    """Build the mix of ``config`` in ``out``; return the manifest (also ``out/manifest.json``).

    ``preset`` (the config file's stem, e.g. ``synthetic``) is recorded as the manifest's
    ``preset`` for the trainer and the report; it is a label, not part of what makes the mix, so a
    finished mix of the same config is reused whatever the preset is called (its label updated when
    one is given)."""
    import numpy as np

    from synthcode.mix.tokenize import load_tokenizer

    done = _finished(out, config)
    if done is not None:
        log.info("%s already holds this mix (same config, shards intact); nothing to do", out)
        if preset is not None and done.get("preset") != preset:
            done = {"preset": preset, **{k: v for k, v in done.items() if k != "preset"}}
            _write_json(out / "manifest.json", done)
        return done
    tokenizer = load_tokenizer(config.tokenizer, eos=config.eos, eos_token=config.eos_token,
                               add_special_tokens=config.add_special_tokens, local_files_only=_check_hub(config))
    total = config.total_tokens // config.seq_len * config.seq_len
    if total != config.total_tokens:
        log.warning("total_tokens %d rounded down to %d (%d sequences of %d)", config.total_tokens, total,
                    total // config.seq_len, config.seq_len)
    targets = quotas(config, total)
    active = config.active
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    spills = []
    for name, source in active.items():
        fingerprint = _fingerprint(name, asdict(source), targets[name], tokenizer.describe())
        spill = tokenize_source(name, source, targets[name], tokenizer, work, config.batch_size, fingerprint,
                                on_tokens)
        check_supply(name, source, targets[name], spill, total)
        spills.append(spill)
    picks = [select_documents(spill, targets[name], np.random.default_rng([config.seed, i]))
             for i, (name, spill) in enumerate(zip(active, spills))]
    shards = pack_shards(spills, picks, config.seq_len, config.sequences_per_shard, out / "shards",
                         np.random.default_rng([config.seed, len(active), 1]))
    sources = []
    for (name, source), spill, (index, take) in zip(active.items(), spills, picks):
        tokens = int(take.sum())
        per_epoch = int(spill.lengths.sum()) if spill.exhausted else None
        sources.append({
            "name": name, "path": source.path, "split": source.split, "subset": source.subset,
            "text_field": source.text_field, "formatter": source.formatter,
            "target_ratio": source.ratio, "target_tokens": targets[name], "tokens": tokens,
            "realized_ratio": tokens / total, "documents": int(len(index)),
            "unique_documents": int(len(np.unique(index))),
            "epochs": tokens / per_epoch if per_epoch else None, "tokens_per_epoch": per_epoch,
            "max_epochs": source.max_epochs,
        })
    manifest = {
        "preset": preset,
        "format": PACKED_FORMAT,
        "columns": dict(PACKED_COLUMNS),
        "seq_len": config.seq_len, "num_sequences": total // config.seq_len, "total_tokens": total,
        "seed": config.seed, "tokenizer": tokenizer.describe(),
        "eos": {"appended": config.eos, "token": tokenizer.eos_token, "id": tokenizer.eos_id,
                "note": "EOS ends every document and counts toward its source's tokens; a document cut to "
                        "fill its source's quota keeps no EOS" if config.eos else "no EOS appended"},
        "sources": sources, "shards": shards, "config": config.to_dict(),
    }
    assert list(manifest) == list(MANIFEST_KEYS), "records.MANIFEST_KEYS documents every key"
    _write_json(out / "manifest.json", manifest)
    if not keep_work:
        shutil.rmtree(work, ignore_errors=True)
    return manifest


def _check_hub(config: MixConfig) -> bool:
    """Fail at once (:class:`~synthcode.mix.hub.HubUnreachable`) when a source or the tokenizer is
    on the Hub and the Hub cannot be reached; True when it cannot be reached but the only thing on
    it is a tokenizer already in the local cache (to be loaded from there, without retries)."""
    from synthcode.mix.hub import cached_on_hub, hub_unreachable, require_hub
    from synthcode.mix.tokenize import tokenizer_on_hub

    needs = [f"source {name!r} ({source.path})" for name, source in config.active.items() if not source.local]
    on_hub = tokenizer_on_hub(config.tokenizer)
    if not (needs or on_hub) or hub_unreachable() is None:
        return False
    if on_hub and not cached_on_hub(config.tokenizer, "tokenizer.json"):
        needs.insert(0, f"tokenizer {config.tokenizer!r}")
    require_hub(needs, fix="use a local tokenizer.json (synthcode tokenizer train) and local source paths")
    return on_hub


def _finished(out: Path, config: MixConfig) -> dict[str, Any] | None:
    """The manifest in ``out`` when it was built from ``config`` and every shard is intact."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("format") != PACKED_FORMAT or manifest.get("config") != json.loads(json.dumps(config.to_dict())):
        return None
    for shard in manifest.get("shards", []):
        path = out / shard["path"]
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != shard["sha256"]:
            return None
    return manifest
