"""The row a generation run writes for each candidate, and the packed-sequence format of a mix.

Generation (``synthcode generate``) writes one :data:`SAMPLE_COLUMNS` row per verified problem
(its canonical solution) to ``OUT/accepted/*.parquet`` or ``OUT/rejected/*.parquet``; export
(``synthcode export``) and the mix formatters read the same columns. Keeping the schema here, in
one place, is what lets those stages agree without importing each other.

Nested evidence (stage results, alternatives, provenance) is stored as JSON text rather than
as Parquet structs: the stages grow new optional fields (counterexamples, tool versions), and a
struct schema would make every such field a breaking change for datasets already on the Hub.

A mix (``synthcode mix``) writes packed token sequences as Parquet shards of
:data:`PACKED_COLUMNS`: every row is exactly ``seq_len`` tokens, made of consecutive document
segments whose lengths are ``doc_lengths`` (a document cut at a row's end continues as the first
segment of the next row), so a trainer can keep attention inside documents; its
``manifest.json`` holds :data:`MANIFEST_KEYS`.
"""

from __future__ import annotations

from typing import Any

SAMPLE_COLUMNS: dict[str, str] = {
    "id": "string",                 # stable hash of the problem id and the solution's normalized code
    "problem_id": "string",         # stable hash of the problem; splits and dedup group by it
    "status": "string",             # accepted | rejected
    "level": "string",              # rejected | tested | property-checked | symbolic | proved
    "reason": "string",             # one line: why accepted or rejected
    "mutation_score": "float64",    # share of non-equivalent mutants the tests killed; null: the stage did not score
    "statement": "string",          # the problem in natural language
    "entry_point": "string",        # the function under test
    "signature": "string",          # e.g. "def f(xs: list[int]) -> int:"
    "contracts": "string",          # PEP 316 lines ("pre: ...", "post: ..."), newline-separated
    "examples": "string",           # worked examples from the problem, as doctest-style text
    "solution": "string",           # the canonical solution's code
    "tests": "string",              # pytest-style test functions
    "property_strategy": "string",  # the Hypothesis strategy the problem proposed, as code
    "code": "string",               # the verify file that was verified: solution + tests
    "text": "string",               # the document for pre-training (prompts/ template)
    "stages": "string",             # JSON: list of StageResult.to_dict()
    "alternatives": "string",       # JSON: the other candidates' ids, levels and reasons
    "tools": "string",              # JSON: tool versions used by verification
    "budgets": "string",            # JSON: per-stage budgets used by verification
    "provenance": "string",         # JSON: model, template version, sampling, seed, taxonomy, seed snippet
}
"""Column name -> Arrow/``datasets`` value type of a generated sample row (``mutation_score``: see
:mod:`synthcode.stages.mutation`)."""

JSON_COLUMNS = ("stages", "alternatives", "tools", "budgets", "provenance")

SCORE_BINS = tuple(f"{b / 10:.1f}-{(b + 1) / 10:.1f}" for b in range(10))
"""The ``mutation_scores`` histogram's bins: [0, 0.1), [0.1, 0.2), ..., [0.9, 1.0] (1.0 in the last)."""


def score_histogram(scores: list[float | None]) -> dict[str, int]:
    """Counts per :data:`SCORE_BINS` bin, and ``unscored`` for samples the stage did not score."""
    counts = dict.fromkeys(SCORE_BINS, 0)
    counts["unscored"] = 0
    for score in scores:
        if score is None:
            counts["unscored"] += 1
        else:
            counts[SCORE_BINS[min(9, int(score * 10))]] += 1
    return counts


def guard_rejection(result: dict[str, Any]) -> str | None:
    """The tests stage's guard that rejected a sample (``untrusted-eq``, ``aliased``, ``tautology``, ``replaced``,
    ``replay``, or ``vacuous`` for a test that checked nothing), from one ``StageResult.to_dict()``;
    None for any other result (see README "Honest tests")."""
    if result.get("stage") != "tests" or result.get("status") != "failed":
        return None
    findings = (result.get("evidence") or {}).get("guards") or []
    if findings and isinstance(findings[0], dict):
        return str(findings[0].get("guard"))
    return "vacuous" if str(result.get("detail", "")).startswith("vacuous test") else None


PACKED_COLUMNS: dict[str, str] = {
    "input_ids": "list<int32>",     # exactly seq_len token ids
    "doc_lengths": "list<int32>",   # lengths of the consecutive document segments; sum == seq_len
    "source_ids": "list<int16>",    # per segment: index of its source in the manifest's "sources"
}
"""Column name -> type of one packed training sequence."""

PACKED_FORMAT = "synthcode-packed-v1"
"""The ``format`` a mix's ``manifest.json`` names; a rerun rebuilds a mix of another format."""

MANIFEST_KEYS: dict[str, str] = {
    "preset": "the mix config's name (its file's stem), a label for the trainer and the report; or null",
    "format": f"{PACKED_FORMAT}",
    "columns": "PACKED_COLUMNS: column name -> type of the shards' rows",
    "seq_len": "tokens per row",
    "num_sequences": "rows in all shards",
    "total_tokens": "num_sequences * seq_len",
    "seed": "seeds document selection and shuffling",
    "tokenizer": "the tokenizer's description (name or path, vocabulary size, EOS id); the trainer loads it",
    "eos": "whether an EOS token ends every document: appended, token, id, note",
    "sources": "per source (in source_ids order): name, path, formatter, target and realized tokens and ratio, "
               "documents, unique_documents, epochs",
    "shards": 'the Parquet shards in order, each {"path", "sequences", "sha256"}',
    "config": "the whole mix config, which a rerun compares to reuse a finished mix",
}
"""Key -> meaning of a mix's ``manifest.json``, written last by ``synthcode mix`` (so a manifest
means the shards are complete) and read by the trainer and the evaluation report."""

MANIFEST_REQUIRED = ("seq_len", "tokenizer", "shards")
"""The keys a trainer cannot do without; a manifest missing one is an input error."""


def sample_features() -> Any:
    """The ``datasets.Features`` of a sample row (imports ``datasets`` lazily)."""
    from datasets import Features, Value

    return Features({name: Value(kind) for name, kind in SAMPLE_COLUMNS.items()})


def sample_arrow_schema() -> Any:
    """The ``pyarrow.Schema`` of a sample row."""
    import pyarrow as pa

    return pa.schema([(name, pa.type_for_alias(kind)) for name, kind in SAMPLE_COLUMNS.items()])


def packed_arrow_schema() -> Any:
    """The ``pyarrow.Schema`` of a packed sequence row."""
    import pyarrow as pa

    return pa.schema([("input_ids", pa.list_(pa.int32())), ("doc_lengths", pa.list_(pa.int32())),
                      ("source_ids", pa.list_(pa.int16()))])
