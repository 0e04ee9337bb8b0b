#!/usr/bin/env bash
# Everything Clipwright runs beside Node, for the demo, the service and the whole test suite, from
# Debian packages: ffmpeg/ffprobe (>= 5, with libass), espeak-ng, sox, the fonts every script needs
# (Noto Sans, Noto CJK, Noto Color Emoji, Symbola, DejaVu), Redis and PostgreSQL (service mode and the medium
# test tier start them on loopback), Chromium (browser tests), exiftool (metadata checks) and melt
# (renders our MLT timelines in tests). The package list lives here once; .ci/run calls this script.
#
#   scripts/setup.sh           as root: install what is missing with apt-get; otherwise print the
#                              one command to run and exit 1
#   scripts/setup.sh --check   install nothing: say what is missing (exit 1) or that all is here
set -euo pipefail

check_only=false
[ "${1:-}" = "--check" ] && check_only=true

have() { command -v "$1" >/dev/null 2>&1; }
fonts="$(fc-list 2>/dev/null || true)"
has_font() { grep -q "$1" <<<"$fonts"; }

missing=()
need() { # need <package> <test command...>: the package is missing when the test fails
  local package="$1"
  shift
  "$@" >/dev/null 2>&1 || missing+=("$package")
}
ffmpeg_ok() {
  have ffmpeg && have ffprobe || return 1
  # (Read into a string first: `ffmpeg | grep -q` under pipefail fails when grep exits early.)
  local filters
  filters="$(ffmpeg -hide_banner -filters 2>/dev/null)"
  grep -q ' subtitles ' <<<"$filters" && grep -q ' xfade ' <<<"$filters"
}

need ffmpeg ffmpeg_ok
need espeak-ng have espeak-ng
need sox have sox
need fontconfig have fc-list
need fonts-noto-core has_font 'NotoSans-Regular'
need fonts-noto-cjk has_font 'NotoSansCJK'
need fonts-noto-color-emoji has_font 'NotoColorEmoji'
# libass (burned-in captions) draws outline fonts only: Symbola is its emoji font.
need fonts-symbola has_font 'Symbola'
need fonts-dejavu-core test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
need redis-server have redis-server
need postgresql bash -c 'ls /usr/lib/postgresql/*/bin/initdb'
need chromium have chromium
need libimage-exiftool-perl have exiftool
need melt have melt
need ca-certificates test -d /etc/ssl/certs

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: everything Clipwright needs is installed"
  exit 0
fi

echo "setup: missing: ${missing[*]}" >&2
command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if ! $check_only && [ "$(id -u)" = "0" ] && have apt-get; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: installed ${missing[*]}"
  # PostgreSQL's package starts a cluster on 5432; ours runs on its own port (scripts/services.sh).
elif have apt-get; then
  [ "$(id -u)" = "0" ] || command="sudo ${command//&& apt-get/&& sudo apt-get}"
  echo "setup: run this, then try again:" >&2
  echo "  $command" >&2
  exit 1
else
  echo "setup: install ffmpeg (>= 5, with libass), espeak-ng, sox, Noto fonts (core, CJK, color emoji)," >&2
  echo "       Redis, PostgreSQL, Chromium, exiftool and melt with your system's package manager" >&2
  exit 1
fi
