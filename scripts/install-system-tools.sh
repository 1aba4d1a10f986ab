#!/usr/bin/env bash
# System tools the test suite drives as real consumers of our output (tests marked "consumer").
# Idempotent: installs only what is missing. Needs root (CI runs as root) and the Debian package
# registry for the apt part, and npm for the Node part (pinned in package.json / package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
# (Debian package) (a check that passes when it is usable)
while read -r package check; do
  [ -z "$package" ] && continue
  eval "$check" >/dev/null 2>&1 || missing+=("$package")
done <<'LIST'
hugo     command -v hugo
jekyll   command -v jekyll
pandoc   command -v pandoc
php-cli  command -v php
php-xml  php -r 'exit(class_exists("SimpleXMLElement") ? 0 : 1);'
npm      command -v npm
LIST
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing system tools: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node consumers (wordpress-export-to-markdown, Eleventy, Astro), exactly the versions in
# package-lock.json.
for bin in wordpress-export-to-markdown eleventy astro; do
  if [ ! -x "node_modules/.bin/$bin" ]; then
    echo "installing Node consumers from package-lock.json" >&2
    npm ci --no-audit --no-fund --loglevel=error
    break
  fi
done
