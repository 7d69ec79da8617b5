"""``synthcode tokenizer train PATH... --out tokenizer.json``: a small byte-level BPE, offline.

Every mix preset names a Hub tokenizer; with no network, this trains one on local files in
seconds (a few MB of text) with the ``tokenizers`` library: byte-level BPE (every byte is in the
vocabulary, so no text is unknown), the EOS special token first (id 0), no other special tokens.
Text comes from JSONL/JSON files and Parquet files (each row's ``text`` field, else its
``content`` field) and from any other file read as UTF-8 plain text (one document per file).
A directory is walked recursively in sorted order (hidden files skipped; ``--glob`` picks files).
The same files and settings give a byte-identical ``tokenizer.json``::

    synthcode tokenizer train out/corpora --out out/tokenizer.json --vocab-size 4096
    synthcode mix --config my-mix.yaml --tokenizer out/tokenizer.json --eos-token '<|endoftext|>'

Library use: ``train_bpe(iter_texts([Path("corpus")]), vocab_size=4096).save("tokenizer.json")``.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from synthcode.errors import ConfigError, InputError
from synthcode.files import json_rows

log = logging.getLogger(__name__)

DEFAULT_EOS = "<|endoftext|>"
"""The EOS token's text by default (GPT-2's and SmolLM2's)."""

TEXT_FIELDS = ("text", "content")
"""The fields a JSON or Parquet row's text is taken from, the first one present."""

BYTE_ALPHABET = 256
_JSON = {".jsonl", ".json", ".ndjson"}
_CHUNK = 1 << 16


def add_parser(commands: argparse._SubParsersAction) -> None:
    from synthcode.cliutil import Parser, integer

    p = commands.add_parser("tokenizer", help="Train a small tokenizer offline (for mixes without the Hub).",
                            description="Tokenizer tools.")
    sub = p.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    t = sub.add_parser(
        "train", help="Train a byte-level BPE tokenizer.json on local files.",
        description="Train a byte-level BPE (tokenizers library) on local files: JSONL/JSON/Parquet rows "
                    f"(their {' or '.join(repr(f) for f in TEXT_FIELDS)} field) or plain text files; "
                    "directories are read recursively in sorted order. The EOS token gets id 0. The same "
                    "input and settings give a byte-identical tokenizer.json.")
    t.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or directories of text")
    t.add_argument("-o", "--out", type=Path, required=True, help="the tokenizer.json to write")
    t.add_argument("--vocab-size", type=integer, default=8192,
                   help="tokens in the vocabulary, EOS and the 256 bytes included [default: 8192]")
    t.add_argument("--eos-token", default=DEFAULT_EOS, metavar="TEXT",
                   help=f"the EOS special token's text (id 0) [default: {DEFAULT_EOS}]")
    t.add_argument("--glob", metavar="PATTERN",
                   help="in directories, read only files whose name matches (e.g. '*.jsonl') [default: all]")
    t.add_argument("--max-mb", type=float, default=100.0,
                   help="stop reading after this many MB of text (UTF-8) [default: 100]")
    t.set_defaults(run=run)
    p.set_defaults(run=lambda args: _usage(p))


def _usage(parser: argparse.ArgumentParser) -> int:
    import sys

    parser.print_help(sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from synthcode.cliutil import echo

    if args.max_mb <= 0:
        raise ConfigError(f"--max-mb: must be > 0, got {args.max_mb:g}")
    started = time.monotonic()
    reader = TextReader(args.paths, glob=args.glob, max_bytes=int(args.max_mb * 1e6))
    tokenizer = train_bpe(reader, vocab_size=args.vocab_size, eos_token=args.eos_token)
    if reader.bytes == 0:
        raise InputError(f"no text found in {', '.join(map(str, args.paths))}")
    from synthcode.files import write_atomic

    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(args.out, tokenizer.to_str(pretty=True) + "\n")
    capped = f" (stopped at --max-mb {args.max_mb:g})" if reader.capped else ""
    size = tokenizer.get_vocab_size()
    short = f" (not {args.vocab_size:,}: the text has no more pairs to merge)" if size < args.vocab_size else ""
    echo(f"byte-level BPE of {size:,} tokens{short} (EOS {args.eos_token!r} = id 0) trained on "
         f"{reader.bytes / 1e6:.2f} MB from {reader.files} file{'s' if reader.files != 1 else ''}{capped} "
         f"in {time.monotonic() - started:.1f}s → {args.out}", err=True)
    return 0


def train_bpe(texts: Iterable[str], vocab_size: int = 8192, eos_token: str = DEFAULT_EOS) -> Any:
    """A byte-level BPE ``tokenizers.Tokenizer`` trained on ``texts``, ``eos_token`` with id 0."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    if vocab_size <= BYTE_ALPHABET + 1:
        raise ConfigError(f"--vocab-size: must be more than {BYTE_ALPHABET + 1} (the 256 bytes and EOS), "
                          f"got {vocab_size}")
    if not eos_token:
        raise ConfigError("--eos-token: must not be empty")
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=[eos_token], show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(texts, trainer=trainer)
    return tokenizer


class TextReader:
    """The text of ``paths``, in chunks, up to ``max_bytes`` of UTF-8 (counts what it read)."""

    def __init__(self, paths: list[Path], glob: str | None = None, max_bytes: int = 10**8) -> None:
        self.paths, self.glob, self.max_bytes = paths, glob, max_bytes
        self.bytes = self.files = self.skipped = 0
        self.capped = False

    def __iter__(self) -> Iterator[str]:
        for file, named in self._files():
            skipped = self.skipped
            for text in self._read(file, named):
                size = len(text.encode("utf-8"))
                if self.bytes + size > self.max_bytes:
                    self.capped = True
                    self.files += 1  # read in part
                    return
                self.bytes += size
                yield text
            self.files += self.skipped == skipped
        if self.skipped:
            log.warning("skipped %d file%s not UTF-8 text", self.skipped,
                        "s that are" if self.skipped > 1 else " that is")

    def _files(self) -> Iterator[tuple[Path, bool]]:
        """(file, named on the command line) in order; a missing path is an error before any reading."""
        for path in self.paths:
            if not path.exists():
                raise InputError(f"no such file or directory: {path}")
        for path in self.paths:
            if path.is_file():
                yield path, True
                continue
            pattern = self.glob or "*"
            yield from ((p, False) for p in sorted(path.rglob(pattern)) if p.is_file()
                        and not any(part.startswith(".") for part in p.relative_to(path).parts))

    def _read(self, file: Path, named: bool) -> Iterator[str]:
        if file.suffix in _JSON:
            yield from _json_texts(file)
        elif file.suffix == ".parquet":
            yield from _parquet_texts(file)
        else:
            try:
                text = file.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                if named:
                    raise InputError(f"{file}: not UTF-8 text") from None
                self.skipped += 1
                return
            except OSError as exc:
                raise InputError(f"{file}: cannot read it: {exc.strerror}") from None
            yield from _chunks(text)


def _chunks(text: str) -> Iterator[str]:
    """``text`` in pieces of about 64 KB cut at line ends (the trainer's batches stay small)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + _CHUNK)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _row_text(row: Any, file: Path, where: str) -> str | None:
    if not isinstance(row, dict):
        raise InputError(f"{file}{where}: expected a JSON object, got {type(row).__name__}")
    for name in TEXT_FIELDS:
        if name in row:
            value = row[name]
            return value if isinstance(value, str) and value else None
    fields = ", ".join(map(str, row)) or "none"
    raise InputError(f"{file}{where}: no {' or '.join(repr(f) for f in TEXT_FIELDS)} field (it has: {fields})")


def _json_texts(file: Path) -> Iterator[str]:
    try:
        with file.open(encoding="utf-8") as f:
            for place, row in json_rows(f, str(file)):
                if (text := _row_text(row, file, f" {place}")) is not None:
                    yield text
    except UnicodeDecodeError:
        raise InputError(f"{file}: not UTF-8 text") from None


def _parquet_texts(file: Path) -> Iterator[str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(file)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"{file}: not a readable Parquet file ({exc})") from None
    try:
        names = reader.schema_arrow.names
        column = next((name for name in TEXT_FIELDS if name in names), None)
        if column is None:
            raise InputError(f"{file}: no {' or '.join(repr(f) for f in TEXT_FIELDS)} column "
                             f"(it has: {', '.join(names)})")
        for batch in reader.iter_batches(batch_size=1000, columns=[column], use_threads=False):
            yield from (text for text in batch.column(0).to_pylist() if isinstance(text, str) and text)
    finally:
        reader.close()
