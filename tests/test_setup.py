"""scripts/installed.py: when it says the checkout is installed, scripts/setup.sh skips pip."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("installed", REPO / "scripts" / "installed.py")
installed = importlib.util.module_from_spec(spec)
spec.loader.exec_module(installed)


def project(dependencies: list[str], **extras: list[str]) -> dict:
    return {"name": "synthcode", "version": "0.1.0", "dependencies": dependencies, "optional-dependencies": extras}


def test_met_requirements_and_what_is_not_met():
    assert installed.unmet(project(["pytest>=1", "pyyaml"]), []) == []
    missing = installed.unmet(project(["pytest>=999", "no-such-package-synthcode-test"]), [])
    assert sorted(missing) == sorted([f"pytest>=999 (have {installed.metadata.version('pytest')})",
                                      "no-such-package-synthcode-test (not installed)"])


def test_extras_expand_through_the_project_itself():
    spec = project(["pyyaml"], dev=["synthcode[train]", "pytest"], train=["no-such-package-synthcode-test>=1"],
                   other=["another-missing-package"])
    assert installed.unmet(spec, []) == []
    assert installed.unmet(spec, ["dev"]) == ["no-such-package-synthcode-test>=1 (not installed)"]


def test_markers_that_do_not_apply_are_skipped():
    assert installed.unmet(project(['no-such-package-synthcode-test; python_version < "3.0"']), []) == []


def test_this_environment_is_set_up():
    """The test suite runs after scripts/setup.sh, so a second set-up would skip pip."""
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "installed.py"), "dev"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
