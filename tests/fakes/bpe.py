"""A byte-level BPE tokenizer trained in the test on the test's own documents (no downloads)."""

from __future__ import annotations

from typing import Any


def bpe_tokenizer(docs: list[str], special_tokens: list[str], vocab_size: int = 300) -> Any:
    """A byte-level BPE ``tokenizers.Tokenizer`` of ``vocab_size`` tokens trained on ``docs``;
    ``special_tokens`` (``<unk>`` among them) get the first ids."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.train_from_iterator(docs, trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=special_tokens,
                                                            initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    return tokenizer
