#!/usr/bin/env bash
# Builds Weft's jcstress uber-JAR and runs the stress tests on a JDK 25.
#
#   stress/run.sh                 CI mode (the default): jcstress quick mode with shorter iterations,
#                                 "-m quick -iters 3 -time 100": every test in every JVM mode and
#                                 compilation split, as quick, with 3 x 100 ms of sampling per fork
#                                 instead of 5 x 200 ms (6.3 min on 2 idle cores; see stress/README.md)
#   stress/run.sh quick           plain jcstress quick mode (10-20 min on 2 cores)
#   stress/run.sh sanity          every test in every JVM mode, one invocation per iteration (~1.5 min):
#                                 checks that the tests run, finds almost nothing
#   stress/run.sh default         the full run (hours on 2 cores); also: tough, stress
#   stress/run.sh ci -t Bus       extra arguments go to jcstress (-t <regex>, -f <forks>, -v, ...)
#
# Exits 1 if any test has a FORBIDDEN outcome or errs, 2 if no JDK 25 is found. The HTML report is
# stress/target/jcstress-results/index.html. JDK 25 is taken from JAVA25_HOME, JAVA_HOME, the PATH,
# /usr/lib/jvm or SDKMAN, whichever is version 25 or later. WEFT_STRESS_NO_BUILD=1 skips the Maven
# build (the "stress" profile sets it, having just built the JAR).
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-ci}"
if [[ $# -gt 0 ]]; then shift; fi
case "$mode" in
  # Quick mode's forks (one per test, JVM mode and compilation split: 14 per two-actor test here)
  # and strides, with less sampling per fork: most of quick mode's time is per-iteration sampling.
  ci) mode_args=(-m quick -iters 3 -time 100) ;;
  *) mode_args=(-m "$mode") ;;
esac

is_25_plus() {
  local v
  v="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ -n "$v" && "${v%%.*}" -ge 25 ]]
}

java_bin=""
for candidate in "${JAVA25_HOME:-}/bin/java" "${JAVA_HOME:-}/bin/java" "$(command -v java || true)" \
    /usr/lib/jvm/*/bin/java "$HOME"/.sdkman/candidates/java/*/bin/java; do
  if [[ -x "$candidate" ]] && is_25_plus "$candidate"; then
    java_bin="$candidate"
    break
  fi
done
if [[ -z "$java_bin" ]]; then
  echo "stress/run.sh: no JDK 25 found; install one or set JAVA25_HOME" >&2
  exit 2
fi

if [[ "${WEFT_STRESS_NO_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q -pl stress -am package -DskipTests
fi
# jcstress writes its fork logs into the working directory: keep them under target/.
cd stress/target
rm -rf jcstress-results
log=jcstress-results.log
started=$SECONDS
set +e
"$java_bin" -jar jcstress.jar "${mode_args[@]}" -t "${JCSTRESS_TESTS:-dev.weft.stress}" -r jcstress-results "$@" | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo "stress/run.sh: jcstress ${mode_args[*]} took $((SECONDS - started)) s"
if [[ $status -ne 0 ]]; then
  exit "$status"
fi
# jcstress exits 0 even when outcomes are FORBIDDEN: read its verdict.
if ! grep -q "Failed tests: No matches." "$log" || ! grep -q "Error tests: No matches." "$log"; then
  echo "stress/run.sh: FORBIDDEN outcomes or errors; see stress/target/jcstress-results/index.html" >&2
  exit 1
fi
if grep -q "All remaining tests: No matches." "$log"; then
  echo "stress/run.sh: no test ran (check the -t regex)" >&2
  exit 1
fi
