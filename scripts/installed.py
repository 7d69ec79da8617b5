"""Exit 0 when this checkout is installed editable, with every requirement of ``.[EXTRAS]`` met.

``scripts/setup.sh`` asks this before running ``pip install -e`` (about a minute even when nothing
changes), so a second set-up takes seconds. Usage: ``python3 scripts/installed.py dev``. Only the
project's direct requirements are checked: pip installed what those need when it installed them.
"""

from __future__ import annotations

import json
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def unmet(project: dict, extras: list[str]) -> list[str]:
    """The requirements of the project with ``extras`` that the environment does not satisfy."""
    name = canonicalize_name(project["name"])
    optional = project.get("optional-dependencies", {})
    wanted, seen, missing = list(project.get("dependencies", [])), set(), []
    for extra in extras:
        wanted += optional.get(extra, [])
    while wanted:
        requirement = Requirement(wanted.pop())
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        if canonicalize_name(requirement.name) == name:  # "synthcode[train,eval]": expand those extras
            for extra in requirement.extras - seen:
                seen.add(extra)
                wanted += optional.get(extra, [])
            continue
        try:
            version = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            missing.append(f"{requirement} (not installed)")
            continue
        if not requirement.specifier.contains(version, prereleases=True):
            missing.append(f"{requirement} (have {version})")
    return missing


def editable_here(name: str) -> bool:
    try:
        direct = json.loads(metadata.distribution(name).read_text("direct_url.json") or "{}")
    except metadata.PackageNotFoundError:
        return False
    return direct.get("dir_info", {}).get("editable", False) and direct.get("url") == ROOT.as_uri()


def main(argv: list[str]) -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    if not editable_here(project["name"]):
        print(f"{project['name']} is not installed editable from {ROOT}", file=sys.stderr)
        return 1
    installed = metadata.distribution(project["name"])
    if installed.version != project["version"] or set(installed.entry_points.names) != set(project.get("scripts", {})):
        print(f"the installed {project['name']} metadata is older than pyproject.toml", file=sys.stderr)
        return 1
    missing = unmet(project, argv)
    for line in missing:
        print(f"unmet: {line}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
