"""synthcode.files: atomic writes (old bytes or new, never torn) and the one JSON rows reader."""

from __future__ import annotations

import io

import pytest

from synthcode.errors import InputError
from synthcode.files import json_rows, temporary_name, write_atomic


@pytest.mark.parametrize("durable", [False, True])
def test_write_atomic_replaces_the_file_and_leaves_no_temporary(tmp_path, durable):
    target = tmp_path / "manifest.json"
    write_atomic(target, "old\n", durable=durable)
    write_atomic(target, b"new\xff", durable=durable)
    assert target.read_bytes() == b"new\xff"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json"]


def test_a_write_that_fails_leaves_the_old_file(tmp_path):
    target = tmp_path / "part-00000.parquet"
    write_atomic(target, b"whole shard")

    with pytest.raises(TypeError):  # the write itself fails, after the temporary file was opened
        write_atomic(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"whole shard"
    assert temporary_name(target).name == ".part-00000.parquet.tmp"  # what a restarted writer sweeps


@pytest.mark.parametrize("text", ['{"a": 1}\n\n{"a": 2}\n', '  [{"a": 1}, {"a": 2}]'], ids=["jsonl", "array"])
def test_json_rows_reads_both_forms_with_their_places(text):
    rows = list(json_rows(io.StringIO(text), "f.jsonl"))
    assert [row for _, row in rows] == [{"a": 1}, {"a": 2}]
    assert [place for place, _ in rows] == (["line 1", "line 3"] if text.startswith("{") else ["item 1", "item 2"])


def test_json_rows_names_the_line_that_is_not_json():
    with pytest.raises(InputError, match=r"^f.jsonl line 2: not JSON \("):
        list(json_rows(io.StringIO('{"a": 1}\n{"a": \n'), "f.jsonl"))


def test_judge_rows_name_a_missing_field(tmp_path):
    from synthcode.evaluation.judge import read_jsonl

    path = tmp_path / "prompts.jsonl"
    path.write_text('{"prompt": "p"}\n{"text": "q"}\n')
    with pytest.raises(InputError, match=r"^judge.prompts .*prompts.jsonl line 2: missing prompt$"):
        read_jsonl(str(path), ("prompt",), "judge.prompts")
