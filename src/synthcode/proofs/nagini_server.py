"""A long-lived Nagini verifier serving JSON requests over a pipe; run by Nagini's own Python.

This file is not imported by synthcode: :class:`synthcode.proofs.server.NaginiServer` runs it with
the interpreter of Nagini's virtualenv (Nagini pins old z3, mypy and pytest), inside a bubblewrap
jail with no network. Starting Nagini's JVM and loading Viper's preludes costs about a minute of
CPU; this process pays it once and then verifies many modules.

Protocol: one JSON object per line each way. The first line written, after a warm-up proof, is
``{"ready": true, "nagini": ..., "viper": ..., "z3": ..., "z3_resources_per_ms": N}``. Each request
``{"source": TEXT, "cpu_seconds": BUDGET, "timeout": SECONDS}`` is answered by ``{"verdict":
"verified" | "failed" | "timeout" | "unsupported" | "error", "errors": [{"line": N, "message":
TEXT}], "cpu_seconds": X}``; a request that spends its ``cpu_seconds`` ends this process with exit
status 75 (the client reports it as out of budget and starts a fresh server for the next one).

What decides a verdict counts work, so it does not change with the machine's load: every query to
z3 has a resource limit (Silicon turns its per-query timeouts into z3 ``rlimit`` bounds, at
``z3_resources_per_ms``; z3 answers "unknown" when one is spent, the same on any machine), and the
whole request has a budget in CPU seconds of this process tree (the JVM, its threads, and z3),
read from ``/proc``. ``timeout`` is Silicon's wall-clock limit on the whole verification: only a
safety net (a "timeout" verdict), which the client sets well above the budget. Nagini never imports or
runs the module it verifies (it type-checks it with mypy and translates its AST), so the source
is only written to this jail's private /tmp.
"""

import json
import os
import re
import sys
import threading
import time
import traceback


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu() -> float:
    """CPU seconds of this process and all its descendants, live ones included (z3 runs as a child
    of the JVM for the whole proof; ``os.times`` would count it only once it is reaped). A live
    process's own times plus those of its reaped children (``cutime``/``cstime``): nothing is
    counted twice."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        # after the name: state ppid ... utime(12) stime(13) cutime(14) cstime(15), 0-based
        stats[int(entry)] = (int(fields[1]), sum(int(x) for x in fields[11:15]) / _TICK)
    tree, total, todo = set(), 0.0, [os.getpid()]
    while todo:
        pid = todo.pop()
        if pid in tree or pid not in stats:
            continue
        tree.add(pid)
        total += stats[pid][1]
        todo += [child for child, (parent, _) in stats.items() if parent == pid]
    if not tree:  # no /proc: this process and its reaped children
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system
    return total


WARMUP = """from nagini_contracts.contracts import *
from typing import List


def warm(xs: List[int], n: int) -> int:
    Requires(Acc(list_pred(xs), 1/2))
    Requires(n >= 0)
    Ensures(Acc(list_pred(xs), 1/2))
    Ensures(Result() >= n)
    t = n
    i = 0
    while i < len(xs):
        Invariant(Acc(list_pred(xs), 1/4))
        Invariant(0 <= i and i <= len(xs) and t >= n)
        Invariant(Forall(int, lambda j: Implies(0 <= j and j < i, xs[j] == xs[j])))
        if xs[i] > 0:
            t += xs[i]
        i += 1
    return t
"""
"""Verified once at start, before the server says it is ready: the JVM's first proof is the slow
one (class loading, JIT), and no sample's budget should pay for it."""


def _chain(first, rest):
    yield from first
    yield from rest


def main() -> None:
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # Nagini and the JVM print; only this process's answers go to the pipe
    sys.stdout = sys.stderr

    from importlib.metadata import version

    from nagini_translation import main as nagini_main
    from nagini_translation.lib import config
    from nagini_translation.lib.jvmaccess import JVM
    from nagini_translation.lib.typeinfo import TypeException
    from nagini_translation.lib.util import InvalidProgramException, UnsupportedException
    from nagini_translation.verifier import Failure, Silicon

    jvm = JVM(config.classpath)
    nagini_main.sil_programs = nagini_main.load_sil_files(jvm, 8)
    viper = "unknown"
    try:
        viper = str(jvm.java.lang.Class.forName("viper.silicon.BuildInfo$").getDeclaredField("MODULE$")
                    .get(None).projectVersion())
    except Exception:
        pass

    hard_limit = [None]

    def watchdog() -> None:
        # The request's budget, in CPU seconds of the whole tree (JVM and z3): stopping here is the
        # same on a busy machine as on an idle one (the client restarts the server for the next request).
        while True:
            time.sleep(0.25)
            limit = hard_limit[0]
            if limit is not None and _cpu() > limit:
                os._exit(75)

    threading.Thread(target=watchdog, daemon=True).start()

    resources = [None]  # Silicon's z3 resources per millisecond (its rlimit per query), read once
    workdir = os.environ.get("TMPDIR", "/tmp")
    count = 0
    lines = iter(sys.stdin)
    warmup = [json.dumps({"source": WARMUP, "timeout": 600, "cpu_seconds": 600, "warmup": True})]
    for line in _chain(warmup, lines):
        request = json.loads(line)
        count += 1
        path = os.path.join(workdir, f"proof_{count}.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(request["source"])
        timeout = int(request.get("timeout", 60))
        started = _cpu()
        hard_limit[0] = started + float(request.get("cpu_seconds", timeout))
        answer = {"verdict": "error", "errors": []}
        try:
            translated = nagini_main.translate(path, jvm, 8, base_dir=workdir)
            if translated is None:
                answer = {"verdict": "unsupported", "errors": [{"line": 0, "message": "type check failed"}]}
            else:
                modules, program = translated
                silicon = Silicon(jvm, path, [f"--timeout={timeout}"], False)
                try:
                    result = silicon.silicon.verify(program)
                finally:
                    if resources[0] is None:
                        try:
                            options = silicon.silicon.config()
                            # Nagini passes --z3ResourcesPerMillisecond=9000; with time bounds
                            # (--proverEnableTimeBounds) the per-query limits would be wall-clock.
                            timed = str(options.proverEnableTimeBounds().apply()).lower() == "true"
                            resources[0] = 0 if timed else int(str(options.z3ResourcesPerMillisecond().apply()))
                        except Exception:
                            resources[0] = 0
                    silicon.silicon.stop()
                    silicon.silicon = None
                if not isinstance(result, jvm.viper.silver.verifier.Failure):
                    answer = {"verdict": "verified", "errors": []}
                else:
                    raw = []
                    it = result.errors().toIterator()
                    while it.hasNext():
                        raw.append(it.next())
                    if any("Timeout" in str(e.getClass().getSimpleName()) for e in raw):
                        answer = {"verdict": "timeout", "errors": [{"line": 0, "message": "Silicon timed out"}]}
                    else:
                        answer = {"verdict": "failed", "errors": [
                            {"line": e.position.line, "message": e.readable_message}
                            for e in Failure(raw, jvm, modules, False).errors]}
        except TypeException as exc:
            answer = {"verdict": "unsupported", "errors": [
                {"line": int(m.group(1)) if (m := re.search(r":(\d+): error", msg)) else 0, "message": msg}
                for msg in exc.messages]}
        except (InvalidProgramException, UnsupportedException) as exc:
            node = getattr(exc, "node", None)
            message = (exc.args[0] if exc.args and exc.args[0] else "") or getattr(exc, "message", "") \
                or getattr(exc, "code", "") or type(exc).__name__
            answer = {"verdict": "unsupported", "errors": [
                {"line": getattr(node, "lineno", 0), "message": str(message)}]}
        except Exception as exc:
            traceback.print_exc()
            answer = {"verdict": "error", "errors": [{"line": 0, "message": f"{type(exc).__name__}: {exc}"}]}
        hard_limit[0] = None
        answer["cpu_seconds"] = round(_cpu() - started, 3)
        try:
            os.unlink(path)
        except OSError:
            pass
        if request.get("warmup"):
            out.write(json.dumps({"ready": True, "nagini": version("nagini"), "viper": f"silicon {viper}",
                                  "z3": version("z3-solver"), "z3_resources_per_ms": resources[0] or 0,
                                  "warmup": answer["verdict"]}) + "\n")
        else:
            out.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
