"""Loading a checkpoint for evaluation, and greedy completions with stop strings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from synthcode.errors import InputError, first_line


def load(path: str, device: str | None, dtype: str) -> tuple[Any, Any]:
    """(model, tokenizer) from a checkpoint directory or a Hub name, in eval mode."""
    import torch
    from transformers import AutoModelForCausalLM
    from transformers.utils import logging as hf_logging

    from synthcode.train.model import load_tokenizer

    if Path(path).exists() and not (Path(path) / "config.json").exists():
        raise InputError(f"{path}: not a model directory (no config.json)")
    hf_logging.disable_progress_bar()
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    try:
        model = AutoModelForCausalLM.from_pretrained(
            path, dtype=torch.bfloat16 if dtype == "bf16" else torch.float32)
    except OSError as exc:
        raise InputError(f"cannot load model {path!r}: {first_line(exc)}") from None
    tokenizer = load_tokenizer(path)
    return model.to(device).eval(), tokenizer


def truncate(text: str, stops: tuple[str, ...]) -> str:
    """``text`` up to the first stop string."""
    cut = min((i for i in (text.find(s) for s in stops) if i >= 0), default=len(text))
    return text[:cut]


def complete(model: Any, tokenizer: Any, prompts: list[str], max_new_tokens: int, stops: tuple[str, ...],
             batch_size: int = 8) -> list[str]:
    """Greedy completions of ``prompts`` (left-padded batches), each cut at the first stop string."""
    import torch

    tokenizer.padding_side = "left"
    limit = getattr(model.config, "max_position_embeddings", None)
    out: list[str] = []
    for start in range(0, len(prompts), batch_size):
        chunk = prompts[start:start + batch_size]
        encoded = tokenizer(chunk, return_tensors="pt", padding=True, add_special_tokens=False)
        new_tokens = max_new_tokens
        if limit is not None:
            keep = max(limit - max_new_tokens, 1)
            encoded = {k: v[:, -keep:] for k, v in encoded.items()}
            new_tokens = min(max_new_tokens, limit - encoded["input_ids"].shape[1])
        encoded = {k: v.to(model.device) for k, v in encoded.items()}
        with torch.no_grad():
            # stop_strings ends each row at its first stop string instead of at max_new_tokens
            extra = {"stop_strings": list(stops), "tokenizer": tokenizer} if stops else {}
            generated = model.generate(**encoded, max_new_tokens=max(new_tokens, 1), do_sample=False,
                                       pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                                       **extra)
        width = encoded["input_ids"].shape[1]
        for row in generated:
            out.append(truncate(tokenizer.decode(row[width:], skip_special_tokens=True), stops))
    return out
