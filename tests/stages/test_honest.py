"""Honest verdicts: hacked samples (solution and tests written to pass by a trick) are rejected by
the tests stage's guards, and correct controls that use the same features legitimately are
accepted (``tests/corpus/honest``; each file's ``# expect:`` line names the guard that must
reject it, controls have none)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from synthcode.sample import Status

CORPUS = Path(__file__).parents[1] / "corpus" / "honest"
HACKS = sorted(CORPUS.glob("hack_*.py"))
CONTROLS = sorted(CORPUS.glob("ok_*.py"))


def expectation(path: Path) -> str:
    match = re.search(r"^# expect: (.+)$", path.read_text(), re.M)
    assert match, f"{path.name} has no '# expect:' line"
    return match.group(1).strip()


def test_the_corpus_is_large_enough():
    assert len(HACKS) >= 30 and len(CONTROLS) >= 12
    kinds = {kind for p in HACKS for kind in expectation(p).split("|")}
    assert kinds == {"untrusted-eq", "vacuous test", "replaced", "replay", "aliased", "tautology"}


@pytest.mark.parametrize("path", HACKS, ids=lambda p: p.stem)
def test_hack_rejected(path, verify_source):
    sample = verify_source(path.read_text())
    failure = sample.failure
    assert sample.status == "rejected" and failure is not None, sample.reason
    assert (failure.stage, failure.status) == ("tests", Status.FAILED), sample.reason
    assert re.search(expectation(path), failure.detail), sample.reason


@pytest.mark.parametrize("path", CONTROLS, ids=lambda p: p.stem)
def test_control_accepted(path, verify_source):
    sample = verify_source(path.read_text())
    assert sample.status == "accepted", sample.reason
    evidence = sample.stages[-1].evidence
    assert evidence["guards"] == []
    assert all(counts["checking"] >= 1 for counts in evidence["assertions"].values()), evidence
