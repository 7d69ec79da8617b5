"""Checkpoints: a directory a crash cannot leave half-written.

::

    RUN/checkpoints/step-00000120/
        model.safetensors      full fp32 weights (``LlamaForCausalLM.from_pretrained`` loads the dir)
        config.json            the LlamaConfig
        tokenizer.json ...     the mix's tokenizer, so evaluation (and an offline resume) needs nothing else
        meta.json              shape, mix (and its preset), stage, step, tokens, the last learning rate,
                               the schedule
        trainer.pt             AdamW state (by parameter name), RNG states per rank
    RUN/checkpoints/latest     name of the newest complete checkpoint

A checkpoint is written under a temporary name and renamed into place, and ``latest`` is replaced
atomically after it, so ``kill -9`` at any moment leaves the previous checkpoint usable.
Optimizer state is keyed by parameter name (``torch.distributed.checkpoint.state_dict``), so a
checkpoint written by 8 FSDP processes loads into 1 process and the other way round.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from synthcode.errors import InputError
from synthcode.files import write_atomic

META = "meta.json"


def latest(run: Path) -> Path | None:
    pointer = run / "checkpoints" / "latest"
    if not pointer.exists():
        return None
    path = run / "checkpoints" / pointer.read_text(encoding="utf-8").strip()
    return path if (path / META).exists() else None


def read_meta(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    try:
        return json.loads((path / META).read_text(encoding="utf-8"))
    except OSError:
        raise InputError(f"{path} is not a synthcode checkpoint (no {META})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path / META}: not valid JSON ({exc.msg})") from None


def write(run: Path, step: int, files: dict[str, Any], meta: dict[str, Any], keep: int,
          fill: Iterable[Callable[[Path], Any]] = ()) -> Path:
    """Write a checkpoint (rank 0 only). ``files``: name -> callable(path) that writes it; ``fill``:
    callables given the directory that write whatever they write there (``save_pretrained`` of the
    model config and the tokenizer), before the rename, so a checkpoint is complete or absent."""
    root = run / "checkpoints"
    root.mkdir(parents=True, exist_ok=True)
    name = f"step-{step:08d}"
    tmp = root / f".tmp-{name}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for filename, writer in files.items():
        writer(tmp / filename)
    for writer in fill:
        writer(tmp)
    (tmp / META).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    final = root / name
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    write_atomic(root / "latest", name)
    done = sorted(p for p in root.glob("step-*") if (p / META).exists())
    for old in done[:-keep]:
        shutil.rmtree(old, ignore_errors=True)
    return final


def load_weights(path: Path) -> dict[str, Any]:
    from safetensors.torch import load_file

    file = path / "model.safetensors"
    if not file.exists():
        raise InputError(f"{path}: no model.safetensors")
    return load_file(str(file))
