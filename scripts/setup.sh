#!/usr/bin/env bash
# Makes sure the programs Clipwright runs as separate processes are here: ffmpeg/ffprobe (>= 5, with
# libass), espeak-ng, and the Noto/DejaVu fonts the graphics and captions use. As root it installs
# what is missing with apt-get; otherwise it prints the exact command to run.
set -euo pipefail

packages=(ffmpeg espeak-ng fonts-noto-core fonts-dejavu-core fontconfig)
missing=()

have() { command -v "$1" >/dev/null 2>&1; }

if ! have ffmpeg || ! have ffprobe; then
  missing+=(ffmpeg)
elif ! grep -q ' subtitles ' <<<"$(ffmpeg -hide_banner -filters 2>/dev/null)"; then
  # (Read into a string first: `ffmpeg | grep -q` under pipefail fails when grep exits early.)
  echo "setup: this ffmpeg has no libass 'subtitles' filter; Debian's ffmpeg package has it" >&2
  missing+=(ffmpeg)
fi
have espeak-ng || missing+=(espeak-ng)
if ! have fc-list || ! grep -q 'NotoSans-Regular' <<<"$(fc-list 2>/dev/null)"; then missing+=(fonts-noto-core fontconfig); fi
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
# The MOS gateway's plug-in page is tested in Debian's chromium (playwright-core drives it).
[ -x /usr/bin/chromium ] || missing+=(chromium)

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: ffmpeg, espeak-ng and fonts are installed"
  exit 0
fi

echo "setup: missing: ${missing[*]}"
if [ "$(id -u)" = "0" ] && have apt-get; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  echo "setup: installed ${packages[*]}"
elif have apt-get; then
  echo "setup: run this, then try again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages[*]}" >&2
  exit 1
else
  echo "setup: install ffmpeg (>= 5, with libass), espeak-ng and the Noto Sans fonts with your system's package manager" >&2
  exit 1
fi
