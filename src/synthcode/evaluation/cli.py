"""``synthcode eval``: argparse wiring only; torch and lm-eval are imported when the command runs."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(commands: argparse._SubParsersAction) -> None:
    from synthcode.cli import integer

    p = commands.add_parser(
        "eval", help="Evaluate checkpoints: code pass@1, lm-eval tasks, LLM-judge win-rates.",
        description="Evaluate one or more checkpoints (or Hub models) and write one JSON per checkpoint "
                    "into --out. Code completions run in synthcode's sandbox.")
    p.add_argument("checkpoints", nargs="+", help="checkpoint directories (RUN/checkpoints/step-N) or model names")
    p.add_argument("--out", type=Path, required=True, help="results directory")
    p.add_argument("-c", "--config", type=Path, help="an eval config (YAML); flags override it")
    p.add_argument("--suites", help="comma-separated: code, lm_eval, judge [default: all configured]")
    p.add_argument("--limit", type=integer, help="problems/documents per benchmark (smoke runs)")
    p.add_argument("--device", help="cuda, cpu, ... [default: cuda if available]")
    p.add_argument("--include-path", help="directory of lm-eval task YAMLs (local data files)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from synthcode.cli import echo
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

    for checkpoint in args.checkpoints:
        path = evaluate(checkpoint, config, args.out)
        echo(str(path))
    return 0
