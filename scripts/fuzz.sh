#!/bin/sh
# Build every libFuzzer harness in tests/fuzz with clang (ASan + UBSan) and
# run each for SECONDS (default 30) on a copy of its seed corpus. Exits
# non-zero on the first crash, hang, leak or sanitizer report.
#   sh scripts/fuzz.sh [SECONDS] [HARNESS...]
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-30}
[ $# -gt 0 ] && shift
out=$(mktemp -d /tmp/migrate-fuzz.XXXXXX)
trap 'rm -rf "$out"' EXIT
command -v clang >/dev/null || { echo "fuzz: clang is needed (apt-get install clang)" >&2; exit 2; }
# The library files the harnesses link come from the build system
# (FUZZ_LIB_FILES in Makefile.am), so a new file is listed once.
srcs=""
for f in $(awk '/^FUZZ_LIB_FILES *=/ { on = 1; sub(/^[^=]*=/, "") }
                on { line = $0; sub(/\\$/, "", line); print line
                     if ($0 !~ /\\$/) on = 0 }' "$top/Makefile.am"); do
  srcs="$srcs $top/$f"
done
[ -n "$srcs" ] || { echo "fuzz: no FUZZ_LIB_FILES in Makefile.am" >&2; exit 2; }
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -DPACKAGE_VERSION=\"fuzz\" -I$top/lib/include/migrate -I$top/lib/include \
  -I$top/lib -I$top/dialects $(pkg-config --cflags inih libmd)"
ldflags="$(pkg-config --libs inih libmd)"
harnesses=${*:-$(cd "$top/tests/fuzz" && ls fuzz_*.c | sed 's/\.c$//')}
# The library once, then each harness linked against it; two compilers
# and two fuzzers at a time (CI has two cores).
pids=""
wait_all() {
  for p in $pids; do wait "$p" || return 1; done
  pids=""
}
n=0
for f in $srcs; do
  # shellcheck disable=SC2086
  clang $flags -c -o "$out/lib_$(basename "$f" .c).o" "$f" & pids="$pids $!"
  n=$((n + 1)); [ $((n % 2)) -eq 0 ] && { wait_all || { echo "fuzz: build failed"; exit 1; }; }
done
wait_all || { echo "fuzz: build failed"; exit 1; }
for h in $harnesses; do
  name=${h#fuzz_}
  # shellcheck disable=SC2086
  clang $flags -o "$out/$h" "$top/tests/fuzz/$h.c" "$out"/lib_*.o $ldflags
  mkdir -p "$out/corpus-$name"
  [ -d "$top/tests/fuzz/corpus/$name" ] && cp -r "$top/tests/fuzz/corpus/$name/." "$out/corpus-$name/"
done
# A crashing input is kept in FUZZ_ARTIFACTS (default: the scratch
# directory) and printed, so a CI log is enough to reproduce it.
artifacts=${FUZZ_ARTIFACTS:-$out}
mkdir -p "$artifacts"
# FUZZ_SEED fixes libFuzzer's random seed and FUZZ_RUNS caps the number of
# inputs, so CI's run is the same run every time; left unset, each run
# explores somewhere new (what a long local run is for).
seedopt=${FUZZ_SEED:+-seed=$FUZZ_SEED}
runsopt=${FUZZ_RUNS:+-runs=$FUZZ_RUNS}
# run one harness; its log in $out/$1.log
run() {
  # shellcheck disable=SC2086
  (cd "$out" && "./$1" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 $seedopt $runsopt \
    -artifact_prefix="$artifacts/$1-" "corpus-${1#fuzz_}" 2>"$out/$1.log")
}
# what failed, in full: the log's tail and every input it left
fail() {
  tail -n 60 "$out/$1.log"
  for f in "$artifacts/$1"-*; do
    [ -f "$f" ] || continue
    echo "fuzz: input $f (base64):"; base64 "$f"
  done
  echo "fuzz: $1 FAILED"; exit 1
}
report() {
  grep -E "stat::number_of_executed_units" "$out/$1.log" | sed "s/^/fuzz: $1 /"
}
set -- $harnesses
while [ $# -gt 0 ]; do
  a=$1; b=${2:-}; shift; [ -n "$b" ] && shift
  echo "fuzz: $a${b:+ and $b} for ${secs}s"
  run "$a" & pa=$!
  [ -n "$b" ] && { run "$b" & pb=$!; }
  wait "$pa" || fail "$a"
  if [ -n "$b" ]; then
    wait "$pb" || fail "$b"
  fi
  report "$a"; [ -n "$b" ] && report "$b"
done
echo "fuzz: all harnesses ran clean"
