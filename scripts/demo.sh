#!/usr/bin/env bash
# `npm run demo`: set up whatever is missing, then run the whole system on embedded defaults.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
exec node "$root/devkit/dist/src/demo/demo-main.js" "$@"
