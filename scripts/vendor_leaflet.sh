#!/usr/bin/env bash
# Re-vendors Leaflet (BSD-2-Clause) from the npm registry into the edition's static files,
# so that the interactive map loads nothing from a CDN. Run when upgrading Leaflet.
set -euo pipefail
VERSION=1.9.4
target="$(dirname "$0")/../edition/sphinxext/static/vendor/leaflet"
work=$(mktemp -d)
(cd "$work" && npm pack "leaflet@$VERSION" --silent >/dev/null && tar xzf "leaflet-$VERSION.tgz")
rm -rf "$target" && mkdir -p "$target"
cp -r "$work/package/dist/leaflet.js" "$work/package/dist/leaflet.css" "$work/package/dist/images" \
      "$work/package/LICENSE" "$target/"
echo "leaflet $VERSION vendored into $target"
