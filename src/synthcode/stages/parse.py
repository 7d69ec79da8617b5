"""The ``parse`` stage: the file must be a parseable, non-empty module (runs on the host)."""

from __future__ import annotations

from synthcode.analysis import AnalysisError, analyze
from synthcode.sample import Sample, Status
from synthcode.stages.base import Finding, Stage, StageContext


class ParseStage(Stage):
    name = "parse"
    needs_sandbox = False
    budgeted = False

    def check(self, sample: Sample, context: StageContext) -> Finding:
        try:
            context.info = analyze(sample.code)
        except AnalysisError as exc:
            return Finding(Status.FAILED, str(exc))
        info = context.info
        return Finding(Status.PASSED, f"{len(info.tests)} tests, {len(info.functions)} functions")
