"""Sources: stream the documents of a Hub dataset or a local path, batch by batch.

Nothing is loaded whole: Hub datasets and local Parquet/JSONL/JSON files are read with
``datasets.load_dataset(..., streaming=True)``, ``save_to_disk`` directories are memory-mapped by
``datasets.load_from_disk``; either way documents arrive in batches of ``batch_size``::

    for documents in iter_documents("web_code", source_config, batch_size=1000):
        ...  # a list of strings, in the source's stable order
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from synthcode.errors import ConfigError, InputError
from synthcode.mix.config import SourceConfig

log = logging.getLogger(__name__)

_BUILDERS = {".parquet": "parquet", ".jsonl": "json", ".json": "json", ".ndjson": "json"}


def _local_files(path: Path, name: str) -> tuple[str, list[str]]:
    if path.is_file():
        files = [path]
    else:
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in _BUILDERS
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
    if not files:
        raise InputError(f"source {name!r}: no Parquet/JSONL/JSON files in {path}")
    builders = {_BUILDERS.get(p.suffix) for p in files}
    if None in builders:
        raise InputError(f"source {name!r}: {path} is not a Parquet, JSONL or JSON file")
    if len(builders) > 1:
        raise InputError(f"source {name!r}: {path} mixes Parquet and JSON files; point at one kind")
    return builders.pop(), [str(p) for p in files]


def _looks_local(path: str) -> bool:
    return path.startswith((".", "/", "~")) or Path(path).suffix in _BUILDERS or path.count("/") > 1


def open_source(name: str, source: SourceConfig) -> Any:
    """The source as an iterable ``datasets`` dataset (streamed, or memory-mapped from disk)."""
    import datasets

    path = Path(source.path).expanduser()
    try:
        if path.is_dir() and ((path / "state.json").exists() or (path / "dataset_dict.json").exists()):
            dataset = datasets.load_from_disk(str(path))
            if isinstance(dataset, datasets.DatasetDict):
                if source.split not in dataset:
                    raise InputError(f"source {name!r}: no split {source.split!r} in {path} "
                                     f"(it has: {', '.join(dataset)})")
                dataset = dataset[source.split]
            return dataset
        if path.exists():
            builder, files = _local_files(path, name)
            return datasets.load_dataset(builder, data_files={source.split: files}, split=source.split,
                                         streaming=True)
        if _looks_local(source.path):
            raise InputError(f"source {name!r}: no such file or directory: {source.path}")
        return datasets.load_dataset(source.path, name=source.subset, data_dir=source.data_dir,
                                     split=source.split, streaming=True)
    except (InputError, ConfigError):
        raise
    except Exception as exc:  # datasets raises many types (hub, builder, split, offline); all mean "cannot open"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"source {name!r}: cannot open {source.path!r} (split {source.split!r}): {first}") from None


def iter_documents(name: str, source: SourceConfig, batch_size: int) -> Iterator[list[str]]:
    """The source's documents (formatted, or its text field), ``batch_size`` at a time; empty ones skipped."""
    dataset = open_source(name, source)
    formatter = None
    if source.formatter is not None:
        from synthcode.registry import FORMATTERS

        formatter = FORMATTERS.load(source.formatter)
    rename = {column: field for field, column in source.fields.items()}
    checked = False
    for batch in dataset.iter(batch_size=batch_size):
        if not checked:
            _check_columns(name, source, list(batch))
            checked = True
        if formatter is None:
            documents = [text for text in batch[source.text_field] if text]
        else:
            columns = list(batch)
            size = len(batch[columns[0]]) if columns else 0
            rows = ({rename.get(c, c): batch[c][i] for c in columns} for i in range(size))
            try:
                documents = [text for text in map(formatter, rows) if text]
            except InputError as exc:
                raise InputError(f"source {name!r}: {exc}") from None
        if documents:
            yield documents


def _check_columns(name: str, source: SourceConfig, columns: list[str]) -> None:
    missing = []
    if source.text_field is not None and source.text_field not in columns:
        missing.append(f"text_field {source.text_field!r}")
    missing += [f"fields.{f} -> {c!r}" for f, c in source.fields.items() if c not in columns]
    if missing:
        raise InputError(f"source {name!r}: no column for {', '.join(missing)}; it has: {', '.join(columns)}")
