#!/usr/bin/env bash
# Rewrites tme-sidecar-patch.yaml from the chart's default values (the chart test
# SidecarPatchTest fails when the two differ). Needs helm (deploy/install-helm.sh) and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
helm=${HELM:-.tools/helm}
[ -x "$helm" ] || helm=helm
out=deploy/sidecar-only/tme-sidecar-patch.yaml
{
  sed -n '/^#/p;/^[^#]/q' "$out"
  "$helm" template traceableai-istio deploy/charts/traceableai-istio \
    --namespace istio-system --set injector.enabled=false --set sidecarPatch.enabled=true \
    --show-only templates/sidecar-patch.yaml |
    python3 -c 'import sys, yaml; print(yaml.safe_load(sys.stdin)["data"]["patch.yaml"], end="")'
} >"$out.tmp"
mv "$out.tmp" "$out"
