"""Sources: stream the documents of a Hub dataset or a local path, batch by batch.

Nothing is loaded whole: Hub datasets are read with ``datasets.load_dataset(..., streaming=True)``,
``save_to_disk`` directories are memory-mapped by ``datasets.load_from_disk``, and local Parquet
and JSON Lines files are read directly, record batch by record batch (pyarrow) or line by line,
in sorted file order; either way documents arrive in batches of ``batch_size``::

    for documents in iter_documents("web_code", source_config, batch_size=1000):
        ...  # a list of strings, in the source's stable order
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from synthcode.errors import ConfigError, InputError, first_line
from synthcode.mix.config import SourceConfig, is_local_path

_BUILDERS = {".parquet": "parquet", ".jsonl": "json", ".json": "json", ".ndjson": "json"}
_SPLIT_NAMES = ("train", "validation", "valid", "dev", "test")


def _split_of(file: Path) -> str | None:
    stem = file.name.split(".")[0]
    return next((s for s in _SPLIT_NAMES if stem == s or stem.startswith((f"{s}-", f"{s}_"))), None)


def _local_files(path: Path, name: str, split: str = "train") -> tuple[str, list[str]]:
    if path.is_file():
        files = [path]
    else:
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in _BUILDERS
                       and not any(part.startswith(".") for part in p.relative_to(path).parts))
    if not files:
        raise InputError(f"source {name!r}: no Parquet/JSONL/JSON files in {path}")
    named = {p: _split_of(p) for p in files}
    if len(files) > 1 and any(named.values()):
        # files named by split, as `synthcode export` and the Hub lay them out: read the asked one only
        files = [p for p in files if named[p] == split]
        if not files:
            found = ", ".join(sorted({s for s in named.values() if s}))
            raise InputError(f"source {name!r}: no files for split {split!r} in {path} (it has: {found})")
    builders = {_BUILDERS.get(p.suffix) for p in files}
    if None in builders:
        raise InputError(f"source {name!r}: {path} is not a Parquet, JSONL or JSON file")
    if len(builders) > 1:
        raise InputError(f"source {name!r}: {path} mixes Parquet and JSON files; point at one kind")
    return builders.pop(), [str(p) for p in files]


def open_source(name: str, source: SourceConfig) -> Any:
    """The source as something with ``.iter(batch_size)`` yielding column -> values batches."""
    path = Path(source.path).expanduser()
    if path.is_dir() and ((path / "state.json").exists() or (path / "dataset_dict.json").exists()):
        return _open_with_datasets(name, source, path)
    if path.exists():
        builder, files = _local_files(path, name, source.split)
        return LocalFiles(name, builder, files)
    if is_local_path(source.path):
        raise InputError(f"source {name!r}: no such file or directory: {source.path}")
    return _open_with_datasets(name, source, None)


def _open_with_datasets(name: str, source: SourceConfig, path: Path | None) -> Any:
    import datasets

    try:
        if path is not None:
            dataset = datasets.load_from_disk(str(path))
            if isinstance(dataset, datasets.DatasetDict):
                if source.split not in dataset:
                    raise InputError(f"source {name!r}: no split {source.split!r} in {path} "
                                     f"(it has: {', '.join(dataset)})")
                dataset = dataset[source.split]
            return dataset
        return datasets.load_dataset(source.path, name=source.subset, data_dir=source.data_dir,
                                     split=source.split, streaming=True)
    except (InputError, ConfigError):
        raise
    except Exception as exc:  # datasets raises many types (hub, builder, split, offline); all mean "cannot open"
        first = first_line(exc)
        raise InputError(f"source {name!r}: cannot open {source.path!r} (split {source.split!r}): {first}") from None


class LocalFiles:
    """Local Parquet or JSON Lines files (a ``.json`` file may also hold one JSON list), read in order."""

    def __init__(self, name: str, builder: str, files: list[str]) -> None:
        self.name, self.builder, self.files = name, builder, files

    def iter(self, batch_size: int) -> Iterator[dict[str, list[Any]]]:
        for file in self.files:
            yield from (self._parquet(file, batch_size) if self.builder == "parquet" else self._json(file, batch_size))

    def _parquet(self, file: str, batch_size: int) -> Iterator[dict[str, list[Any]]]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            reader = pq.ParquetFile(file)
        except (OSError, pa.ArrowException) as exc:
            raise InputError(f"source {self.name!r}: {file} is not a readable Parquet file ({exc})") from None
        try:
            for batch in reader.iter_batches(batch_size=batch_size, use_threads=False):
                yield batch.to_pydict()
        finally:
            reader.close()

    def _json(self, file: str, batch_size: int) -> Iterator[dict[str, list[Any]]]:
        from synthcode.files import json_rows

        def rows() -> Iterator[Any]:
            with open(file, encoding="utf-8") as f:
                for _, row in json_rows(f, f"source {self.name!r}: {file}"):
                    yield row

        batch: list[Any] = []
        for row in rows():
            if not isinstance(row, dict):
                raise InputError(f"source {self.name!r}: {file}: expected JSON objects, got {type(row).__name__}")
            batch.append(row)
            if len(batch) == batch_size:
                yield _columns(batch)
                batch = []
        if batch:
            yield _columns(batch)


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    names = list(dict.fromkeys(key for row in rows for key in row))
    return {name: [row.get(name) for row in rows] for name in names}


def iter_documents(name: str, source: SourceConfig, batch_size: int) -> Iterator[list[str]]:
    """The source's documents (formatted, or its text field), ``batch_size`` at a time; empty ones skipped."""
    dataset = open_source(name, source)
    formatter = None
    if source.formatter is not None:
        from synthcode.registry import FORMATTERS

        formatter = FORMATTERS.load(source.formatter)
    rename = {column: field for field, column in source.fields.items()}
    batches = iter(dataset.iter(batch_size=batch_size))
    try:
        for number, batch in enumerate(batches):
            if number == 0:
                _check_columns(name, source, list(batch))
            if formatter is None:
                documents = [text for text in batch[source.text_field] if text]
            else:
                keys = [rename.get(column, column) for column in batch]
                rows = (dict(zip(keys, values)) for values in zip(*batch.values()))
                try:
                    documents = [text for text in map(formatter, rows) if text]
                except InputError as exc:
                    raise InputError(f"source {name!r}: {exc}") from None
            if documents:
                yield documents
    finally:
        # Close the reader now: an abandoned streaming reader's Arrow threads abort the interpreter at exit.
        close = getattr(batches, "close", None)
        if close is not None:
            close()


def _check_columns(name: str, source: SourceConfig, columns: list[str]) -> None:
    missing = []
    if source.text_field is not None and source.text_field not in columns:
        missing.append(f"text_field {source.text_field!r}")
    missing += [f"fields.{f} -> {c!r}" for f, c in source.fields.items() if c not in columns]
    if missing:
        raise InputError(f"source {name!r}: no column for {', '.join(missing)}; it has: {', '.join(columns)}")
