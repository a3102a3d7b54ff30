#!/usr/bin/env bash
# html-screenshot.sh: take a screenshot of an HTML file (such as figcheck's
# HTML report) with headless Chromium, offline and with a fresh profile.
#
#   scripts/html-screenshot.sh report.html out.png [WIDTH,HEIGHT]
#
# The window is 1200,2400 unless given. The browser is $FIGCHECK_CHROMIUM,
# else chromium (or chromium-browser) on the PATH; install it with
# `apt-get install chromium` on Debian.
set -euo pipefail

usage() {
  echo "usage: $0 FILE.html OUT.png [WIDTH,HEIGHT]" >&2
  exit 2
}
[ $# -ge 2 ] && [ $# -le 3 ] || usage
html=$1
png=$2
size=${3:-1200,2400}
if [ ! -f "$html" ]; then
  echo "$0: $html: no such file" >&2
  exit 2
fi
if ! [[ $size =~ ^[0-9]+,[0-9]+$ ]]; then
  echo "$0: window size $size is not WIDTH,HEIGHT" >&2
  exit 2
fi

browser=${FIGCHECK_CHROMIUM:-}
if [ -z "$browser" ]; then
  for candidate in chromium chromium-browser; do
    if command -v "$candidate" >/dev/null 2>&1; then
      browser=$(command -v "$candidate")
      break
    fi
  done
fi
if [ -z "$browser" ] || ! command -v "$browser" >/dev/null 2>&1; then
  echo "$0: Chromium not found: install it (apt-get install chromium) or set FIGCHECK_CHROMIUM to a Chromium or Chrome binary" >&2
  exit 1
fi

# Absolute paths: Chromium resolves file:// URLs and --screenshot from its
# own working directory.
abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd -P)" "$(basename "$1")"); }
html_abs=$(abs "$html")
mkdir -p "$(dirname "$png")"
png_abs=$(abs "$png")

profile=$(mktemp -d "${TMPDIR:-/tmp}/figcheck-chromium.XXXXXX")
trap 'rm -rf "$profile"' EXIT

rm -f "$png_abs"
log=$profile/chromium.log
if ! "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" \
    --window-size="$size" --screenshot="$png_abs" "file://$html_abs" >"$log" 2>&1; then
  cat "$log" >&2
  echo "$0: $browser failed" >&2
  exit 1
fi
if [ ! -s "$png_abs" ]; then
  cat "$log" >&2
  echo "$0: $browser wrote no screenshot" >&2
  exit 1
fi
echo "$png"
