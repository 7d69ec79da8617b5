"""A ``synthcode generate --out`` directory written here with pyarrow: accepted and rejected
Parquet shards of :data:`synthcode.records.SAMPLE_COLUMNS` rows, and ``stats.json``::

    gen, accepted, stats = write_gen_dir(tmp_path / "gen", problems=20, shards=1)
    export(gen, tmp_path / "dataset", ExportConfig())
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from synthcode.mix.formatters import format_sample
from synthcode.records import SAMPLE_COLUMNS, sample_arrow_schema, score_histogram

LEVELS = ["tested", "property-checked", "symbolic", "proved"]


def sample_row(problem: int, variant: int, level: str, status: str = "accepted") -> dict[str, Any]:
    row = {name: "" for name in SAMPLE_COLUMNS}
    row.update(
        id=f"s{problem}-{variant}", problem_id=f"p{problem:04d}", status=status, level=level,
        reason="all stages passed" if status == "accepted" else "tests failed",
        statement=f"Return x plus {problem}.", entry_point=f"add_{problem}",
        signature=f"def add_{problem}(x: int) -> int:", contracts=f"post: __return__ == x + {problem}",
        examples=f">>> add_{problem}(1)\n{problem + 1}",
        solution=f"def add_{problem}(x: int) -> int:\n    return x + {problem}\n",
        tests=f"def test_add():\n    assert add_{problem}(1) == {problem + 1}\n",
        property_strategy="st.integers()",
        stages=json.dumps([{"stage": "tests", "status": "passed", "detail": "", "seconds": 0.01}]),
        alternatives="[]", tools=json.dumps({"python": "3.11.7"}), budgets=json.dumps({"tests": {"seconds": 10}}),
        provenance=json.dumps({"model": "tiny", "seed": problem}),
        mutation_score=None if problem % 7 == 0 else round(((problem * 3 + variant) % 11) / 10, 1))
    row["code"] = row["solution"] + "\n" + row["tests"]
    row["text"] = format_sample(row)
    return row


def write_gen_dir(root: Path, problems: int = 60, shards: int = 3) -> tuple[Path, list[dict], dict]:
    """A `synthcode generate --out` directory: accepted/rejected Parquet shards and stats.json."""
    accepted = [sample_row(p, v, LEVELS[(p + v) % 4]) for p in range(problems) for v in range(1 + p % 3)]
    rejected = [sample_row(1000 + p, 0, "rejected", "rejected") for p in range(5)]
    for kind, rows in (("accepted", accepted), ("rejected", rejected)):
        (root / kind).mkdir(parents=True)
        step = -(-len(rows) // shards)
        for k in range(shards):
            part = rows[k * step:(k + 1) * step]
            table = pa.Table.from_pylist(part, schema=sample_arrow_schema())
            pq.write_table(table, root / kind / f"part-{k:05d}.parquet")
    levels = {level: sum(r["level"] == level for r in accepted) for level in LEVELS}
    stats = {
        "funnel": {"requested": 400, "generated": 380, "parsed": 300, "deduplicated": 250, "decontaminated": 240,
                   "passed": {"tests": 180, "properties": 150, "symbolic": 130}, "accepted": len(accepted)},
        "rejections": {"tests-failed": 60, "timeout": 12},
        "levels": levels,
        "mutation_scores": score_histogram([r["mutation_score"] for r in accepted]),
        "guards": {"replay": 2, "vacuous": 7},
        "tools": {"python": "3.11.7", "hypothesis": "6.100.0", "crosshair-tool": "0.0.80", "z3-solver": "4.13.0"},
        "budgets": {"tests": {"seconds": 10.0, "examples": 0}, "properties": {"seconds": 20.0, "examples": 200}},
        "decontamination": ["humaneval", "mbpp"], "model": "tiny-coder", "config": {"n": 400},
    }
    (root / "stats.json").write_text(json.dumps(stats))
    (root / "cache").mkdir()
    return root, accepted, stats
