"""Worker cgroups on a machine where killed jobs left theirs behind (the kernel keeps them)."""

from __future__ import annotations

import os
import subprocess
import uuid

import pytest

from synthcode.sample import Sample
from synthcode.sandbox.base import Limits
from synthcode.sandbox.process import CGROUP_ROOT, Cgroup, ProcessSandbox
from synthcode.verify import Verifier, VerifyConfig

pytestmark = pytest.mark.skipif(not Cgroup.available(), reason="needs root and writable cgroup v1 hierarchies")


def leftover(name: str, memory_mb: int) -> list:
    """What a worker killed with SIGKILL leaves: its directories, with its own (smaller) limits."""
    dirs = [parent / name for parent in Cgroup.parents()]
    for directory in dirs:
        directory.mkdir(parents=True)
    (dirs[1] / "memory.limit_in_bytes").write_text(str(memory_mb << 20))
    swap = dirs[1] / "memory.memsw.limit_in_bytes"
    if swap.exists():
        swap.write_text(str(memory_mb << 20))
    return dirs


def remove(dirs) -> None:
    for directory in dirs:
        if directory.exists():
            directory.rmdir()


def test_a_leftover_with_the_same_name_and_smaller_limits_is_not_reused():
    # Process ids wrap (pid_max is 32768 on many machines), so a new worker's name can be a dead one's.
    name = f"test-{uuid.uuid4().hex[:8]}"
    stale = leftover(name, memory_mb=64)
    cgroup = Cgroup(name, Limits(memory_mb=512))
    try:
        assert [d.name for d in cgroup.dirs] == [f"{name}.1"] * len(Cgroup.parents())
        assert int((cgroup.dirs[1] / "memory.limit_in_bytes").read_text()) > 512 << 20
        assert (stale[1] / "memory.limit_in_bytes").read_text().strip() == str(64 << 20), "the leftover is not ours"
    finally:
        cgroup.remove()
        remove(stale)
    assert not any(d.exists() for d in cgroup.dirs)


def test_a_worker_whose_name_a_dead_worker_left_behind_still_verifies(monkeypatch):
    name = f"test-{uuid.uuid4().hex[:8]}"
    stale = leftover(name, memory_mb=64)
    try:
        with Verifier(VerifyConfig(stages=["tests"], sandbox="process", limits=Limits(memory_mb=512))) as verifier:
            monkeypatch.setattr(verifier.sandbox, "_next_name", lambda: name)
            sample = verifier.verify(Sample(id="s", code="def f():\n    return 1\n\ndef test_f():\n    assert f() == 1\n"))
            assert sample.status == "accepted", sample.failure
    finally:
        remove(stale)


def test_sweep_removes_only_old_empty_cgroups():
    ours = f"test-{uuid.uuid4().hex[:8]}"  # sweeps below touch only these: other jobs share the hierarchy
    empty = leftover(f"{ours}-empty", memory_mb=64)
    busy = leftover(f"{ours}-busy", memory_mb=64)
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        (busy[0] / "cgroup.procs").write_text(str(sleeper.pid))
        Cgroup.sweep(prefix=ours)
        assert all(d.exists() for d in empty), "a fresh cgroup may be one a worker is about to join"
        Cgroup.sweep(older_than=0, prefix=ours)
        assert not any(d.exists() for d in empty)
        assert busy[0].exists(), "a cgroup with a process inside is in use"
    finally:
        sleeper.kill()
        sleeper.wait()
        remove(empty)
        remove(busy)


def descendants(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for task in os.listdir(f"/proc/{current}/task"):
            with open(f"/proc/{current}/task/{task}/children") as f:
                pending += [int(child) for child in f.read().split()]
    return found


def cpu_cgroup(pid: int) -> str:
    with open(f"/proc/{pid}/cgroup") as f:
        for line in f:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            if "cpu" in controllers.split(","):
                return path
    raise AssertionError(f"process {pid} is in no cpu cgroup")


@pytest.mark.skipif(not (CGROUP_ROOT / "cpu").is_dir(), reason="no cpu cgroup hierarchy")
def test_each_worker_has_a_cpu_cgroup_of_its_own():
    # Equal shares per worker: a sample that forks CPU burners competes with its own worker only.
    sandbox = ProcessSandbox(Limits(memory_mb=256))
    workers = [sandbox.start_worker() for _ in range(2)]
    try:
        paths = [cpu_cgroup(descendants(worker.transport.process.pid)[-1]) for worker in workers]
        assert paths[0] != paths[1] and all(p.startswith("/synthcode/") for p in paths), paths
        shares = int((CGROUP_ROOT / "cpu" / "synthcode" / "cpu.shares").read_text())
        assert shares == min(262144, 1024 * (os.cpu_count() or 1))
    finally:
        for worker in workers:
            worker.close()
    assert not any((CGROUP_ROOT / "cpu" / p.lstrip("/")).exists() for p in paths), "removed with the worker"
