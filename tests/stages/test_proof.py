"""The proof stage: loop invariants read from comments, their translation to Nagini, and real proofs.

The fast tests need no JVM: they read invariants, translate functions and check every reason the
stage gives for not attempting a sample. The slow ones share one warm Nagini server (the module's
first proof starts it, about a minute of CPU) and run the corpus in tests/corpus/proof/: correct
loop functions that must be proved, correct ones with wrong or weak invariants that the other
stages accept and the proof stage does not prove, and wrong ones with plausible invariants that
the other stages reject and the proof stage never proves. Without Nagini the slow tests skip,
unless SYNTHCODE_REQUIRE_NAGINI=1 (CI sets it), which makes a missing Nagini a failure.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from synthcode.analysis import analyze
from synthcode.config import load_config
from synthcode.errors import ConfigError
from synthcode.contracts import extract_contracts
from synthcode.proofs import server as nagini_server
from synthcode.proofs.nagini import Unsupported, translate
from synthcode.sample import Level, Sample, StageResult, Status
from synthcode.stages.base import Budget, StageContext
from synthcode.stages.proof import ProofStage
from synthcode.verify import ProofConfig, Verifier, VerifyConfig

CORPUS = Path(__file__).parents[1] / "corpus" / "proof"
CONFIGS = Path(__file__).parents[2] / "configs"


def corpus(name: str) -> dict[str, str]:
    """The samples of one corpus file, by function name."""
    parts = (CORPUS / f"{name}.py").read_text().split("# ---\n")
    out = {}
    for code in parts:
        tree = ast.parse(code)
        function = [n for n in tree.body if isinstance(n, ast.FunctionDef)][-1]
        out[function.name] = code
    return out


def run_stage(code: str, seconds: float = 60.0, settings: ProofConfig | None = None) -> StageResult:
    code = textwrap.dedent(code)
    context = StageContext(worker=None, budget=Budget(seconds=seconds), info=analyze(code), settings=settings)
    return ProofStage().run(Sample(id="s", code=code), context)


def translated(code: str) -> str:
    code = textwrap.dedent(code)
    contracts = extract_contracts(ast.parse(code), code.splitlines())
    return translate(list(contracts.functions.values())).source


# -- reading invariants ------------------------------------------------------------------------

def test_invariants_are_the_comments_that_open_a_loop_body():
    code = textwrap.dedent('''
        def f(n: int) -> int:
            """post: __return__ >= 0"""
            i = 0
            while (i <
                   n):
                # invariant: 0 <= i <= n

                # a note, not an invariant
                # invariant: i >= 0
                i += 1
                # invariant: not read: the body has started
                for j in range(3):
                    # invariant: j >= 0
                    pass
            return i
    ''')
    contract = extract_contracts(ast.parse(code), code.splitlines()).functions["f"]
    assert {line: [c.source for c in conds] for line, conds in contract.invariants.items()} == {
        5: ["0 <= i <= n", "i >= 0"], 13: ["j >= 0"]}
    assert contract.invariants[5][0].line == 7 and contract.invariants[5][0].origin == "comment"
    assert extract_contracts(ast.parse(code)).functions["f"].invariants == {}  # no source lines, no comments


def test_an_invariant_that_does_not_parse_is_a_contract_problem():
    code = ('def f(n: int) -> int:\n    """post: __return__ == n"""\n    while n < 0:\n        # invariant: n <\n'
            '        n += 1\n    return n\n')
    problems = extract_contracts(ast.parse(code), code.splitlines()).problems
    assert [str(p) for p in problems] == ["line 4: f: invariant: `n <` does not parse (invalid syntax)"]
    assert run_stage(code).status is Status.FAILED


# -- translation (no JVM) ----------------------------------------------------------------------

def test_translation_adds_permissions_result_and_pure_helpers():
    source = translated(corpus("proved")["total"])
    assert "Requires(Acc(list_pred(xs), 1 / 2))" in source and "Ensures(Acc(list_pred(xs), 1 / 2))" in source
    assert "Ensures(Result() == _sum(xs, 0, len(xs) + 0))" in source
    assert "Invariant(Acc(list_pred(xs), 1 / 4))" in source  # a loop keeps a share; the rest frames the list
    assert "Invariant(t == _sum(xs, 0, i + 0))" in source  # sum(xs[:i]), the index re-boxed
    assert "def _sum(xs: List[int], a: int, b: int) -> int:" in source and "_gcd" not in source
    assert "while i < len(xs):" in source and source.rstrip().endswith("return t")


def test_translation_of_quantifiers_membership_and_old():
    source = translated(corpus("proved")["largest"])
    assert "Forall(int, lambda _j1: Implies(0 <= _j1 and _j1 < len(xs), xs[_j1] <= Result()))" in source
    assert "Exists(int, lambda _j2: 0 <= _j2 and _j2 < len(xs) and (xs[_j2] == Result()))" in source
    assert "Invariant(Forall(int, lambda j: Implies(0 <= j and j < i, xs[j] <= best)))" in source
    assert "Invariant(len(xs) > 0)" in source  # a precondition on what the loop never changes, restated
    gcd = translated(corpus("proved")["gcd"])
    assert "Ensures(Result() == _gcd(a + 0, b + 0))" in gcd  # the arguments, not their final values
    assert "a_v = a" in gcd and "Invariant(_gcd(a_v + 0, b_v + 0) == _gcd(a + 0, b + 0))" in gcd
    built = translated(corpus("proved")["prefix_sums"])
    assert "Ensures(Acc(list_pred(Result())))" in built and "out: List[int] = []" in built
    assert "Invariant(Acc(list_pred(out)))" in built


@pytest.mark.parametrize("code, construct", [
    ("def f(s: str) -> int:\n    '''post: __return__ >= 0'''\n    n = 0\n    for c in s:\n        # invariant: n >= 0\n"
     "        n += 1\n    return n\n", "parameter `s` of type `str` at line 1"),
    ("def f(n: int) -> int:\n    '''post: __return__ >= 0'''\n    t = 0\n    for i in range(0, n, 2):\n"
     "        # invariant: t >= 0\n        t += 1\n    return t\n", "`range` with a step at line 4"),
    ("def f(n: int) -> int:\n    '''post: __return__ >= 0'''\n    t = 0\n    for i in range(n):\n"
     "        # invariant: t >= 0\n        if i % 2:\n            continue\n        t += 1\n    return t\n",
     "`continue` in a `for` loop at line 7"),
    ("def f(n: int) -> int:\n    '''post: __return__ >= 0'''\n    i = 0\n    for i in range(n):\n"
     "        # invariant: i >= 0\n        pass\n    return i\n", "loop variable `i` read after the loop at line 7"),
    ("def f(n: int) -> int:\n    '''post: __return__ >= 0'''\n    t = 0\n    while t < n:\n"
     "        # invariant: t >= 0\n        try:\n            t += 1\n        except ValueError:\n            pass\n"
     "    return t\n", "`try` statement at line 6"),
    ("def f(xs: list[int]) -> int:\n    '''post: __return__ == sum(x * x for x in xs)'''\n    t = 0\n"
     "    for x in xs:\n        # invariant: t >= 0\n        t += x * x\n    return t\n",
     "`sum` of `(x * x for x in xs)` at line 2"),
])
def test_outside_the_fragment_is_skipped_naming_the_construct(code, construct):
    with pytest.raises(Unsupported) as caught:
        translated(code)
    assert str(caught.value) == construct
    result = run_stage(code)
    assert result.status is Status.SKIPPED and result.detail == f"outside the proof fragment: {construct}"


@pytest.mark.parametrize("code, detail", [
    ("def f(n: int) -> int:\n    '''pre: n >= 0'''\n    while n > 0:\n        # invariant: n >= 0\n        n -= 1\n"
     "    return n\n", "not attempted: f: no `post:` lines"),
    ("def f(n: int) -> int:\n    '''post: __return__ == 0'''\n    while n > 0:\n        n -= 1\n    return 0\n",
     "not attempted: f: the loop at line 3 has no `# invariant:` line"),
    ("def f(n: int) -> int:\n    '''post: __return__ == n + 1'''\n    return n + 1\n",
     "no loops (the z3 stage proves loop-free code)"),
    ("def f(n: int) -> int:\n    return n\n", "no contracts"),
])
def test_what_is_not_attempted_says_why(code, detail):
    result = run_stage(code)
    assert (result.status, result.detail, result.level) == (Status.SKIPPED, detail, None)


def test_a_machine_without_nagini_skips_or_with_require_errs(monkeypatch, tmp_path):
    monkeypatch.setenv(nagini_server.VENV_ENV, str(tmp_path / "absent"))
    monkeypatch.delenv(nagini_server.REQUIRE_ENV, raising=False)
    result = run_stage(corpus("proved")["total"])
    assert result.status is Status.SKIPPED and result.detail.startswith(
        f"Nagini is not installed: no {tmp_path / 'absent'}/bin/python")
    monkeypatch.setenv(nagini_server.REQUIRE_ENV, "1")
    assert run_stage(corpus("proved")["total"]).status is Status.ERROR
    monkeypatch.delenv(nagini_server.VENV_ENV)
    monkeypatch.delenv(nagini_server.REQUIRE_ENV)
    other = run_stage(corpus("proved")["total"], settings=ProofConfig(nagini=str(tmp_path / "elsewhere")))
    assert other.detail.startswith(f"Nagini is not installed: no {tmp_path / 'elsewhere'}/bin/python")


def test_nagini_runs_jailed_and_never_sees_the_rest_of_the_sample(tmp_path):
    command = nagini_server.NaginiServer(tmp_path / "venv").command()
    assert command[:2] == ["bwrap", "--unshare-all"] and "--share-net" not in command  # no network
    binds = {command[i + 1] for i, arg in enumerate(command) if arg in ("--bind", "--ro-bind")}
    # read-only: the system, and the folder holding the server script (the venv too, once it exists)
    system = {"/usr", "/etc", "/lib", "/lib64", "/bin", "/sbin"}
    assert "--bind" not in command and "/usr" in binds
    assert binds <= system | {str(Path(nagini_server.__file__).parent)}
    code = corpus("proved")["total"] + "\nopen('/tmp/pwned', 'w').write('x')\nimport os\n"
    source = translated(code)  # only the contracted functions reach Nagini, which does not run them
    assert "pwned" not in source and "import os" not in source


def test_a_server_that_does_not_start_is_a_skip_with_its_last_words(monkeypatch, tmp_path):
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\necho 'Error: no JVM found' >&2\nexit 1\n")
    python.chmod(0o755)
    monkeypatch.setenv(nagini_server.VENV_ENV, str(tmp_path / "venv"))
    monkeypatch.delenv(nagini_server.REQUIRE_ENV, raising=False)
    result = run_stage(corpus("proved")["total"])
    assert (result.status, result.detail) == (
        Status.SKIPPED, "the Nagini server exited before it was ready: Error: no JVM found")


class ScriptedServer:
    """Stands in for the Nagini server in the tests of what the stage makes of each answer: the
    answers it gives, in order, and the wall-clock factor each request was sent with."""

    def __init__(self, *answers: nagini_server.Answer) -> None:
        self.answers = list(answers)
        self.factors: list[float] = []

    def prove(self, source: str, seconds: float, wall_factor: float = 3.0) -> nagini_server.Answer:
        self.factors.append(wall_factor)
        return self.answers.pop(0)

    def resources_per_ms(self) -> int:
        return 0


@pytest.fixture
def scripted(monkeypatch, tmp_path):
    """The stage talks to a ScriptedServer (a venv that exists, so the stage gets that far)."""
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    (tmp_path / "venv" / "bin" / "python").write_text("")
    monkeypatch.setenv(nagini_server.VENV_ENV, str(tmp_path / "venv"))
    monkeypatch.setattr(nagini_server, "missing", lambda venv=None: None)

    def use(*answers: nagini_server.Answer) -> ScriptedServer:
        server = ScriptedServer(*answers)
        monkeypatch.setattr(nagini_server, "shared_server", lambda venv=None, servers=1: server)
        return server
    return use


def test_a_proof_past_its_wall_clock_net_runs_again_alone_then_is_judged(scripted):
    net = nagini_server.Answer("timeout", [{"line": 0, "message": "no answer after 210 s"}], wall_seconds=210.0)
    server = scripted(net, nagini_server.Answer("verified", cpu_seconds=4.0, wall_seconds=5.0))
    result = run_stage(corpus("proved")["total"])
    assert (result.status, result.level) == (Status.PASSED, Level.PROVED)
    assert result.evidence["rerun"] == "run again alone after: no answer after 210 s"
    assert server.factors == [3.0, 6.0]  # the re-run gets twice the net
    scripted(net, net)
    twice = run_stage(corpus("proved")["total"])
    assert twice.status is Status.TIMEOUT and twice.level is None  # not a skip that hides it
    assert twice.detail.startswith("the proof ran past its wall-clock safety net twice")


def test_the_rerun_waits_for_other_requests_but_not_for_its_own_thread_s_request_sent_ahead(scripted):
    """A rerun holds the verifier's gate alone; a request this thread sent ahead for its next sample
    (while the proof, a host-side stage, runs) must not make it wait for itself."""
    import threading

    from synthcode.verify import Gate

    class Worker:
        def send_ahead(self, request: object) -> bool:
            return True

    net = nagini_server.Answer("timeout", [{"line": 0, "message": "no answer after 210 s"}])
    results = []

    def proof_with_a_request_ahead() -> None:
        gate = Gate()
        assert gate.send_ahead(Worker(), object())
        scripted(net, nagini_server.Answer("verified"))
        code = textwrap.dedent(corpus("proved")["total"])
        context = StageContext(worker=None, budget=Budget(seconds=60.0), info=analyze(code), gate=gate)
        results.append(ProofStage().run(Sample(id="s", code=code), context))

    thread = threading.Thread(target=proof_with_a_request_ahead, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the rerun waited for its own thread's request"
    assert results[0].status is Status.PASSED and "rerun" in results[0].evidence


def test_a_spent_cpu_budget_is_a_skip_not_a_rerun(scripted):
    server = scripted(nagini_server.Answer("budget", [{"line": 0, "message": "spent its 60 CPU seconds"}]))
    result = run_stage(corpus("proved")["total"])
    assert (result.status, result.detail) == (Status.SKIPPED, "not proved: out of budget (60 CPU s)")
    assert server.factors == [3.0] and "rerun" not in result.evidence
    assert result.tools["budget_cpu_seconds"] == "60"


def test_the_server_counts_the_cpu_of_its_live_children(tmp_path):
    """The budget's CPU seconds include z3's, a live child of the JVM (os.times would miss it)."""
    spec = importlib.util.spec_from_file_location("nagini_server_script", Path(nagini_server.__file__).parent
                                                  / "nagini_server.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    flag = tmp_path / "spent"
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import pathlib, time
        while time.process_time() < 1.0:
            pass
        pathlib.Path({str(flag)!r}).write_text("")
        time.sleep(60)
    """)])
    try:
        while not flag.exists():
            assert child.poll() is None
            time.sleep(0.05)
        own = os.times()
        assert script._cpu() >= own.user + own.system + 0.9
    finally:
        child.kill()
        child.wait()


def test_a_pool_of_servers_proves_side_by_side(monkeypatch, tmp_path):
    """``proof.servers: 2``: two threads' proofs run at once, each on its own server (two JVMs),
    and the pool, shared per virtualenv, only grows."""
    import threading

    both = threading.Barrier(2, timeout=30)  # broken unless two proofs are inside prove() at once
    used = []

    def prove(server, source, seconds, wall_factor=3.0):
        used.append(server)
        both.wait()
        return nagini_server.Answer("verified")

    monkeypatch.setattr(nagini_server.NaginiServer, "prove", prove)
    monkeypatch.setattr(nagini_server, "_SHARED", {})
    pool = nagini_server.shared_server(tmp_path / "venv", servers=2)
    assert nagini_server.shared_server(tmp_path / "venv") is pool and len(pool.servers) == 2
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(pool.prove("src", 60.0).verdict)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == ["verified", "verified"] and len(set(map(id, used))) == 2
    config = tmp_path / "verify.yaml"
    config.write_text("proof: {servers: 0}\n")
    with pytest.raises(ConfigError, match="proof.servers must be a positive integer, got 0"):
        load_config(VerifyConfig, config)


# -- real proofs (one warm Nagini for the module) ---------------------------------------------

@pytest.fixture(scope="module")
def nagini():
    why = nagini_server.missing()
    if why is not None:
        if nagini_server.required():
            pytest.fail(f"{nagini_server.REQUIRE_ENV}=1 but {why}")
        pytest.skip(why)
    return nagini_server.shared_server()


@pytest.fixture(scope="module")
def verifier():
    with Verifier(VerifyConfig(stages=["properties", "proof"], workers=1,
                               budgets={"proof": Budget(seconds=60)})) as v:
        yield v


PROVED = ["total", "gcd", "largest", "index_of", "prefix_sums", "power", "is_sorted"]


@pytest.mark.slow
@pytest.mark.parametrize("name", PROVED)
def test_correct_loops_with_sufficient_invariants_are_proved(nagini, name):
    result = run_stage(corpus("proved")[name])
    assert (result.status, result.level) == (Status.PASSED, Level.PROVED), result.detail
    assert result.detail == f"Nagini proved {name}"
    assert result.tools["nagini"] == "1.2.0" and result.tools["viper"].startswith("silicon ")
    # z3's queries are bounded by resources (rlimit), not by time: the same on a busy machine
    assert result.tools["z3_rlimit"] == "9000 per ms of Silicon's per-query timeouts"
    assert result.evidence["functions"] == [name]


@pytest.mark.slow
@pytest.mark.parametrize("name, reason", [
    ("count_positive", "not proved: Loop invariant might not be preserved (line 8: invariant `c <= len(xs)`)"),
    ("largest", "not proved: Loop invariant might not hold on entry "
                "(line 8: invariant `all(xs[j] < best for j in range(i))`)"),
])
def test_correct_code_with_weak_or_wrong_invariants_is_accepted_not_proved(nagini, verifier, name, reason):
    sample = verifier.verify(Sample(id=name, code=corpus("weak")[name]))
    assert (sample.status, sample.level) == ("accepted", Level.PROPERTY_CHECKED), sample.reason_line
    proof = sample.stages[-1]
    assert (proof.stage, proof.status, proof.level) == ("proof", Status.SKIPPED, None)
    assert proof.detail.startswith(reason), proof.detail


@pytest.mark.slow
@pytest.mark.parametrize("name", ["sum_to", "count_equal"])
def test_wrong_code_with_plausible_invariants_is_rejected_and_never_proved(nagini, verifier, name):
    code = corpus("wrong")[name]
    sample = verifier.verify(Sample(id=name, code=code))
    assert sample.status == "rejected" and sample.failure.stage == "properties", sample.reason_line
    alone = run_stage(code)
    assert alone.status is Status.SKIPPED and alone.detail.startswith("not proved: "), alone.detail


@pytest.mark.slow
def test_a_proof_reaches_proved_on_a_machine_whose_cores_are_all_busy(nagini):
    """Issue 15: the level does not depend on load. One busy loop per core (each in its own
    session) shares the CPU with the proof, which keeps the default budget and is still proved:
    the budget counts CPU seconds of Nagini's JVM and z3, and z3's queries are bounded by rlimit."""
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
            for _ in range(os.cpu_count() or 1)]
    try:
        default = load_config(VerifyConfig, CONFIGS / "verify" / "default.yaml").budget("proof")
        result = run_stage(corpus("proved")["largest"], seconds=default.cpu_seconds)
        assert all(p.poll() is None for p in busy)  # the load was there for the whole proof
    finally:
        for p in busy:
            p.kill()
            p.wait()
    assert (result.status, result.level) == (Status.PASSED, Level.PROVED), result.detail
    assert "rerun" not in result.evidence
