"""The ``synthcode`` command line, run as users run it: a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_synthcode(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
                  timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m synthcode ARGS``, its output captured as text; ``env`` is added to this process's."""
    return subprocess.run([sys.executable, "-m", "synthcode", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, timeout=timeout)
