"""One seccomp filter for both sandbox backends: docker's default profile, tightened.

The profile, ``seccomp.json`` beside this file, is in docker's format and derived from moby's
``profiles/seccomp/default.json`` (its ``_provenance`` says from which commit, under which license,
and what changed). It was interpreted for a container without capabilities on x86_64 and then
tightened where docker's default leaves something a sample could use against the host or another
sample:

* ``ptrace``, ``process_vm_readv`` and ``process_vm_writev`` are denied (docker allows them): the
  zygote shares the sample's uid, so only its non-dumpable flag stood between them;
* ``ioprio_set``, ``setpriority``, ``sched_setaffinity``, ``sched_setattr``, ``sched_setparam``,
  ``sched_setscheduler`` and ``prlimit64`` act on the caller only (pid or who 0): on the zygote,
  every later fork would inherit the change;
* ``flock`` without ``LOCK_EX``: every sandbox sees some files read-only (``/usr/lib/os-release``),
  and an exclusive lock one worker takes there is visible to another; shared locks never conflict,
  and fcntl write locks need a writable descriptor, which only the private tmpfs gives;
* ``inotify_init`` and ``inotify_init1`` are denied (``fanotify_*`` already are): a watch on a file
  every sandbox binds read-only shows another worker's opens of it;
* ``fcntl`` is allowed for a listed set of commands, which leaves out ``F_GETLK`` and
  ``F_OFD_GETLK`` (a read lock, allowed on a read-only descriptor, would show in another worker's
  query; without them read locks are invisible, as they never conflict), ``F_NOTIFY`` (dnotify,
  inotify's predecessor) and ``F_SETLEASE``. Each command is compared on its low 32 bits, all the
  kernel reads of it, so high bits cannot slip a refused one through; a deny rule beside an
  unconditional allow would be no rule at all in libseccomp, hence the list;
* ``io_uring_*`` are denied: nothing a sample needs, and a large kernel surface;
* ``keyctl``, ``add_key`` and ``request_key`` stay denied (keys are not namespaced), as do mount,
  ``umount2``, ``unshare``, ``setns``, ``pivot_root``, ``bpf``, ``perf_event_open``, ``kexec_*``,
  module loading and ``clone`` with namespace flags; ``clone3`` answers ENOSYS, so libc falls back
  to ``clone``, whose flags a filter can read.

The docker backend hands :func:`docker_profile` to the engine (``security_opt``); the process
backend passes :func:`bpf` to bubblewrap (``--seccomp FD``), compiled here with libseccomp through
ctypes (libseccomp2 is on every Debian with bubblewrap). Both apply the filter to the zygote and
so to every sample it forks. Syscalls outside the profile fail with EPERM; a syscall of another
ABI (x32, i386) kills the caller.

    >>> program = bpf()          # cached for the process: compiled once, copied per worker
    >>> len(program) % 8 == 0    # struct sock_filter entries
    True
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import functools
import json
import os
import threading
from pathlib import Path
from typing import Any

from synthcode.sandbox.base import SandboxError

PROFILE_PATH = Path(__file__).with_name("seccomp.json")

ACT_ALLOW = 0x7FFF0000
ACT_ERRNO = 0x00050000
ACT_KILL_PROCESS = 0x80000000
ACTIONS = {"SCMP_ACT_ALLOW": ACT_ALLOW, "SCMP_ACT_KILL_PROCESS": ACT_KILL_PROCESS}
OPERATORS = {"SCMP_CMP_NE": 1, "SCMP_CMP_LT": 2, "SCMP_CMP_LE": 3, "SCMP_CMP_EQ": 4, "SCMP_CMP_GE": 5,
             "SCMP_CMP_GT": 6, "SCMP_CMP_MASKED_EQ": 7}
FILTER_ATTR_OPTIMIZE = 8  # SCMP_FLTATR_CTL_OPTIMIZE: 2 sorts the syscalls into a binary tree
_lock = threading.Lock()


class _ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int),
                ("datum_a", ctypes.c_uint64), ("datum_b", ctypes.c_uint64)]


@functools.cache
def profile() -> dict[str, Any]:
    """The shared profile, as shipped (docker's format, plus ``_provenance``)."""
    return json.loads(PROFILE_PATH.read_text())


@functools.cache
def docker_profile() -> str:
    """The profile as the docker engine takes it in ``security_opt=["seccomp=" + text]``."""
    return json.dumps({k: v for k, v in profile().items() if not k.startswith("_")}, separators=(",", ":"))


@functools.cache
def _library() -> ctypes.CDLL:
    name = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
    try:
        lib = ctypes.CDLL(name, use_errno=True)
    except OSError:
        raise SandboxError("the process sandbox needs libseccomp: apt-get install libseccomp2") from None
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    lib.seccomp_attr_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_syscall_resolve_name.restype = ctypes.c_int
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                           ctypes.POINTER(_ArgCmp)]
    lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    return lib


def syscall_number(name: str) -> int | None:
    """The native number of syscall ``name``, or None if this architecture has no such syscall."""
    number = _library().seccomp_syscall_resolve_name(name.encode())
    return number if number >= 0 else None  # negative: unknown here, or a pseudo-syscall of another ABI


def _action(entry: dict[str, Any], default_errno: int) -> int:
    name = entry["action"]
    if name == "SCMP_ACT_ERRNO":
        return ACT_ERRNO | (entry.get("errnoRet", default_errno) & 0xFFFF)
    if name not in ACTIONS:
        raise SandboxError(f"seccomp profile {PROFILE_PATH}: unsupported action {name!r}")
    return ACTIONS[name]


def _conditions(entry: dict[str, Any]) -> ctypes.Array:
    args = entry.get("args") or []
    # Conditions on distinct arguments are ANDed, as docker does; docker ORs several on one
    # argument, which this profile never needs.
    if len({a["index"] for a in args}) != len(args):
        raise SandboxError(f"seccomp profile {PROFILE_PATH}: two conditions on one argument of {entry['names']}")
    return (_ArgCmp * len(args))(*(
        _ArgCmp(a["index"], OPERATORS[a["op"]], a["value"], a.get("valueTwo", 0)) for a in args))


def compile_profile(data: dict[str, Any]) -> bytes:
    """``data`` (docker's profile format, native arch only) compiled to a classic BPF program."""
    lib = _library()
    default_errno = data.get("defaultErrnoRet", errno.EPERM)
    ctx = lib.seccomp_init(_action({"action": data["defaultAction"]}, default_errno))
    if not ctx:
        raise SandboxError("libseccomp could not create a filter")
    try:
        lib.seccomp_attr_set(ctx, FILTER_ATTR_OPTIMIZE, 2)  # best effort: libseccomp < 2.5 lacks it
        for entry in data["syscalls"]:
            action = _action(entry, default_errno)
            conditions = _conditions(entry)
            for name in entry["names"]:
                number = syscall_number(name)
                if number is None:
                    continue
                rc = lib.seccomp_rule_add_array(ctx, action, number, len(conditions), conditions)
                if rc < 0:
                    raise SandboxError(f"seccomp profile {PROFILE_PATH}: libseccomp refused the rule for "
                                       f"{name}: {os.strerror(-rc)}")
        memfd = os.memfd_create("synthcode-seccomp", os.MFD_CLOEXEC)
        try:
            rc = lib.seccomp_export_bpf(ctx, memfd)
            if rc < 0:
                raise SandboxError(f"libseccomp could not export the filter: {os.strerror(-rc)}")
            size = os.lseek(memfd, 0, os.SEEK_CUR)
            return os.pread(memfd, size, 0)
        finally:
            os.close(memfd)
    finally:
        lib.seccomp_release(ctx)


_program: bytes | None = None


def bpf() -> bytes:
    """The shared profile compiled for this machine; compiled once per process."""
    global _program
    with _lock:
        if _program is None:
            _program = compile_profile(profile())
        return _program


def bpf_fd() -> int:
    """A fresh inheritable descriptor holding :func:`bpf`, at offset 0, for bubblewrap's ``--seccomp``
    (which reads it to the end, so each worker needs its own); the caller closes it."""
    program = bpf()
    fd = os.memfd_create("synthcode-seccomp", 0)
    try:
        os.write(fd, program)
        os.lseek(fd, 0, os.SEEK_SET)
    except OSError:
        os.close(fd)
        raise
    return fd
