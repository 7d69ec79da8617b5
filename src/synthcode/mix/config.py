"""The typed config of a mix: sources with token ratios, a budget, a tokenizer, a sequence length.

Sources are a mapping keyed by name, so a preset derives from a base with ``include:`` and
overlays only the ratios it changes (a source whose ratio is 0 is not read)::

    # configs/mixes/code-25.yaml
    include: base.yaml
    sources:
      web_text: {ratio: 0.75}
      web_code: {ratio: 0.25}

    config = load_config(MixConfig, "configs/mixes/code-25.yaml", overrides={"total_tokens": 10_000_000})

A file that includes a preset may switch a source between ``text_field`` and ``formatter``: giving
one drops the other inherited from the preset (``text_field`` also drops the inherited ``fields``),
so pointing a source at an exported dataset is ``synthetic: {path: out/ds, text_field: text}``.
Settings that only a Hub dataset has (``subset``, ``data_dir``) are dropped, with a warning, from a
source whose path is local.
"""

from __future__ import annotations

import logging
import math
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from synthcode.config import path_field
from synthcode.errors import ConfigError

RATIO_TOLERANCE = 1e-6

LOCAL_SUFFIXES = (".parquet", ".jsonl", ".json", ".ndjson")
"""File kinds a local source may be (or hold)."""

log = logging.getLogger(__name__)


def is_local_path(path: str) -> bool:
    """Whether a source's ``path`` names a local file or directory (existing or not) rather than a
    Hub id: it exists, is absolute or explicitly relative, has a data file's suffix, or has more
    than one ``/`` (a Hub id is ``owner/name``)."""
    return (Path(path).expanduser().exists() or path.startswith((".", "/", "~"))
            or Path(path).suffix in LOCAL_SUFFIXES or path.count("/") > 1)


@dataclass(kw_only=True, slots=True)
class SourceConfig:
    path: str = path_field(hub=True)
    """A Hub dataset id, or a local Parquet/JSONL/JSON file, a directory of such files, or a
    ``save_to_disk`` directory. A relative path in a config file is relative to that file's folder."""
    ratio: float = 0.0
    """Target share of the mix's TOKENS (after formatting, including EOS); 0 leaves the source out."""
    split: str = "train"
    """The split to read."""
    subset: str | None = field(default=None, metadata={"hub_only": True})
    """The Hub dataset's configuration name (``name=`` of ``datasets.load_dataset``), if any; dropped
    with a warning when ``path`` is local."""
    data_dir: str | None = field(default=None, metadata={"hub_only": True})
    """A folder inside a Hub dataset to read (``data_dir=`` of ``datasets.load_dataset``); dropped
    with a warning when ``path`` is local."""
    text_field: str | None = field(default=None, metadata={"replaces": ("formatter", "fields")})
    """The column that holds the document; give this or ``formatter``. Set in a file that includes
    another, it drops the inherited ``formatter`` and ``fields``."""
    formatter: str | None = field(default=None, metadata={"replaces": ("text_field",)})
    """A formatter from ``synthcode.registry.FORMATTERS`` (synthcode, text, web-code, commit,
    pull-request, notebook) that builds the document from the row; give this or ``text_field``.
    Set in a file that includes another, it drops the inherited ``text_field``."""
    fields: dict[str, str] = field(default_factory=dict)
    """Formatter field -> the source's column for it, e.g. ``{content: code}``."""
    max_epochs: float = 1.0
    """The most passes over the source its share may take (fractions allowed); needing more is an error."""

    @property
    def local(self) -> bool:
        """``path`` is a local file or directory, not a Hub id (see :func:`is_local_path`)."""
        return is_local_path(self.path)

    def validate(self, name: str) -> None:
        where = f"sources.{name}"
        if not self.path:
            raise ConfigError(f"{where}.path: must not be empty")
        if self.local:
            self._drop_hub_only(where)
        if not (math.isfinite(self.ratio) and 0 <= self.ratio <= 1):
            raise ConfigError(f"{where}.ratio: must be between 0 and 1, got {self.ratio!r}")
        if (self.text_field is None) == (self.formatter is None):
            raise ConfigError(f"{where}: give exactly one of text_field and formatter "
                              f"(got text_field={self.text_field!r}, formatter={self.formatter!r})")
        if self.formatter is not None:
            from synthcode.registry import FORMATTERS

            try:
                FORMATTERS.load(self.formatter)
            except ConfigError as exc:
                raise ConfigError(f"{where}.formatter: {exc}") from None
        if self.fields and self.formatter is None:
            raise ConfigError(f"{where}.fields: only used with a formatter; use text_field for plain text")
        if not (math.isfinite(self.max_epochs) and self.max_epochs > 0):
            raise ConfigError(f"{where}.max_epochs: must be > 0, got {self.max_epochs!r}")

    def _drop_hub_only(self, where: str) -> None:
        """Clear the Hub-only settings (inherited from a preset, typically) a local source cannot use."""
        dropped = {f.name: getattr(self, f.name) for f in fields(self)
                   if f.metadata.get("hub_only") and getattr(self, f.name) is not None}
        if dropped:
            settings = ", ".join(f"{key}={value!r}" for key, value in dropped.items())
            log.warning("%s: %s only %s to Hub datasets; dropped for the local path %s", where, settings,
                        "applies" if len(dropped) == 1 else "apply", self.path)
            for key in dropped:
                setattr(self, key, None)


@dataclass(kw_only=True, slots=True)
class MixConfig:
    sources: dict[str, SourceConfig]
    """Source name -> source; the ratios of all sources must sum to 1."""
    total_tokens: int
    """Token budget of the mix; rounded down to a whole number of sequences."""
    tokenizer: str = path_field(hub=True)
    """A Hub tokenizer name, a local ``transformers`` tokenizer directory, or a ``tokenizer.json`` file
    (relative to the config file's folder)."""
    seq_len: int = 2048
    """Tokens per packed sequence (row)."""
    seed: int = 0
    """Seeds the document order; the same config and seed give byte-identical shards."""
    eos: bool = True
    """Append the EOS token after every document (it counts toward the source's tokens)."""
    eos_token: str | None = None
    """The EOS token's text; by default the tokenizer's own (``tokenizer.json`` files need it set)."""
    add_special_tokens: bool = False
    """Let the tokenizer's post-processor add its special tokens (e.g. BOS) to every document."""
    sequences_per_shard: int = 8192
    """Rows per output Parquet shard."""
    batch_size: int = 1000
    """Documents per tokenizer call (the fast tokenizer spreads a batch across cores)."""
    description: str = ""
    """What the mix is for; copied into the manifest."""

    def __post_init__(self) -> None:
        if not self.sources:
            raise ConfigError("sources: at least one source is needed")
        for name, source in self.sources.items():
            source.validate(name)
        for name, value in (("total_tokens", self.total_tokens), ("seq_len", self.seq_len),
                            ("sequences_per_shard", self.sequences_per_shard), ("batch_size", self.batch_size)):
            if value <= 0:
                raise ConfigError(f"{name}: must be > 0, got {value!r}")
        if self.total_tokens < self.seq_len:
            raise ConfigError(f"total_tokens: {self.total_tokens} is less than one sequence (seq_len {self.seq_len})")
        total = sum(source.ratio for source in self.sources.values())
        if abs(total - 1) > RATIO_TOLERANCE:
            ratios = ", ".join(f"{name}={source.ratio:g}" for name, source in self.sources.items() if source.ratio)
            raise ConfigError(f"sources: ratios must sum to 1, got {total:.6g} ({ratios or 'all 0'})")

    @property
    def active(self) -> dict[str, SourceConfig]:
        """The sources with a non-zero ratio, in config order (their index is the packed ``source_ids``)."""
        return {name: source for name, source in self.sources.items() if source.ratio > 0}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
