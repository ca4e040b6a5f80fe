#!/usr/bin/env bash
# Runs the ghz scenarios (ghz/*.json) against tme and checks more than throughput: every call must
# end with gRPC status OK, and the share of denied checks, read from tme's /metrics before and
# after each run, must fall within the bounds in ghz/scenarios.tsv. (ghz sees only the gRPC status;
# ext_authz denials are OK calls whose CheckResponse says PERMISSION_DENIED, hence /metrics.)
#
# usage: load-tests/run-ghz.sh [--host HOST:PORT] [--metrics URL] [--tme-jar FILE] [--out DIR]
#                              [scenario ...]
#   --host     tme's gRPC address                          [127.0.0.1:5442]
#   --metrics  tme's /metrics URL                          [http://127.0.0.1:7626/metrics]
#   --tme-jar  start this tme jar for each scenario, with the rules the scenario names, and stop it
#              afterwards; without it a running tme is used and scenarios that need their own rules
#              file are skipped
#   --out      where ghz's JSON reports go                 [a new temporary directory]
# Needs ghz (https://ghz.sh), curl and python3. Exits 1 when a scenario fails its checks.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
host=127.0.0.1:5442
metrics=http://127.0.0.1:7626/metrics
jar=""
out=""
scenarios=()
while [ $# -gt 0 ]; do
  case "$1" in
    --host) host="$2"; shift 2 ;;
    --metrics) metrics="$2"; shift 2 ;;
    --tme-jar) jar="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) scenarios+=("$1"); shift ;;
  esac
done
for tool in ghz curl python3; do
  command -v "$tool" >/dev/null || { echo "run-ghz.sh needs $tool on PATH" >&2; exit 2; }
done
out="${out:-$(mktemp -d -t tme-ghz-XXXXXX)}"
mkdir -p "$out"

# Sum of tme_checks_total by decision, as "allow deny monitor".
decisions() {
  curl -fsS "$metrics" | python3 -c '
import re, sys
totals = {"allow": 0.0, "deny": 0.0, "monitor": 0.0}
for line in sys.stdin:
    m = re.match(r"tme_checks_total\{(.*)\} (\S+)$", line.strip())
    if m:
        d = re.search(r"decision=\"(\w+)\"", m.group(1))
        if d and d.group(1) in totals:
            totals[d.group(1)] += float(m.group(2))
print(int(totals["allow"]), int(totals["deny"]), int(totals["monitor"]))'
}

tme_pid=""
stop_tme() {
  if [ -n "$tme_pid" ]; then
    kill "$tme_pid" 2>/dev/null || true
    wait "$tme_pid" 2>/dev/null || true
    tme_pid=""
  fi
}
trap stop_tme EXIT

start_tme() { # rules file or -
  local rules="$1" port="${host##*:}" mport
  mport="$(python3 -c 'import re,sys; print(re.search(r":(\d+)/", sys.argv[1]).group(1))' "$metrics")"
  local env=(TME_GRPC_PORT="$port" TME_MANAGEMENT_PORT="$mport" TME_CAPTURE_ENABLED=false)
  [ "$rules" != "-" ] && env+=(TME_RULES_FILE="$here/$rules")
  env "${env[@]}" java -jar "$jar" >"$out/tme-$name.log" 2>&1 &
  tme_pid=$!
  for _ in $(seq 1 120); do
    curl -fsS "${metrics%/metrics}/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "tme did not become ready; see $out/tme-$name.log" >&2
  exit 2
}

failed=0
while IFS=$'\t' read -r name config min max rules; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ ${#scenarios[@]} -gt 0 ] && [[ ! " ${scenarios[*]} " == *" $name "* ]]; then
    continue
  fi
  if [ -n "$jar" ]; then
    start_tme "$rules"
  elif [ "$rules" != "-" ]; then
    echo "== $name: skipped (needs tme started with TME_RULES_FILE=$rules; pass --tme-jar)"
    continue
  fi
  read -r a0 d0 m0 < <(decisions)
  echo "== $name: ghz --config ghz/$config against $host"
  (cd "$here/ghz" && ghz --config "$config" --host "$host" --format json --output "$out/$name.json") || true
  read -r a1 d1 m1 < <(decisions)
  stop_tme
  verdict="$(python3 - "$out/$name.json" "$((a1 - a0))" "$((d1 - d0))" "$((m1 - m0))" "$min" "$max" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
allow, deny, monitor = (int(x) for x in sys.argv[2:5])
lo, hi = float(sys.argv[5]), float(sys.argv[6])
codes = report.get("statusCodeDistribution", {})
count = report.get("count", 0)
problems = []
if set(codes) - {"OK"}:
    problems.append("calls not OK: %s" % {k: v for k, v in codes.items() if k != "OK"})
answered = allow + deny + monitor
share = deny / answered if answered else 0.0
if answered == 0:
    problems.append("tme counted no checks (wrong --metrics?)")
elif not lo <= share <= hi:
    problems.append("denied share %.3f outside %.2f..%.2f" % (share, lo, hi))
print("%s | %d calls, %.0f/s, p50 %.2f ms, p99 %.2f ms | tme: allow %d deny %d monitor %d (denied %.1f%%)%s" % (
    "ok" if not problems else "FAILED",
    count, report.get("rps", 0.0),
    next((l["latency"] for l in report.get("latencyDistribution", []) if l["percentage"] == 50), 0) / 1e6,
    next((l["latency"] for l in report.get("latencyDistribution", []) if l["percentage"] == 99), 0) / 1e6,
    allow, deny, monitor, 100 * share,
    "" if not problems else " | " + "; ".join(problems)))
PY
)"
  echo "== $name: $verdict"
  case "$verdict" in ok*) ;; *) failed=1 ;; esac
done < "$here/ghz/scenarios.tsv"
echo "reports in $out"
exit "$failed"
