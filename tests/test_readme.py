"""Every README example that can run offline runs as written.

The ``bash`` and ``console`` blocks of README.md are cut into commands (continuation lines joined,
comments dropped) and run in order, in a copy of the checkout's configs, examples and prompts. A
command that needs what no offline machine has (a GPU model server, the Hub, a package index) must
match one of :data:`NOT_OFFLINE`, which says why; any other command must exit 0 (a ``console``
block's command must also print the lines shown under it and exit as its verdict says).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from synthcode.paths import CHECKOUT

pytestmark = pytest.mark.slow

README = CHECKOUT / "README.md"

NOT_OFFLINE = {
    r"^vllm serve|--endpoint|http://": "a model server (GPU)",
    r"^pip install|^HF_TOKEN=|--push-to-hub": "the package index or the Hub",
    r"^python3 -m pytest": "the test suite itself",
    r"offline-pipeline\.sh": "minutes; tests/test_offline_pipeline.py runs it",
    r"^ray |--address|--ray-address|--executor ray": "a Ray cluster",
    r"^bash scripts/setup\.sh$": "the set-up itself (tests/test_setup.py)",
    r"\[--": "a synopsis, not a command",
    r"470m|1\.1b|2\.8b|code25|results/": "a GPU ladder run on Hub data",
    r"^synthcode mix --config configs/mixes/": "a preset's Hub sources",
    r"^torchrun|^accelerate": "several GPUs",
    r"^LD_PRELOAD=.*py-spy": "a profiler",
}
"""Pattern of a command that cannot run offline -> what it needs."""


def commands() -> list[tuple[str, str, list[str]]]:
    """(block kind, command, expected output lines) in README order."""
    text = README.read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"^```(bash|console)\n(.*?)^```", text, re.M | re.S):
        kind, body = match.groups()
        if kind == "console":
            for chunk in re.split(r"^\$ ", body, flags=re.M)[1:]:
                command, *output = chunk.rstrip("\n").split("\n")
                found.append((kind, command, output))
            continue
        lines = iter(re.sub(r"\\\n\s*", " ", body).splitlines())
        for line in lines:
            line = re.sub(r"\s+#.*$", "", line).strip()
            if not line or line.startswith("#"):
                continue
            heredoc = re.search(r"<<-?'?(\w+)'?", line)
            if heredoc:  # the command goes on to the heredoc's end marker
                for more in lines:
                    line += "\n" + more
                    if more.strip() == heredoc.group(1):
                        break
            found.append((kind, line.removeprefix("bash scripts/setup.sh && "), []))
    return found


def needs(command: str) -> str | None:
    return next((why for pattern, why in NOT_OFFLINE.items() if re.search(pattern, command)), None)


def test_readme_commands_run_offline_as_written(tmp_path):
    for folder in ("configs", "examples", "prompts"):
        shutil.copytree(CHECKOUT / folder, tmp_path / folder)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    ran, failures = [], []
    for kind, command, expected in commands():
        if needs(command):
            continue
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=600)
        ran.append(command)
        printed = done.stdout.splitlines()
        if kind == "console":
            verdict_code = 1 if expected and expected[0].startswith("REJECTED") else 0
            if printed[:len(expected)] != expected or done.returncode != verdict_code:
                failures.append(f"{command}: exit {done.returncode}, printed {printed[:3]}, README shows {expected}")
        elif done.returncode != 0:
            failures.append(f"{command}: exit {done.returncode}: {done.stderr.strip()[-500:]}")
    assert not failures, "\n".join(failures)
    # The README's offline examples: the demo run, its export, verify, the offline mix.
    assert any(c.startswith("synthcode generate --config configs/generate/demo.yaml") for c in ran)
    assert any(c.startswith("synthcode export") for c in ran)
    assert sum(c.startswith("synthcode verify") for c in ran) >= 2


def test_every_command_the_test_skips_names_what_it_needs():
    skipped = [command for _, command, _ in commands() if needs(command)]
    ran = [command for _, command, _ in commands() if not needs(command)]
    assert skipped and ran  # the patterns neither skip everything nor nothing
    for command in ran:
        assert "vllm" not in command and "push-to-hub" not in command
