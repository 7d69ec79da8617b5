"""Agreement between a problem's candidate solutions in k sandbox runs (issue 17).

The earlier job compared every pair of passing candidates with the ``differential`` stage:
k(k-1)/2 runs, each recording the tests again and running both sides (18 sandbox requests for
k = 4). Here, as EvalPlus does it, a problem gets **one input set** and each passing candidate is
run on it **once**; the outputs are compared on the trusted side (the host):

1. **Input set** (:func:`input_set`, on the host, before verification): the arguments the tests
   pass to the entry point (read statically: literal calls only), the problem's examples
   (``>>> f(2)`` then ``5``: inputs with an expected value), values drawn from the problem's
   Hypothesis strategy (only when the expression is made of plain ``st.*`` calls and literals, see
   :func:`safe_strategy`: model-written code never runs on the host), and domain-aware inputs
   (:func:`synthcode.domain.domain_inputs`: boundary values, mutants of the seeds, wider values,
   the task's words, values from the signature's type hints), and the tests' inputs one step
   away (:func:`near_inputs`: an integer argument one apart, a search key taken from the seed's
   own collection). The domain comes from the problem's
   ``pre:`` lines when it has any (checked in the sandbox beside each call), else it is inferred
   from the seeds (issue 16 item 4).
2. **One run per candidate** (:class:`OutputsStage`, the last stage of a candidate's
   verification, so only candidates that passed everything else are run): the ``call`` harness
   runs the solution on every input and the outcomes come back in the stage's evidence. The stage
   earns no level and never fails a candidate on its outputs.
3. **Clusters** (:func:`cluster`, on the host): two candidates agree when every input inside the
   domain is answered alike, as the differential stage compares (:func:`outcomes_agree` both
   ways: ``==`` semantics, floats within tolerance, arguments after an in-place call); an input
   every candidate refuses (raises, times out) is not judged, one some refuse and others answer
   is a disagreement.
4. **The canonical solution** (:func:`decide`): a cluster whose outputs contradict one of the
   problem's examples is ruled out; then the largest cluster; then the evidence (the highest
   level, the mutation score, the share of tests passed, the examples matched); never the
   candidates' order. Clusters tied on all of it: rejected for disagreement (``undecided``,
   counted apart in ``stats.json``). The decision is a stage result, ``agreement``, with its
   evidence (clusters, how it was decided); ``min_agreement`` is checked there. The job runs its
   dearer stages (mutation, properties, ...) only on the chosen candidate (then, while it fails
   one, on the next of its cluster not of a failed one's :func:`shape`; in a tie, on the strongest
   of each tied cluster, whose verdicts then decide).
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass, field
from typing import Any

from synthcode.analysis import parse
from synthcode.domain import Domain, domain_inputs, infer_domain, vocabulary
from synthcode.sample import Level, Sample, StageResult, Status
from synthcode.stages.base import Finding, Stage, StageContext
from synthcode.stages.differential import (Outcome, RunFailure, beyond_inputs, boundary_inputs,
                                           outcomes_agree, reprs_agree, run_calls)

CALL_SECONDS = 0.02
"""Per-call CPU limit of the agreement run: a call past it is left unjudged (see :func:`same`), so
an input that sends a candidate into a loop costs little and decides nothing."""
STAGE = "agreement"
"""The name of the agreement result among a row's stage results."""
INPUTS = "agreement_inputs"
"""``Sample.metadata`` keys the job fills for :class:`OutputsStage`."""
PRE = "agreement_pre"
SOLUTION = "agreement_solution"
POOL_FACTOR = 4
"""Inputs generated per input kept, to fill the set with inputs inside the domain."""
STRATEGY_DRAWS = 20
"""Inputs drawn from the problem's strategy (when it can be read safely)."""
_UNPARSABLE = (SyntaxError, ValueError, RecursionError, MemoryError)


# ----------------------------------------------------------------------------------- inputs


def literal_calls(code: str, entry_point: str) -> list[tuple]:
    """The argument tuples of every call of ``entry_point`` in ``code`` whose arguments are all
    literals (no keywords): the tests' own inputs, read without running them."""
    try:
        tree = parse(code)
    except _UNPARSABLE:
        return []
    out: dict[str, tuple] = {}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == entry_point
                and not node.keywords and not any(isinstance(a, ast.Starred) for a in node.args)):
            try:
                args = tuple(ast.literal_eval(a) for a in node.args)
            except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
                continue
            out.setdefault(repr(args), args)
    return list(out.values())


def examples(text: str, entry_point: str) -> list[tuple[tuple, str]]:
    """The problem's doctest-style examples as (arguments, the expected value's repr): ``>>> f(2)``
    followed by a literal line. Others are left out."""
    out = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith(">>>") or i + 1 >= len(lines):
            continue
        expected = lines[i + 1].strip()
        if not expected or expected.startswith(">>>"):
            continue
        args = literal_calls(stripped[3:].strip(), entry_point)
        try:
            value = ast.literal_eval(expected)
        except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError, SystemError):
            continue
        if len(args) == 1:
            out.append((args[0], repr(value)))
    return out


_ST_FUNCTIONS = frozenset({
    "integers", "floats", "text", "characters", "lists", "tuples", "sets", "frozensets", "dictionaries",
    "booleans", "sampled_from", "just", "one_of", "none", "fixed_dictionaries", "permutations", "binary"})
_LITERAL_NODES = (ast.Expression, ast.Constant, ast.List, ast.Tuple, ast.Dict, ast.Set, ast.Load, ast.keyword,
                  ast.UnaryOp, ast.USub, ast.UAdd)


def safe_strategy(text: str):
    """The problem's strategy as a Hypothesis strategy, or None: only expressions of ``st.<name>(...)``
    calls (a fixed list of drawing functions) over literals are evaluated, without builtins;
    anything else (a lambda, ``.map``, ``.filter``, another name) is never run on the host."""
    try:
        tree = parse(text.strip(), mode="eval")
    except _UNPARSABLE:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "st"
                    and func.attr in _ST_FUNCTIONS):
                return None
        elif isinstance(node, ast.Attribute):  # only st.<a drawing function>: never st.__class__
            if not (isinstance(node.value, ast.Name) and node.value.id == "st" and node.attr in _ST_FUNCTIONS):
                return None
        elif isinstance(node, ast.Name):
            if node.id != "st":
                return None
        elif not isinstance(node, _LITERAL_NODES):
            return None
    from hypothesis import strategies as st

    try:
        return eval(compile(tree, "<strategy>", "eval"), {"__builtins__": {}, "st": st})  # noqa: S307
    except Exception:
        return None


def strategy_inputs(text: str, count: int, seed: int) -> list[tuple]:
    """Up to ``count`` tuples drawn from the problem's strategy (none if it cannot be read safely)."""
    strategy = safe_strategy(text)
    if strategy is None or count <= 0:
        return []
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as seeded

    drawn: list[tuple] = []

    @seeded(seed)
    @settings(max_examples=count, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), deadline=None)
    @given(strategy)
    def collect(args: Any) -> None:
        if isinstance(args, tuple):
            drawn.append(args)

    try:
        collect()
    except Exception:
        return []
    return drawn


NEAR_SHARE = 2
"""Near inputs (:func:`near_inputs`) kept beside the ``count`` generated ones: up to ``count // NEAR_SHARE``."""


def near_inputs(seeds: list[tuple], limit: int) -> list[tuple]:
    """Each seed with one integer or string argument replaced by a value next to it (an integer
    one apart) or by an element of one of the seed's collections (a search key that is there, at
    another place): the inputs one step from a test's, where an off-by-one in an index or a bound
    shows (a key whose first place is in the last half of a list, say) and which the draws around
    the seeds' ranges seldom hit. Interleaved over the seeds, distinct, at most ``limit``."""
    seen = {repr(args) for args in seeds}
    per_seed: list[list[tuple]] = []
    for args in seeds:
        out: list[tuple] = []
        for position, value in enumerate(args):
            kind = type(value)
            if kind not in (int, str):
                continue
            values = [value - 1, value + 1] if kind is int else []
            for other in args:
                if isinstance(other, (list, tuple)):
                    values += [e for e in other if type(e) is kind]
                elif kind is str and type(other) is str and len(value) <= 1 and len(other) <= 64:
                    values += list(other)
            for replacement in dict.fromkeys(values):
                variant = args[:position] + (replacement,) + args[position + 1:]
                key = repr(variant)
                if key not in seen:
                    seen.add(key)
                    out.append(variant)
        per_seed.append(out)
    mixed = [args for group in zip(*[g + [None] * (max(map(len, per_seed), default=0) - len(g)) for g in per_seed])
             for args in group if args is not None]
    return mixed[:limit]


def _annotations(signature: str) -> tuple[list[str], list[ast.expr | None] | None]:
    try:
        tree = parse(signature.strip() + "\n    ...\n")
        function = tree.body[0]
        assert isinstance(function, ast.FunctionDef)
    except (SyntaxError, ValueError, AssertionError, IndexError):
        return [], None
    params = [*function.args.posonlyargs, *function.args.args]
    return [p.arg for p in params], [p.annotation for p in params]


@dataclass(slots=True)
class InputSet:
    """One problem's inputs (argument reprs) and what is known about them."""

    inputs: list[str]
    domain: Domain
    expected: dict[int, str] = field(default_factory=dict)
    """Input position -> the expected value's repr (from the problem's examples)."""
    generated_from: int = 0
    """Inputs before this position are the tests' and examples' own (always inside the domain)."""


def input_set(problem: Any, tests: str, count: int, seed: int) -> InputSet:
    """The one input set all of ``problem``'s candidates run on (see the module docstring)."""
    entry = problem.entry_point
    seeds: dict[str, tuple] = {}
    for args in literal_calls(tests, entry):
        seeds.setdefault(repr(args), args)
    example_values = examples(problem.examples, entry)
    for args, _ in example_values:
        seeds.setdefault(repr(args), args)
    seed_args = list(seeds.values())
    params, annotations = _annotations(problem.signature)
    pre = [line.partition(":")[2].strip() for line in problem.contracts.splitlines()
           if line.partition(":")[0].strip() == "pre" and line.partition(":")[2].strip()]
    texts = [problem.statement, problem.examples, tests]
    if pre:
        domain = Domain(source="contracts", pre=pre)
    else:
        domain = infer_domain(seed_args, params or None, problem.statement)
    drawn = strategy_inputs(problem.strategy, min(STRATEGY_DRAWS, max(count // 2, 1)), seed)
    boundary = boundary_inputs(seed_args, count // 2) + beyond_inputs(seed_args, count // 4)
    pool = domain_inputs([*seed_args, *drawn] if seed_args else drawn, domain, POOL_FACTOR * count,
                         boundary=boundary, seed=seed, words=vocabulary(texts), annotations=annotations)
    # A narrow inferred domain leaves most of a pool outside it: keep ``count`` inside (known on
    # the host) and a tenth of that outside, so the judged inputs do not shrink with the domain.
    inside = [args for args in pool if not domain.violation(args)][:count]
    inside += [args for args in near_inputs(seed_args, len(seed_args) * 8) if not domain.violation(args)][
        :max(count // NEAR_SHARE, 1)]
    outside = [args for args in pool if domain.violation(args)][:max(count // 10, 1)]
    generated = inside + outside
    ordered = [*seeds]
    for args in [*drawn, *generated]:
        key = repr(args)
        if key not in seeds:
            seeds[key] = args
            ordered.append(key)
    # Inputs with the wrong number of arguments only measure the harness; the arity is the signature's.
    if params:
        ordered = [key for key in ordered if len(seeds[key]) == len(params)]
    positions = {key: i for i, key in enumerate(ordered)}
    expected = {positions[repr(args)]: value for args, value in example_values if repr(args) in positions}
    own = len(literal_calls(tests, entry)) + len(example_values)
    return InputSet(inputs=ordered, domain=domain, expected=expected, generated_from=min(own, len(ordered)))


# ----------------------------------------------------------------------------------- the run


class OutputsStage(Stage):
    """Runs a generated candidate once on its problem's input set and records the outcomes.

    Only the generation job uses it (it sets the sample's ``metadata``); anywhere else it skips.
    It earns no level: agreement is judged on the host, between candidates (:func:`decide`)."""

    name = "outputs"
    level = None
    preload = ("ast", "harnesses.literals", "harnesses.call")

    def check(self, sample: Sample, context: StageContext) -> Finding:
        inputs = sample.metadata.get(INPUTS)
        if not inputs:
            return Finding(Status.SKIPPED, "no input set (only generation's agreement sets one)")
        code = sample.metadata.get(SOLUTION) or sample.code
        limit = min(CALL_SECONDS, context.budget.cpu_seconds / 10)
        try:
            outcomes = run_calls(context, code, sample.entry_point or "", list(inputs), [limit] * len(inputs),
                                 pre=list(sample.metadata.get(PRE) or []) or None)
        except RunFailure as exc:
            return Finding(Status.FAILED, f"the run on the problem's inputs failed: {exc}")
        answered = sum(1 for o in outcomes if o is not None and o.kind == "ok")
        return Finding(Status.PASSED, f"ran on {len(inputs)} inputs, returned on {answered}",
                       evidence={"outcomes": [_encode(o) for o in outcomes]})


def _encode(outcome: Outcome | None) -> list | None:
    if outcome is None:
        return None
    return [outcome.kind, outcome.value, outcome.digest, outcome.after, outcome.after_digest, outcome.outside]


def decode(item: list | None) -> Outcome | None:
    if item is None:
        return None
    kind, value, digest, after, after_digest, outside = item
    return Outcome(kind, value=value, digest=digest, after=after, after_digest=after_digest, outside=outside)


# ----------------------------------------------------------------------------------- deciding


@dataclass(slots=True)
class Candidate:
    """What the decision reads of one candidate that passed verification."""

    index: int
    outcomes: list[Outcome | None]
    level: int
    mutation_score: float
    tests_fraction: float
    key: str
    """A hash of the normalized code: the last, order-free tie-break inside a cluster."""


def same(a: Outcome | None, b: Outcome | None, arguments: str) -> bool:
    """Do two candidates answer one input alike? None (not run) and a timeout (past the per-call
    limit, which is short: slow is not wrong) agree with anything."""
    if a is None or b is None or a.kind == "timeout" or b.kind == "timeout":
        return True
    if a.kind == "ok" and b.kind == "ok":
        return outcomes_agree(a, b, arguments) and outcomes_agree(b, a, arguments)
    return a.kind != "ok" and b.kind != "ok"


def judged_inputs(inputs: InputSet, candidates: list[Candidate]) -> list[int]:
    """Inputs inside the domain that at least one candidate answered."""
    out = []
    for i, args in enumerate(inputs.inputs):
        runs = [c.outcomes[i] for c in candidates if i < len(c.outcomes) and c.outcomes[i] is not None]
        if not any(o.kind == "ok" for o in runs):
            continue
        if i >= inputs.generated_from:
            if any(o.outside for o in runs):
                continue
            try:
                value = ast.literal_eval(args)
            except (ValueError, SyntaxError, TypeError, RecursionError, MemoryError, SystemError):
                value = None
            if isinstance(value, tuple) and inputs.domain.violation(value):
                continue
        out.append(i)
    return out


def cluster(inputs: InputSet, candidates: list[Candidate]) -> list[list[Candidate]]:
    """Candidates grouped by agreement on the judged inputs. Each joins the first cluster whose
    first member it agrees with, visited in evidence order, so candidate order never decides."""
    judged = judged_inputs(inputs, candidates)
    clusters: list[list[Candidate]] = []
    for c in sorted(candidates, key=strength, reverse=True):
        for group in clusters:
            head = group[0]
            if all(same(_at(head, i), _at(c, i), inputs.inputs[i]) for i in judged):
                group.append(c)
                break
        else:
            clusters.append([c])
    return clusters


def _at(c: Candidate, i: int) -> Outcome | None:
    return c.outcomes[i] if i < len(c.outcomes) else None


def strength(c: Candidate) -> tuple:
    return (c.level, c.mutation_score, c.tests_fraction, c.key)


def examples_matched(inputs: InputSet, group: list[Candidate]) -> tuple[int, int]:
    """(examples the cluster answers as the problem says, examples it contradicts)."""
    head = group[0]
    matched = contradicted = 0
    for i, value in inputs.expected.items():
        got = _at(head, i)
        if got is None:
            continue
        if got.kind == "ok" and reprs_agree(got.value, got.digest, value, None):
            matched += 1
        else:
            contradicted += 1
    return matched, contradicted


def evidence_key(inputs: InputSet, group: list[Candidate]) -> tuple:
    """How strongly the evidence supports a cluster, strongest first: no example contradicted, the
    cluster's size, then the best level, mutation score and share of tests passed of its members,
    then the examples matched."""
    matched, contradicted = examples_matched(inputs, group)
    return (contradicted == 0, len(group), max(c.level for c in group), max(c.mutation_score for c in group),
            max(c.tests_fraction for c in group), matched)


@dataclass(slots=True)
class Decision:
    canonical: Candidate | None
    clusters: list[list[Candidate]]
    result: StageResult


def decide(inputs: InputSet, candidates: list[Candidate], min_agreement: int) -> Decision:
    """The canonical candidate and the ``agreement`` stage result (see the module docstring)."""
    clusters = cluster(inputs, candidates)
    keys = [evidence_key(inputs, g) for g in clusters]
    order = sorted(range(len(clusters)), key=lambda k: keys[k], reverse=True)
    clusters = [clusters[k] for k in order]
    keys = [keys[k] for k in order]
    judged = len(judged_inputs(inputs, candidates))
    evidence: dict[str, Any] = {
        "inputs": len(inputs.inputs), "judged": judged, "domain": inputs.domain.lines(),
        "domain_source": inputs.domain.source,
        "clusters": [{"candidates": sorted(c.index for c in g), "examples": list(examples_matched(inputs, g)),
                      "level": Level(max(c.level for c in g)).label,
                      "mutation_score": max(c.mutation_score for c in g)} for g in clusters]}
    if len(clusters) == 1:
        decided = "unanimous"
    elif keys[0] == keys[1]:
        decided = "undecided"
    elif keys[0][0] == keys[1][0] and keys[0][1] > keys[1][1]:
        decided = "largest"
    else:
        decided = "evidence"
    evidence["decided_by"] = decided
    best = clusters[0]
    canonical = max(best, key=strength)
    others = len(best) - 1
    sizes = "+".join(str(len(g)) for g in clusters)
    if decided == "undecided":
        status, detail, canonical = Status.FAILED, (
            f"candidates split into clusters of {sizes} on {judged} inputs and the evidence (examples, "
            f"level, mutation score, tests) cannot decide between the first two"), None
    elif others < min_agreement:
        status, detail = Status.FAILED, (
            f"the canonical solution agrees with {others} other passing candidate(s) on {judged} inputs; "
            f"min_agreement is {min_agreement}")
    else:
        status = Status.PASSED
        detail = (f"agrees with {others} of {len(candidates) - 1} other passing candidates on {judged} inputs"
                  + (f" (clusters {sizes}, decided by {decided})" if len(clusters) > 1 else ""))
    result = StageResult(stage=STAGE, status=status, detail=detail, evidence=evidence)
    return Decision(canonical=canonical, clusters=clusters, result=result)


def code_key(code: str) -> str:
    from synthcode.generate.dedup import normalize_code

    return hashlib.sha256(normalize_code(code).encode()).hexdigest()[:16]


def shape(code: str) -> str:
    """The code's skeleton: its syntax tree without names, constants' values, operators, and the
    order of a comparison's operands (``a < b`` and ``b > a`` alike). Two candidates of one shape
    differ the way first-order mutants do, so the mutation stage makes the same mutants at the same
    places for both and the tests kill the same share, and a property that one fails on an input
    the other usually fails too: after one failed the later stages, the other is not tried (see
    ``GenerateJob._next_of_cluster``). Unparsable code has a shape of its own (its text)."""
    try:
        tree = parse(code)
    except _UNPARSABLE:
        return code

    def walk(node: ast.AST) -> str:
        if isinstance(node, ast.Compare):
            return "Compare(" + ",".join(sorted(walk(n) for n in [node.left, *node.comparators])) + ")"
        children = [walk(n) for n in ast.iter_child_nodes(node)
                    if not isinstance(n, (ast.expr_context, ast.operator, ast.cmpop, ast.unaryop, ast.boolop))]
        return type(node).__name__ + ("(" + ",".join(children) + ")" if children else "")

    return hashlib.sha256(walk(tree).encode()).hexdigest()[:16]


# ----------------------------------------------------------------------------------- hints


def annotate(code: str, problem: Any) -> str:
    """``code`` with its entry point's ``def`` line replaced by the problem's signature when the
    candidate wrote no type hints and takes the same parameters (so CrossHair and Z3 can run).
    Only a one-line ``def`` without defaults is rewritten; anything else is left as written."""
    try:
        tree = parse(code)
        target = parse(problem.signature.strip() + "\n    ...\n").body[0]
    except (SyntaxError, ValueError, RecursionError, MemoryError, IndexError):
        return code
    node = next((n for n in reversed(tree.body) if isinstance(n, ast.FunctionDef) and n.name == problem.entry_point),
                None)
    if node is None or not isinstance(target, ast.FunctionDef):
        return code
    args = node.args
    params = [*args.posonlyargs, *args.args]
    if (node.returns is not None or any(p.annotation is not None for p in params) or args.vararg or args.kwarg
            or args.kwonlyargs or args.defaults or node.decorator_list):
        return code
    wanted = [*target.args.posonlyargs, *target.args.args]
    if [p.arg for p in params] != [p.arg for p in wanted] or target.args.defaults:
        return code
    lines = code.splitlines()
    line = lines[node.lineno - 1]
    if not node.body or node.body[0].lineno == node.lineno or not line.rstrip().endswith(":"):
        return code
    indent = line[: len(line) - len(line.lstrip())]
    prefix = "async " if line.lstrip().startswith("async ") else ""
    lines[node.lineno - 1] = indent + prefix + problem.signature.strip()
    new = "\n".join(lines) + "\n"
    try:
        parse(new)
    except _UNPARSABLE:
        return code
    return new
