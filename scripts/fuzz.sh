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
  -DPACKAGE_VERSION=\"fuzz\" -I$top/lib $(pkg-config --cflags inih)"
ldflags="$(pkg-config --libs inih libcrypto)"
harnesses=${*:-$(cd "$top/tests/fuzz" && ls fuzz_*.c | sed 's/\.c$//')}
for h in $harnesses; do
  name=${h#fuzz_}
  # shellcheck disable=SC2086
  clang $flags -o "$out/$h" "$top/tests/fuzz/$h.c" $srcs $ldflags
  mkdir -p "$out/corpus-$name"
  [ -d "$top/tests/fuzz/corpus/$name" ] && cp -r "$top/tests/fuzz/corpus/$name/." "$out/corpus-$name/"
  echo "fuzz: $h for ${secs}s"
  (cd "$out" && "./$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 "corpus-$name" 2>"$out/$h.log") || {
    tail -n 60 "$out/$h.log"; echo "fuzz: $h FAILED"; exit 1; }
  grep -E "stat::number_of_executed_units" "$out/$h.log" | sed "s/^/fuzz: $h /"
done
echo "fuzz: all harnesses ran clean"
