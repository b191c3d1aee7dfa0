#!/usr/bin/env bash
# Builds cspr's GOV.UK Frontend assets into cspr/govuk/static/govuk/.
# Run only when upgrading govuk-frontend or editing src/cspr.scss; the output is
# committed so that Python-only work never needs Node. See docs/frontend.md.
set -euo pipefail
cd "$(dirname "$0")"
out=../cspr/govuk/static/govuk
govuk=node_modules/govuk-frontend/dist/govuk

if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi

mkdir -p "$out"
rm -rf "$out/assets"
npx --no-install sass --no-source-map --style=compressed --load-path=node_modules \
  src/cspr.scss "$out/cspr.css"
# The standalone documents' own stylesheet (the statistics report, briefings): inlined, so
# it sits beside its Python renderer rather than in static files.
npx --no-install sass --no-source-map --style=compressed --load-path=node_modules \
  src/report.scss ../cspr/stats/render/report.css
# ... and its print version: what WeasyPrint accepts without a warning (cspr/stats/render/css.py).
(cd .. && UV_PYTHON_DOWNLOADS=never uv run python -m cspr.stats.render.css)

# The JavaScript, without its source map comment: the map is not shipped, and
# ManifestStaticFilesStorage would fail collectstatic on a missing map file.
sed '/^\/\/# sourceMappingURL=/d; s|//# sourceMappingURL=[^ ]*$||' "$govuk/govuk-frontend.min.js" \
  > "$out/govuk-frontend.min.js"

# Images (the CSS refers to images/govuk-crest.svg) and the manifest; never the
# GDS Transport fonts.
mkdir -p "$out/assets"
cp -R "$govuk/assets/images" "$out/assets/images"
cp "$govuk/assets/manifest.json" "$out/assets/manifest.json"

if grep -q "GDS Transport\|fonts/" "$out/cspr.css"; then
  echo "build.sh: cspr.css refers to the GOV.UK font" >&2
  exit 1
fi
echo "built $out: govuk-frontend $(node -p 'require("govuk-frontend/package.json").version'), sass $(npx --no-install sass --version)"
