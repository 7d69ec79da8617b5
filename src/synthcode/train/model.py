"""Ladder models: a small YAML shape becomes a Llama-style ``transformers`` model.

Every rung is ``LlamaForCausalLM`` (RMSNorm, SwiGLU MLP, rotary positions, no biases, untied
input and output embeddings); ``configs/ladder/*.yaml`` hold the shapes and their parameter
arithmetic::

    shape = load_config(ModelShape, "configs/ladder/470m.yaml")
    model = build_model(shape, vocab_size=tokenizer_size)        # fp32 weights on the CPU
    shape.flops_per_token(seq_len=2048)                          # for MFU
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from synthcode.errors import ConfigError, first_line

log = logging.getLogger(__name__)

VOCAB_MULTIPLE = 128
"""Embedding rows are padded to a multiple of this, so matmuls keep tensor-core friendly shapes."""


@dataclass(kw_only=True, slots=True)
class ModelShape:
    name: str
    """The rung's name in results and reports (``tiny``, ``470m``, ...)."""
    hidden_size: int
    """Model width d."""
    num_layers: int
    """Decoder blocks L."""
    num_heads: int
    """Query heads; ``hidden_size`` must divide by it."""
    num_kv_heads: int | None = None
    """Key/value heads (grouped-query attention); None means as many as ``num_heads``."""
    intermediate_size: int
    """SwiGLU hidden width f (three d x f matrices per block)."""
    vocab_size: int = 50304
    """The vocabulary the parameter arithmetic assumes; the built model takes the tokenizer's size
    (padded to a multiple of 128) and logs a warning when that differs."""
    max_position_embeddings: int = 2048
    """Longest sequence the rotary tables are sized for."""
    rope_theta: float = 10000.0
    """Rotary base frequency."""
    rms_norm_eps: float = 1e-5
    """RMSNorm epsilon."""
    initializer_range: float = 0.02
    """Standard deviation of the normal weight initialisation."""

    def __post_init__(self) -> None:
        for key in ("hidden_size", "num_layers", "num_heads", "intermediate_size", "vocab_size",
                    "max_position_embeddings"):
            if getattr(self, key) < 1:
                raise ConfigError(f"{key} must be positive, got {getattr(self, key)}")
        if self.hidden_size % self.num_heads:
            raise ConfigError(f"hidden_size {self.hidden_size} is not divisible by num_heads {self.num_heads}")
        kv = self.kv_heads
        if kv < 1 or self.num_heads % kv:
            raise ConfigError(f"num_kv_heads {self.num_kv_heads} must divide num_heads {self.num_heads}")

    @property
    def kv_heads(self) -> int:
        return self.num_kv_heads or self.num_heads

    def llama_config(self, vocab_size: int | None = None) -> Any:
        from transformers import LlamaConfig

        return LlamaConfig(
            vocab_size=vocab_size or self.vocab_size, hidden_size=self.hidden_size,
            intermediate_size=self.intermediate_size, num_hidden_layers=self.num_layers,
            num_attention_heads=self.num_heads, num_key_value_heads=self.kv_heads,
            max_position_embeddings=self.max_position_embeddings, rope_theta=self.rope_theta,
            rms_norm_eps=self.rms_norm_eps, initializer_range=self.initializer_range,
            hidden_act="silu", attention_bias=False, mlp_bias=False, tie_word_embeddings=False,
            use_cache=False,
        )

    def parameters(self, vocab_size: int | None = None) -> int:
        """Exact parameter count: blocks + input embedding + output head + final norm."""
        d, f, vocab = self.hidden_size, self.intermediate_size, vocab_size or self.vocab_size
        kv_width = self.kv_heads * (d // self.num_heads)
        block = 2 * d * d + 2 * d * kv_width + 3 * d * f + 2 * d
        return self.num_layers * block + 2 * vocab * d + d

    def flops_per_token(self, seq_len: int, vocab_size: int | None = None) -> float:
        """Training FLOPs per token (forward + backward), PaLM appendix B: ``6N + 12·L·d·T``.

        N counts every matmul weight (blocks and the output head, not the input embedding,
        which is a lookup); ``12·L·d·T`` is the attention score and value products for a full
        T x T attention, not halved for the causal mask, as PaLM, nanoGPT and torchtitan count it.
        """
        vocab = vocab_size or self.vocab_size
        matmul_params = self.parameters(vocab) - vocab * self.hidden_size
        return 6.0 * matmul_params + 12.0 * self.num_layers * self.hidden_size * seq_len


def padded_vocab(size: int) -> int:
    return -(-size // VOCAB_MULTIPLE) * VOCAB_MULTIPLE


def build_model(shape: ModelShape, vocab_size: int | None = None, attention: str = "sdpa") -> Any:
    """A freshly initialised fp32 ``LlamaForCausalLM`` for ``shape``.

    ``vocab_size`` is the tokenizer's size; it is padded to a multiple of 128.
    """
    from transformers import LlamaForCausalLM

    vocab = padded_vocab(vocab_size) if vocab_size else shape.vocab_size
    if vocab != shape.vocab_size:
        log.warning("model %s: vocabulary %d (from the tokenizer) instead of the %d its parameter "
                    "arithmetic assumes", shape.name, vocab, shape.vocab_size)
    config = shape.llama_config(vocab)
    config._attn_implementation = attention
    return LlamaForCausalLM(config)


def load_tokenizer(spec: str, eos_token: str | None = None, copies: Iterable[Path] = ()) -> Any:
    """A ``transformers`` tokenizer from a ``tokenizer.json`` file, a directory or a Hub name;
    ``eos_token`` (the mix's document separator) becomes its EOS token.

    A Hub name is looked up without the network first (the Hugging Face cache), then in
    ``copies`` (directories holding a saved copy of the same tokenizer: the checkpoint a run
    resumes from, which holds one), and only then downloaded, when the Hub answers within
    :data:`synthcode.mix.hub.PROBE_SECONDS` and ``HF_HUB_OFFLINE`` is not set; otherwise it is a one-line
    error at once, not a minute of retries.
    """
    from transformers import AutoTokenizer, PreTrainedTokenizerFast

    path = Path(spec)
    try:
        if path.is_file():
            tokenizer = PreTrainedTokenizerFast(tokenizer_file=str(path))
        elif path.is_dir():
            tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        elif path.is_absolute() or spec.startswith(".") or spec.endswith(".json") or spec.count("/") > 1:
            raise ConfigError(f"tokenizer {spec!r}: no such file or directory (the mix's manifest records "
                              f"it; it was moved, or the mix was built elsewhere)")
        else:
            tokenizer = _hub_tokenizer(spec, [Path(c) for c in copies])
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot load tokenizer {spec!r}: {first_line(exc)}") from None
    if eos_token is not None:
        tokenizer.eos_token = eos_token
    if tokenizer.eos_token is None:
        for candidate in ("<|endoftext|>", "</s>", "<eos>"):
            if candidate in tokenizer.get_vocab():
                tokenizer.eos_token = candidate
                break
    if tokenizer.pad_token is None and tokenizer.eos_token is not None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def _hub_tokenizer(name: str, copies: list[Path]) -> Any:
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(name, local_files_only=True)
    except (OSError, ValueError):
        pass  # not in the cache (or not a valid Hub name: the download below says which)
    for copy in copies:
        if (copy / "tokenizer.json").exists() or (copy / "tokenizer_config.json").exists():
            log.warning("tokenizer %s is not in the Hugging Face cache; using the copy in %s", name, copy)
            return AutoTokenizer.from_pretrained(str(copy), local_files_only=True)
    fix = ("point the mix's tokenizer at a tokenizer.json file or a saved tokenizer directory, or "
           "download it once with the network up")
    from synthcode.mix.hub import hub_unreachable

    why = hub_unreachable()
    if why:
        raise ConfigError(f"tokenizer {name!r} is not in the Hugging Face cache and the Hub cannot be reached "
                          f"({why}): {fix}")
    return AutoTokenizer.from_pretrained(name)
