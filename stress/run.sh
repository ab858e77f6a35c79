#!/usr/bin/env bash
# Builds Weft's jcstress uber-JAR and runs the stress tests on a JDK 25.
#
#   stress/run.sh                 quick mode: every test briefly (what CI runs; a few minutes)
#   stress/run.sh default         the full run (tens of minutes); also: sanity, tough, stress
#   stress/run.sh quick -v        extra arguments go to jcstress (-t <regex>, -f <forks>, -v, ...)
#
# Exits non-zero if any outcome is FORBIDDEN or a test errs. The HTML report is written to
# stress/target/jcstress-results/index.html. JDK 25 is taken from JAVA25_HOME, JAVA_HOME, the
# PATH, /usr/lib/jvm or SDKMAN, whichever is version 25 or later.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-quick}"
if [[ $# -gt 0 ]]; then shift; fi

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

./mvnw -B -q -pl stress -am package -DskipTests
rm -rf stress/target/jcstress-results
# jcstress writes its fork logs into the working directory: keep them under target/.
cd stress/target
exec "$java_bin" -jar jcstress.jar -m "$mode" -t "${JCSTRESS_TESTS:-dev.weft.stress}" -r jcstress-results "$@"
