#!/usr/bin/env bash
# System tools the test suite drives as real consumers of our output. Idempotent: installs only
# what is missing. Needs root (CI runs as root) and the Debian package registry.
set -euo pipefail
missing=()
# (tool on PATH) (Debian package)
while read -r tool package; do
  [ -z "$tool" ] && continue
  command -v "$tool" >/dev/null 2>&1 || missing+=("$package")
done <<'LIST'
LIST
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system tools: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
