"""Where synthcode finds the files that live beside the package rather than in it.

The prompt templates (``prompts/``) and the default configs (``configs/``) sit at the root of a
checkout, which an editable install (the README's) uses directly. A wheel installs copies of them
under ``<prefix>/share/synthcode/`` (``[tool.setuptools.data-files]`` in pyproject.toml), where
:func:`project_dir` finds them when there is no checkout. The shared benchmark files are never
installed: they are looked for beside the checkout (``../shared/benchmarks``), and a config can
name any other folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
"""The repository root, when this module is imported from a checkout's ``src/``."""

INSTALLED = Path(sys.prefix) / "share" / "synthcode"
"""Where a wheel puts ``prompts/`` and ``configs/``."""


def project_dir() -> Path:
    """The folder holding ``prompts/`` and ``configs/``: the checkout, else the installed copies."""
    if (CHECKOUT / "prompts").is_dir() or not (INSTALLED / "prompts").is_dir():
        return CHECKOUT
    return INSTALLED


def prompts_dir() -> Path:
    return project_dir() / "prompts"


def shared_benchmarks_dir() -> Path:
    """``../shared/benchmarks`` beside the checkout (HumanEval and MBPP, with provenance)."""
    return CHECKOUT.parent / "shared" / "benchmarks"
