"""Templates and default configs are found from a checkout and from an installed wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from synthcode import paths

REPO = Path(__file__).resolve().parents[1]


def test_a_checkout_uses_its_own_prompts():
    assert paths.project_dir() == REPO
    assert (paths.prompts_dir() / "problem" / "v1.j2").is_file()


def test_without_a_checkout_the_installed_copies_are_used(tmp_path, monkeypatch):
    site = tmp_path / "site-packages"  # a wheel install: no prompts/ beside the package
    monkeypatch.setattr(paths, "CHECKOUT", site)
    # Debian's Python: sys.prefix is /usr, but pip installs under /usr/local (the scheme's data path)
    monkeypatch.setattr(paths.sys, "prefix", str(tmp_path / "usr"))
    schemes = {None: tmp_path / "usr-local", f"{paths.os.name}_user": tmp_path / "home-local"}
    monkeypatch.setattr(paths.sysconfig, "get_path", lambda name, scheme=None: str(schemes[scheme]))
    for root in (tmp_path / "usr-local", tmp_path / "home-local"):
        installed = root / "share" / "synthcode"
        (installed / "prompts").mkdir(parents=True)
        assert paths.project_dir() == installed
        assert paths.prompts_dir() == installed / "prompts"
        (installed / "prompts").rmdir()  # next: a `pip install --user`
    assert paths.project_dir() == site  # nothing installed anywhere: the (missing) checkout, named in errors


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to copy the checkout")
def test_the_wheel_carries_every_template_and_config(tmp_path):
    # Built from a clean copy of the tracked files, so the checkout gets no build/ folder.
    source = tmp_path / "source"
    tracked = subprocess.run(["git", "-C", str(REPO), "ls-files", "pyproject.toml", "README.md", "src", "prompts",
                              "configs"], check=True, capture_output=True, text=True).stdout.split()
    for name in tracked:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path / "dist"), str(source)], check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("synthcode-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {n.split(".data/data/share/synthcode/", 1)[1] for n in names if ".data/data/share/synthcode/" in n}
    expected = {name for name in tracked if name.startswith(("prompts/", "configs/"))}
    assert data == expected
    assert "synthcode/sandbox/runner.py" in names and "synthcode/sandbox/harnesses/record.py" in names
    shipped = {f"synthcode/data/benchmarks/{name}" for name in ("HumanEval.jsonl.gz", "mbpp.jsonl", "README.md",
                                                                 "LICENSE-HumanEval", "LICENSE-MBPP")}
    assert shipped <= names  # decontamination and eval work from a wheel with nothing beside it
