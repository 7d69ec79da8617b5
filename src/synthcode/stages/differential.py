"""The ``differential`` stage: the sample must agree with a reference solution on many inputs.

Applies to samples that carry a reference solution (the JSONL field ``reference``, or
``synthcode verify --reference REF.py``). Needs no type hints: the inputs start from the argument
tuples the file's own tests pass to the entry point.

1. **Entry point**: ``sample.entry_point``; otherwise the one top-level non-test function that
   both the sample and the reference define; when there are several, the one of those that the
   tests mention. Anything else is ``skipped``, naming why.
2. **Seeds**: the file's tests run under the ``record`` harness (judged as the tests stage judges
   them), which records the arguments of every call of the entry point a test makes. Arguments
   that are not literals (``parse_repr`` refuses them) are dropped. No seeds: ``skipped``.
3. **Domain and inputs** (:mod:`synthcode.domain`): the task's input domain comes from the
   entry point's ``pre:`` contracts when it has any (checked in the sandbox beside the
   reference's calls), else it is inferred from the seeds as likely invariants (``n >= 0``,
   ``len(xs) >= 1``, sortedness, ``n == len(xs)``, character classes, ...). Then
   ``budget.examples`` inputs beyond the seeds: relational and plain boundary values (small
   integers, ``""``, ``[]`` and one-element lists), mutants from
   :func:`synthcode.mutation.generate_inputs`, wider magnitudes, string case variants, the
   task's words (docstrings, statement, the tests' strings) and, when the seeds are few or empty,
   values drawn from the type hints with Hypothesis; those inside the domain first, then at most
   a tenth outside it. Seeded by a hash of the sample id (reruns agree).
4. **Reference run**, then **candidate run**, each its own sandbox request (its own forked
   process) under the ``call`` harness, each with ``budget.seconds`` of CPU time (its CPU limit);
   a call that kills its process is charged to that input and the run resumes after it (at most
   ``MAX_RUNS`` requests). Every limit and measured time is CPU time, so a busy machine gives the
   same verdict as an idle one. Per call, the
   reference gets ``REFERENCE_CALL_SECONDS`` (0.05 CPU s, or ``budget.seconds / 10`` when that is
   less): an input it cannot answer that fast is outside its domain and costs little, which
   matters because mutated inputs often send a reference into an endless loop (a negative count).
   The candidate gets the larger of ``CALL_SECONDS`` (0.25 s, or ``budget.seconds / 10``) and four
   times what the reference took on the same input (as EvalPlus scales its limits).
5. **Verdict**, on the trusted side. With ``differential.domain: inferred`` (the default) only
   inputs inside the domain are judged (a test's own input always is); a disagreement outside it
   is recorded in ``evidence["edge_disagreements"]`` and does not reject. With ``any`` every
   input the reference answers is judged. The evidence also holds the domain as ``pre:`` lines.

   * An input on which the reference raises or times out is outside its domain: skipped, never a
     disagreement, whatever the candidate does there (it is not even run).
   * So is, under ``inferred``, a generated input the reference answers with a value of another
     kind than it gives every test, a value the task's texts never name (:func:`sentinel_answers`:
     ``-1`` where the tests expect pairs): its own "no answer" for an input the task leaves open.
   * The calls the task's texts write with literal arguments (``>>> f('aaaa', 'aa')``) join the
     tests' own inputs (:func:`~synthcode.domain.examples_in`).
   * Where the reference returns, the candidate must return an equal value: both ``repr``\\ s are
     rebuilt with ``parse_repr`` (``Counter``, ``OrderedDict`` and ``defaultdict`` as the dict
     they equal) and compared as ``==`` would, except that floats (and complex parts) match
     within ``math.isclose(rel_tol=1e-6, abs_tol=1e-9)`` and nan equals nan, at any depth of
     lists, tuples and dict values. Reprs that are not literals are compared as text, with
     memory addresses (``at 0x...``) removed; reprs over 3,000 characters by their sha256. When
     the reference returns None (an in-place function), the arguments as the call left them are
     compared the same way; after other calls a difference in them is only recorded
     (``evidence["arguments_differ"]``).
   * The candidate raising (an exception is named by its type), timing out past its per-call
     limit, or dying on such an input is a disagreement, except a timeout on an input larger
     than every test's (:class:`~synthcode.domain.Sizes`) and a ``RecursionError`` far beyond
     the tests' magnitudes: recorded as edge disagreements (slow, not wrong, where the tests never
     asked); judged inputs of that size left unrun by a candidate slow only there are not judged.
     A reference that computes with floats is not trusted past 2**53 (an argument or an answer that large).
     Any disagreement is ``failed``, with the input and both outcomes in ``counterexample`` (the
     shortest disagreeing input is shown).
   * No disagreement, every such input run: ``passed`` at level ``property-checked`` (not
     disproved on the inputs tried, never "proved"). The candidate's time budget running out
     first: ``timeout``. The reference's running out only drops the inputs it did not answer
     (said in the detail). No input inside the reference's domain: ``skipped``.
   * A reference that does not load or lacks the entry point: ``error`` (the verifier cannot
     judge); a sample that does: ``failed``.

::

    config = VerifyConfig(stages=["tests", "differential"], differential=DifferentialConfig(domain="inferred"))
    sample = Sample(id="a", code=candidate_file, reference=reference_source)

The two runs fork from the same worker, so they share its string hash seed (``set`` iteration
order agrees); a sample that uses ``random`` is reseeded before each call by the harness.
"""

from __future__ import annotations

import ast
import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from synthcode.analysis import AnalysisError, ModuleInfo, analyze
from synthcode.domain import (DifferentialConfig, Domain, Sizes, domain_inputs, examples_in, far_beyond,
                              infer_domain, magnitude_bound, named_characters, reference_guards, string_constants,
                              vocabulary, with_argument)
from synthcode.mutation import parse_repr
from synthcode.sample import Level, Sample, Status
from synthcode.sandbox.base import RunRequest, RunResult
from synthcode.stages.base import Finding, Stage, StageContext
from synthcode.stages.consistency import record_calls
from synthcode.stages.tests import SIGNAL_HINTS, channel_problem, signal_name

CALL_HARNESS = "call"
COMPARED = "compared function"
"""``context.scratch`` key of :func:`compared_function`'s answer."""
DOMAIN = "input domain"
"""``context.scratch`` key of ``(domain, parameter names, differential.domain)``: the symbolic
stage judges CrossHair's differences with the reference by the same domain."""
REFERENCE_CALL_SECONDS = 0.05
"""Per-call limit of the reference, when the budget allows."""
CALL_SECONDS = 0.25
"""The least per-call limit of the candidate, when the budget allows."""
BOUNDARY_VALUES: dict[type, tuple] = {
    int: (0, 1, 2, 3, 4, 5, 7, 10, -1, -2),
    str: ("", "a", " "),
    list: ([], [0], [1], [-1]),
}
"""Values put in place of a seed's argument of the same type (one-element lists only for lists of ints)."""
SECOND_ROUND = 0.2
"""A second round of inputs, grown from the generated ones the reference answered, when fewer
than this share of the budget were answered."""
MAX_EDGES = 5
"""Edge disagreements kept in the evidence (all are counted)."""
SLOWER_FLOOR = 0.02
"""A call at the tests' sizes this short (CPU seconds) is never counted as slower than the
reference's. Well above what a garbage collection adds to one short call: at 2 ms, one such
pause in a call of a tenth of a millisecond marked a candidate slow everywhere, and the rare
verdict turned on it (a correct ``count_Squares`` judged out of budget in one run in ten)."""
FAR_SLOWER_FLOOR = 0.002
"""The same past the tests' sizes, where a loop slower than a formula shows by a few
milliseconds (``sum(range(n + 1))`` at ``n = 10**6``) before the budget runs out."""
TIME_FACTOR = 4.0
"""The candidate may take this many times the reference's time on an input (or the floor)."""
FLOAT_EXACT = 2 ** 53
"""Integers up to this magnitude are exact as floats."""
RESOURCE_ERRORS = frozenset({"RecursionError", "MemoryError", "OverflowError"})
"""Exceptions that say a call ran out of room, not that it is wrong: on an input far beyond
the tests' magnitudes (:func:`~synthcode.domain.magnitude_bound`), a recursive solution's
``RecursionError`` (or a float's ``OverflowError``: ``math.factorial(n) / ...`` at ``n = 10**29``)
is recorded like a timeout there."""
REL_TOL, ABS_TOL = 1e-6, 1e-9
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


@dataclass(slots=True)
class Outcome:
    """What one call did: ``ok`` (with ``value`` text or ``digest``), ``raised``, ``timeout``,
    ``crashed``, or ``bad-input``."""

    kind: str
    value: str | None = None
    digest: str | None = None
    after: str | None = None
    after_digest: str | None = None
    seconds: float = 0.0
    detail: str = ""
    outside: str | None = None
    """The task's precondition this input breaks (reported by the reference's run with ``pre``)."""

    def describe(self) -> str:
        if self.kind == "ok":
            shown = self.value if self.value is not None else f"<a long value, sha256 {self.digest}>"
            return f"returned {_short(shown)}"
        if self.kind == "raised":
            return f"raised {self.detail}"
        if self.kind == "timeout":
            return f"timed out ({self.detail})"
        return self.detail


class RunFailure(Exception):
    """A run that could not be used at all: the module did not load, lacks the entry point, or
    broke the result channel."""


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def stable_seed(sample_id: str) -> int:
    return int.from_bytes(hashlib.sha256(sample_id.encode()).digest()[:8], "big")


def _mentioned_in_tests(info: ModuleInfo) -> set[str]:
    tests = set(info.tests)
    names: set[str] = set()
    for node in info.tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in tests:
            names.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name))
    return names


def choose_entry_point(sample: Sample, info: ModuleInfo, reference: ModuleInfo) -> tuple[str | None, str]:
    """The function to compare, or None and why not."""
    if sample.entry_point:
        return sample.entry_point, ""
    common = [name for name in dict.fromkeys(info.functions) if name in reference.functions]
    if len(common) == 1:
        return common[0], ""
    if not common:
        return None, "the sample and its reference have no top-level function in common; set entry_point"
    mentioned = _mentioned_in_tests(info)
    tested = [name for name in common if name in mentioned]
    if len(tested) == 1:
        return tested[0], ""
    return None, f"several functions common to the sample and its reference ({', '.join(common)}); set entry_point"


def compared_function(sample: Sample, context: StageContext) -> tuple[str | None, Finding | None]:
    """The function to compare with ``sample.reference``, or None and the finding that says why
    not (an error when the reference does not parse). Worked out once per sample: the symbolic
    stage compares the same function, and reads it from ``context.scratch``."""
    if COMPARED not in context.scratch:
        assert context.info is not None and sample.reference is not None
        try:
            reference = analyze(sample.reference)
        except AnalysisError as exc:
            context.scratch[COMPARED] = None, Finding(Status.ERROR, f"the reference does not parse: {exc}")
        else:
            entry_point, why = choose_entry_point(sample, context.info, reference)
            context.scratch[COMPARED] = entry_point, (None if entry_point else Finding(Status.SKIPPED, why))
    return context.scratch[COMPARED]


def boundary_inputs(seeds: list[tuple], limit: int) -> list[tuple]:
    """Each seed with one argument replaced by a boundary value of its type, then (in a quarter of
    the room at most) two integer arguments set to ``PAIRED_VALUES`` at once; distinct, at most ``limit``."""
    seen = {repr(args) for args in seeds}
    out: list[tuple] = []
    for args in seeds:
        for position, value in enumerate(args):
            replacements = BOUNDARY_VALUES.get(type(value), ())
            if type(value) is list and not all(type(x) is int for x in value):
                replacements = ([],)
            out += _replaced(args, position, replacements, seen)
    paired: list[tuple] = []
    for args in seeds:
        # Two integer arguments at their least values together (power_mod(2, 0, 1): an exponent of
        # zero and a modulus of one, each tried alone with the other at the test's value, hide it).
        ints = [k for k, v in enumerate(args) if type(v) is int]
        for x, y in PAIRED_VALUES:  # every pair of arguments gets its first values before any its second
            for a, b in ((a, b) for n, a in enumerate(ints) for b in ints[n + 1:]):
                variant = with_argument(with_argument(args, a, x), b, y)
                if repr(variant) not in seen:
                    seen.add(repr(variant))
                    paired.append(variant)
    paired = paired[:limit // 4]  # a quarter of the room at most, the single values first
    return out[:limit - len(paired)] + paired


PAIRED_VALUES = ((0, 1), (1, 0), (0, 0), (1, 1))
"""Values two integer arguments take at once in :func:`boundary_inputs`."""


def _replaced(args: tuple, position: int, replacements: Any, seen: set[str]) -> list[tuple]:
    """``args`` with the argument at ``position`` replaced by each of ``replacements``, leaving out
    the argument tuples in ``seen`` (which gains the new ones)."""
    out = []
    for replacement in replacements:
        variant = args[:position] + (replacement,) + args[position + 1:]
        key = repr(variant)
        if key not in seen:
            seen.add(key)
            out.append(variant)
    return out


BEYOND_INTS = (100, 1000, 10 ** 6 + 1, 10 ** 9 + 7, 10 ** 18 - 1, 10 ** 30 + 3)
"""Integers put in place of a seed's integer argument when larger than any the tests used (and
their negatives for arguments the tests gave negative values): code wrong only past the tests'
magnitudes (a float on the way, a fixed-size table) shows there."""


def round_neighbours(value: int) -> list[int]:
    """The round numbers around ``value`` at each power of ten below its size, coarsest first
    (2024: 2000, 3000, 2100, 2020, 2030): rules that change at round numbers (centuries in a
    leap-year rule, a boundary at 100) show there, where the tests' own values rarely fall."""
    steps = []
    magnitude, step = abs(value), 10
    while step <= magnitude:
        steps.append(step)
        step *= 10
    out: list[int] = []
    for step in reversed(steps):
        low = magnitude // step * step
        out += [n for n in (low, low + step) if n != magnitude and n not in out]
    return [-n for n in out] if value < 0 else out


def beyond_inputs(seeds: list[tuple], limit: int) -> list[tuple]:
    """Each seed with one argument made larger than the tests' (integers, up to 10**30) or rounder
    (:func:`round_neighbours`), or in another case (strings with letters: upper, lower, swapped,
    title), distinct, at most ``limit``; taken from all seeds in turn, so every argument gets some."""
    seen = {repr(args) for args in seeds}
    per_seed: list[list[tuple]] = []
    largest = max([abs(v) for args in seeds for v in args if type(v) is int] or [0])
    for args in seeds:
        variants: list[tuple] = []
        for position, value in enumerate(args):
            if type(value) is int:
                replacements: list[Any] = [2 * largest + 1] + [n for n in BEYOND_INTS if n > largest]
                if value < 0:
                    replacements = [-n for n in replacements]
                replacements += round_neighbours(value)
            elif type(value) is str and any(c.isalpha() for c in value):
                replacements = [value.upper(), value.lower(), value.swapcase(), value.title()]
            else:
                continue
            variants += _replaced(args, position, replacements, seen)
        per_seed.append(variants)
    out: list[tuple] = []
    for round_ in range(max(map(len, per_seed), default=0)):
        out.extend(v[round_] for v in per_seed if round_ < len(v))
    return out[:limit]


# --------------------------------------------------------------------------- comparing values


def values_agree(a: Any, b: Any) -> bool:
    """``a == b``, but floats within tolerance and nan equal to nan, through lists, tuples and dicts."""
    if isinstance(a, complex) or isinstance(b, complex):
        if isinstance(a, (int, float, complex)) and isinstance(b, (int, float, complex)):
            a, b = complex(a), complex(b)
            return values_agree(a.real, b.real) and values_agree(a.imag, b.imag)
        return False
    if isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
            return False
        try:
            x, y = float(a), float(b)
        except OverflowError:  # an int too large for a float is not close to any float
            return False
        if math.isnan(x) or math.isnan(y):
            return math.isnan(x) and math.isnan(y)
        return math.isclose(x, y, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    if type(a) in (list, tuple) and type(b) is type(a):
        return len(a) == len(b) and all(values_agree(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(values_agree(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except Exception:
        return False


_NOT_LITERAL = re.compile(r"<class '[\w.]+'>|<(?:built-in )?function [\w.<>]+(?: at 0x[0-9a-fA-F]+)?>")
_MAPPINGS = frozenset({"Counter", "OrderedDict", "defaultdict", "dict"})


class _AsDict(ast.NodeTransformer):
    """``Counter({...})``, ``OrderedDict([...])`` and ``defaultdict(f, {...})`` as the dict they
    equal under ``==`` (a test comparing with a dict literal passes on either)."""

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if not (isinstance(node.func, ast.Name) and node.func.id in _MAPPINGS) or node.keywords:
            return node
        args = node.args[1:] if node.func.id == "defaultdict" else node.args
        if not args:
            return ast.Dict(keys=[], values=[])
        if len(args) == 1 and isinstance(args[0], ast.Dict):
            return args[0]
        if len(args) == 1 and isinstance(args[0], ast.List) and all(
                isinstance(e, ast.Tuple) and len(e.elts) == 2 for e in args[0].elts):
            return ast.Dict(keys=[e.elts[0] for e in args[0].elts], values=[e.elts[1] for e in args[0].elts])
        return node


def result_value(text: str) -> Any:
    """The value a result's ``repr`` shows, rebuilt without running code: a literal, or a mapping
    type's repr taken as the dict it equals; ``ValueError`` otherwise."""
    try:
        return parse_repr(text)
    except (ValueError, TypeError, RecursionError):
        if not any(name in text for name in _MAPPINGS):
            raise
    try:
        tree = ast.parse(_NOT_LITERAL.sub("None", text).strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError):
        raise ValueError("not a literal value") from None
    return parse_repr(ast.unparse(_AsDict().visit(tree)))


def reprs_agree(a: str | None, a_digest: str | None, b: str | None, b_digest: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None and a_digest == b_digest
    if a == b:
        return True
    try:
        return values_agree(result_value(a), result_value(b))
    except (ValueError, TypeError, RecursionError):
        return _ADDRESS.sub("", a) == _ADDRESS.sub("", b)


def arguments_agree(reference: Outcome, candidate: Outcome, arguments: str) -> bool:
    """The arguments as both calls left them (``arguments`` where a call did not change them)."""
    ref_after = (reference.after, reference.after_digest) if reference.after or reference.after_digest \
        else (arguments, None)
    cand_after = (candidate.after, candidate.after_digest) if candidate.after or candidate.after_digest \
        else (arguments, None)
    return reprs_agree(*ref_after, *cand_after)


def outcomes_agree(reference: Outcome, candidate: Outcome, arguments: str, side_effects: bool = True) -> bool:
    """Only asked where the reference returned. The arguments as the call left them are judged
    after a call that returned None (an in-place function: its effect is on its arguments);
    after any other call they are compared by :func:`arguments_agree` and a difference is only
    recorded (a test compares what a call returns: a correct solution may sort a copy where the
    reference sorts its argument, or sort its argument to take the least item where the
    reference calls ``min``). ``side_effects`` (``differential.side_effects: rejected``, the
    default): a candidate that changes an argument the reference leaves alone disagrees (a
    caller's list sorted or emptied is a side effect the task never asked for); ``False``
    (``recorded``) only records it."""
    if candidate.kind != "ok":
        return False
    if not reprs_agree(reference.value, reference.digest, candidate.value, candidate.digest):
        return False
    if reference.value == "None":
        return arguments_agree(reference, candidate, arguments)
    if side_effects and (candidate.after or candidate.after_digest):
        unchanged = not (reference.after or reference.after_digest)
        if unchanged and not reprs_agree(candidate.after, candidate.after_digest, arguments, None):
            return False
    return True


def answer_kind(text: str | None) -> str | None:
    """The kind of value a ``repr`` shows (numbers are one kind), or None when it is not a literal."""
    if text is None:
        return None
    try:
        value = result_value(text)
    except (ValueError, TypeError, RecursionError):
        return None
    if isinstance(value, bool):
        return "bool"
    return "number" if isinstance(value, (int, float)) else type(value).__name__


SENTINEL_SEEDS = 2
"""Tests (answered alike in kind) before an answer of another kind counts as a sentinel."""


def sentinel_answers(seed_outcomes: list[Outcome | None], texts: list[str]) -> Callable[[Outcome], str | None]:
    """Where the reference answers a generated input with a value of another kind than every
    test expects, a value the task's texts never name (``-1`` where the tests expect a pair,
    ``'Invalid Input'`` where they expect a number), it says the input is outside its task: its
    own "no answer" that the task leaves open. Returns, for a reference outcome, why the input is
    outside, or None. Needs ``SENTINEL_SEEDS`` tests answered with one kind, not None (an
    in-place function's)."""
    kinds = {answer_kind(o.value) if o is not None and o.kind == "ok" else None for o in seed_outcomes}
    if len(seed_outcomes) < SENTINEL_SEEDS or len(kinds) != 1 or None in kinds or "NoneType" in kinds:
        return lambda outcome: None
    expected = next(iter(kinds))
    words = "\n".join(texts)

    def outside(outcome: Outcome) -> str | None:
        kind = answer_kind(outcome.value)
        if kind is None or kind == expected:
            return None
        value = result_value(outcome.value)
        named = (str(value) if isinstance(value, str) else outcome.value or "")
        if named and re.search(rf"(?<![\w.]){re.escape(named)}(?![\w.])", words):
            return None  # the task names it: "return -1 if there is none"
        return (f"the reference answers {_short(outcome.value or '', 40)} ({kind}) where every test expects "
                f"a {expected}, a value the task never names")
    return outside


# --------------------------------------------------------------------------- running calls


def _outcome(event: dict[str, Any]) -> Outcome:
    outcome = _event_outcome(event)
    outside = event.get("outside")
    outcome.outside = outside if isinstance(outside, str) else None
    return outcome


def _event_outcome(event: dict[str, Any]) -> Outcome:
    seconds = float(event.get("seconds") or 0.0)
    if "bad_input" in event:
        return Outcome("bad-input", detail=str(event["bad_input"]))
    if event.get("timeout"):
        return Outcome("timeout", seconds=seconds)
    if "raised" in event:
        return Outcome("raised", seconds=seconds, detail=str(event["raised"]))
    value, digest = event.get("ok"), event.get("ok_sha256")
    if not isinstance(value, str) and not isinstance(digest, str):
        raise RunFailure("result channel tampered: a result without an outcome")
    after, after_digest = event.get("after"), event.get("after_sha256")
    return Outcome("ok", value=value if isinstance(value, str) else None,
                   digest=digest if isinstance(digest, str) else None,
                   after=after if isinstance(after, str) else None,
                   after_digest=after_digest if isinstance(after_digest, str) else None, seconds=seconds)


def _ended(result: RunResult) -> Outcome | None:
    """What happened to the call that a run ended in, or None when the run's budget ran out first
    (its CPU limit, SIGXCPU, or its wall-clock safety net)."""
    if result.timed_out:
        return None
    if result.signal is not None:
        name = signal_name(result.signal)
        if name == "SIGXCPU":
            return None
        return Outcome("crashed", detail=f"killed by {name}{SIGNAL_HINTS.get(name, '')}")
    return Outcome("crashed", detail=f"exited with code {result.exit_code} during the call")


MAX_RUNS = 20
"""Requests one run of the calls may take (a call that kills its process ends one; the run resumes
after it): a count, so the inputs left after that many crashes are not run on any machine."""


def run_calls(context: StageContext, code: str, entry_point: str, inputs: list[str], limits: list[float],
              stop_early: bool = False, pre: list[str] | None = None) -> list[Outcome | None]:
    """One outcome per input, None for inputs not run (the stage's CPU budget, or ``MAX_RUNS``,
    ran out, or ``stop_early`` and an earlier call timed out or killed its run); raises
    RunFailure. Each request may spend the stage's CPU budget. ``pre``: precondition expressions
    the harness checks before each call (see the ``call`` harness)."""
    assert context.worker is not None
    outcomes: list[Outcome | None] = [None] * len(inputs)
    start = 0
    for _ in range(MAX_RUNS):
        if start >= len(inputs):
            break
        request = RunRequest(code=code, harness=CALL_HARNESS, **context.limits(),
                             extra={"entry_point": entry_point, "inputs": inputs[start:],
                                    "timeouts": limits[start:], "stop_on_timeout": stop_early,
                                    **({"pre": pre} if pre else {})})
        result = context.run(request)
        problem = channel_problem(result, context)
        if problem is not None:
            raise RunFailure(problem.detail)
        events = result.events
        if not events or events[0].get("event") != "import":
            ended = _ended(result)
            raise RunFailure(f"ended before loading the module ({ended.detail if ended else 'timed out'})")
        position = 1
        if position < len(events) and events[position].get("event") == "import-error":
            error = events[position]
            raise RunFailure(f"failed to load: {error.get('error')}: {error.get('message')}")
        if position < len(events) and events[position].get("event") == "no-entry":
            raise RunFailure(str(events[position].get("message")))
        index = start
        while position < len(events) and events[position].get("event") == "result":
            if events[position].get("index") != index - start:
                raise RunFailure("result channel tampered: results out of order")
            outcomes[index] = _outcome(events[position])
            position += 1
            index += 1
        finished = position < len(events) and events[position].get("event") == "done"
        stopped = stop_early and index > start and outcomes[index - 1].kind == "timeout"
        if finished and position + 1 == len(events) and result.exit_code == 0 and (index == len(inputs) or stopped):
            break
        if position < len(events) and not finished:
            event = events[position]
            if event.get("event") == "harness-error" and event.get("error") == "MemoryError" and index < len(inputs):
                # Out of memory on this input (a 3-D list of 10**6 sides): the call's own outcome,
                # not a broken harness; the rest run in a fresh request.
                outcomes[index] = Outcome("raised", detail="MemoryError")
                start = index + 1
                continue
            if event.get("event") == "harness-error":
                raise RunFailure(f"harness broken by the code: {event.get('error')}: {event.get('message')}")
            raise RunFailure(f"result channel tampered: unexpected {event.get('event')!r} event")
        if index >= len(inputs):
            raise RunFailure(f"exited with code {result.exit_code} after its last call")
        ended = _ended(result)
        if ended is None:  # the run's budget ran out during this call
            # At the CPU limit, how much of it this call used is unknown (the budget ran out):
            # the input is not run. At the wall-clock net (hit twice), a call that took longer
            # than its limit timed out.
            spent = result.seconds - sum(o.seconds for o in outcomes[start:index] if o is not None)
            if result.timed_out and spent >= limits[index]:
                outcomes[index] = Outcome("timeout", seconds=spent)
            break
        outcomes[index] = ended
        start = index + 1
        if stop_early:
            break
    return outcomes


# --------------------------------------------------------------------------- the stage


class DifferentialStage(Stage):
    name = "differential"
    level = Level.PROPERTY_CHECKED
    preload = ("ast", "harnesses.literals", "harnesses.record", "harnesses.call")

    def check(self, sample: Sample, context: StageContext) -> Finding:
        info = context.info
        assert info is not None, "the parse stage runs first"
        if sample.reference is None:
            return Finding(Status.SKIPPED, "no reference solution (JSONL field `reference`, or --reference)")
        entry_point, problem = compared_function(sample, context)
        if problem is not None:
            return problem
        if not info.tests:
            return Finding(Status.SKIPPED, "no test functions to take seed inputs from")

        recording = record_calls(sample, context, [entry_point])
        if recording.finding.status is not Status.PASSED:
            finding = recording.finding
            finding.detail = f"while recording the tests' calls: {finding.detail}"
            return finding
        seeds: dict[str, tuple] = {}
        for text in recording.calls.get(entry_point, []):
            if text is None:
                continue
            try:
                args = parse_repr(text)
            except (ValueError, TypeError, RecursionError):
                continue
            if isinstance(args, tuple):
                seeds.setdefault(repr(args), args)
        if not seeds:
            called = bool(recording.calls.get(entry_point))
            return Finding(Status.SKIPPED, f"the tests never call {entry_point}" + (
                " with literal arguments" if called else ""))
        function = _function_node(info, entry_point)
        texts = _task_texts(sample, info, function)
        from_tests = len(seeds)
        for args in examples_in(texts, entry_point):  # the statement's own examples are the task's inputs too
            seeds.setdefault(repr(args), args)
        seed_args = list(seeds.values())
        settings = context.settings if isinstance(context.settings, DifferentialConfig) else DifferentialConfig()
        params, annotations = _parameters(function)
        contract = context.contracts().functions.get(entry_point)
        if contract is not None and contract.pre:
            domain = Domain(source="contracts", pre=[c.source for c in contract.pre])
        else:
            domain = infer_domain(seed_args, params, "\n".join(texts), annotations=annotations,
                                  guards=reference_guards(sample.reference or "", entry_point),
                                  alphabet=named_characters(sample.reference or ""))
        context.scratch[DOMAIN] = domain, params, settings.domain
        boundary = boundary_inputs(seed_args, context.budget.examples // 2)
        boundary += beyond_inputs(seed_args, context.budget.examples // 4)  # magnitudes, string cases
        words = vocabulary(texts, string_constants(sample.reference))
        generated = domain_inputs(seed_args, domain, context.budget.examples, boundary=boundary,
                                  seed=stable_seed(sample.id), annotations=annotations, words=words)
        inputs = [*seeds, *(repr(args) for args in generated)]
        reference_limit = min(REFERENCE_CALL_SECONDS, context.budget.cpu_seconds / 10)
        floor = min(CALL_SECONDS, context.budget.cpu_seconds / 10)

        try:
            reference = run_calls(context, sample.reference, entry_point, inputs, [reference_limit] * len(inputs),
                                  pre=domain.pre)
            # Few generated inputs inside the reference's domain (a vocabulary of note symbols,
            # number words, RPN tokens): a second round grows from those it answered.
            grown = [generated[i - len(seeds)] for i, o in enumerate(reference)
                     if i >= len(seeds) and o is not None and o.kind == "ok"]
            room = context.budget.examples - len(grown)
            if grown and room >= context.budget.examples * SECOND_ROUND:
                # The words the reference took are the task's words; phrases of them come next.
                taken = {t for args in grown for v in args if isinstance(v, str) for t in v.split()}
                known = set(inputs)
                more = [args for args in domain_inputs(
                            [*seed_args, *grown], domain, room, boundary=[], seed=stable_seed(sample.id) + 1,
                            words=[w for w in words if w in taken] or words, grow=True) if repr(args) not in known]
                texts_more = [repr(args) for args in more]
                reference += run_calls(context, sample.reference, entry_point, texts_more,
                                       [reference_limit] * len(more), pre=domain.pre)
                generated += more
                inputs += texts_more
        except RunFailure as exc:
            return Finding(Status.ERROR, f"reference run failed: {exc}")
        answered = [i for i, o in enumerate(reference) if o is not None and o.kind == "ok"]
        outside = _outside(reference)
        unanswered = sum(1 for o in reference if o is None)
        if not answered:
            return Finding(Status.SKIPPED, f"no input inside the reference's domain ({outside}"
                           + (f"; it ran out of time before {unanswered}" if unanswered else "") + ")")
        # Why each answered input is outside the task's domain (None: inside); a test's own input never is.
        broken: dict[int, str | None] = {}
        for i in answered:
            if i < len(seeds):
                broken[i] = None
            elif domain.source == "contracts":
                broken[i] = reference[i].outside
            else:
                broken[i] = domain.violation(generated[i - len(seeds)])
        if domain.source != "contracts":
            sentinel = sentinel_answers([reference[i] for i in range(len(seeds))], texts)
            for i in answered:
                if i >= len(seeds) and broken[i] is None:
                    broken[i] = sentinel(reference[i])
        judged = lambda i: settings.domain == "any" or broken[i] is None  # noqa: E731
        # Inputs beyond the tests' sizes run after the other judged ones: a value there is
        # judged, running out of time (or of stack) is not (see magnitude_bound and Sizes).
        bound = magnitude_bound(seed_args)
        sizes = Sizes.of(seed_args)
        deep = {i for i in answered if i >= len(seeds) and far_beyond(generated[i - len(seeds)], bound)}
        far = deep | {i for i in answered if i >= len(seeds) and sizes.beyond(generated[i - len(seeds)])}
        if uses_floats(sample.reference or ""):
            for i in answered:
                if i < len(seeds) or broken[i] is not None:
                    continue
                # A reference that computes with floats (n / 10) answers with rounded digits past
                # 2**53, a size the tests never asked for: its answer is not trusted there, whether
                # the argument is that large or only the answer (int(n * (7 * n - 5) / 2)).
                if i in deep and far_beyond(generated[i - len(seeds)], FLOAT_EXACT):
                    broken[i] = "|n| <= 2**53 (the reference computes with floats; past the tests' magnitudes)"
                elif _rounded(reference[i]):
                    broken[i] = "answer within 2**53 (the reference computes with floats; its digits past it are rounded)"
        timed = lambda i: judged(i) and i not in far  # noqa: E731
        order = ([i for i in answered if timed(i)] + [i for i in answered if judged(i) and i in far]
                 + [i for i in answered if not judged(i)])
        inside_count = sum(1 for i in answered if broken[i] is None)
        evidence: dict[str, Any] = {
            "domain": domain.lines(), "domain_source": domain.source, "domain_mode": settings.domain,
            "inputs": {"from_tests": from_tests, "from_examples": len(seeds) - from_tests, "inside": inside_count, "outside": len(answered) - inside_count,
                       "refused_by_reference": len(inputs) - len(answered) - unanswered},
            "edge_disagreements": [], "edge_disagreement_count": 0}

        limits = [max(floor, TIME_FACTOR * reference[i].seconds) for i in order]
        try:
            # Every input sent here is one the reference answered: a timeout or a crash already disagrees.
            candidate = run_calls(context, sample.code, entry_point, [inputs[i] for i in order], limits,
                                  stop_early=True)
        except RunFailure as exc:
            return Finding(Status.FAILED, f"candidate run failed: {exc}", evidence=evidence)

        disagreements, edges, changed_arguments = [], [], []
        side_effects = 0
        # Judged inputs past the tests' sizes left unrun after a timeout there, or after the
        # budget ran out on a candidate slow only there (a loop where the reference has a
        # formula), are not judged; left unrun by a candidate slow everywhere, they are.
        def slower(position: int, i: int, floor: float) -> bool:
            got = candidate[position]
            return got is not None and (got.kind == "timeout" or (
                got.seconds > max(floor, TIME_FACTOR * reference[i].seconds)))

        # Slow past the tests' sizes shows at a few milliseconds; slow everywhere must show at the
        # tests' sizes by more than one pause of the collector (SLOWER_FLOOR).
        slow_stop = (any(slower(position, i, FAR_SLOWER_FLOOR) for position, i in enumerate(order) if i in far)
                     and not any(slower(position, i, SLOWER_FLOOR) for position, i in enumerate(order) if timed(i)))
        counted = lambda i: timed(i) or (judged(i) and not slow_stop)  # noqa: E731
        not_run = sum(1 for position, i in enumerate(order) if candidate[position] is None and counted(i))
        not_run_outside = sum(1 for position, i in enumerate(order) if candidate[position] is None and not counted(i))
        for position, i in enumerate(order):
            got = candidate[position]
            if got is None:
                continue
            if got.kind == "timeout":
                got.detail = f"per-call limit {limits[position]:.2g}s; the reference took {reference[i].seconds:.2g}s"
            if not outcomes_agree(reference[i], got, inputs[i], settings.side_effects == "rejected"):
                slow = (got.kind == "timeout" and i in far) or (
                    got.kind == "raised" and got.detail in RESOURCE_ERRORS and i in deep)
                if slow and broken[i] is None:
                    broken[i] = ("the tests' sizes (how long a call takes, and how deep it recurses, "
                                 "is judged only that far)")
                (disagreements if judged(i) and not slow else edges).append((i, got))
            elif not arguments_agree(reference[i], got, inputs[i]):
                changed_arguments.append(inputs[i])
                side_effects += not (reference[i].after or reference[i].after_digest)
        # side_effects: calls after which the candidate changed arguments the reference left alone.
        evidence["arguments_differ"] = {"count": len(changed_arguments), "inputs": changed_arguments[:MAX_EDGES],
                                        "changed_by_candidate": side_effects}
        evidence["edge_disagreement_count"] = len(edges)
        evidence["edge_disagreements"] = [
            {"input": inputs[i], "outside": broken[i], "candidate": _as_dict(got), "reference": _as_dict(reference[i])}
            for i, got in sorted(edges, key=lambda d: (len(inputs[d[0]]), d[0]))[:MAX_EDGES]]
        judged_count = sum(1 for position, i in enumerate(order)
                           if judged(i) and (counted(i) or candidate[position] is not None))
        if disagreements:
            i, got = min(disagreements, key=lambda d: (len(inputs[d[0]]), d[0]))
            call = f"{entry_point}{_call_text(inputs[i])}"
            origin = "a test's own input" if i < from_tests else "an example in the task's text" if i < len(seeds) else (
                "a generated input inside the domain" if broken[i] is None
                else f"a generated input outside the inferred domain ({broken[i]}), judged as domain: any")
            ref = reference[i]
            if got.kind == "ok" and reprs_agree(ref.value, ref.digest, got.value, got.digest):
                detail = (f"{call} left its arguments as {_short(got.after or got.after_digest or inputs[i])}, "
                          f"but the reference left them as {_short(ref.after or ref.after_digest or inputs[i])} "
                          f"(both returned {_short(got.value or '')}; {origin}")
            else:
                detail = f"{call} {got.describe()}, but the reference {ref.describe()} ({origin}"
            if len(disagreements) > 1:
                detail += f"; {len(disagreements)} of {judged_count - not_run} inputs run disagree"
            if not_run:
                detail += f"; stopped there, {not_run} not run"
            counterexample = {"entry_point": entry_point, "input": inputs[i], "seed": i < len(seeds),
                              "inside_domain": broken[i] is None,
                              "candidate": _as_dict(got), "reference": _as_dict(ref)}
            return Finding(Status.FAILED, detail + ")", assertion=f"{call} == reference",
                           counterexample=counterexample, evidence=evidence)
        if not_run:
            return Finding(Status.TIMEOUT, f"ran out of its {context.budget.cpu_seconds:g}s CPU budget with "
                                           f"{not_run} of {judged_count} inputs left (no disagreement so far)",
                           evidence=evidence)
        kind = "contracted" if domain.source == "contracts" else "inferred"
        where = "" if settings.domain == "any" else f" inside the {kind} domain"
        detail = (f"{entry_point} agrees with the reference on {judged_count} inputs{where} "
                  f"({from_tests} from the tests, " + (f"{len(seeds) - from_tests} from the task's examples, "
                                                       if len(seeds) > from_tests else "")
                  + f"{judged_count - len(seeds)} generated)")
        if edges:
            i, got = min(edges, key=lambda d: (len(inputs[d[0]]), d[0]))
            detail += (f"; differs on {len(edges)} outside it, not judged (e.g. {entry_point}{_call_text(inputs[i])} "
                       f"{got.describe()}, the reference {reference[i].describe()}; outside as not {broken[i]})")
        if not_run_outside:
            detail += (f"; {not_run_outside} inputs outside it or far beyond the tests' magnitudes not run "
                       "after the candidate timed out on one")
        if outside:
            detail += f"; outside the reference's domain: {outside}"
        if unanswered:
            detail += f"; the reference ran out of time before {unanswered}"
        return Finding(Status.PASSED, detail, evidence=evidence)


def _rounded(outcome: Outcome) -> bool:
    """True when an answer holds an integer past 2**53, where a float computation has already
    rounded its digits (a float answer is compared within a tolerance anyway)."""
    try:
        return outcome.value is not None and far_beyond((result_value(outcome.value),), FLOAT_EXACT)
    except ValueError:
        return False


def uses_floats(source: str) -> bool:
    """True when the code divides with ``/``, calls ``float``, ``math.sqrt``, ``math.log`` or
    ``math.pow``, or raises to a float power: its integer answers past 2**53 may be rounded."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    for node in ast.walk(tree):
        if isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, ast.Div):
            return True
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and isinstance(node.right, ast.Constant) \
                and isinstance(node.right.value, float):
            return True
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("float", "sqrt", "log", "log10", "log2", "pow"):
                return True
    return False


def _function_node(info: ModuleInfo, name: str) -> ast.FunctionDef | None:
    """The entry point's last top-level definition (the one Python keeps)."""
    found = None
    for node in info.tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            found = node
    return found


def _parameters(function: ast.FunctionDef | None) -> tuple[list[str], list[ast.expr | None] | None]:
    """Positional parameter names, and their annotations (None when the function is not found)."""
    if function is None:
        return [], None
    params = [*function.args.posonlyargs, *function.args.args]
    return [p.arg for p in params], [p.annotation for p in params]


def _task_texts(sample: Sample, info: ModuleInfo, function: ast.FunctionDef | None) -> list[str]:
    """The task's words: the module's and the entry point's docstrings (the sample's and the
    reference's), the statement a generated sample carries in its metadata, and the string
    constants of the tests."""
    texts = [ast.get_docstring(info.tree) or ""]
    if function is not None:
        texts.append(ast.get_docstring(function) or "")
    try:
        reference = ast.parse(sample.reference or "")
    except (SyntaxError, ValueError):
        reference = None
    if reference is not None:
        texts += [ast.get_docstring(n) or "" for n in ast.walk(reference)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef))]
    for key in ("statement", "prompt", "text"):
        if isinstance(sample.metadata.get(key), str):
            texts.append(sample.metadata[key])
    tests = set(info.tests)
    for node in info.tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in tests:
            texts += [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return [t for t in texts if t]


def _outside(reference: list[Outcome | None]) -> str:
    """How many inputs the reference refused, and how: ``raised on 3, timed out on 1``."""
    counts = {"raised": 0, "timed out": 0, "crashed": 0, "rejected as input": 0}
    names = {"raised": "raised", "timeout": "timed out", "crashed": "crashed", "bad-input": "rejected as input"}
    for outcome in reference:
        if outcome is not None and outcome.kind != "ok":
            counts[names[outcome.kind]] += 1
    return ", ".join(f"{how} on {n}" for how, n in counts.items() if n)


def _call_text(arguments: str) -> str:
    arguments = _short(arguments)
    return arguments[:-2] + ")" if arguments.endswith(",)") else arguments


def _as_dict(outcome: Outcome) -> dict[str, Any]:
    out: dict[str, Any] = {"outcome": outcome.kind}
    if outcome.value is not None:
        out["value"] = _short(outcome.value, 1000)
    if outcome.digest is not None:
        out["sha256"] = outcome.digest
    if outcome.after is not None:
        out["arguments_after"] = _short(outcome.after, 1000)
    if outcome.detail:
        out["detail"] = outcome.detail
    out["seconds"] = round(outcome.seconds, 6)
    return out
