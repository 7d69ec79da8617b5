"""synthcode.files.write_atomic: the target holds the old bytes or the new, never a torn write."""

from __future__ import annotations

import pytest

from synthcode.files import temporary_name, write_atomic


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
