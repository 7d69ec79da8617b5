"""Where synthcode finds the files that live beside the package rather than in it.

The prompt templates (``prompts/``) and the default configs (``configs/``) sit at the root of a
checkout, which an editable install (the README's) uses directly. A wheel installs copies of them
under ``<prefix>/share/synthcode/`` (``[tool.setuptools.data-files]`` in pyproject.toml), where
:func:`project_dir` finds them when there is no checkout. The benchmark data that
decontamination and evaluation read is package data (:data:`synthcode.benchmarks.SHIPPED_DIR`).
"""

from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
"""The repository root, when this module is imported from a checkout's ``src/``."""

def installed_dirs() -> list[Path]:
    """Where a wheel may have put ``prompts/`` and ``configs/``: the data folder of the install
    scheme pip used (``/usr/local`` under Debian's Python, whose ``sys.prefix`` is ``/usr``), the
    user scheme of ``pip install --user``, then ``sys.prefix``."""
    roots = [sysconfig.get_path("data"), sysconfig.get_path("data", f"{os.name}_user"), sys.prefix]
    return [Path(root) / "share" / "synthcode" for root in dict.fromkeys(roots)]


def project_dir() -> Path:
    """The folder holding ``prompts/`` and ``configs/``: the checkout, else the installed copies."""
    if (CHECKOUT / "prompts").is_dir():
        return CHECKOUT
    return next((d for d in installed_dirs() if (d / "prompts").is_dir()), CHECKOUT)


def prompts_dir() -> Path:
    return project_dir() / "prompts"
