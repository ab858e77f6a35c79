#!/usr/bin/env bash
# The run behind BENCHMARKS.md: every suite, one after the other, then one combined report.
#
# usage: benchmarks/run-all.sh [full|quick]
#
# Writes the usual per-suite files under benchmarks/results/ (see run.sh) and combines the kairo,
# cellx and dynamic JSONs into benchmarks/results/summary.{md,png}; prints the list of files and
# the 1-minute load average before each suite (a 2-core machine shared with builds is noisy).
#
# What runs, and why not everything for everyone:
#   kairo    all 7 libraries, all 9 scenarios, <mode>
#   cellx    every library but compose at <mode>; compose only at 1000 layers in 'once' mode
#            (one update takes about a minute: derivedStateOf re-walks its whole upstream)
#   dynamic  weft on all six graphs at <mode>; the peers on 2-10x5-lazy80 only (on the larger
#            graphs several need minutes to hours per operation or fail while building)
#   sbench   weft at <mode> (the peers' correctness is checked by the module's tests)
#   async, contention, memory: weft (memory: every library)
#   cost     weft, javafx, reactor: one write split into its parts (WriteCostBenchmark)
#   limits   weft, when the limits benchmark exists
# Expect about 45 minutes for 'full' on 2 cores.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
mode="${1:-full}"
case "$mode" in
  full|quick) ;;
  *) echo "mode must be full or quick, was '$mode'" >&2; exit 2 ;;
esac

marker="$(mktemp)"
trap 'rm -f "$marker"' EXIT
started=$SECONDS

suite() {
  echo "=== run.sh $* (load average: $(cut -d' ' -f1 /proc/loadavg))"
  "$here/run.sh" "$@"
}

suite kairo "$mode"
suite cellx "$mode" -p framework=weft,javafx,vaadin,sodium,rxjava,reactor
suite cellx once -p framework=compose -p cellLayers=1000
suite dynamic "$mode" -p framework=weft
suite dynamic "$mode" -p framework=javafx,vaadin,sodium,compose,rxjava,reactor -p config=2-10x5-lazy80
suite sbench "$mode" -p framework=weft
suite async "$mode"
suite contention "$mode"
suite cost "$mode"
suite memory "$mode"
if [[ -d "$here/src/main/java/dev/weft/bench/limits" ]]; then
  suite limits "$mode"
fi

jsons=()
for f in "$here"/results/{kairo,cellx,dynamic}-*.json; do
  [[ -f "$f" && "$f" -nt "$marker" ]] && jsons+=("$f")
done
java="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
[[ -x "$java" ]] || java=java
"$java" -cp "$here/target/benchmarks.jar" dev.weft.bench.report.ResultReport "$here/results/summary" "${jsons[@]}"
echo "run-all.sh $mode took $(((SECONDS - started) / 60)) min; new files:"
find "$here/results" -newer "$marker" -type f | sort
