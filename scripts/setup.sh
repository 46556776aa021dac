#!/usr/bin/env bash
# One idempotent setup behind both README commands (`npm run demo` and `npm test`):
# system packages, npm dependencies, the build, and the detector weights. A second run on a
# set-up machine only checks and returns within a few seconds.
set -euo pipefail

quiet=0
[[ "${1:-}" == "--quiet" ]] && quiet=1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { [[ $quiet == 1 ]] || printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 1; }

# --- Node.js --------------------------------------------------------------------------------
node_version="$(node -p 'process.versions.node' 2>/dev/null || true)"
[[ -n "$node_version" ]] || fail "Node.js 20.19 or newer is required (https://nodejs.org); it was not found on PATH."
IFS=. read -r node_major node_minor _ <<<"$node_version"
if (( node_major < 20 || (node_major == 20 && node_minor < 19) )); then
  fail "Node.js $node_version is too old: WardWatch needs 20.19 or newer."
fi

# --- System packages ------------------------------------------------------------------------
# ffmpeg decodes cameras and cuts clips; redis-server backs BullMQ when REDIS_URL is unset;
# the GStreamer RTSP server simulates cameras for the demo and tests; chromium runs the
# browser tests (never a browser downloaded by a tool); docker-compose validates docker/compose.yaml
# (no Docker engine is needed for that).
packages=(ffmpeg redis-server chromium docker-compose
  gir1.2-gst-rtsp-server-1.0 python3-gi gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if (( ${#missing[@]} > 0 )); then
  if ! command -v apt-get >/dev/null; then
    fail "missing system packages: ${missing[*]} — install them with your package manager (WardWatch is tested on Debian 12)."
  fi
  sudo=()
  if [[ $(id -u) != 0 ]]; then
    command -v sudo >/dev/null || fail "missing system packages; run as root: apt-get update && apt-get install -y ${missing[*]}"
    sudo=(sudo)
  fi
  say "installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get could not install: ${missing[*]} — run: apt-get update && apt-get install -y ${missing[*]}"
fi

# --- npm dependencies -----------------------------------------------------------------------
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp="node_modules/.wardwatch-lock-sha256"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >"$stamp"
fi

# --- Build ----------------------------------------------------------------------------------
# tsc -b is incremental: a no-op when nothing changed.
npx --no-install tsc -b
if [[ -f review-console/web/index.html ]]; then
  npm run --silent build:web --workspace review-console --if-present >/dev/null
fi

# --- Detector weights -----------------------------------------------------------------------
model_path="$(node_modules/.bin/edge-agent models fetch 2>/dev/null)" || node_modules/.bin/edge-agent models fetch
say "model ready at $model_path"
say "ready"
