"""Reading what ``synthcode verify`` is given: a ``.py`` file, a directory of them, or JSONL.

JSONL records hold ``code`` (required), and optionally ``id``, ``reference`` (a reference
solution's code) and ``entry_point``; any other field is kept in the sample's metadata. A file
that cannot be decoded becomes a sample whose parse stage fails, so a batch reports it instead of
stopping; a JSONL line that is not a JSON object, or a duplicated id, stops the run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from synthcode.errors import InputError
from synthcode.sample import Sample


def _from_py(path: Path, sample_id: str) -> Sample:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return Sample(id=sample_id, code=data.decode("utf-8"), origin=str(path))
    except UnicodeDecodeError as exc:
        # The parse stage reports it, so one bad file in a batch is a rejection, not a crash.
        return Sample(id=sample_id, code="", origin=str(path),
                      metadata={"decode_error": f"not valid UTF-8 (byte {exc.start})"})


def _from_jsonl(path: Path) -> Iterator[Sample]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except (ValueError, UnicodeDecodeError) as exc:
                raise InputError(f"{path}:{number}: not valid JSON ({exc})") from None
            if not isinstance(record, dict):
                raise InputError(f"{path}:{number}: expected a JSON object, got {type(record).__name__}")
            code = record.pop("code", None)
            if not isinstance(code, str):
                raise InputError(f"{path}:{number}: missing string field 'code'")
            sample_id = record.pop("id", None)
            sample_id = f"{path.stem}-{number}" if sample_id is None else str(sample_id)
            reference = record.pop("reference", None)
            entry_point = record.pop("entry_point", None)
            for name, value in (("reference", reference), ("entry_point", entry_point)):
                if value is not None and not isinstance(value, str):
                    raise InputError(f"{path}:{number}: field {name!r} must be a string")
            yield Sample(id=sample_id, code=code, reference=reference, entry_point=entry_point,
                         origin=f"{path}:{number}", metadata=record)


def count_inputs(path: Path) -> int | None:
    """How many samples ``load_samples`` will yield, cheaply (for a progress bar)."""
    if path.is_dir():
        return sum(1 for _ in path.rglob("*.py"))
    if path.suffix == ".jsonl":
        with path.open("rb") as f:
            return sum(1 for line in f if line.strip())
    return 1


def load_samples(path: Path) -> Iterator[Sample]:
    """Yield samples from ``path``; raise :class:`InputError` for unusable input."""
    if not path.exists():
        raise InputError(f"{path} does not exist")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.py") if p.is_file())
        if not files:
            raise InputError(f"{path} holds no .py files")
        samples: Iterator[Sample] = (_from_py(p, p.relative_to(path).as_posix()) for p in files)
    elif path.suffix == ".py":
        samples = iter([_from_py(path, path.name)])
    elif path.suffix == ".jsonl":
        samples = _from_jsonl(path)
    else:
        raise InputError(f"{path}: expected a .py file, a directory of them, or a .jsonl file")
    seen: set[str] = set()
    for sample in samples:
        if sample.id in seen:
            raise InputError(f"duplicate id {sample.id!r} ({sample.origin})")
        seen.add(sample.id)
        yield sample
