"""The zygote that runs inside every sandbox worker (stdlib only: it is copied into images).

It is started once per worker, imports what samples commonly need, and then serves requests from
the trusted host over its stdin/stdout: each request is answered by forking a child that runs the
untrusted sample, so the per-sample cost is a fork, not an interpreter start.

Protocol, both ways: a 4-byte big-endian length, then that many bytes of UTF-8 JSON (from the
host, possibly followed by raw bytecode, see ``bytecode_size``).

* host -> zygote: ``{"op": "run", "harness": "tests", "code": ..., "tests": [...], "nonce": ...,
  "timeout": s, "limits": {...}}``, optionally ``"test_lines": {name: [first line, ...]}`` and
  ``"decorated_tests": [...]`` (where the host's parse found each test's ``def``), and
  ``"bytecode_size": n``: then n raw bytes follow the JSON, the code already compiled by the host
  (``marshal``), sent only when the ready message's ``bytecode`` magic number is the host's own,
  for the ``sample_path`` it named
* zygote -> host: ``{"op": "ready", "bytecode": magic, "sample_path": ..., ...}`` once, then one
  result per request with the child's events (the text of its event lines, as written), how it
  ended, and the head of its output. Every answer echoes its request's ``id`` (the host's counter)
  and ``nonce``, so an answer is never taken for another request's; ``"retire": true`` says the
  zygote exits after this answer (the sample left more than it clears in bounded work), and
  ``"restored": [...]`` names what the sample changed in the zygote and the zygote put back.

The child reports each test over a private pipe, one JSON line per event, each tagged with the
request's nonce. Its stdout and stderr go to a separate, size-capped pipe, so printing "PASSED"
forges nothing. Only the harness's own pid reports, so forks of the sample (a fork bomb) write
nothing there. The host, not this file, decides what the events mean.

Why the zygote stays trustworthy while sharing a uid with the sample: it is pid 1 of its pid
namespace (bwrap ``--as-pid-1``, or a container's entry point), so the kernel drops signals sent
to it from inside the namespace; it makes itself non-dumpable, so the sample cannot ptrace it or
open its /proc files; and the child closes every descriptor it inherited, so it cannot reach the
host channel. What a matching uid still allows on pid 1 (prlimit, setpriority,
sched_setscheduler, sched_setaffinity, ioprio_set, keyctl(KEYCTL_SESSION_TO_PARENT)) and
everything else a child inherits (umask, working directory, signal mask and handlers, session
keyring, open descriptors) is read after every sample (:func:`restore_zygote_state`) and put back
when it changed; when it cannot be put back (a lowered hard limit, a raised nice value,
SCHED_IDLE), the zygote exits without answering, so the host rejects that sample ("sandbox worker
died") and starts a fresh worker. So every sample is the fork of a zygote in its start-up state.

Between samples: ``kill(-1, SIGKILL)`` from pid 1 ends every other process in the namespace,
including ones that called setsid or double-forked; /tmp, /dev/shm and /dev/mqueue are emptied
(however deep, and their own permissions restored) and SysV IPC objects removed, within a bounded
count of entries (:data:`SCRATCH_ENTRIES_MAX`): a sample that leaves more gets its answer marked
``retire`` and the worker is replaced, its tmpfs dropped with its mount namespace; everything else
a sample changes lives in its forked memory and dies with it.

What this does not stop: the sample runs in the harness's process. Code that deliberately
introspects the harness (``gc.get_objects()``, frames, scanning its descriptors) can find the
nonce and the result pipe and write its own passes. The checks here stop accidental and naive
forgeries (printing, exiting early, writing to every descriptor, replacing a test function,
patching ``os``/``json``/``builtins``), not a determined attacker inside the process; a verdict is
only as strong as the tests the sample cannot reach.
"""

import atexit
import ctypes
import gc
import importlib
import json
import marshal
import os
import resource
import select
import signal
import stat
import struct
import sys
import time
import types

# Imported once here so that a forked sample finds them already loaded.
# Only the cheap, common ones (re, math, collections, typing, heapq, itertools cover nearly all
# of HumanEval and MBPP): every preloaded page makes each fork and exit dearer.
PRELOAD = "bisect collections functools heapq itertools math operator re string typing".split()

SAMPLE_MODULE = "__synthcode_sample__"
EVENT_MAX = 3500  # one event is written with one write() below PIPE_BUF, so it is atomic
RESULT_CAP = 1 << 20
HEAD_CAP = 16 << 10
# Writable places besides the scratch directories that outlive a sample unless wiped (pid 1 only).
SHARED_DIRS = ("/dev/shm", "/dev/mqueue")
# CO_GENERATOR, CO_COROUTINE, CO_ITERABLE_COROUTINE, CO_ASYNC_GENERATOR: calling such a function
# returns without running its body, so as a test it would pass whatever it asserts.
NOT_RUN_BY_A_CALL = 0x20 | 0x80 | 0x100 | 0x200
RLIMITS = sorted(getattr(resource, name) for name in dir(resource) if name.startswith("RLIMIT_"))
EXIT_TAMPERED = 3

LIBC = ctypes.CDLL(None, use_errno=True)


def read_exact(fd, n):
    chunks = []
    while n:
        chunk = os.read(fd, n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_message(fd):
    """A request, with its ``bytecode`` (bytes) when it came after the JSON; None at the end."""
    header = read_exact(fd, 4)
    if header is None:
        return None
    (size,) = struct.unpack(">I", header)
    body = read_exact(fd, size)
    if body is None:
        return None
    message = json.loads(body)
    message.pop("bytecode", None)  # only ever the raw bytes below
    extra = message.pop("bytecode_size", None)
    if type(extra) is int and extra > 0:
        message["bytecode"] = read_exact(fd, extra)
        if message["bytecode"] is None:
            return None
    return message


def write_message(fd, message):
    body = json.dumps(message).encode()
    data = struct.pack(">I", len(body)) + body
    while data:
        data = data[os.write(fd, data):]


def make_non_dumpable():
    try:
        LIBC.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except AttributeError:
        pass


def remove_sysv_ipc(budget=None):
    """Remove every SysV shared memory segment, message queue and semaphore set.

    They outlive their creator in the worker's ipc namespace: left alone, one sample's segments
    would hold memory (and data) for every later sample. ``budget`` as for :func:`wipe`.
    """
    for kind, remove in (("shm", lambda i: LIBC.shmctl(i, 0, None)),  # IPC_RMID = 0
                         ("msg", lambda i: LIBC.msgctl(i, 0, None)),
                         ("sem", lambda i: LIBC.semctl(i, 0, 0))):
        try:
            with open(f"/proc/sysvipc/{kind}", "rb") as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        if budget is not None:
            budget[0] -= len(rows)
            if budget[0] < 0:
                raise TooMuchLeft(f"more than {SCRATCH_ENTRIES_MAX} entries left")
        for row in rows:
            remove(int(row.split()[1]))


# ioprio_get and ioprio_set (no libc wrapper) and keyctl, by architecture.
SYSCALLS = {"x86_64": {"ioprio_get": 252, "ioprio_set": 251, "keyctl": 250},
            "aarch64": {"ioprio_get": 31, "ioprio_set": 30, "keyctl": 219}}.get(os.uname().machine, {})
IOPRIO_WHO_PROCESS = 1
KEYCTL_GET_KEYRING_ID, KEYCTL_JOIN_SESSION_KEYRING, KEYCTL_CLEAR, KEYCTL_READ = 0, 1, 7, 11
KEY_SPEC_SESSION_KEYRING = -3
SIGNALS = sorted(signal.valid_signals() - {signal.SIGKILL, signal.SIGSTOP})


def syscall(name, *args):
    """A raw system call by name; None where it is not known here or fails. Where a seccomp filter
    refuses it (keyctl under docker's profile) the sample cannot use it either: nothing to check."""
    number = SYSCALLS.get(name)
    if number is None:
        return None
    result = LIBC.syscall(ctypes.c_long(number), *(ctypes.c_long(a) for a in args))
    if result == -1:
        return None
    return result


PROC = {}
"""Descriptors the zygote keeps open on its own /proc files: re-read with pread, they cost a
fraction of an open, read and close after every sample (the child closes them before the sample)."""


def proc_file(name):
    if name not in PROC:
        PROC[name] = os.open(f"/proc/self/{name}", os.O_RDONLY | os.O_CLOEXEC)
    return PROC[name]


def signal_state():
    """The signals blocked, ignored and caught, as the kernel sees them (/proc/self/stat)."""
    try:
        return os.pread(proc_file("stat"), 4096, 0).rsplit(b")", 1)[1].split()[29:32]
    except OSError:
        return None


def descriptors():
    """The zygote's open descriptors."""
    try:
        held = proc_file("fd")
        names = os.listdir(held)  # through a duplicate of ``held``, closed again, listed too
        probe = os.dup(held)  # (the lowest free number, as the duplicate's was)
        os.close(probe)
    except OSError:
        return None
    return frozenset(map(int, names)) - {probe}


def read_oom_score_adj():
    try:
        return os.pread(proc_file("oom_score_adj"), 64, 0)
    except OSError:
        return None


def write_oom_score_adj(value):
    with open("/proc/self/oom_score_adj", "wb") as f:
        f.write(value)


def read_umask():
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def session_keyring():
    """The id of the session keyring and how many keys it holds; None where keyctl is refused."""
    keyring = syscall("keyctl", KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0)
    if keyring is None:
        return None
    return keyring, (syscall("keyctl", KEYCTL_READ, keyring, 0, 0) or 0) // 4


def own_session_keyring():
    """Join a new, empty, anonymous session keyring: the zygote's own, not the host's it inherited
    (a sample would share it and its keys), and one it may empty after every sample."""
    syscall("keyctl", KEYCTL_JOIN_SESSION_KEYRING, 0)


def restore_session_keyring(baseline):
    """Empty our session keyring; a sample that replaced it (KEYCTL_SESSION_TO_PARENT) left us its
    own: join a fresh one instead. Either way the next sample inherits an empty keyring of ours."""
    current = session_keyring()
    if current is not None and current[0] != baseline[0]:
        own_session_keyring()
        current = session_keyring()
        if current is None:
            return
        ZYGOTE_STATE["session keyring"] = (current[0], 0)
    if current is not None and current[1]:
        syscall("keyctl", KEYCTL_CLEAR, current[0])


def restore_rlimits(baseline):
    for which, value in zip(RLIMITS, baseline):
        if resource.getrlimit(which) != value:
            resource.setrlimit(which, value)  # fails for a lowered hard limit: then we cannot go on


def restore_scheduler(baseline):
    os.sched_setscheduler(0, baseline[0], os.sched_param(baseline[1]))


def restore_signals(baseline):
    """Signal handlers as Python installed them, and the signal mask as at start-up."""
    for signum, handler in SIGNAL_HANDLERS.items():
        if handler is not None and signal.getsignal(signum) is not handler:
            signal.signal(signum, handler)
    signal.pthread_sigmask(signal.SIG_SETMASK, SIGNAL_MASK[0])


def restore_descriptors(baseline):
    for fd in (descriptors() or frozenset()) - baseline:
        os.close(fd)


# What a child inherits from the zygote, each with how to read it and how to put it back (a
# restore that raises, or leaves it changed, means it cannot be put back). A sample reaches the zygote's copy only through calls that ask for a
# matching uid (prlimit, setpriority, sched_setscheduler, sched_setaffinity, ioprio_set,
# keyctl(KEYCTL_SESSION_TO_PARENT)) or through the zygote's own code (umask, working directory,
# signals, descriptors); every one is read after every sample: about 30 system calls, some
# 35 microseconds (a HumanEval sample costs about 2.5 ms).
PROBES = (
    ("rlimits", lambda: [resource.getrlimit(r) for r in RLIMITS], restore_rlimits),
    # Raised by the sample, a nice value only comes down again with CAP_SYS_NICE.
    ("nice", lambda: os.getpriority(os.PRIO_PROCESS, 0), lambda v: os.setpriority(os.PRIO_PROCESS, 0, v)),
    ("scheduler", lambda: (os.sched_getscheduler(0), os.sched_getparam(0).sched_priority), restore_scheduler),
    ("affinity", lambda: os.sched_getaffinity(0), lambda v: os.sched_setaffinity(0, v)),
    ("ioprio", lambda: syscall("ioprio_get", IOPRIO_WHO_PROCESS, 0),
     lambda v: syscall("ioprio_set", IOPRIO_WHO_PROCESS, 0, v)),
    ("oom_score_adj", read_oom_score_adj, write_oom_score_adj),
    ("umask", read_umask, os.umask),
    ("signals", signal_state, restore_signals),
    ("working directory", os.getcwd, os.chdir),
    ("session keyring", session_keyring, restore_session_keyring),
    ("descriptors", descriptors, restore_descriptors),
)
ZYGOTE_STATE = {}
"""What :data:`PROBES` read at start-up (and after loading a harness): what every child inherits."""
SIGNAL_HANDLERS = {}
SIGNAL_MASK = [frozenset()]


def record_zygote_state():
    """Take the zygote's present state as the one every sample must start from."""
    for name in ("stat", "fd", "oom_score_adj"):  # first: they are among the descriptors
        try:
            proc_file(name)
        except OSError:
            pass
    ZYGOTE_STATE.clear()
    ZYGOTE_STATE.update((name, read()) for name, read, _ in PROBES)
    SIGNAL_HANDLERS.clear()
    SIGNAL_HANDLERS.update((signum, signal.getsignal(signum)) for signum in SIGNALS)
    SIGNAL_MASK[0] = signal.pthread_sigmask(signal.SIG_BLOCK, ())


def restore_zygote_state():
    """Put back what the last sample changed in the zygote; return ``(restored, lost)``: the names
    of what was put back, and of the first thing that could not be (None when all is as recorded).

    Restoring rather than restarting keeps the worker (and its warm pages); what cannot be
    restored (a lowered hard limit, a raised nice value, SCHED_IDLE) ends the worker instead.
    """
    restored = []
    for name, read, restore in PROBES:
        baseline = ZYGOTE_STATE[name]
        if read() == baseline:
            continue
        try:
            restore(baseline)
        except (OSError, ValueError):
            return restored, name
        if read() != ZYGOTE_STATE[name]:  # (the keyring's restore records its new id)
            return restored, name
        restored.append(name)
    return restored, None


SCRATCH_ENTRIES_MAX = 10000
"""How many entries (files, directories, IPC objects) the zygote examines to clear what one sample
left; beyond that it retires instead (see :func:`clear_scratch`). A count, not a time, so that
whether a worker is kept never depends on the machine's load; honest samples leave a handful."""


class TooMuchLeft(Exception):
    """The sample left more than :data:`SCRATCH_ENTRIES_MAX` entries, or some that cannot be removed."""


def wipe(directory, mode=None, budget=None):
    """Remove everything inside ``directory``, however deep and whatever permissions were left.

    Iterative and relative to directory descriptors: a sample can nest directories deeper than
    both the recursion limit and PATH_MAX. ``mode`` restores the directory's own permissions.
    ``budget`` (a one-item list) counts down every entry examined; at zero, or when something
    cannot be removed, it raises :class:`TooMuchLeft` (with no budget, it removes what it can).
    """
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    if mode is not None:
        try:
            os.chmod(directory, mode)
        except OSError:
            pass
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    names, stuck = [], [set()]  # the path from ``directory`` to ``fd``; what could not go, per level
    try:
        while True:
            child = None
            entries = []
            try:
                with os.scandir(fd) as listing:  # read lazily: a directory may hold millions
                    for entry in listing:
                        if budget is not None:
                            budget[0] -= 1
                            if budget[0] < 0:
                                raise TooMuchLeft(f"more than {SCRATCH_ENTRIES_MAX} entries left")
                        entries.append((entry.name, entry.is_dir(follow_symlinks=False)))
            except OSError:
                pass
            for name, is_dir in entries:
                if name in stuck[-1]:
                    continue
                if is_dir:
                    try:
                        os.chmod(name, 0o700, dir_fd=fd)
                        child = os.open(name, flags, dir_fd=fd)
                    except OSError:
                        stuck[-1].add(name)
                        continue
                    names.append(name)
                    stuck.append(set())
                    break
                try:
                    os.unlink(name, dir_fd=fd)
                except OSError:
                    stuck[-1].add(name)
            if child is not None:
                os.close(fd)
                fd = child
                continue
            if budget is not None and stuck[-1]:
                raise TooMuchLeft(f"could not remove {sorted(stuck[-1])[0]!r}")
            if not names:
                return
            parent = os.open("..", flags, dir_fd=fd)
            os.close(fd)
            fd = parent
            stuck.pop()
            name = names.pop()
            try:
                os.rmdir(name, dir_fd=fd)
            except OSError:
                stuck[-1].add(name)
    finally:
        os.close(fd)


def starved_seconds(pid):
    """Seconds ``pid`` has spent runnable but waiting for a CPU (``run_delay`` of
    /proc/PID/schedstat): on a busy machine that is the machine's time, not the sample's."""
    try:
        with open(f"/proc/{pid}/schedstat", "rb") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


def kill_everything_else(child_pid):
    """End the sample's whole process tree and reap it."""
    if os.getpid() == 1:
        try:
            os.kill(-1, signal.SIGKILL)  # from pid 1: every process in the namespace but us
        except ProcessLookupError:
            pass
    else:  # the unsafe backend: no namespace, so only the sample's own session can be reached
        try:
            os.killpg(child_pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.001)


# --------------------------------------------------------------------------- the child side


def planned_limits(limits):
    """The request's ``limits`` as ``(resource, (soft, hard))`` pairs for the child to set.

    Worked out in the zygote before the fork: every object the child builds is a copy-on-write
    fault, so the child only walks this list.
    """
    # Soft below hard for CPU: the kernel sends SIGXCPU at the soft limit (a clear verdict),
    # SIGKILL at the hard one (for a sample that ignores SIGXCPU).
    cpu = limits.get("cpu_seconds")
    wanted = [(resource.RLIMIT_AS, limits.get("memory_bytes"), None),
              (resource.RLIMIT_CPU, cpu, cpu and cpu + 1),
              (resource.RLIMIT_FSIZE, limits.get("file_bytes"), None),
              (resource.RLIMIT_NOFILE, limits.get("open_files"), None),
              (resource.RLIMIT_NPROC, limits.get("processes"), None)]
    plan = [(which, (value, hard or value)) for which, value, hard in wanted if value]
    return plan + [(resource.RLIMIT_CORE, (0, 0))]


def encode_event(fields, _quote=json.encoder.encode_basestring_ascii, _dumps=json.dumps):
    """JSON for a flat event of strings, ints, finite floats, bools and None.

    Cheaper than ``json.dumps`` in a fresh fork (it touches fewer of the zygote's pages), which
    matters because it runs a few times for every sample.
    """
    parts = []
    for key, value in fields.items():
        if value is None:
            text = "null"
        elif value is True or value is False:
            text = "true" if value else "false"
        elif type(value) is str:
            text = _quote(value)
        elif type(value) is int or (type(value) is float and value - value == 0):
            text = repr(value)
        else:
            return _dumps(fields)
        parts.append(f"{_quote(key)}:{text}")
    return "{" + ",".join(parts) + "}"


def describe_failure(exc, filename):
    """The exception's type, message, and the innermost line of the sample where it happened."""
    # Walked by hand, not with the traceback module: importing it would grow every zygote by
    # half a megabyte (linecache, tokenize) that each fork copies page tables for.
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    message = str(exc)
    if len(message) > 500:
        message = message[:500] + "..."
    return {"error": type(exc).__name__, "message": message, "line": line}


def child_main(request, result_fd, output_fd, workdir, limits, result_slot):
    """Runs in the forked child: never returns.

    ``limits`` (from :func:`planned_limits`) and ``result_slot`` (a random descriptor number for
    the result channel) were chosen by the zygote before the fork, and the zygote's working
    directory is ``workdir``.
    """
    # Bound before the sample runs: it may replace os._exit, os.write, json.dumps, ...
    exit_now = os._exit
    write = os.write
    dumps = encode_event
    getpid = os.getpid
    nonce = request["nonce"]
    harness_pid = getpid()

    def report(event, **fields):
        if getpid() != harness_pid:
            return  # a fork of the sample (say, a fork bomb) is not the harness
        fields["nonce"] = nonce
        fields["event"] = event
        data = (dumps(fields) + "\n").encode()
        if len(data) > EVENT_MAX:
            fields["message"] = fields.get("message", "")[:200] + "..."
            data = (dumps(fields)[:EVENT_MAX] + "\n").encode()
        write(result_fd, data)

    try:
        os.setsid()
        os.dup2(output_fd, 1)  # (fd 0 is already the zygote's /dev/null)
        os.dup2(output_fd, 2)
        os.dup2(result_fd, result_slot)
        result_fd = result_slot
        os.closerange(3, result_slot)
        os.closerange(result_slot + 1, 65536)
        try:  # under memory pressure, the kernel kills the sample, not the zygote
            oom = os.open("/proc/self/oom_score_adj", os.O_WRONLY)
            os.write(oom, b"1000")
            os.close(oom)
        except OSError:
            pass
        for which, value in limits:
            try:
                resource.setrlimit(which, value)
            except (ValueError, OSError):
                pass
        # The zygote's own stream objects (line-buffered, see main) already wrap fds 0-2, now
        # /dev/null and the pipe, and hold nothing buffered: reusing them spares the child
        # building new ones.
        # Installed before the sample loads, so an exception in a __del__ at any point counts.
        problems = []
        sys.unraisablehook = lambda info: problems.append(
            f"{type(info.exc_value).__name__}: {info.exc_value} ({info.err_msg or 'unraisable'})")
        run = harness(request.get("harness", "tests"))
        run(request, report, workdir, problems)
        report("done")
    except BaseException as exc:  # the harness itself broke; say so rather than die silently
        try:
            report("harness-error", **describe_failure(exc, ""))
        except BaseException:
            pass
    exit_now(0)


PREPARED = {}
"""The request's code compiled by the zygote just before the fork (see :func:`prepare_sample`)."""


def prepare_sample(request, workdir):
    """Write the sample and load its code object in the zygote, before the fork.

    Compiling allocates a great deal, and every page a forked child writes is a copy-on-write
    fault; compiled before the fork, a HumanEval sample costs about a third less CPU. Better
    still, the host usually sends the code already compiled (it parses every sample anyway), and
    unmarshalling it touches far fewer of the zygote's pages than compiling, which each fork
    write-protects again. Neither runs any of the sample's code; a compile error is kept for the
    child to report as the import error it is, so the events do not change.
    """
    code = request.get("code")
    if not isinstance(code, str):
        return
    if request.get("guard"):
        guards_module()  # loaded here once, not imported again by every child
    filename = os.path.join(workdir, "sample.py")
    try:
        fd = os.open(filename, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            data = code.encode("utf-8", "surrogatepass")
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)
        written = True
    except OSError:  # a full scratch file system: the child tries again, and reports it
        written = False
    compiled = unmarshal_code(request.get("bytecode"), filename)
    if compiled is None:
        try:
            compiled = compile_sample(request, code, filename)
        except BaseException as exc:  # SyntaxError, ValueError (NUL bytes), RecursionError, MemoryError
            # Without its traceback: the traceback holds this frame, whose locals hold the
            # exception, a cycle that gc.freeze() below would keep for the zygote's whole life.
            compiled = exc.with_traceback(None)
    PREPARED.update(code=code, filename=filename, compiled=compiled, written=written)


def guards_module():
    """The guards' module (``harnesses/guards.py``), loaded in the zygote on first use."""
    return importlib.import_module("harnesses.guards")


def compile_sample(request, code, filename):
    """``code`` compiled, its assertions rewritten first when the request carries a ``guard`` plan
    (the host usually sends that rewrite already compiled; this is for when it cannot)."""
    plan = request.get("guard")
    if not plan:
        return compile(code, filename, "exec")
    guards = guards_module()
    return compile(guards.rewrite(guards.ast.parse(code), plan), filename, "exec", dont_inherit=True)


def unmarshal_code(data, filename, code_type=types.CodeType):
    """The host's compiled code for ``filename``, or None (absent, damaged, or for another path)."""
    if not isinstance(data, bytes):
        return None
    try:
        code = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    return code if type(code) is code_type and code.co_filename == filename else None


def load_sample(request, report, workdir, setup=None):
    """Exec the sample's code as a fresh module; report and return None if that fails.

    ``setup(module, code)``, when given, is called with the empty module and the code object just
    before the code runs."""
    filename = os.path.join(workdir, "sample.py")
    code = request["code"]
    prepared = PREPARED if PREPARED.get("code") is code and PREPARED.get("filename") == filename else {}
    if not prepared.get("written"):
        with open(filename, "w", encoding="utf-8") as f:
            f.write(code)
    module = types.ModuleType(SAMPLE_MODULE)
    module.__file__ = filename
    sys.modules[SAMPLE_MODULE] = module
    ready = prepared.get("compiled")
    report("import")
    try:
        if isinstance(ready, BaseException):
            raise ready
        if ready is None:
            ready = compile_sample(request, code, filename)
        if setup is not None:
            setup(module, ready)
        exec(ready, module.__dict__)
    # BaseException too: a sample that raises SystemExit or KeyboardInterrupt while loading fails.
    except BaseException as exc:
        report("import-error", **describe_failure(exc, filename))
        return None, filename
    return module, filename


def is_defined_test(fn, name, filename, lines, decorated, function=types.FunctionType):
    """True when ``fn`` is the function a top-level ``def name()`` in the file compiled to.

    ``lines`` are the first lines of those definitions (the first decorator's line when there is
    one), as the trusted side parsed them; a test replaced after its definition (a lambda,
    another function, a callable object, a function made elsewhere) is not the test. A wrapper
    (``functools.wraps``) is accepted only when the definition has decorators in the source.
    """
    if decorated:
        while type(fn) is function and hasattr(fn, "__wrapped__"):
            fn = fn.__wrapped__
    if type(fn) is not function:
        return False
    code = fn.__code__
    return (code.co_filename == filename and code.co_name == name
            and (lines is None or code.co_firstlineno in lines))


def run_tests(request, report, workdir, problems):
    # Bound before the sample runs: it can reach this module as __main__ and patch its globals.
    clock, is_test, describe, finish = time.perf_counter, is_defined_test, describe_failure, teardown
    guard, loaded = None, []
    if request.get("guard"):
        guard = guards_module().Guard(request["guard"], os.path.join(workdir, "sample.py"), report)

        def setup(module, code):
            module.__dict__[guards_module().GUARD] = guard
            loaded.append(code)
    else:
        setup = None
    module, filename = load_sample(request, report, workdir, setup)
    if module is None:
        return
    if guard is not None:
        guard.loaded(module, loaded[0])
    no_stats, failed, tests_seconds = {}, False, 0.0
    all_lines = request.get("test_lines") or {}
    decorated = set(request.get("decorated_tests") or ())
    for name in request["tests"]:
        report("start", test=name)
        fn = module.__dict__.get(name)
        if not is_test(fn, name, filename, all_lines.get(name), name in decorated):
            report("fail", test=name, error="HarnessError",
                   message=f"{name} is not the test function defined in the file", line=None)
            continue
        if fn.__code__.co_flags & NOT_RUN_BY_A_CALL:
            report("fail", test=name, error="HarnessError",
                   message=f"{name} is a generator or coroutine function: calling it runs nothing", line=None)
            continue
        if guard is not None:
            guard.start(name)
        started = clock()
        try:
            fn()
        except BaseException as exc:  # SystemExit / KeyboardInterrupt in a test is a failure too
            seconds = clock() - started
            stats = guard.stop() if guard is not None else no_stats
            report("fail", test=name, seconds=seconds, **stats, **describe(exc, filename))
            failed = True
        else:
            seconds = clock() - started
            tests_seconds += seconds
            stats = guard.stop() if guard is not None else no_stats
            report("pass", test=name, seconds=seconds, **stats)
    if guard is not None and not failed:  # (a failed test rejects the sample anyway)
        # The replay may add a quarter of the tests' own time (at least 50 ms), within a quarter of the timeout.
        budget = min(float(request.get("timeout", 10.0)) / 4, max(0.05, tests_seconds / 4))
        replayed = guard.replay(loaded[0], SAMPLE_MODULE, budget)
        report("guards", replayed=replayed, findings=guard.findings_text())
    finish(report, problems)


def teardown(report, problems):
    """Finish as an interpreter would (exit handlers, collection, flushes); any error fails."""
    try:
        atexit._run_exitfuncs()
        # Young generations only, unless the sample's own collections moved objects into the
        # oldest (the zygote froze its own): a full collection also empties the interpreter's
        # free lists, copying many of the zygote's pages for nothing. Asked before collecting,
        # since the young collection moves its survivors there.
        full = bool(gc.get_objects(2))
        gc.collect(2 if full else 1)
        for stream in (sys.stdout, sys.stderr):
            if stream is not None and not getattr(stream, "closed", False):  # as CPython's own exit
                stream.flush()
    except BaseException as exc:
        problems.append(f"{type(exc).__name__}: {exc}")
    if problems:
        report("teardown-error", message="; ".join(problems)[:500])


HARNESSES = {"tests": run_tests}


LIBRARIES = {"preload": [], "loaded": False}


def harness(name):
    """The built-in ``tests`` harness, or ``run`` from the module ``harnesses/NAME.py``.

    Harness modules live beside this file; each defines ``run(request, report, workdir, problems)``
    and may use :func:`load_sample` and :func:`teardown` from here (``import synthcode_runner``).
    The zygote calls this before forking, so a harness and the libraries it imports (hypothesis,
    crosshair) are loaded once per worker, and only by workers that are asked for that harness:
    a worker that only runs tests stays small, and forks fast.
    """
    if name not in HARNESSES:
        if not name.isidentifier():
            raise ValueError(f"bad harness name {name!r}")
        if not LIBRARIES["loaded"]:
            LIBRARIES["loaded"] = True
            for module in LIBRARIES["preload"]:
                importlib.import_module(module)
        HARNESSES[name] = importlib.import_module(f"harnesses.{name}").run
    return HARNESSES[name]


# --------------------------------------------------------------------------- the zygote side


def clear_scratch(scratch_dirs, bounded=True):
    """Empty the scratch directories and remove SysV IPC objects: what a sample leaves behind
    that outlives its processes. Done before the next request is read, and, when the sample left
    nothing but its file (see :func:`only_the_sample_file`), after its result is sent, so that
    the host judges it meanwhile.

    False when the sample left more than :data:`SCRATCH_ENTRIES_MAX` entries, or something that
    cannot be removed: the zygote then retires (see :func:`main`), and its tmpfs goes with its
    mount namespace, in the time the kernel takes and not ours. ``bounded=False`` (at start-up)
    removes what it can, however much.
    """
    budget = [SCRATCH_ENTRIES_MAX] if bounded else None
    try:
        for directory, mode in scratch_dirs.items():
            wipe(directory, mode, budget)
        if os.getpid() == 1:
            remove_sysv_ipc(budget)
    except TooMuchLeft:
        return False
    return True


def only_the_sample_file(scratch_dirs):
    """True when the scratch directories hold nothing but ``sample.py`` (a quick clear)."""
    first = True
    for directory in scratch_dirs:
        names = []
        try:
            with os.scandir(directory) as listing:
                for entry in listing:  # two are enough to know: a sample may leave millions
                    names.append(entry.name)
                    if len(names) > 1:
                        return False
        except OSError:
            return False
        if names and names != (["sample.py"] if first else []):
            return False
        first = False
    return True


def serve_one(request, scratch_dirs):
    """Run one request in a forked child and end everything it started; return the result.

    What the sample left in the scratch directories and SysV IPC is not cleared here: see
    :func:`clear_scratch`.
    """
    scratch = next(iter(scratch_dirs))  # wiped after every sample (see clear_scratch) and at start-up
    workdir = scratch
    limits = request.get("limits", {})
    output_cap = int(limits.get("output_bytes") or (1 << 20))
    timeout = float(request.get("timeout", 10.0))
    stretch = float(request.get("starved_stretch", 1.0))  # see sandbox.base.STARVED_STRETCH

    result_r, result_w = os.pipe()
    output_r, output_w = os.pipe()
    started = time.monotonic()
    prepare_sample(request, workdir)
    planned = planned_limits(limits)
    result_slot = 200 + int.from_bytes(os.urandom(2), "big") % 700
    gc.freeze()  # the zygote's newer objects too: the child's collections then skip all of them
    pid = os.fork()
    if pid == 0:
        os.close(result_r)
        os.close(output_r)
        child_main(request, result_w, output_w, workdir, planned, result_slot)
    os.close(result_w)
    os.close(output_w)
    # Readable when the child exits: no polling between its exit and our noticing.
    exited = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None

    results, result_size = [], 0
    head, output_size = [], 0
    flood = overflow = timed_out = False
    status = None
    open_fds = {result_r, output_r}
    deadline = started + timeout

    def read_ready(wait):
        nonlocal result_size, output_size, flood, overflow
        watched = list(open_fds) if exited is None else [*open_fds, exited]
        ready, _, _ = select.select(watched, [], [], wait)
        for fd in ready:
            if fd == exited:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                open_fds.discard(fd)
            elif fd == result_r:
                result_size += len(chunk)
                if result_size > RESULT_CAP:
                    overflow = True
                else:
                    results.append(chunk)
            else:
                output_size += len(chunk)
                kept = sum(map(len, head))
                if kept < HEAD_CAP:
                    head.append(chunk[: HEAD_CAP - kept])
                if output_size > output_cap:
                    flood = True
        return any(fd != exited for fd in ready)  # the pidfd stays readable once the child exited

    while True:
        done, code, usage = os.wait4(pid, os.WNOHANG)
        if done:
            status = code
            # Take what it wrote before exiting; a daemon it left may hold the pipes open.
            while open_fds and not (flood or overflow) and read_ready(0):
                pass
            break
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            # Only the time the sample had a CPU, or slept, counts: waiting for one does not.
            stretched = started + min(timeout * stretch, timeout + starved_seconds(pid))
            if stretched > deadline + 0.001:
                deadline = stretched
                continue
            timed_out = True
            break
        if open_fds or exited is not None:
            read_ready(min(remaining, 0.05))
        else:
            time.sleep(min(remaining, 0.002))
        if flood or overflow:
            break
    if status is None:
        os.kill(pid, signal.SIGKILL)
        _, status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - started
    kill_everything_else(pid)
    PREPARED.clear()  # only now: freeing while the child shared its pages would copy them
    os.close(result_r)
    os.close(output_r)
    if exited is not None:
        os.close(exited)

    ended = {}
    if status is not None:
        if os.WIFSIGNALED(status):
            ended["signal"] = os.WTERMSIG(status)
            # Killed at the CPU limit's hard edge (a sample that ignores SIGXCPU), said as such.
            cpu_limit = limits.get("cpu_seconds")
            if cpu_limit and usage.ru_utime + usage.ru_stime >= cpu_limit:
                ended["cpu_limit"] = True
        elif os.WIFEXITED(status):
            ended["code"] = os.WEXITSTATUS(status)
    return {
        "op": "result",
        # As the child wrote them: the host parses the lines (it trusts none of them anyway), and
        # the zygote touches no more of its memory than it must.
        "events": b"".join(results).decode("utf-8", "replace"),
        "ended": ended,
        "timed_out": timed_out,
        "flood": flood,
        "result_overflow": overflow,
        "output": b"".join(head).decode("utf-8", "replace"),
        "output_bytes": output_size,
        "seconds": seconds,
    }


def warm_up(workdir):
    """Run the child's side of the tests harness here a few times, on a trusted sample of our own
    (run_tests, load_sample, teardown, encode_event, describe_failure; not child_main itself).

    CPython 3.11 specializes a function's bytecode in place as it warms up; code first run in a
    forked child writes to its code objects there, each a copy-on-write fault, for every sample.
    Warmed here once, the children inherit it specialized (about a tenth fewer faults each).
    """
    request = {"code": "def test_a():\n    assert [1] == [1]\n", "tests": ["test_a"], "nonce": "0" * 32,
               "test_lines": {"test_a": [1]}}
    # The guards too (harnesses/guards.py: the host sends every tests request with a plan).
    guarded = {"code": "def f(x, y=[]):\n    return [x]\n\ndef check(c):\n    assert c(1) == [1]\n\n"
                       "def test_a():\n    r = f(2)\n    assert r != [1] and r == [2]\n    check(f)\n",
               "tests": ["test_a"], "nonce": "0" * 32, "test_lines": {"test_a": [7]},
               "guard": {"tests": ["test_a"], "helpers": ["check"], "solutions": ["f"], "returns": {}}}
    for _ in range(10):  # CPython quickens a function after 8 calls
        for warm in (request, guarded):
            run_tests(warm, lambda event, **fields: encode_event({**fields, "event": event}), workdir, [])
        try:
            raise AssertionError("warm-up")
        except AssertionError as exc:
            describe_failure(exc, "sample.py")
    sys.modules.pop(SAMPLE_MODULE, None)


def parse_args(argv):
    """``runner.py [--preload MOD,...] [--path DIR]... SCRATCH_DIR...`` (preloads load lazily)"""
    scratch, preload, paths = [], [], []
    args = iter(argv)
    for arg in args:
        if arg == "--preload":
            preload += [m for m in next(args).split(",") if m]
        elif arg == "--path":
            paths.append(next(args))
        elif arg.startswith("/"):
            scratch.append(arg)
    return scratch or ["/tmp"], preload, paths


def main():
    scratch_dirs, preload, paths = parse_args(sys.argv[1:])
    # Harness modules beside this file; the library directories (hypothesis, crosshair) after the
    # stdlib, so a sample's own tests can import them whatever stages run. Nothing is imported
    # from them until a harness needs it: a worker that only runs tests stays small.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.path.extend(p for p in paths if p not in sys.path)
    LIBRARIES["preload"] = preload
    sys.modules["synthcode_runner"] = sys.modules[__name__]
    if os.getpid() == 1:  # in a sandbox: these are the worker's own, not the host's
        scratch_dirs += [d for d in SHARED_DIRS if os.path.isdir(d) and os.access(d, os.W_OK)]
    # Their permissions too: a sample that owns /tmp could chmod it shut for every later sample.
    scratch_dirs = {d: stat.S_IMODE(os.stat(d).st_mode) for d in scratch_dirs}
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    make_non_dumpable()
    # Keep the host channel on private descriptors; stray output from here must not corrupt it.
    host_in = os.dup(0)
    host_out = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    for name in PRELOAD:
        try:
            __import__(name)
        except ImportError:
            pass
    os.chdir(next(iter(scratch_dirs)))  # the samples' working directory
    # What every child would otherwise set up again: its output line by line (so a crash keeps
    # what came before it), and its argv.
    sys.stdout.reconfigure(line_buffering=True)
    sys.argv = ["sample.py"]
    gc.freeze()  # keep the zygote's objects out of the children's collections (fewer COW copies)
    warm_up(next(iter(scratch_dirs)))  # (after the freeze: its teardowns then collect only its own)
    clear_scratch(scratch_dirs, bounded=False)  # the warm-up's file, and anything there before us
    gc.collect()  # the warm-up's module and test hold each other: freed, not frozen for good
    gc.freeze()
    own_session_keyring()
    record_zygote_state()
    write_message(host_out, {
        "op": "ready",
        "python": sys.version.split()[0],
        # The host may send code it compiled itself when its bytecode is ours (same magic number).
        "bytecode": sys.modules["_frozen_importlib_external"].MAGIC_NUMBER.hex(),
        "sample_path": os.path.join(next(iter(scratch_dirs)), "sample.py"),
        "pid": os.getpid(),
        "uid": os.getuid(),
    })
    while True:
        request = read_message(host_in)
        if request is None or request.get("op") == "exit":
            return
        # Every answer names its request: the host takes no answer for another request's.
        echo = {"id": request.get("id"), "nonce": request.get("nonce")}
        loaded = len(HARNESSES)
        try:
            harness(request.get("harness", "tests"))
        except Exception as exc:  # a missing library: the host turns this into an error verdict
            write_message(host_out, {"op": "error", **echo, "message": f"harness {request.get('harness')!r}: "
                                                                       f"{type(exc).__name__}: {exc}"})
            continue
        if len(HARNESSES) != loaded:  # its imports may hold descriptors or handlers of their own
            record_zygote_state()
        result = serve_one(request, scratch_dirs)
        result.update(echo)
        restored, lost = restore_zygote_state()
        if lost is not None:
            # The sample changed what the zygote cannot put back (a lowered hard limit, a raised
            # nice value). Exit without answering: the host then rejects this sample ("sandbox
            # worker died") and starts a fresh worker.
            os._exit(EXIT_TAMPERED)
        if restored:
            result["restored"] = restored
        if only_the_sample_file(scratch_dirs):
            write_message(host_out, result)
            clear_scratch(scratch_dirs)
        elif clear_scratch(scratch_dirs):  # what the sample left takes a while: its answer waits
            write_message(host_out, result)
        else:
            # Too much to clear in bounded time: answer, then go; the host starts a fresh worker.
            result["retire"] = True
            write_message(host_out, result)
            os._exit(0)


if __name__ == "__main__":
    main()
