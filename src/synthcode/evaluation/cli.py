"""``synthcode eval``: argparse wiring only; torch and lm-eval are imported when the command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_FAILED = 1
"""A suite failed while it ran (the finished ones are kept); bad settings or files exit 2 instead."""


def add_parser(commands: argparse._SubParsersAction) -> None:
    from synthcode.cliutil import integer
    from synthcode.evaluation.config import SUITES

    p = commands.add_parser(
        "eval", help="Evaluate checkpoints: code pass@1, lm-eval tasks, LLM-judge win-rates.",
        description="Evaluate one or more checkpoints (or Hub models) and write one JSON per checkpoint "
                    "into --out. Code completions run in synthcode's sandbox. Results are kept in "
                    "NAME.partial.json as each suite finishes; rerunning the same command resumes. Exit 0: "
                    "every suite has a result; 1: a suite failed (the others are kept); 2: bad settings, "
                    "tasks or files (found before anything runs).")
    p.add_argument("checkpoints", nargs="+", help="checkpoint directories (RUN/checkpoints/step-N) or model names")
    p.add_argument("--out", type=Path, required=True, help="results directory")
    p.add_argument("-c", "--config", type=Path, help="an eval config (YAML); flags override it")
    p.add_argument("--suites", help=f"comma-separated: {', '.join(SUITES)} [default: all configured]")
    p.add_argument("--limit", type=integer, help="problems/documents per benchmark (smoke runs)")
    p.add_argument("--device", help="cuda, cpu, ... [default: cuda if available]")
    p.add_argument("--include-path", help="directory of lm-eval task YAMLs (local data files)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from synthcode.cliutil import echo
    from synthcode.config import load_config
    from synthcode.evaluation.config import EvalConfig

    overrides: dict = {
        "suites": [s.strip() for s in args.suites.split(",") if s.strip()] if args.suites else None,
        "device": args.device,
    }
    if args.limit is not None:
        overrides["code"] = {"limit": args.limit}
        overrides["lm_eval"] = {"limit": args.limit}
    if args.include_path is not None:
        overrides.setdefault("lm_eval", {})["include_path"] = args.include_path
    config = load_config(EvalConfig, args.config, overrides)
    from synthcode.registry import require

    for module in ("torch", "transformers"):
        require(module, "train")
    from synthcode.evaluation.run import evaluate

    failed = []
    for checkpoint in args.checkpoints:
        outcome = evaluate(checkpoint, config, args.out, notify=lambda message: echo(message, err=True))
        echo(str(outcome.path))
        if outcome.errors:
            failed.append(outcome)
    for outcome in failed:
        first = next(iter(outcome.errors.items()))
        echo(f"error: {len(outcome.errors)} of {len(outcome.ran)} suite(s) failed ({first[0]}: {first[1]}); "
             f"the others' results are in {outcome.path}; rerun the same command to retry only the failed ones",
             err=True)
    return EXIT_FAILED if failed else 0
