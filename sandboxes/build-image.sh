#!/usr/bin/env bash
# Build the docker sandbox image (synthcode-sandbox:latest) without reaching any image registry.
#
#   bash sandboxes/build-image.sh [--force]
#
# 1. The base image synthcode-sandbox-base:bookworm is made once with debootstrap (Debian
#    bookworm, minbase + python3) and `docker import`; it is reused until you `docker rmi` it.
# 2. The runner is layered on top with sandboxes/Dockerfile, labelled with runner.py's sha256.
# When the image already carries the current runner's sha256 nothing is done, unless --force.
#
# Environment:
#   DEBIAN_MIRROR    Debian mirror for debootstrap (default http://deb.debian.org/debian)
#   SYNTHCODE_CACHE  scratch directory for the root file system (default sandboxes/.cache)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGE=synthcode-sandbox:latest
BASE=synthcode-sandbox-base:bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${SYNTHCODE_CACHE:-$ROOT/sandboxes/.cache}
RUNNER_DIR=$ROOT/src/synthcode/sandbox

FORCE=0
for arg in "$@"; do
    case $arg in
        --force) FORCE=1 ;;
        -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build-image.sh: unknown argument $arg (expected --force)" >&2; exit 2 ;;
    esac
done

docker info >/dev/null 2>&1 || { echo "build-image.sh: cannot reach the docker engine (is dockerd running?)" >&2; exit 1; }

# Must match synthcode.sandbox.base.runner_digest(): the runner and its harness modules.
RUNNER_SHA256=$(cd "$RUNNER_DIR" && LC_ALL=C sha256sum runner.py harnesses/*.py | sha256sum | cut -d' ' -f1)
current=$(docker image inspect --format '{{index .Config.Labels "synthcode.runner_sha256"}}' "$IMAGE" 2>/dev/null || true)
if [[ $FORCE == 0 && $current == "$RUNNER_SHA256" ]]; then
    echo "$IMAGE is up to date (runner sha256 ${RUNNER_SHA256:0:12})"
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

if ! docker image inspect "$BASE" >/dev/null 2>&1; then
    build_base
fi

# The legacy builder needs no buildx plugin; docker clients without buildx fall back to it anyway.
docker buildx version >/dev/null 2>&1 || export DOCKER_BUILDKIT=0
docker build --build-arg "BASE=$BASE" --build-arg "RUNNER_SHA256=$RUNNER_SHA256" \
    -f "$ROOT/sandboxes/Dockerfile" -t "$IMAGE" "$RUNNER_DIR"
echo "built $IMAGE (runner sha256 ${RUNNER_SHA256:0:12})"
