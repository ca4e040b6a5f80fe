#!/usr/bin/env bash
# Fuzzes one @FuzzTest of tme with Jazzer's driver (coverage-guided; not part of the test run).
#   tme/fuzz.sh <TestClass> <method> [seconds] [libFuzzer flags...]
#   tme/fuzz.sh DecodingFuzzTest decodeIsTotalAndBounded 300
# The class may be given by its simple name. The corpus grows in tme/target/fuzz-corpus/<class>/
# <method>; a crashing input is written to the working directory as crash-<sha1>. docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
class=${1:?test class}
method=${2:?fuzz test method}
seconds=${3:-300}
shift $(( $# < 3 ? $# : 3 ))
if [[ $class != *.* ]]; then
  file=$(find tme/src/test/java -name "$class.java" | head -1)
  [[ -n $file ]] || { echo "no test class $class" >&2; exit 2; }
  class=$(echo "${file#tme/src/test/java/}" | sed 's/\.java$//; s#/#.#g')
fi
if [[ ${FUZZ_SKIP_BUILD:-} != 1 ]]; then
  ./mvnw -B -q -ntp -pl tme test-compile
  ./mvnw -B -q -ntp -pl tme dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/fuzz.classpath >/dev/null
fi
corpus=tme/target/fuzz-corpus/$class/$method
mkdir -p "$corpus"
# the committed inputs seed the run (read only: new inputs go to the corpus directory)
inputs=tme/src/test/resources/$(echo "${class%.*}" | tr . /)/${class##*.}Inputs/$method
exec java -Xmx1g -Xss4m -cp "tme/target/test-classes:tme/target/classes:$(cat tme/target/fuzz.classpath)" \
  com.code_intelligence.jazzer.Jazzer \
  --target_class="$class" --target_method="$method" \
  --instrumentation_includes='ai.traceable.tme.**' \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=6144 -print_final_stats=1 \
  "$@" "$corpus" "$inputs"
