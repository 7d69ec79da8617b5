"""Reading what ``synthcode verify`` is given: a ``.py`` file, a directory of them, or JSONL.

JSONL records hold ``code`` (required), and optionally ``id`` (a string or a number),
``reference`` (a reference solution's code) and ``entry_point``; any other field is kept in the
sample's metadata. A record's id defaults to ``STEM-LINE`` (``batch-3`` for line 3 of
``batch.jsonl``).

Input that cannot be used never stops a batch: a JSONL line that is not JSON, not an object, has
no string ``code``, a field of the wrong type or an id seen before, and a ``.py`` file that cannot
be read or decoded, each become an *unusable* sample (:func:`unusable`): an error verdict whose
only stage is ``input`` and whose reason names the file (and line) and what is wrong. The verifier
never runs them; they are written out like any verdict. With ``strict=True`` the first of them
raises :class:`InputError` instead. A path that does not exist, is of another kind, or a
directory with no ``.py`` file, is an :class:`InputError` either way: there is no batch to run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from synthcode.errors import InputError
from synthcode.sample import INPUT_STAGE, Sample, StageResult, Status


class _Unusable(Exception):
    """One input that cannot be made a sample; the message says where and why."""

    def __init__(self, why: str, sample_id: str, origin: str) -> None:
        super().__init__(why)
        self.sample_id, self.origin = sample_id, origin


def unusable(sample_id: str, origin: str, why: str) -> Sample:
    """The error verdict for an input that cannot be verified (``Sample.unusable`` is true)."""
    return Sample(id=sample_id, code="", origin=origin,
                  stages=[StageResult(stage=INPUT_STAGE, status=Status.ERROR, detail=why)])


def _from_py(path: Path, sample_id: str) -> Sample:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _Unusable(f"{path}: cannot read it: {exc.strerror}", sample_id, str(path)) from None
    try:
        return Sample(id=sample_id, code=data.decode("utf-8"), origin=str(path))
    except UnicodeDecodeError as exc:
        raise _Unusable(f"{path}: not valid UTF-8 (byte {exc.start})", sample_id, str(path)) from None


def _record_id(record: dict, default: str) -> str | None:
    """The record's id as a string (``default`` when it has none); None when it is of a wrong type."""
    value = record.pop("id", None)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)


def _from_jsonl(path: Path) -> Iterator[Sample | _Unusable]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    seen: set[str] = set()

    def line_id(number: int) -> str:
        """An id for a bad line: its default id, or one made from the file's name when taken."""
        candidates = [f"{path.stem}-{number}", f"{path.name}:{number}"]
        candidates += (f"{path.name}:{number}#{k}" for k in range(2, len(seen) + 3))
        return next(c for c in candidates if c not in seen)

    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(raw)
            except (ValueError, UnicodeDecodeError) as exc:
                bad = _Unusable(f"{where}: not valid JSON ({exc})", line_id(number), where)
            else:
                bad = None
                if not isinstance(record, dict):
                    why = f"expected a JSON object, got {type(record).__name__}"
                    sample_id = line_id(number)
                else:
                    sample_id = _record_id(record, f"{path.stem}-{number}")
                    why = None
                    if sample_id is None or sample_id in seen:
                        why = ("field 'id' must be a string or a number" if sample_id is None
                               else f"duplicate id {sample_id!r}")
                        sample_id = line_id(number)
                    elif not isinstance(record.get("code"), str):
                        why = "missing string field 'code'" if "code" not in record else "field 'code' must be a string"
                    else:
                        wrong = [name for name in ("reference", "entry_point")
                                 if record.get(name) is not None and not isinstance(record[name], str)]
                        if wrong:
                            why = f"field {wrong[0]!r} must be a string"
                if why is not None:
                    bad = _Unusable(f"{where}: {why}", sample_id, where)
            if bad is not None:
                seen.add(bad.sample_id)
                yield bad
                continue
            seen.add(sample_id)
            yield Sample(id=sample_id, code=record.pop("code"), reference=record.pop("reference", None),
                         entry_point=record.pop("entry_point", None), origin=where, metadata=record)


def _from_files(root: Path, files: list[Path]) -> Iterator[Sample | _Unusable]:
    for path in files:
        try:
            yield _from_py(path, path.relative_to(root).as_posix() if path != root else path.name)
        except _Unusable as bad:
            yield bad


def count_inputs(path: Path) -> int | None:
    """How many samples ``load_samples`` will yield, cheaply (for a progress bar)."""
    if path.is_dir():
        return sum(1 for _ in path.rglob("*.py"))
    if path.suffix == ".jsonl":
        with path.open("rb") as f:
            return sum(1 for line in f if line.strip())
    return 1


def load_samples(path: Path, strict: bool = False) -> Iterator[Sample]:
    """Yield samples from ``path``, unusable ones among them (see the module docstring); raise
    :class:`InputError` when there is nothing to read, or, if ``strict``, at the first bad input."""
    if not path.exists():
        raise InputError(f"{path} does not exist")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.py") if p.is_file())
        if not files:
            raise InputError(f"{path} holds no .py files")
        samples = _from_files(path, files)
    elif path.suffix == ".py":
        samples = _from_files(path, [path])
    elif path.suffix == ".jsonl":
        samples = _from_jsonl(path)
    else:
        raise InputError(f"{path}: expected a .py file, a directory of them, or a .jsonl file")
    for sample in samples:
        if isinstance(sample, _Unusable):
            if strict:
                raise InputError(str(sample))
            sample = unusable(sample.sample_id, sample.origin, str(sample))
        yield sample
