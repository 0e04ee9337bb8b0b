#!/usr/bin/env bash
# `npm run demo`: renders the news brief's sample into out/demo/ (16:9 and 9:16), signed with
# development content credentials made once in .clipwright/dev-certs (`clipwright certs init`:
# FOR TESTING ONLY; in production the signing key and chain come from CLIPWRIGHT_C2PA_KEY and
# CLIPWRIGHT_C2PA_CERTS, docs/provenance.md). Check the result: `npx clipwright verify out/demo/clip-16x9.mp4`.
set -euo pipefail
cd "$(dirname "$0")/.."

certs=.clipwright/dev-certs
if [ -z "${CLIPWRIGHT_C2PA_KEY:-}" ]; then
  [ -f "$certs/signer.key" ] || node bin/clipwright.js certs init --out "$certs" >/dev/null
  export CLIPWRIGHT_C2PA_KEY="$certs/signer.key" CLIPWRIGHT_C2PA_CERTS="$certs/chain.pem"
  export CLIPWRIGHT_C2PA_TRUST_ANCHORS="${CLIPWRIGHT_C2PA_TRUST_ANCHORS:-$certs/ca.pem}"
fi
node bin/clipwright.js render --template news-brief --data templates/news-brief/sample.geojson \
  --select 0 --out out/demo --aspect 16:9,9:16
