"""Evaluating ladder checkpoints: code pass@1 in synthcode's sandbox, lm-evaluation-harness, an LLM judge.

::

    synthcode eval runs/470m-code/checkpoints/step-00010000 --config configs/eval/default.yaml --out results/

writes ``results/<model>__<mix>__<stage>__step-<N>.json`` with a score per benchmark and per group
(``code``, ``reasoning``, ``knowledge``, ``generative``), which ``synthcode report`` compares.
While it runs, ``<name>.partial.json`` holds every suite finished so far (and the errors of any
that failed); a rerun resumes from it (:mod:`.run`).
Modules: :mod:`.config`, :mod:`.generation` (loading a checkpoint, greedy completions),
:mod:`.code` (HumanEval/MBPP), :mod:`.harness` (lm-eval), :mod:`.judge` (pairwise win-rates),
:mod:`.progress` (the code suite's progress lines), :mod:`.run` (all of it, one JSON).
Importing this package imports no torch.
"""
