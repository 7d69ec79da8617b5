"""Batched tokenization with a fast tokenizer, straight into flat NumPy arrays.

The Rust tokenizer encodes a whole batch across all cores (rayon) and the ids go into one
``uint32`` array plus per-document lengths, with no per-token Python objects kept and no
attention masks or offsets computed::

    tokenizer = load_tokenizer("tokenizer.json", eos_token="<eos>")
    ids, lengths = tokenizer.encode(["def f(): ...", "Some text."])   # EOS appended to each
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from synthcode.errors import ConfigError, first_line


@dataclass(slots=True)
class Tokenizer:
    backend: Any
    """The ``tokenizers.Tokenizer``."""
    name: str
    eos_token: str | None
    eos_id: int | None
    add_special_tokens: bool = False

    @property
    def vocab_size(self) -> int:
        return self.backend.get_vocab_size(with_added_tokens=True)

    def encode(self, documents: list[str]) -> tuple[Any, Any]:
        """Flat ``uint32`` ids of ``documents`` (each followed by EOS when set) and their lengths."""
        return self._arrays(self._encodings(documents))

    def encode_batches(self, batches: Iterable[list[str]]) -> Iterator[tuple[Any, Any]]:
        """:meth:`encode` of each batch, in order; the next batch is read and encoded in a thread
        while the caller handles this one (the Rust encoder releases the GIL, so reading, encoding
        and the caller's work overlap instead of leaving cores idle in turn)."""
        from concurrent.futures import ThreadPoolExecutor

        iterator = iter(batches)

        def next_encodings() -> list[Any] | None:
            batch = next(iterator, None)
            return None if batch is None else self._encodings(batch)

        with ThreadPoolExecutor(1, thread_name_prefix="encode") as pool:
            pending = pool.submit(next_encodings)
            while (encodings := pending.result()) is not None:
                pending = pool.submit(next_encodings)
                yield self._arrays(encodings)

    def _encodings(self, documents: list[str]) -> list[Any]:
        encode = getattr(self.backend, "encode_batch_fast", self.backend.encode_batch)
        return encode(documents, add_special_tokens=self.add_special_tokens)

    def _arrays(self, encodings: list[Any]) -> tuple[Any, Any]:
        import numpy as np

        extra = 0 if self.eos_id is None else 1
        lengths = np.fromiter((len(e) + extra for e in encodings), dtype=np.int64, count=len(encodings))
        ids = np.empty(int(lengths.sum()), dtype=np.uint32)
        ends = np.cumsum(lengths)
        start = 0
        for encoding, end in zip(encodings, ends.tolist()):
            stop = end - extra
            ids[start:stop] = encoding.ids
            start = end
        if extra:
            ids[ends - 1] = self.eos_id
        return ids, lengths

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "vocab_size": self.vocab_size, "eos_token": self.eos_token,
                "eos_id": self.eos_id, "add_special_tokens": self.add_special_tokens}


def tokenizer_on_hub(name: str) -> bool:
    """``name`` is a Hub repository id (``owner/name``) with no such local file or directory (a
    name ending in ``.json`` is a missing file, not a Hub id)."""
    from synthcode.config import HUB_ID

    return (not Path(name).expanduser().exists() and HUB_ID.fullmatch(name) is not None
            and not name.endswith(".json"))


def load_tokenizer(name: str, eos: bool = True, eos_token: str | None = None,
                   add_special_tokens: bool = False, local_files_only: bool = False) -> Tokenizer:
    """A fast tokenizer from a ``tokenizer.json`` file, a local directory or a Hub name (with
    ``local_files_only``, from the local Hugging Face cache only: no network, no retries)."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "true")
    path = Path(name).expanduser()
    if not path.exists() and not tokenizer_on_hub(name):
        raise ConfigError(f"tokenizer: no such file or directory: {name}")
    if path.is_file():
        from tokenizers import Tokenizer as Backend

        try:
            backend = Backend.from_file(str(path))
        except Exception as exc:  # the Rust side raises a bare Exception for any unreadable file
            raise ConfigError(f"tokenizer: cannot read {name!r}: {exc}") from None
        default_eos = None
    else:
        try:
            from transformers import AutoTokenizer
        except ImportError:
            raise ConfigError(f"tokenizer {name!r}: a Hub or directory tokenizer needs transformers: "
                              f"pip install 'synthcode[train]' (or point at a tokenizer.json file)") from None
        try:
            loaded = AutoTokenizer.from_pretrained(str(path) if path.is_dir() else name, use_fast=True,
                                                   local_files_only=local_files_only)
        except Exception as exc:  # hub, offline, missing-file and parse errors all mean "cannot load"
            first = first_line(exc)
            raise ConfigError(f"tokenizer: cannot load {name!r}: {first}") from None
        backend = getattr(loaded, "backend_tokenizer", None)
        if backend is None:
            raise ConfigError(f"tokenizer {name!r} has no fast (Rust) version; convert it to tokenizer.json")
        default_eos = loaded.eos_token
    token = eos_token or default_eos
    eos_id = None
    if eos:
        if token is None:
            raise ConfigError(f"tokenizer {name!r} names no EOS token: set eos_token (--eos-token), or eos: false")
        eos_id = backend.token_to_id(token)
        if eos_id is None:
            raise ConfigError(f"eos_token {token!r} is not in the vocabulary of tokenizer {name!r}")
    return Tokenizer(backend=backend, name=name, eos_token=token if eos else None, eos_id=eos_id,
                     add_special_tokens=add_special_tokens)
