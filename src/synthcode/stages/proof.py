"""The ``proof`` stage: prove functions with loops with Nagini, from the model's loop invariants.

For a sample whose contracted functions all have ``post:`` lines and a ``# invariant:`` line at
the top of every loop (and at least one loop: loop-free code is the ``z3`` stage's), the stage
translates them into a Nagini module (:mod:`synthcode.proofs.nagini`) and asks a warm Nagini
server (:mod:`synthcode.proofs.server`) to verify it. Only when Nagini verifies every obligation
(postconditions, invariants on entry and preserved, no index out of range, no division by zero)
does the sample pass, at level ``proved``.

Everything else is ``skipped`` with the reason, never a rejection: a proof that fails may only
mean the invariant is too weak, and the other stages judge whether the code is wrong. So are a
spent budget, a construct outside the translation's fragment (named, with its line), and a
machine without Nagini (``SYNTHCODE_REQUIRE_NAGINI=1`` makes that an ``error`` instead, for CI).

The budget is the stage's own (``budgets: proof: {seconds: N}`` in the verify config; Nagini runs
outside the sandbox's workers, so ``limits.cpu_seconds`` does not cut it short), and it counts
work, so a sample's level does not depend on the machine's load (issue 15): every z3 query has a
resource limit (Silicon's rlimit bounds), and the proof may spend N CPU seconds of the Nagini
server's processes (JVM and z3). Wall-clock time is only a safety net, ``wall_factor`` times the
budget plus a slack: a proof that runs into it is run again alone (the verifier's gate holds its
other requests back) with ``RERUN_WALL_FACTOR`` times the net, and if it hits the net again the
stage's verdict is ``timeout`` (counted apart in stats, as for the sandboxed stages), never a
``skipped`` that would silently lower the sample's level.
"""

from __future__ import annotations

import contextlib
import platform
import re
from pathlib import Path
from typing import Any

from synthcode.analysis import ModuleInfo
from synthcode.proofs import server as nagini_server
from synthcode.proofs.nagini import Translation, Unsupported, loops, missing_invariant, translate
from synthcode.sample import Level, Sample, Status
from synthcode.stages.base import RERUN_WALL_FACTOR, Finding, ParsedStage, StageContext

class ProofStage(ParsedStage):
    name = "proof"
    level = Level.PROVED
    needs_sandbox = False
    reads_contracts = True

    def tools(self) -> dict[str, str]:
        tools = {"python": platform.python_version(), **nagini_server.versions(self.venv)}
        if self.resources:
            tools["z3_rlimit"] = f"{self.resources} per ms of Silicon's per-query timeouts"
        tools["proof_budget"] = "CPU seconds of the Nagini server's JVM and z3 (budget_cpu_seconds)"
        return tools

    venv: Path | None = None
    """The virtualenv the last check used, for :meth:`tools`."""
    resources: int = 0
    """The z3 resources per millisecond of the server's Silicon (its rlimit per query), for :meth:`tools`."""

    def judge_parsed(self, sample: Sample, context: StageContext, info: ModuleInfo) -> Finding:
        contracts = context.contracts()
        if not contracts.functions:
            return Finding(Status.SKIPPED, "no contracts")
        functions = list(contracts.functions.values())
        if not any(f.node is not None and loops(f.node) for f in functions):
            return Finding(Status.SKIPPED, "no loops (the z3 stage proves loop-free code)")
        reasons = [f"{f.name}: {why}" for f in functions if (why := missing_invariant(f))]
        unreadable = [p for p in contracts.problems if not p.invalid]
        reasons += [f"cannot read a contract: {p}" for p in unreadable]
        if reasons:
            return Finding(Status.SKIPPED, "not attempted: " + "; ".join(reasons))
        try:
            translation = translate(functions)
        except Unsupported as exc:
            return Finding(Status.SKIPPED, f"outside the proof fragment: {exc}")
        venv = self.venv = nagini_server.venv_path(getattr(context.settings, "nagini", None))
        why = nagini_server.missing(venv)
        if why is not None:
            return Finding(Status.ERROR if nagini_server.required() else Status.SKIPPED, why)
        server = nagini_server.shared_server(venv, getattr(context.settings, "servers", 1))
        try:
            answer = server.prove(translation.source, context.timeout, context.wall_factor)
            rerun = None
            if answer.verdict == "timeout":  # the wall-clock safety net: again, alone, before judging
                rerun = f"run again alone after: {answer.errors[0]['message'] if answer.errors else 'timeout'}"
                with alone(context.gate):
                    answer = server.prove(translation.source, context.timeout,
                                          context.wall_factor * RERUN_WALL_FACTOR)
        except nagini_server.NaginiStartError as exc:
            return Finding(Status.ERROR if nagini_server.required() else Status.SKIPPED, str(exc))
        self.resources = server.resources_per_ms()
        evidence = {"functions": translation.functions, "nagini_cpu_seconds": answer.cpu_seconds,
                    "nagini_wall_seconds": round(answer.wall_seconds, 3)}
        if rerun is not None:
            evidence["rerun"] = rerun
        if answer.verdict == "verified":
            return Finding(Status.PASSED, f"Nagini proved {', '.join(translation.functions)}", evidence=evidence)
        if answer.verdict == "budget":
            return Finding(Status.SKIPPED, f"not proved: out of budget ({context.timeout:g} CPU s)",
                           evidence=evidence)
        if answer.verdict == "timeout":
            return Finding(Status.TIMEOUT, "the proof ran past its wall-clock safety net twice, the second "
                           f"time alone ({answer.wall_seconds:.0f} s; budget {context.timeout:g} CPU s)",
                           evidence=evidence)
        first = describe(answer.errors[0], translation) if answer.errors else "no reason given"
        more = f" (+{len(answer.errors) - 1} more)" if len(answer.errors) > 1 else ""
        label = {"failed": "not proved", "unsupported": "outside Nagini's fragment"}.get(answer.verdict, "Nagini error")
        return Finding(Status.SKIPPED, f"{label}: {first}{more}", evidence=evidence)


def alone(gate: Any) -> contextlib.AbstractContextManager[None]:
    """The verifier's gate held alone for a re-run (``Gate.alone`` does not wait for this thread's
    own request sent ahead, which may be in flight while this host-side stage runs).

    The stage re-runs its Nagini call itself instead of leaving it to the verifier's
    ``_rerun_alone``, which serves the sandboxed stages: that one is triggered by a sandbox
    request's timeout (``context.wall_hit``, which a Nagini answer never sets), retires the
    sample's sandbox worker and starts a fresh one (the proof has no worker to replace, and may
    run where there is none), and runs the whole stage again (here only the call: the
    translation is the same). The two share the gate, ``RERUN_WALL_FACTOR`` and the form of the
    ``rerun`` evidence note."""
    return contextlib.nullcontext() if gate is None else gate.alone()


def describe(error: dict, translation: Translation) -> str:
    """Nagini's message in the sample's terms: its kind (the Viper term it names is left out), and
    the contract line it is about."""
    message = str(error.get("message", "")).strip().split(" Assertion ")[0].split("\n")[0].rstrip(".")
    message = re.sub(r"\s*\(proof_\d+\.py@[\d.\-]+\)", "", message)
    head, sep, tail = message.partition(" might not ")
    if sep:
        words = []
        for word in head.split():
            if not re.fullmatch(r"[A-Za-z_][\w.]*", word) or "___" in word:
                break
            words.append(word)
        message = f"{' '.join(words) or head} might not {tail}"
    origin = translation.origins.get(int(error.get("line") or 0))
    return f"{message} ({origin})" if origin else message
