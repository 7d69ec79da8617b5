"""``synthcode export GEN_DIR --out DATASET_DIR``: a generation run as a Hugging Face dataset.

Imports only light modules at top level; pyarrow and huggingface_hub load when the command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(commands: argparse._SubParsersAction) -> None:
    from synthcode.cliutil import integer
    from synthcode.export.build import LEVELS, SOLUTIONS, ExportConfig

    default = ExportConfig()
    p = commands.add_parser(
        "export", help="Export accepted samples as a Hugging Face dataset (local or pushed to the Hub).",
        description="Export a generation output directory (GEN_DIR/accepted/*.parquet, GEN_DIR/stats.json) as "
                    "a Hugging Face dataset: Parquet shards with an explicit features schema, a train/validation "
                    "split by problem_id, and a dataset card (README.md) with the verification funnel. "
                    "datasets.load_dataset(DATASET_DIR) reads the result.")
    p.add_argument("gen_dir", type=Path, metavar="GEN_DIR", help="a `synthcode generate --out` directory")
    p.add_argument("-o", "--out", type=Path, required=True, metavar="DATASET_DIR", help="where to write the dataset")
    p.add_argument("--min-level",
                   help=f"keep samples verified at least this well: {', '.join(LEVELS)} "
                        f"[default: {default.min_level}]")
    p.add_argument("--min-mutation-score", type=float, metavar="X",
                   help="keep samples whose tests killed at least this share of their mutants (the mutation_score "
                        f"column; unscored samples are then left out) [default: {default.min_mutation_score:g}]")
    p.add_argument("--solutions", choices=SOLUTIONS,
                   help="canonical: one row per problem; all: also every other distinct verified solution "
                        f"(agreeing with the canonical one) as its own row [default: {default.solutions}]")
    p.add_argument("--min-tests-passed", type=float, metavar="X",
                   help="with --solutions all: also solutions that passed at least this share of the test "
                        f"functions (below 1: not checked for agreement) [default: {default.min_tests_passed:g}]")
    p.add_argument("--validation-fraction", type=float,
                   help=f"share of problems in the validation split [default: {default.validation_fraction}]")
    p.add_argument("--seed", type=integer, help=f"seeds the split by problem [default: {default.seed}]")
    p.add_argument("--license", help=f"license in the card's metadata [default: {default.license}]")
    p.add_argument("--name", help="the dataset's pretty name in the card [default: the output directory's name]")
    p.add_argument("--push-to-hub", metavar="OWNER/NAME", help="also upload to this Hub dataset repo (token: HF_TOKEN)")
    p.add_argument("--private", action="store_true", help="create the Hub repo as private")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from synthcode.cliutil import echo
    from synthcode.config import load_config
    from synthcode.export.build import ExportConfig, check_push, export, push_to_hub

    config = load_config(ExportConfig, None, {
        "min_level": args.min_level, "min_mutation_score": args.min_mutation_score,
        "validation_fraction": args.validation_fraction, "seed": args.seed,
        "license": args.license, "pretty_name": args.name, "solutions": args.solutions,
        "min_tests_passed": args.min_tests_passed})
    if args.push_to_hub:
        check_push(args.push_to_hub)  # fail before exporting (and before the card names the repo)
    summary = export(args.gen_dir, args.out, config, repo_id=args.push_to_hub)
    splits = ", ".join(f"{name} {count}" for name, count in summary["splits"].items())
    echo(f"exported {summary['rows']} samples ({splits}) at level >= {config.min_level} → {args.out}", err=True)
    if args.push_to_hub:
        url = push_to_hub(args.out, args.push_to_hub, private=args.private)
        echo(f"pushed → {url}", err=True)
    return 0
