"""A tiny random Llama and a BPE tokenizer trained here on a given corpus (no downloads), saved to a
directory that ``transformers`` loads like any checkpoint::

    @pytest.fixture(scope="module")
    def tiny_model(tmp_path_factory):
        return save_tiny_llama(tmp_path_factory.mktemp("tiny-llama"), ["def add(a, b): ..."] * 20)

Its answers are garbage; tests use it to drive the real loading and sampling code on CPU.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fakes.bpe import bpe_tokenizer

CHAT_TEMPLATE = ("{% for m in messages %}<{{ m['role'] }}> {{ m['content'] }}\n{% endfor %}"
                 "{% if add_generation_prompt %}<assistant>{% endif %}")


def save_tiny_llama(path: Path, corpus: list[str], *, vocab_size: int = 300,
                    max_position_embeddings: int = 256) -> str:
    """Train the tokenizer on ``corpus``, build the model with seed 0, save both under ``path``.
    Skips the calling test when torch or transformers is missing."""
    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    import torch

    tokenizer = bpe_tokenizer(corpus, ["<unk>", "<pad>", "<eos>"], vocab_size)
    wrapped = transformers.PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="<unk>",
                                                   pad_token="<pad>", eos_token="<eos>")
    wrapped.chat_template = CHAT_TEMPLATE
    config = transformers.LlamaConfig(vocab_size=len(wrapped), hidden_size=32, intermediate_size=64,
                                      num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=4,
                                      max_position_embeddings=max_position_embeddings,
                                      pad_token_id=wrapped.pad_token_id,
                                      eos_token_id=wrapped.eos_token_id, bos_token_id=None)
    torch.manual_seed(0)
    transformers.LlamaForCausalLM(config).save_pretrained(path)
    wrapped.save_pretrained(path)
    return str(path)
