"""Generated rows written and read back: one typed record (``synthcode.generate.rows``) that the job
writes through and resume, ``stats.json`` and export read through, checked on shards written before
it existed.

``data/rows-2026-12`` is the committed demo's output (``synthcode generate --config
configs/generate/demo.yaml``) as the code before the reader wrote it: 3 accepted and 9 rejected
problems, with every JSON column filled, and the ``stats.json`` that run computed.
"""

from __future__ import annotations

import ast
import dataclasses
import itertools
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from synthcode.config import load_config
from synthcode.errors import InputError
from synthcode.export.build import ExportConfig, export
from synthcode.generate.config import ROOT, GenerateConfig
from synthcode.generate.job import GenerateJob
from synthcode.generate.rows import Alternative, GeneratedRow, read_generated
from synthcode.generate.stats import compute_stats
from synthcode.generate.writer import ShardWriter, read_all
from synthcode.records import JSON_COLUMNS, SAMPLE_COLUMNS, sample_arrow_schema
from synthcode.sample import Level, StageResult, Status

OLD = Path(__file__).parent / "data" / "rows-2026-12"
DEMO = ROOT / "configs/generate/demo.yaml"
SRC = Path(__file__).resolve().parents[2] / "src" / "synthcode"


def demo_config(out: Path) -> GenerateConfig:
    config = load_config(GenerateConfig, DEMO, {"out": str(out), "verify": {"workers": 1}})
    config.resolve_paths(DEMO.parent)
    return config


def test_the_typed_row_has_every_sample_column():
    assert [f.name for f in dataclasses.fields(GeneratedRow)] == list(SAMPLE_COLUMNS)


def test_rows_written_before_the_reader_decode_into_typed_fields():
    every = list(read_generated(OLD))
    assert sorted(r.provenance["index"] for r in every) == list(range(12))
    rows = {row.entry_point: row for row in every}
    evens = rows["sum_evens"]
    assert evens.status == "accepted" and evens.level == "property-checked" and evens.reached == "decontaminated"
    assert all(isinstance(r, StageResult) for r in evens.stages)
    assert [r.stage for r in evens.stages] == ["parse", "tests", "mutation", "properties", "outputs", "agreement"]
    assert evens.stages[3].level is Level.PROPERTY_CHECKED and evens.stages[3].status is Status.PASSED
    assert evens.stages[-1].evidence["decided_by"] == "largest"
    buggy = next(a for a in evens.alternatives if a.candidate == 0)
    assert buggy == Alternative(candidate=0, status="accepted", level=buggy.level, reason=buggy.reason,
                                solution=buggy.solution, tests_passed=1.0, mutation_score=None, cluster=1,
                                agrees=False, seconds=buggy.seconds)
    assert set(buggy.seconds) == {"parse", "tests", "outputs"}
    assert evens.tools["hypothesis"] and evens.budgets["properties"]["examples"] == 30
    assert evens.provenance["model"] == "scripted-coder" and evens.mutation_score == evens.stages[2].evidence[
        "mutation_score"]
    assert len(evens.solutions) == 3 and evens.solutions[0] == evens.solution
    (refused,) = [r for r in every if r.category == "refusal"]
    assert refused.stages == [] and refused.alternatives == [] and refused.reached == "generated"
    # Only the columns asked for are read; the rest keep their empty defaults.
    (first, *_) = read_generated(OLD, ["problem_id", "alternatives"], kinds=("accepted",))
    assert first.problem_id and first.alternatives and first.stages == [] and first.provenance == {}


def full_row() -> GeneratedRow:
    """A row with every field set, nested evidence and counterexamples included."""
    stages = [
        StageResult(stage="parse", status=Status.PASSED, seconds=0.001234, tools={"python": "3.12.1"}),
        StageResult(stage="tests", status=Status.PASSED, detail="3 tests", seconds=0.25, level=Level.TESTED,
                    evidence={"tests_total": 3, "tests_passed": 3, "guards": [{"guard": "none", "at": [1, 2]}]}),
        StageResult(stage="mutation", status=Status.PASSED, seconds=1.5, tools={"budget_mutation": "20"},
                    evidence={"mutation_score": 0.75, "survivors": [{"line": 3, "op": "<= -> <"}]}),
        StageResult(stage="properties", status=Status.FAILED, detail="falsified", seconds=2.0,
                    test="test_property_strategy", assertion="assert __return__ >= 0",
                    counterexample={"args": [[-1, 2]], "value": None}, level=Level.PROPERTY_CHECKED,
                    tools={"hypothesis": "6.155.2"}, evidence={"examples": 30, "nested": {"a": [{"b": 1.5}]}}),
        StageResult(stage="agreement", status=Status.PASSED, detail="3 of 4 agree",
                    evidence={"decided_by": "largest", "clusters": [[0, 2], [1]]}),
    ]
    alternatives = [
        Alternative(candidate=0, status="accepted", level="tested", reason="accepted: tests", solution="def f(): ...",
                    tests_passed=1.0, mutation_score=0.5, cluster=1, agrees=False,
                    seconds={"parse": 0.0012, "tests": 0.3}),
        Alternative(candidate=1, status="rejected", level="rejected", reason="tests failed: [assert f(2) == 5]",
                    solution="def f(): return 4", tests_passed=0.5, seconds={"parse": 0.001}),
        Alternative(candidate=3, status="rejected", level="rejected", reason="no code block"),
        Alternative(candidate=4, status="unverified", level="rejected", solution="def f(): return 5"),
    ]
    return GeneratedRow(
        id="0123456789abcdef", problem_id="p-7", status="accepted", level="property-checked",
        reason="accepted: property-checked", mutation_score=0.75, statement="Return x, unless \"quoted\".\n",
        entry_point="f", signature="def f(x: int) -> int:", contracts="pre: x >= 0\npost: __return__ >= 0",
        examples=">>> f(1)\n1", solution="def f(x):\n    return x\n", tests="def test_f():\n    assert f(1) == 1\n",
        property_strategy="st.tuples(st.integers(0, 9))", code="# the verify file\n", text="a document ✓",
        stages=stages, alternatives=alternatives, tools={"hypothesis": "6.155.2", "python": "3.12.1"},
        budgets={"tests": {"seconds": 10.0}, "properties": {"examples": 30, "seconds": 20.0}},
        provenance={"index": 7, "model": "scripted-coder", "reached": "decontaminated", "sampling": {"t": 0.8}})


def test_a_row_with_every_field_set_comes_back_equal_through_a_shard(tmp_path):
    row = full_row()
    assert all(getattr(row, f.name) not in ("", None, [], {}) for f in dataclasses.fields(row))
    empty = dataclasses.replace(row, status="rejected", reason="refusal: no problem", mutation_score=None,
                                stages=[], alternatives=[], tools={}, provenance={"index": 8})
    with ShardWriter(tmp_path) as writer:  # what the job writes with
        writer.write(row.to_parquet_row())
        writer.write(empty.to_parquet_row())
    assert list(read_generated(tmp_path)) == [row, empty]
    # Only the JSON columns are text; the others go to the writer as they are.
    encoded = row.to_parquet_row()
    assert list(encoded) == list(SAMPLE_COLUMNS) and encoded["mutation_score"] == 0.75
    assert json.loads(encoded["stages"])[3]["counterexample"] == {"args": [[-1, 2]], "value": None}


def test_an_alternative_comes_back_equal_whichever_fields_it_has():
    optional = {"tests_passed": 0.0, "mutation_score": 0.0, "cluster": 0, "agrees": False, "seconds": {"tests": 0.5}}
    for chosen in itertools.product([False, True], repeat=len(optional)):
        values = {k: v for (k, v), keep in zip(optional.items(), chosen) if keep}
        alternative = Alternative(candidate=2, status="rejected", level="rejected", **values)
        assert Alternative.from_dict(json.loads(json.dumps(alternative.to_dict()))) == alternative, values


def test_old_rows_written_again_are_the_same_text():
    """The encoder writes the columns exactly as the code before it did, key order included: a
    dataset's JSON text does not change with it."""
    rows = read_all(OLD)
    assert len(rows) == 12
    for row in rows:
        assert GeneratedRow.from_parquet_row(row).to_parquet_row() == row


def test_stats_from_old_rows_match_what_the_old_run_computed(tmp_path):
    old = json.loads((OLD / "stats.json").read_text())
    new = json.loads(json.dumps(compute_stats(OLD, demo_config(tmp_path))))
    assert {k: v for k, v in new.items() if k != "config"} == {k: v for k, v in old.items() if k != "config"}
    assert new["rejections"]["duplicate"] == 1 and new["agreement"] == {"largest": 1, "unanimous": 2}


def test_export_of_old_rows_keeps_the_agreeing_alternatives(tmp_path):
    summary = export(OLD, tmp_path / "ds", ExportConfig(validation_fraction=0, solutions="all"))
    exported = pq.read_table(tmp_path / "ds" / "data").to_pylist()
    # The ids the code before the reader exported from these shards.
    assert sorted(r["id"] for r in exported) == ["3134c28a7ec43794", "4ab47b45e186f529", "54c96d1fb28d0eae",
                                                 "c58b1b1ad38198cb", "d5b037c73d3cf678", "e37236b61dabc617"]
    assert summary["rows"] == 6
    # Each further row is an alternative the typed reader says agrees with its canonical solution.
    agreeing = {(r.problem_id, a.solution) for r in read_generated(OLD, kinds=("accepted",))
                for a in r.alternatives if a.agrees and a.status == "accepted"}
    further = {(r["problem_id"], r["solution"]) for r in exported if r["reason"].startswith("agrees")}
    assert further and further <= agreeing
    assert len(further) == 3  # sum_evens' candidate 2 and longest_run's 0 and 2


@pytest.mark.slow
def test_resume_from_old_rows_finds_the_duplicate_among_the_rows_it_read_back(tmp_path, monkeypatch):
    """The demo's ``max_equal_run`` rewords ``longest_run``; with its row removed, a rerun redoes only
    it, and rejects it as a duplicate of the old row it read back (statement, signature, solutions)."""
    out = tmp_path / "gen"
    shutil.copytree(OLD, out)
    shard = out / "rejected" / "part-00000.parquet"
    table = pq.read_table(shard)
    kept = [r for r in table.to_pylist() if not r["reason"].startswith("duplicate")]
    assert len(kept) == table.num_rows - 1
    pq.write_table(pa.Table.from_pylist(kept, schema=sample_arrow_schema()), shard)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    stats = GenerateJob(demo_config(out)).run()
    redone = [r for r in read_generated(out, kinds=("rejected",)) if r.category == "duplicate"]
    assert [(r.entry_point, r.reached) for r in redone] == [("max_equal_run", "parsed")]
    assert redone[0].reason.startswith("duplicate: a solution is an exact duplicate")
    assert stats["funnel"]["requested"] == 12 and stats["rejections"]["duplicate"] == 1


def test_a_json_column_that_is_not_its_record_is_a_one_line_error(tmp_path):
    row = {name: "" for name in SAMPLE_COLUMNS} | {"problem_id": "p-1", "status": "rejected",
                                                   "mutation_score": None, "alternatives": "[{"}
    with pytest.raises(InputError, match=r"^row p-1: column 'alternatives' is not JSON"):
        GeneratedRow.from_parquet_row(row)
    row["alternatives"], row["stages"] = "[]", json.dumps([{"stage": "tests", "status": "sorta"}])
    with pytest.raises(InputError, match=r"^row p-1: column 'stages' is not a synthcode stages record"):
        GeneratedRow.from_parquet_row(row)
    row["stages"], row["provenance"] = "[]", "[1]"
    with pytest.raises(InputError, match="column 'provenance'.*expected an object"):
        GeneratedRow.from_parquet_row(row)
    (tmp_path / "rejected").mkdir()
    pq.write_table(pa.Table.from_pylist([row], schema=sample_arrow_schema()), tmp_path / "rejected/part-00000.parquet")
    with pytest.raises(InputError, match=f"^{tmp_path}: row p-1: column 'provenance'"):
        list(read_generated(tmp_path))


def _decodes_a_json_column(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and ast.unparse(node.func) == "json.loads" and node.args
            and any(f"'{column}'" in ast.unparse(node.args[0]) for column in JSON_COLUMNS))


def _is_dumps(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Call) and ast.unparse(node.func) == "json.dumps"


def _encodes_a_json_column(node: ast.AST) -> bool:
    """A ``json.dumps`` put where a JSON column goes: a dict entry or keyword of a column's name
    (``{"stages": json.dumps(...)}``, ``f(tools=json.dumps(...))``), or an assignment to a
    subscript, variable or attribute of that name (``row["budgets"] = ...``, ``self._budgets = ...``)."""
    if isinstance(node, ast.Dict):
        return any(isinstance(k, ast.Constant) and k.value in JSON_COLUMNS and _is_dumps(v)
                   for k, v in zip(node.keys, node.values))
    if isinstance(node, ast.keyword):
        return node.arg in JSON_COLUMNS and _is_dumps(node.value)
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and _is_dumps(node.value):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [t.slice.value if isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant)
                 else t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else None
                 for t in targets]
        return any(isinstance(n, str) and n.lstrip("_") in JSON_COLUMNS for n in names)
    return False


def test_json_columns_are_encoded_and_decoded_only_by_the_row_record():
    """Resume, stats and export once each decoded the JSON columns their own way, and the job
    encoded them by hand; now only ``generate/rows.py`` does either (a ``json.loads(row["stages"])``
    or a ``{"stages": json.dumps(...)}`` anywhere else fails this test)."""
    places = [f"{path.relative_to(SRC)}:{node.lineno}" for path in sorted(SRC.rglob("*.py"))
              if path != SRC / "generate" / "rows.py"
              for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
              if _decodes_a_json_column(node) or _encodes_a_json_column(node)]
    assert places == []
    rows_module = (SRC / "generate" / "rows.py").read_text(encoding="utf-8")
    assert "json.loads(text)" in rows_module and "json.dumps([r.to_dict() for r in value])" in rows_module
    assert _decodes_a_json_column(ast.parse('json.loads(row["stages"])').body[0].value)
    caught = ['row = {"id": i, "stages": json.dumps(stages)}', 'f(alternatives=json.dumps(a))',
              'row["provenance"] = json.dumps(p, sort_keys=True)', 'self._budgets = json.dumps(b)',
              'tools: str = json.dumps(t)']
    for line in caught:
        assert any(_encodes_a_json_column(n) for n in ast.walk(ast.parse(line))), line
    for line in ['body = json.dumps(message)', '{"stage": json.dumps(x)}', 'cache.put(request=json.dumps(r))']:
        assert not any(_encodes_a_json_column(n) for n in ast.walk(ast.parse(line))), line
