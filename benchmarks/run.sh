#!/usr/bin/env bash
# Runs a benchmark suite and writes its results under benchmarks/results/:
#   <suite>-<mode>-<UTC time>.json  JMH's JSON (-rf json)
#   <suite>-<mode>-<UTC time>.txt   JMH's console log (checks verdicts: lines starting with CHECKS)
#   <suite>-<mode>-<UTC time>.md    Markdown tables: times, pass/fail, ratios, targets
#   <suite>-<mode>-<UTC time>.png   the chart (kairo, cellx, dynamic), drawn from the JSON
#
# usage: benchmarks/run.sh <suite> [quick|full] [extra JMH options...]
#   suite: kairo | cellx | dynamic | sbench | async | contention | cost | signals | all | memory | limits
#          (signals = kairo + cellx + dynamic + sbench; memory = the MemoryFootprint table,
#          not JMH: extra arguments are framework names; limits = issue 10's limits: JMH times,
#          then the LimitsHeap retained-heap table), or any JMH benchmark regex
#   quick: one fork, 2 warm-up and 3 measurement iterations (-f 1 -wi 2 -i 3)
#   full : the iteration counts declared on each benchmark class
#   once : one fork, no warm-up, one measurement iteration (-f 1 -wi 0 -i 1), for libraries
#          whose single operation takes minutes
#   extra options go to JMH, e.g. -p framework=weft,javafx -p config=25-1000x5
#
# The JDK is $JAVA, else /usr/lib/jvm/temurin-25-jdk-amd64/bin/java, else java on PATH.
# The uber-jar (benchmarks/target/benchmarks.jar) is rebuilt with async-core first on every run;
# the run uses a copy, so rebuilding during a run does not disturb it.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
suite="${1:-}"
mode="${2:-quick}"
if [[ -z "$suite" || "$suite" == "-h" || "$suite" == "--help" ]]; then
  sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
shift || true
shift || true

case "$suite" in
  kairo) pattern='dev\.weft\.bench\.kairo\.Kairo.*' ;;
  cellx) pattern='dev\.weft\.bench\.cellx\.Cellx.*' ;;
  dynamic) pattern='dev\.weft\.bench\.dynamic\.Dynamic.*' ;;
  sbench) pattern='dev\.weft\.bench\.sbench\.Sbench.*' ;;
  async) pattern='dev\.weft\.bench\.async\.Async.*' ;;
  contention) pattern='dev\.weft\.bench\.async\.Contention.*' ;;
  cost) pattern='dev\.weft\.bench\.cost\..*' ;;
  limits) pattern='dev\.weft\.bench\.limits\.LimitsBenchmark.*' ;;
  signals) pattern='dev\.weft\.bench\.(kairo|cellx|dynamic|sbench)\..*' ;;
  all) pattern='dev\.weft\.bench\..*' ;;
  *) pattern="$suite" ;;
esac

case "$mode" in
  quick) mode_args=(-f 1 -wi 2 -i 3) ;;
  full) mode_args=() ;;
  once) mode_args=(-f 1 -wi 0 -i 1) ;;
  *) echo "mode must be quick, full or once, was '$mode'" >&2; exit 2 ;;
esac

java="${JAVA:-}"
if [[ -z "$java" ]]; then
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  else
    java=java
  fi
fi

# Always built, with -am (a few seconds when nothing changed): the jar's own date says nothing of
# the Weft inside it. A `-pl benchmarks` build without -am shades whatever async-core the local
# Maven repository holds, so a jar newer than every source can still carry an old kernel (it
# happened: a 13:24 jar with 03:10 kernel classes, 30% slower on a bare write).
jar="$here/target/benchmarks.jar"
echo "building $jar"
(cd "$root" && ./mvnw -B -q -o -pl benchmarks -am package -DskipTests)

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
name="$(echo "$suite" | tr -c 'A-Za-z0-9_-' '_' | sed 's/_*$//')-$mode-$stamp"
out="$here/results/$name"
mkdir -p "$here/results" "$here/target/run"
run_jar="$here/target/run/benchmarks-$stamp.jar"
cp "$jar" "$run_jar"
trap 'rm -f "$run_jar"' EXIT

if [[ "$suite" == "memory" ]]; then
  # Serial GC: System.gc() is a full, compacting, synchronous collection, so heap deltas are exact
  echo "JDK: $("$java" -version 2>&1 | head -1); flags: -XX:+UseSerialGC -Xms2g -Xmx2g"
  "$java" -XX:+UseSerialGC -Xms2g -Xmx2g -cp "$run_jar" dev.weft.bench.memory.MemoryFootprint "$@" \
    | tee "$out.md"
  echo "results: $out.md"
  exit 0
fi

# Fixed heap and young generation for every fork, so GC pressure is comparable across libraries
# and across forks. With adaptive young sizing G1 grows the young generation until collections are
# rare, and concurrent refinement then re-cleans the cards that hot reference stores dirty: the same
# build of weft measured kairo avoidablePropagation at 93 or 180 us/iter depending on the fork, while
# with -Xmn256m every fork measured 84-99 (see BENCHMARKS.md, "JVM flags").
jvm_args="-Xms2g -Xmx2g -Xmn256m"
echo "JDK: $("$java" -version 2>&1 | head -1); forks: $jvm_args; JMH: ${mode_args[*]:-class defaults} $*"
"$java" -jar "$run_jar" "$pattern" "${mode_args[@]}" -jvmArgsAppend "$jvm_args" \
  -rf json -rff "$out.json" "$@" 2>&1 | tee "$out.txt"
"$java" -cp "$run_jar" dev.weft.bench.report.ResultReport "$out" "$out.json"
if [[ "$suite" == "limits" ]]; then
  # Retained heap of each limit, as the memory table: Serial GC, so System.gc() is exact.
  echo "JDK: $("$java" -version 2>&1 | head -1); flags: -XX:+UseSerialGC -Xms2g -Xmx2g" | tee "$out-heap.md"
  "$java" -XX:+UseSerialGC -Xms2g -Xmx2g -cp "$run_jar" dev.weft.bench.limits.LimitsHeap | tee -a "$out-heap.md"
fi
echo "results: $out.{json,txt,md,png}"
