#!/usr/bin/env bash
# Build the docker sandbox image (synthcode-sandbox:latest) without reaching any image registry.
#
#   bash sandboxes/build-image.sh [--force]
#
# 1. The base image synthcode-sandbox-base:bookworm is made once with debootstrap (Debian
#    bookworm, minbase + python3) and `docker import`; it is reused until you `docker rmi` it.
# 2. The verification libraries (hypothesis, crosshair-tool and their dependencies, at the
#    versions installed on this host) are installed here with pip into a cached directory, for
#    CPython 3.11 on manylinux x86_64, and copied into the image at /opt/synthcode/site.
# 3. The runner and its harnesses are layered on top with sandboxes/Dockerfile, labelled with
#    their sha256 and the library versions.
# When the image already carries the current runner's sha256 and library set nothing is done,
# unless --force.
#
# Environment:
#   DEBIAN_MIRROR    Debian mirror for debootstrap (default http://deb.debian.org/debian)
#   SYNTHCODE_CACHE  scratch directory for the root file system and the libraries (default sandboxes/.cache)
#   PYTHON           the host interpreter whose installed versions are copied (default python3)
#   SYNTHCODE_SANDBOX_IMAGE  the image to build (default synthcode-sandbox:latest); the docker
#                    backend runs the image this variable names, too
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGE=${SYNTHCODE_SANDBOX_IMAGE:-synthcode-sandbox:latest}
BASE=synthcode-sandbox-base:bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${SYNTHCODE_CACHE:-$ROOT/sandboxes/.cache}
RUNNER_DIR=$ROOT/src/synthcode/sandbox
PYTHON=${PYTHON:-python3}
LIBRARY_ROOTS="hypothesis crosshair-tool"

FORCE=0
for arg in "$@"; do
    case $arg in
        --force) FORCE=1 ;;
        -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build-image.sh: unknown argument $arg (expected --force)" >&2; exit 2 ;;
    esac
done

docker info >/dev/null 2>&1 || { echo "build-image.sh: cannot reach the docker engine (is dockerd running?)" >&2; exit 1; }

# Must match synthcode.sandbox.base.runner_digest(): the runner and its harness modules.
RUNNER_SHA256=$(cd "$RUNNER_DIR" && LC_ALL=C sha256sum runner.py harnesses/*.py | sha256sum | cut -d' ' -f1)

# The library set: the roots and everything they require, pinned to this host's versions, so the
# sandbox checks with the versions the stages report. One "name==version" per line.
library_set() {
    "$PYTHON" - $LIBRARY_ROOTS <<'PY'
import importlib.metadata as metadata
import sys

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

pins, todo = {}, list(sys.argv[1:])
while todo:
    name = todo.pop()
    if canonicalize_name(name) in pins:
        continue
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        sys.exit(f"build-image.sh: {name} is not installed for {sys.executable}: pip install {name}")
    pins[canonicalize_name(name)] = f"{dist.metadata['Name']}=={dist.version}"
    for line in dist.requires or []:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            todo.append(requirement.name)
print("\n".join(sorted(pins.values(), key=str.lower)))
PY
}
LIBRARIES=$(library_set)
LIBRARIES_LABEL=$(echo "$LIBRARIES" | tr '\n' ' ' | sed 's/ $//')
LIBRARIES_SHA256=$(echo "$LIBRARIES" | sha256sum | cut -d' ' -f1)

label() { docker image inspect --format "{{index .Config.Labels \"$1\"}}" "$IMAGE" 2>/dev/null || true; }
if [[ $FORCE == 0 && $(label synthcode.runner_sha256) == "$RUNNER_SHA256" \
      && $(label synthcode.libraries) == "$LIBRARIES_LABEL" ]]; then
    echo "$IMAGE is up to date (runner sha256 ${RUNNER_SHA256:0:12}; $LIBRARIES_LABEL)"
    exit 0
fi

ROOTFS=
remove_rootfs() {
    [[ -n $ROOTFS && -d $ROOTFS ]] || return 0
    # debootstrap mounts /proc and /sys inside the target; unmount them before deleting, even on failure.
    local mount
    for mount in $(awk -v root="$ROOTFS/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r); do
        umount -l "$mount" || true
    done
    rm -rf --one-file-system "$ROOTFS"
}

build_base() {
    command -v debootstrap >/dev/null || { echo "build-image.sh: debootstrap is not installed: apt-get install debootstrap" >&2; exit 1; }
    [[ $(id -u) == 0 ]] || { echo "build-image.sh: debootstrap needs root to build $BASE" >&2; exit 1; }
    mkdir -p "$CACHE"
    ROOTFS=$(mktemp -d "$CACHE/rootfs.XXXXXX")
    trap remove_rootfs EXIT
    echo "building $BASE with debootstrap from $MIRROR (about a minute with a nearby mirror)"
    local started=$SECONDS
    debootstrap --variant=minbase --include=python3 bookworm "$ROOTFS" "$MIRROR"
    # Only the interpreter is needed at run time: drop package indexes, caches, docs and logs.
    rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/* "$ROOTFS"/var/cache/debconf/*-old \
           "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* \
           "$ROOTFS"/usr/share/locale/* "$ROOTFS"/var/log/* "$ROOTFS"/tmp/*
    tar -C "$ROOTFS" --numeric-owner -c . | docker import \
        --message "debootstrap --variant=minbase --include=python3 bookworm ($MIRROR)" - "$BASE"
    remove_rootfs
    echo "built $BASE in $((SECONDS - started))s"
}

# Wheels only (nothing is built), for the image's interpreter rather than this one; the image has
# no registry access, so everything is installed here. Kept per library set, so a runner change
# reuses it.
install_libraries() {
    local target=$1 partial pins
    partial=$(mktemp -d "$target.partial.XXXXXX")  # private: two builds may run at once
    pins=$(mktemp)
    echo "$LIBRARIES" >"$pins"
    echo "installing the verification libraries for CPython 3.11 into $target: $LIBRARIES_LABEL"
    local started=$SECONDS
    # pip matches --platform tags exactly: name every manylinux tag bookworm's glibc (2.36) runs.
    local platforms=() minor
    for minor in $(seq 36 -1 5); do platforms+=(--platform "manylinux_2_${minor}_x86_64"); done
    platforms+=(--platform manylinux2014_x86_64 --platform manylinux2010_x86_64 --platform manylinux1_x86_64)
    "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-deps --no-warn-script-location \
        --target "$partial" --only-binary=:all: --implementation cp --python-version 3.11 --abi cp311 \
        "${platforms[@]}" -r "$pins" || { rm -rf "$partial" "$pins"; return 1; }
    rm -f "$pins"
    # Console scripts and caches are not needed in the sandbox; everything must be readable there.
    rm -rf "$partial/bin"
    chmod -R a+rX,go-w "$partial"
    # Renamed into place in one step; a build that finished first keeps its copy.
    mv -T "$partial" "$target" 2>/dev/null || rm -rf "$partial"
    echo "installed the libraries in $((SECONDS - started))s ($(du -sh "$target" | cut -f1))"
}

if ! docker image inspect "$BASE" >/dev/null 2>&1; then
    build_base
fi

SITE=$CACHE/site-${LIBRARIES_SHA256:0:16}
if [[ ! -d $SITE ]]; then
    mkdir -p "$CACHE"
    install_libraries "$SITE"
fi

# The build context: the runner, its harnesses and the libraries, assembled in the cache.
CONTEXT=$(mktemp -d "$CACHE/context.XXXXXX")
trap 'rm -rf "$CONTEXT"; remove_rootfs' EXIT
cp "$RUNNER_DIR/runner.py" "$CONTEXT/"
mkdir "$CONTEXT/harnesses"
cp "$RUNNER_DIR"/harnesses/*.py "$CONTEXT/harnesses/"
cp -r "$RUNNER_DIR/unicode" "$CONTEXT/unicode"  # Hypothesis' Unicode tables (harnesses/properties.py)
cp -a "$SITE" "$CONTEXT/site"

# The legacy builder needs no buildx plugin; docker clients without buildx fall back to it anyway.
docker buildx version >/dev/null 2>&1 || export DOCKER_BUILDKIT=0
docker build --build-arg "BASE=$BASE" --build-arg "RUNNER_SHA256=$RUNNER_SHA256" \
    --build-arg "LIBRARIES=$LIBRARIES_LABEL" \
    -f "$ROOT/sandboxes/Dockerfile" -t "$IMAGE" "$CONTEXT"
echo "built $IMAGE (runner sha256 ${RUNNER_SHA256:0:12}; $LIBRARIES_LABEL)"
