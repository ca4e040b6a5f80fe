#!/usr/bin/env bash
# Reproduces the load benchmark of docs/benchmarks.md from a clean checkout: builds tme and the
# load generator, runs the matrix (no-op baseline, tme with capture off/on/agent down, without
# per-check metrics, one connection against four, open-loop rate steps), and rewrites the
# run-bench section of docs/benchmarks.md and the charts in docs/img.
#
# usage: load-tests/run-bench.sh [Matrix options, e.g. --scenario attack-mix --duration 30s]
# Takes about 12 runs x (warm-up + duration + a few seconds); 7 minutes with the defaults.
# Run it on an otherwise idle machine: the generator and the servers share its CPUs.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -ntp package -DskipTests -pl protocol,tme,load-tests
exec java -cp load-tests/target/tme-load.jar ai.traceable.tme.load.Matrix \
  --tme-jar tme/target/tme.jar --out docs/img --markdown docs/benchmarks.md "$@"
