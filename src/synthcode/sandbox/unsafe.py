"""The ``unsafe`` backend: the runner as a plain child process, with NO isolation.

The sample can read and write anything the current user can, reach the network, and leave
processes behind that the cleanup cannot find (it only kills the sample's own session). It exists
for debugging and for machines where neither bubblewrap nor docker is available, and only runs
when explicitly confirmed (``--sandbox unsafe --confirm-run-unsafe-code``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

from synthcode.sandbox.base import (
    RUNNER_ENVIRONMENT, RUNNER_PATH, Sandbox, SandboxError, Worker, library_paths, runner_arguments,
)
from synthcode.sandbox.process import PipeTransport


class UnsafeSandbox(Sandbox):
    name = "unsafe"
    isolated = False

    def start_worker(self) -> Worker:
        scratch = tempfile.mkdtemp(prefix="synthcode-unsafe-")
        try:
            process = subprocess.Popen(
                [sys.executable, "-I", "-S", "-B", str(RUNNER_PATH),
                 *runner_arguments(self.preload, library_paths(), scratch)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                start_new_session=True, cwd=scratch, env={**os.environ, **RUNNER_ENVIRONMENT},
            )
        except OSError as exc:
            shutil.rmtree(scratch, ignore_errors=True)
            raise SandboxError(f"could not start the runner: {exc}") from None
        transport = PipeTransport(process, on_close=lambda: shutil.rmtree(scratch, ignore_errors=True))
        return Worker(transport, self.limits, self._next_name())
