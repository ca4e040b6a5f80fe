#!/usr/bin/env bash
# tme with OWASP CRS against Apache httpd + ModSecurity 2 with the same CRS files, on this machine:
# builds tme and the load generator, then runs ModSecCompare, which starts each WAF in turn (and
# each web server without its WAF), checks that both deny known attacks, measures the CPU of each
# process per request on the same requests, and prints Markdown tables (docs/benchmarks.md,
# "tme and Apache + ModSecurity side by side").
#
# Needs apache2-bin and libapache2-mod-security2 (Debian) and a CRS release (default ../shared/crs,
# or --crs DIR). No root needed; as root, Apache's worker runs as nobody.
#
# usage: load-tests/modsec-compare.sh [ModSecCompare options, e.g. --paranoia 1,2 --duration 30s]
#        SKIP_BUILD=1 load-tests/modsec-compare.sh ...   (reuse the jars already built)
# With the defaults (paranoia 1, three request shapes, four servers) it takes about 6 minutes; run
# it on an otherwise idle machine: the generator and the servers share its CPUs.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  ./mvnw -B -q -ntp package -DskipTests -pl protocol,tme,load-tests
fi
exec java -cp load-tests/target/tme-load.jar ai.traceable.tme.load.ModSecCompare \
  --tme-jar tme/target/tme.jar "$@"
