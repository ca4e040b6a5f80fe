#!/usr/bin/env bash
# Runs tme's JMH benchmarks (not part of the test run). Extra arguments go to JMH, e.g.
#   tme/jmh.sh EngineBenchmark -p shape=browser-get
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -ntp -pl tme test-compile
./mvnw -B -q -ntp -pl tme dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath >/dev/null
exec java -cp "tme/target/test-classes:tme/target/classes:$(cat tme/target/jmh.classpath)" org.openjdk.jmh.Main "${@:-EngineBenchmark}"
