"""Seed snippets from a code corpus (OSS-Instruct style), loaded with ``datasets``.

The corpus is a Hub id or a local path (a Parquet/JSON/CSV file, or a folder ``load_dataset``
reads); each problem draws one snippet with its own seeded RNG and records its id
(``dataset:split:row``) in the sample's provenance::

    seeds = SeedSnippets.load(SeedsConfig(dataset="data/snippets.jsonl", column="code"))
    snippet_id, text = seeds.draw(random.Random(1))
"""

from __future__ import annotations

import random
from pathlib import Path

from synthcode.errors import ConfigError, first_line
from synthcode.generate.config import SeedsConfig

_FORMATS = {".json": "json", ".jsonl": "json", ".parquet": "parquet", ".csv": "csv", ".txt": "text"}


class SeedSnippets:
    def __init__(self, name: str, split: str, snippets: list[str]) -> None:
        self.name = name
        self.split = split
        self.snippets = snippets

    @classmethod
    def load(cls, config: SeedsConfig) -> SeedSnippets:
        import datasets

        name = config.dataset
        assert name is not None
        path = Path(name)
        split = f"{config.split}[:{config.limit}]"
        try:
            if path.is_file():
                fmt = _FORMATS.get(path.suffix)
                if fmt is None:
                    raise ConfigError(f"seeds.dataset {name!r}: unknown file type {path.suffix!r}; "
                                      f"use one of {', '.join(_FORMATS)}")
                data = datasets.load_dataset(fmt, data_files={config.split: str(path)}, split=split)
            else:
                data = datasets.load_dataset(name, split=split)
        except ConfigError:
            raise
        except Exception as exc:  # datasets raises many types for a missing or unreadable corpus
            raise ConfigError(f"seeds.dataset {name!r}: cannot load it: {first_line(exc)}") from None
        if config.column not in data.column_names:
            raise ConfigError(f"seeds.column {config.column!r} is not in {name!r}; "
                              f"columns: {', '.join(data.column_names)}")
        snippets = []
        for text in data[config.column]:
            text = str(text or "")
            if len(text) > config.max_chars:
                text = text[: config.max_chars].rsplit("\n", 1)[0]
            snippets.append(text.strip("\n"))
        if not any(snippets):
            raise ConfigError(f"seeds.dataset {name!r}: column {config.column!r} holds no text")
        return cls(name, config.split, snippets)

    def draw(self, rng: random.Random) -> tuple[str, str]:
        """``(snippet id, text)`` of one non-empty snippet."""
        while True:
            row = rng.randrange(len(self.snippets))
            if self.snippets[row]:
                return f"{self.name}:{self.split}:{row}", self.snippets[row]
