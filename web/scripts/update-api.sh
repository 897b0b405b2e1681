#!/usr/bin/env bash
# After an API change: refresh web/src/api/openapi.json from the server's own description and
# regenerate the TypeScript types (web/src/api/schema.d.ts) from it. Review the diff, commit both.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# The web app is not built here: an API change usually breaks its types until schema.d.ts is
# regenerated, which is what this script is for.
PARLEY_UPDATE_OPENAPI=1 dotnet test tests/Parley.Tests -p:SkipWebBuild=true \
  --filter "FullyQualifiedName~OpenApiContractTests.The_served_description_equals_the_checked_in_copy"
cd web
[ -d node_modules ] || npm ci
npm run api:types
echo "Refreshed web/src/api/openapi.json and web/src/api/schema.d.ts."
