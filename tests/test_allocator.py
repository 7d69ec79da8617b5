"""synthcode.allocator: which malloc library is chosen, the environment round trip of the re-exec,
and a real re-executed interpreter running with the library mapped and LD_PRELOAD tidied away."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from synthcode import allocator
from synthcode.errors import ConfigError

MIMALLOC = allocator.find_library("mimalloc")
needs_mimalloc = pytest.mark.skipif(MIMALLOC is None, reason="libmimalloc is not installed (scripts/setup.sh installs it)")


def test_the_setting_chooses_the_library(tmp_path, monkeypatch):
    assert allocator.find_library("system") is None
    library = tmp_path / "libmine.so"
    library.write_bytes(b"")
    assert allocator.find_library(str(library)) == str(library)
    monkeypatch.chdir(tmp_path)
    assert allocator.find_library("libmine.so") == str(library)  # a relative path, made absolute
    with pytest.raises(ConfigError, match=r"^SYNTHCODE_MALLOC=/no/such\.so: no such library; use 'mimalloc'"):
        allocator.find_library("/no/such.so")


def test_the_environment_round_trip_keeps_the_users_preloads():
    start = {"LD_PRELOAD": "/opt/a.so:/opt/b.so", "HOME": "/root"}
    preloaded = allocator.preload_environment(start, "/lib/libmimalloc.so.2")
    assert preloaded["LD_PRELOAD"] == "/lib/libmimalloc.so.2 /opt/a.so /opt/b.so"
    assert preloaded[allocator.PRELOADED] == "/lib/libmimalloc.so.2"
    assert allocator.restore_environment(preloaded) == "/lib/libmimalloc.so.2"
    assert preloaded == {"LD_PRELOAD": "/opt/a.so /opt/b.so", "HOME": "/root"}
    alone = allocator.preload_environment({"HOME": "/root"}, "/lib/libmimalloc.so.2")
    allocator.restore_environment(alone)
    assert alone == {"HOME": "/root"}
    assert allocator.restore_environment({"HOME": "/root"}) is None  # not a re-executed process


def test_loaded_follows_the_library_symlink_to_the_mapped_file(tmp_path):
    (tmp_path / "libfast.so.2.0").write_bytes(b"")
    (tmp_path / "libfast.so.2").symlink_to("libfast.so.2.0")
    maps = tmp_path / "maps"
    maps.write_text(f"7f00-7f01 r-xp 00000000 08:01 1 {tmp_path}/libfast.so.2.0\n7f02-7f03 rw-p 0 0:0 0 [heap]\n")
    assert allocator.loaded(str(tmp_path / "libfast.so.2"), maps)
    assert allocator.loaded("libfast.so.2", maps)  # a soname that ld.so looked up
    assert not allocator.loaded("libslow.so.1", maps)


PROBE = ("import json, os; from synthcode import allocator; library = allocator.reexec_with_fast_malloc(); "
         "print(json.dumps([library, os.environ.get('LD_PRELOAD'), os.environ.get(allocator.PRELOADED), "
         "os.getpid()]))")


@needs_mimalloc
def test_a_real_reexec_runs_with_mimalloc_mapped_and_hides_it_from_children():
    users = "/lib/x86_64-linux-gnu/libz.so.1"
    if not Path(users).exists():
        pytest.skip("no libz.so.1 to stand for a user's own preload")
    env = {**os.environ, "LD_PRELOAD": users, allocator.SETTING: "mimalloc"}  # asked for, so it goes first
    child = subprocess.Popen([sys.executable, "-c", PROBE], env=env, stdout=subprocess.PIPE, text=True)
    out, _ = child.communicate(timeout=60)
    library, preload, marker, pid = json.loads(out)
    assert library == MIMALLOC  # returned only when the re-executed process has it mapped
    assert preload == users and marker is None  # what the process's own children will inherit
    assert pid == child.pid  # exec replaced the process: the same pid the caller waits on


@needs_mimalloc  # without it, the default keeps glibc's too, and this would prove nothing
def test_system_keeps_glibc_and_does_not_reexec():
    env = {**os.environ, allocator.SETTING: "system"}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60).stdout
    library, preload, marker, _ = json.loads(out)
    assert library is None and marker is None and preload == os.environ.get("LD_PRELOAD")


@needs_mimalloc
def test_a_users_own_preload_is_left_alone_unless_mimalloc_is_asked_for():
    users = "/lib/x86_64-linux-gnu/libz.so.1"  # stands for the user's own allocator or tracer
    if not Path(users).exists():
        pytest.skip("no libz.so.1 to stand for a user's own preload")
    env = {**os.environ, "LD_PRELOAD": users}
    env.pop(allocator.SETTING, None)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60).stdout
    library, preload, marker, _ = json.loads(out)
    assert library is None and preload == users and marker is None


@needs_mimalloc
def test_a_library_the_user_preloaded_is_used_without_a_reexec():
    """So that a profiler started on the command (py-spy, perf) keeps following the same program."""
    env = {**os.environ, "LD_PRELOAD": MIMALLOC}
    env.pop(allocator.SETTING, None)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60).stdout
    library, preload, marker, _ = json.loads(out)
    assert library == MIMALLOC and preload == MIMALLOC and marker is None
