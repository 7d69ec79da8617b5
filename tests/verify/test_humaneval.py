"""HumanEval as verify files: every canonical solution is accepted, broken ones are rejected."""

from __future__ import annotations

import os

import pytest

from synthcode.benchmarks import load_humaneval
from synthcode.sample import Sample
from synthcode.sandbox.base import Limits
from synthcode.verify import Verifier, VerifyConfig

PROBLEMS = load_humaneval()

# Ways to break a solution, each replacing the canonical body.
BREAKERS = {
    "empty-body": "    pass\n",
    "raises": "    raise RuntimeError('not implemented')\n",
    "exits-early": "    import sys\n    sys.exit(0)\n",
    "wrong-constant": "    return 0\n",
}


def verify_all(samples: list[Sample], backend: str) -> dict[str, Sample]:
    config = VerifyConfig(stages=["tests"], sandbox=backend, workers=2, timeout=10.0, limits=Limits(memory_mb=1024))
    with Verifier(config) as verifier:
        return {s.id: s for s in verifier.verify_many(samples)}


def docker_problem() -> str | None:
    from synthcode.sandbox.base import SandboxError
    from synthcode.sandbox.docker import DockerSandbox

    try:
        DockerSandbox().check()
    except SandboxError as exc:
        return str(exc)
    return None


@pytest.fixture(params=["process", pytest.param("docker", marks=pytest.mark.docker)])
def backend(request):
    if request.param == "docker":
        problem = docker_problem()
        if problem and os.environ.get("SYNTHCODE_REQUIRE_DOCKER") == "1":
            pytest.fail(f"SYNTHCODE_REQUIRE_DOCKER=1 but {problem}")
        if problem:
            pytest.skip(problem)
    return request.param


def test_all_canonical_solutions_accepted(backend):
    results = verify_all([Sample(id=p.task_id, code=p.verify_file()) for p in PROBLEMS], backend)
    assert len(results) == len(PROBLEMS) == 164
    rejected = {i: s.reason for i, s in results.items() if s.status != "accepted"}
    assert not rejected
    assert {s.level.label for s in results.values()} == {"tested"}


@pytest.mark.slow
def test_broken_solutions_rejected():
    samples = [Sample(id=f"{p.task_id}/{name}", code=p.verify_file(body), metadata={"breaker": name})
               for p in PROBLEMS for name, body in BREAKERS.items()]
    # A constant 0 is right for a few problems' every test; those must be exactly the ones whose
    # canonical solution returns 0 on all of HumanEval's check inputs, so judge the rest strictly.
    results = verify_all(samples, "process")
    wrongly_accepted = [i for i, s in results.items()
                        if s.status == "accepted" and s.metadata["breaker"] != "wrong-constant"]
    assert not wrongly_accepted
    constant_accepted = [i for i, s in results.items() if s.status == "accepted"]
    assert len(constant_accepted) <= 2, constant_accepted
    exits = [s for s in results.values() if s.metadata["breaker"] == "exits-early"]
    assert all("failed: SystemExit" in s.reason for s in exits), {s.reason for s in exits}
    raises = [s for s in results.values() if s.metadata["breaker"] == "raises"]
    assert all("RuntimeError: not implemented" in s.reason for s in raises)
