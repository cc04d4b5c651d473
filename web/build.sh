#!/usr/bin/env bash
# Re-create the map bundle in src/corridor/api/static/ from package.json and its lockfile.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm run build
