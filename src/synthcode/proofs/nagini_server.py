"""A long-lived Nagini verifier serving JSON requests over a pipe; run by Nagini's own Python.

This file is not imported by synthcode: :class:`synthcode.proofs.nagini.NaginiServer` runs it with
the interpreter of Nagini's virtualenv (Nagini pins old z3, mypy and pytest), inside a bubblewrap
jail with no network. Starting Nagini's JVM and loading Viper's preludes costs about a minute of
CPU; this process pays it once and then verifies many modules.

Protocol: one JSON object per line each way. The first line written is
``{"ready": true, "nagini": ..., "viper": ..., "z3": ...}``. Each request ``{"source": TEXT,
"timeout": SECONDS}`` is answered by ``{"verdict": "verified" | "failed" | "unsupported" |
"error", "errors": [{"line": N, "message": TEXT}], "cpu_seconds": X}``. Nagini never imports or
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


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


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
    from nagini_translation.verifier import Silicon, Success

    jvm = JVM(config.classpath)
    nagini_main.sil_programs = nagini_main.load_sil_files(jvm, 8)
    viper = "unknown"
    try:
        viper = str(jvm.java.lang.Class.forName("viper.silicon.BuildInfo$").getDeclaredField("MODULE$")
                    .get(None).projectVersion())
    except Exception:
        pass
    out.write(json.dumps({"ready": True, "nagini": version("nagini"), "viper": f"silicon {viper}",
                          "z3": version("z3-solver")}) + "\n")

    hard_limit = [None]

    def watchdog() -> None:
        # Silicon's --timeout is wall-clock and cooperative; a translation or solver that ignores it
        # is stopped here by the CPU it spent (the client restarts the server on the next request).
        while True:
            time.sleep(0.5)
            limit = hard_limit[0]
            if limit is not None and _cpu() > limit:
                os._exit(75)

    threading.Thread(target=watchdog, daemon=True).start()

    workdir = os.environ.get("TMPDIR", "/tmp")
    count = 0
    for line in sys.stdin:
        request = json.loads(line)
        count += 1
        path = os.path.join(workdir, f"proof_{count}.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(request["source"])
        timeout = int(request.get("timeout", 60))
        started = _cpu()
        hard_limit[0] = started + 2 * timeout + 10
        answer = {"verdict": "error", "errors": []}
        try:
            translated = nagini_main.translate(path, jvm, 8, base_dir=workdir)
            if translated is None:
                answer = {"verdict": "unsupported", "errors": [{"line": 0, "message": "type check failed"}]}
            else:
                modules, program = translated
                silicon = Silicon(jvm, path, [f"--timeout={timeout}"], False)
                try:
                    result = silicon.verify(modules, program)
                finally:
                    silicon.silicon.stop()
                    silicon.silicon = None
                if isinstance(result, Success):
                    answer = {"verdict": "verified", "errors": []}
                else:
                    answer = {"verdict": "failed", "errors": [
                        {"line": e.position.line, "message": e.readable_message} for e in result.errors]}
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
        out.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
