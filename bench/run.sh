#!/bin/sh
# migrate's benchmark suite (issue 9): migrate against the raw database
# clients doing the same work, on generated workloads.
#
#   sh bench/run.sh BUILD_DIR        (or: make bench)
#
# Workloads: `heads` on a 1,000-revision history (reference: cat of the
# files); `upgrade head` of 1,000 small revisions on SQLite, PostgreSQL and
# MariaDB (reference: the client running the same SQL, one transaction and
# version update per revision); autogenerate with no differences on 1,000
# tables (~11,000 columns) via `migrate diff --from db --to models`
# (reference: `sqlite3 .schema`, `pg_dump --schema-only`,
# `mariadb-dump --no-data`). Each runs BENCH_REPS times (default 5),
# interleaved with its reference, after one untimed run that checks the
# result and counts the queries. A wrong result fails the run (exit 1).
#
# Servers: MIGRATE_TEST_PG_URL / MIGRATE_TEST_MARIADB_URL when set (the
# bench creates and drops its own databases there), otherwise it starts its
# own with scripts/test-servers.sh and stops them at the end. A database
# with neither is skipped.
#
# Knobs (environment): BENCH_REPS (5), BENCH_REVISIONS (1000),
# BENCH_TABLES (1000), BENCH_SEED (42), BENCH_REPORT (bench/report.md in
# the source tree), BENCH_KEEP=1 keeps the work directory, CC (cc).
set -eu

usage() { echo "usage: sh bench/run.sh BUILD_DIR" >&2; exit 2; }
[ $# -eq 1 ] || usage
[ -d "$1" ] || usage
BUILD=$(cd "$1" && pwd)
SRC=$(cd "$(dirname "$0")/.." && pwd)
REPS=${BENCH_REPS:-5}
NREV=${BENCH_REVISIONS:-1000}
NTAB=${BENCH_TABLES:-1000}
NREV_L=${BENCH_REVISIONS_LARGE:-10000}
NTAB_L=${BENCH_TABLES_LARGE:-10000}
REPS_L=${BENCH_REPS_LARGE:-3}
DIALECTS_L=${BENCH_LARGE_DIALECTS:-sqlite postgresql mariadb}
SEED=${BENCH_SEED:-42}
REPORT=${BENCH_REPORT:-$SRC/bench/report.md}
unset MIGRATE_URL DATABASE_URL || true
# every replay is timed as a replay unless a row says otherwise, and the
# bench leaves no file in the user's cache directory
export MIGRATE_CACHE_DIR=off

say() { printf 'bench: %s\n' "$*" >&2; }
# want SECTION: BENCH_ONLY (e.g. "autogen check") lists the sections to run;
# unset, all of them: graph upgrade autogen check diagram (Alembic's rows,
# when it is installed, are in graph, upgrade and autogen).
want() { [ -z "${BENCH_ONLY:-}" ] || case " $BENCH_ONLY " in *" $1 "*) ;; *) return 1 ;; esac; }
fail() { printf 'bench: FAIL: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || fail "$1 not found (sh scripts/install-deps.sh installs it)"; }

# ---- the programs -------------------------------------------------------
# The real binary rather than libtool's wrapper script, so that the wrapper's
# own shell start-up is not counted against migrate.
if [ -x "$BUILD/bin/.libs/migrate" ] && [ -d "$BUILD/lib/.libs" ]; then
  MIGRATE=$BUILD/bin/.libs/migrate
  LD_LIBRARY_PATH=$BUILD/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  export LD_LIBRARY_PATH
elif [ -x "$BUILD/bin/migrate" ]; then
  MIGRATE=$BUILD/bin/migrate
else
  fail "no migrate in $BUILD/bin (build first: make)"
fi
need "${CC:-cc}"
need sqlite3
SQLITE3=$(command -v sqlite3)
# PostgreSQL's own binaries (Debian's psql is a Perl wrapper that would add
# its start-up to every reference run); the newest, so pg_dump accepts the
# server.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -n "$PGBIN" ] && [ -x "$PGBIN/psql" ]; then PSQL=$PGBIN/psql; PGDUMP=$PGBIN/pg_dump
else PSQL=$(command -v psql || true); PGDUMP=$(command -v pg_dump || true); fi
MYCLI=$(command -v mariadb || command -v mysql || true)
MYDUMP=$(command -v mariadb-dump || command -v mysqldump || true)
# Alembic, when installed (Debian's python3-alembic is for /usr/bin/python3,
# which need not be the python3 first on PATH): its rows join the graph,
# upgrade and autogen sections (SQLite and PostgreSQL, as in the issue).
ALPY=
for p in ${BENCH_PYTHON:-} python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 &&
     "$p" -c 'import alembic, sqlalchemy' >/dev/null 2>&1; then ALPY=$p; break; fi
done
ALTOOL=
[ -n "$ALPY" ] && ALTOOL="Alembic $("$ALPY" -c 'import alembic; print(alembic.__version__)')"
# its PostgreSQL rows need the driver too (Debian: python3-psycopg2)
ALPY_PG=
[ -n "$ALPY" ] && "$ALPY" -c 'import psycopg2' >/dev/null 2>&1 && ALPY_PG=$ALPY

WORK=$(mktemp -d /tmp/migrate-bench.XXXXXX)
SERVERS_DIR=
PG_ADMIN='' PG_UP='' PG_AG='' MY_UP='' MY_AG=''
cleanup() {
  set +e
  command -v r2_cleanup >/dev/null 2>&1 && r2_cleanup
  if [ -n "$PG_ADMIN" ]; then
    "$PSQL" -X -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $PGDB_UP" \
      -c "DROP DATABASE IF EXISTS $PGDB_AG" \
      -c "DROP DATABASE IF EXISTS $PGDB_CK" >/dev/null 2>&1
  fi
  if [ -n "$MY_UP" ]; then
    "$MYCLI" --defaults-file="$WORK/my.cnf" -e \
      "DROP DATABASE IF EXISTS $MYDB_UP; DROP DATABASE IF EXISTS $MYDB_AG; DROP DATABASE IF EXISTS $MYDB_CK" >/dev/null 2>&1
  fi
  if [ -n "$SERVERS_DIR" ]; then
    say "stopping the servers in $SERVERS_DIR"
    bash "$SRC/scripts/test-servers.sh" stop "$SERVERS_DIR"
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then say "work directory kept: $WORK"
  else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

mkdir -p "$WORK/bin" "$WORK/res"
for t in gen measure; do
  "${CC:-cc}" -O2 -o "$WORK/bin/$t" "$SRC/bench/$t.c" || fail "cannot compile bench/$t.c"
done
"${CC:-cc}" -O2 -shared -fPIC -o "$WORK/bin/qcount.so" "$SRC/bench/qcount.c" -ldl ||
  fail "cannot compile bench/qcount.c"
GEN=$WORK/bin/gen MEASURE=$WORK/bin/measure QCOUNT=$WORK/bin/qcount.so

# ---- servers ------------------------------------------------------------
if { [ -z "${MIGRATE_TEST_PG_URL:-}" ] && [ -n "$PSQL" ]; } ||
   { [ -z "${MIGRATE_TEST_MARIADB_URL:-}" ] && [ -n "$MYCLI" ]; }; then
  if command -v bash >/dev/null 2>&1; then
    say "starting PostgreSQL and MariaDB (scripts/test-servers.sh)"
    env=$(bash "$SRC/scripts/test-servers.sh" start) || fail "cannot start the test servers"
    SERVERS_DIR=$(printf '%s\n' "$env" | sed -n "s/^MIGRATE_TEST_DIR='\([^']*\)'.*/\1/p")
    pg=$(printf '%s\n' "$env" | sed -n "s/^MIGRATE_TEST_PG_URL='\([^']*\)'.*/\1/p")
    my=$(printf '%s\n' "$env" | sed -n "s/^MIGRATE_TEST_MARIADB_URL='\([^']*\)'.*/\1/p")
    : "${MIGRATE_TEST_PG_URL:=$pg}" "${MIGRATE_TEST_MARIADB_URL:=$my}"
  fi
fi
PG_URL=${MIGRATE_TEST_PG_URL:-}
MY_URL=${MIGRATE_TEST_MARIADB_URL:-}
[ -n "$PSQL" ] && [ -n "$PGDUMP" ] || PG_URL=
[ -n "$MYCLI" ] && [ -n "$MYDUMP" ] || MY_URL=

# URL with another database: scheme://auth@host:port/DB?query
with_db() {
  local base="${1%%\?*}" query=
  case $1 in *\?*) query="?${1#*\?}" ;; esac
  printf '%s/%s%s\n' "${base%/*}" "$2" "$query"
}
PGDB_UP=migrate_bench_up_$$ PGDB_AG=migrate_bench_ag_$$ PGDB_CK=migrate_bench_ck_$$
MYDB_UP=migrate_bench_up_$$ MYDB_AG=migrate_bench_ag_$$ MYDB_CK=migrate_bench_ck_$$
if [ -n "$PG_URL" ]; then
  PG_ADMIN=${PG_URL%%\?*} # libpq does not know migrate's ?schema=
  PG_UP=$(with_db "$PG_URL" "$PGDB_UP") PG_AG=$(with_db "$PG_URL" "$PGDB_AG")
  PGRAW_UP=$(with_db "$PG_ADMIN" "$PGDB_UP") PGRAW_AG=$(with_db "$PG_ADMIN" "$PGDB_AG")
  PG_CK=$(with_db "$PG_URL" "$PGDB_CK") PGRAW_CK=$(with_db "$PG_ADMIN" "$PGDB_CK")
  "$PSQL" -X -q "$PG_ADMIN" -c "SELECT 1" >/dev/null || fail "cannot connect to $PG_ADMIN"
fi
if [ -n "$MY_URL" ]; then
  rest=${MY_URL#*://}; rest=${rest%%\?*}
  auth=${rest%%@*}; hostport=${rest#*@}; hostport=${hostport%%/*}
  myuser=${auth%%:*}; mypass=; case $auth in *:*) mypass=${auth#*:} ;; esac
  myhost=${hostport%%:*}; myport=3306; case $hostport in *:*) myport=${hostport#*:} ;; esac
  umask 077
  printf '[client]\nuser=%s\npassword=%s\nhost=%s\nport=%s\nprotocol=tcp\n' \
    "$myuser" "$mypass" "$myhost" "$myport" >"$WORK/my.cnf"
  umask 022
  MY_UP=$(with_db "$MY_URL" "$MYDB_UP") MY_AG=$(with_db "$MY_URL" "$MYDB_AG")
  MY_CK=$(with_db "$MY_URL" "$MYDB_CK")
  "$MYCLI" --defaults-file="$WORK/my.cnf" -e "SELECT 1" >/dev/null || fail "cannot connect to MariaDB at $hostport"
fi
my() { "$MYCLI" --defaults-file="$WORK/my.cnf" "$@"; }
pg() { PGOPTIONS="-c client_min_messages=warning" "$PSQL" -X -q -v ON_ERROR_STOP=1 "$@"; }

# ---- measuring ------------------------------------------------------------
# A command failed: show its stderr, and for migrate (NAME *_m) its output
# when FAIL_SHOW names it.
failed_run() {
  cat "$WORK/stderr" >&2
  case $1 in *_m) [ -n "${FAIL_SHOW:-}" ] && [ -f "$FAIL_SHOW" ] && head -c 2000 "$FAIL_SHOW" >&2 && echo >&2 ;; esac
  fail "$1 exited with $2"
}
# timed NAME MEASURE-ARGS...: one timed run; appends "seconds rss_kib".
timed() {
  local name="$1" r; shift
  r=$("$MEASURE" -e "$WORK/stderr" "$@") || fail "$name: measure failed"
  set -- $r
  [ "$3" = "${WANT_RC:-0}" ] || failed_run "$name" "$3"
  echo "$1 $2" >>"$WORK/res/$name"
}
# counted NAME HOW MEASURE-ARGS...: the untimed run that counts queries.
# HOW: shim (libpq/SQLite calls, bench/qcount.c), mariadb (the server's
# Questions counter), none.
my_questions() { my -N -B -e "SHOW GLOBAL STATUS LIKE 'Questions'" | awk '{print $2}'; }
counted() {
  local name="$1" how="$2" r q0 q1; shift 2
  rm -f "$WORK/qc"
  case $how in
    shim) r=$("$MEASURE" -e "$WORK/stderr" -E "LD_PRELOAD=$QCOUNT" -E "QCOUNT_FILE=$WORK/qc" \
               ${QCOUNT_SQL:+-E "QCOUNT_SQL=$QCOUNT_SQL"} "$@") ;;
    mariadb) q0=$(my_questions); r=$("$MEASURE" -e "$WORK/stderr" "$@"); q1=$(my_questions) ;;
    *) r=$("$MEASURE" -e "$WORK/stderr" "$@") ;;
  esac
  set -- $r
  [ "$3" = "${WANT_RC:-0}" ] || failed_run "$name" "$3"
  case $how in
    shim) [ -s "$WORK/qc" ] && awk '{s += $1} END {print s}' "$WORK/qc" >"$WORK/res/$name.q" ;;
    mariadb) echo $((q1 - q0 - MY_SELF)) >"$WORK/res/$name.q" ;;
  esac
  return 0
}
# The awk function every table computes with: median(a, n) of a[1..n],
# which it leaves sorted.
AWK_MEDIAN='
    function median(a, n,   i, j, t) {
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
'
# row WORKLOAD NAME TOOL [REFNAME]: one line of the report's table.
row() {
  local wl="$1" name="$2" tool="$3" ref="${4:-}" q
  q="—"; [ -f "$WORK/res/$name.q" ] && q=$(cat "$WORK/res/$name.q")
  awk -v wl="$wl" -v tool="$tool" -v q="$q" -v ref="$ref" \
      -v reffile="$WORK/res/$ref" "$AWK_MEDIAN"'
    FNR == NR { t[++n] = $1; if ($2 > rss) rss = $2; next }
    { rt[++m] = $1 }
    END {
      med = median(t, n); ratio = "";
      if (ref != "" && m > 0) { rmed = median(rt, m); if (rmed > 0) ratio = sprintf("**%.2f×**", med / rmed) }
      printf "| %s | %s | %.3f | %.3f–%.3f | %.1f | %s | %s |\n", wl, tool, med, t[1], t[n], rss / 1024, q, ratio
    }' "$WORK/res/$name" ${ref:+"$WORK/res/$ref"} >>"$WORK/rows"
}

# ---- workloads --------------------------------------------------------------
: >"$WORK/rows"
: >"$WORK/scaling"
SKIPPED=

say "generating: $NREV revisions per dialect, $NTAB tables (seed $SEED)"
for d in sqlite postgresql mariadb; do
  h=$WORK/hist-$d
  "$GEN" history -n "$NREV" -s "$SEED" -d "$d" -o "$h" >"$WORK/gen-$d.out"
  printf '[migrate]\nscript_location = migrations\nmodels = models.sql\n' >"$h/migrate.ini"
done
HEAD=$(sed -n 's/.*head \([0-9a-f]*\)$/\1/p' "$WORK/gen-sqlite.out")
[ -n "$HEAD" ] || fail "generator printed no head"
MODELS=$WORK/models
"$GEN" models -n "$NTAB" -s "$SEED" -o "$MODELS" >"$WORK/gen-models.out"
mkdir -p "$MODELS/migrations/versions"
printf '[migrate]\nscript_location = migrations\nmodels = models.sql\n' >"$MODELS/migrate.ini"
SCHEMA_DESC=$(cat "$WORK/gen-models.out")

# Alternate who goes first, so neither always runs on a warmer machine.
# interleave N CMD_A CMD_B (`local` is not POSIX, but dash and bash have it)
interleave() {
  local i=1
  while [ "$i" -le "$1" ]; do
    if [ $((i % 2)) = 1 ]; then $2; $3; else $3; $2; fi
    i=$((i + 1))
  done
}

# scale LABEL NAME_SMALL NAME_LARGE FACTOR: median(large)/median(small)
scale() {
  awk -v label="$1" -v f="$4" "$AWK_MEDIAN"'
    FNR == NR { s[++n] = $1; next } { l[++m] = $1 }
    END { printf "| %s | %.3f s | %.3f s | **%.2f×** (size ×%d) |\n", label, median(s, n), median(l, m), median(l, m) / median(s, n), f }' \
    "$WORK/res/$2" "$WORK/res/$3" >>"$WORK/scaling"
}

# al_project VERSIONS DIR URL: an Alembic project running the same
# revisions (bench/alembic.py); al_cmd DIR ARGS: the alembic command line.
al_project() { "$ALPY" "$SRC/bench/alembic.py" project "$@" || fail "cannot make the Alembic project $2"; }
al_cmd() { local d="$1"; shift; echo "$ALPY -m alembic -c $d/alembic.ini $*"; }
# migrate against Alembic, medians of the same run: al_vs LABEL M A
al_vs() {
  [ -f "$WORK/res/$2" ] && [ -f "$WORK/res/$3" ] || return 0
  awk -v label="$1" "$AWK_MEDIAN"'
    FNR == NR { m[++n] = $1; if ($2 > mr) mr = $2; next } { a[++k] = $1; if ($2 > ar) ar = $2 }
    END { printf "| %s | %.3f s, %.1f MiB | %.3f s, %.1f MiB | **%.2f×** |\n", label, median(m, n), mr / 1024, median(a, k), ar / 1024, median(m, n) / median(a, k) }' \
    "$WORK/res/$2" "$WORK/res/$3" >>"$WORK/alembic-vs"
}
: >"$WORK/alembic-vs"

# target LABEL NAME REFNAME LIMIT: one line of the targets table at the top
# of the report: the medians' ratio of NAME over REFNAME against LIMIT (met
# when at most LIMIT). A workload a section did not run is left out.
target() {
  [ -s "$WORK/res/$2" ] && [ -s "$WORK/res/$3" ] || return 0
  awk -v label="$1" -v lim="$4" "$AWK_MEDIAN"'
    FNR == NR { m[++n] = $1; next } { r[++k] = $1 }
    END { q = median(m, n) / median(r, k)
          printf "| %s | ≤ %.2f× | %.2f× | %s |\n", label, lim, q, q <= lim ? "met" : "**not met**" }' \
    "$WORK/res/$2" "$WORK/res/$3" >>"$WORK/targets"
}
# target_rss LABEL NAME LIMIT_MIB: the peak RSS of NAME's runs against a limit.
target_rss() {
  [ -s "$WORK/res/$2" ] || return 0
  awk -v label="$1" -v lim="$3" '
    $2 > rss { rss = $2 } END { m = rss / 1024
      printf "| %s | < %d MiB | %.1f MiB | %s |\n", label, lim, m, m < lim ? "met" : "**not met**" }' \
    "$WORK/res/$2" >>"$WORK/targets"
}
# The targets of issues 9 and 24, in one table (rows of sections that ran).
targets() {
  : >"$WORK/targets"
  target "\`heads\`, $NREV_L revisions, vs cat of the files (issue 9)" "g_heads_${NREV_L}_m" "g_heads_${NREV_L}_r" 2
  target "\`history\`, $NREV_L revisions, vs cat of the files (issue 9)" "g_history_${NREV_L}_m" "g_history_${NREV_L}_r" 2
  for d in sqlite postgresql mariadb; do
    lim=1.05; [ "$d" = mariadb ] && lim=1.10
    target "\`upgrade head\`, $NREV revisions, $d, vs the raw client (issue 24)" "up_${d}_m" "up_${d}_r" "$lim"
    target "\`upgrade head --one-transaction\`, $NREV revisions, $d, vs the raw client (issue 24)" "up_${d}_m1" "up_${d}_r1" 1.05
  done
  target "\`check\`, $NTAB tables, no difference, sqlite, cache warm, vs sqlite3 .schema (issue 9)" "ckw_${NTAB}_sqlite_nodiff" "ckr_${NTAB}_sqlite" 3
  target "\`check\`, $NTAB tables, no difference, postgresql, cache warm, vs pg_dump --schema-only (issue 9)" "ckw_${NTAB}_postgresql_nodiff" "ckr_${NTAB}_postgresql" 1
  target "\`check\`, $NTAB tables, no difference, mariadb, cache warm, vs mariadb-dump --no-data (issue 9)" "ckw_${NTAB}_mariadb_nodiff" "ckr_${NTAB}_mariadb" 1
  for d in sqlite postgresql mariadb; do
    target_rss "\`check\`, $NTAB_L tables, $d, peak RSS (issue 9)" "ck_${NTAB_L}_${d}_nodiff" 64
  done
  r2_targets
}

# 1. graph load: heads and history at NREV and NREV_L revisions ----------
if want graph; then
# GRAPH_SIZES holds "size reps" pairs; the large history is SQLite's kind.
say "generating: $NREV_L revisions (graph load)"
HL=$WORK/hist-large
"$GEN" history -n "$NREV_L" -s "$SEED" -d sqlite -o "$HL" >"$WORK/gen-large.out"
printf '[migrate]\nscript_location = migrations\nmodels = models.sql\n' >"$HL/migrate.ini"
HEAD_L=$(sed -n 's/.*head \([0-9a-f]*\)$/\1/p' "$WORK/gen-large.out")
graph_bench() {
  local n="$1" reps="$2" dir="$3" head="$4" cmd
  for cmd in heads history; do
    say "$cmd: $n revisions"
    eval "g_${cmd}_${n}_m() { timed g_${cmd}_${n}_m -o \"\$WORK/out\" -- \"\$MIGRATE\" -c \"$dir/migrate.ini\" $cmd; }"
    eval "g_${cmd}_${n}_r() { timed g_${cmd}_${n}_r -o /dev/null -- cat $dir/migrations/versions/*.sql; }"
    counted "g_${cmd}_${n}_check" none -o "$WORK/out" -- "$MIGRATE" -c "$dir/migrate.ini" $cmd
    case $cmd in
      heads)
        grep -q "^$head" "$WORK/out" && [ "$(wc -l <"$WORK/out")" -eq 1 ] ||
          { head -5 "$WORK/out" >&2; fail "heads ($n) did not print the one head $head"; } ;;
      history)
        [ "$(grep -c ' -> ' "$WORK/out")" -eq "$n" ] ||
          { head -5 "$WORK/out" >&2; fail "history ($n) did not list $n revisions"; } ;;
    esac
    interleave "$reps" "g_${cmd}_${n}_m" "g_${cmd}_${n}_r"
    row "\`$cmd\`, $n revisions" "g_${cmd}_${n}_m" migrate "g_${cmd}_${n}_r"
    row "" "g_${cmd}_${n}_r" "cat of the files"
  done
}
graph_bench "$NREV" "$REPS" "$WORK/hist-sqlite" "$HEAD"
if [ -n "$ALPY" ]; then
  say "heads: $NREV revisions, $ALTOOL"
  al_project "$WORK/hist-sqlite/migrations/versions" "$WORK/al-hist" "sqlite:///$WORK/al-hist.db"
  al_heads() { timed g_heads_a -o "$WORK/al.out" -- $(al_cmd "$WORK/al-hist" heads); }
  al_heads_r() { timed g_heads_ar -o /dev/null -- cat "$WORK"/hist-sqlite/migrations/versions/*.sql; }
  counted g_heads_a_check none -o "$WORK/al.out" -- $(al_cmd "$WORK/al-hist" heads)
  grep -q "^$HEAD (head)" "$WORK/al.out" && [ "$(wc -l <"$WORK/al.out")" -eq 1 ] ||
    { head -5 "$WORK/al.out" >&2; fail "alembic heads ($NREV) did not print the one head $HEAD"; }
  interleave "$REPS" al_heads al_heads_r
  row "\`heads\`, $NREV revisions" g_heads_a "$ALTOOL" g_heads_ar
  row "" g_heads_ar "cat of the files"
  al_vs "\`heads\`, $NREV revisions" "g_heads_${NREV}_m" g_heads_a
fi
graph_bench "$NREV_L" "$REPS_L" "$HL" "$HEAD_L"
scale "\`heads\`, migrate" "g_heads_${NREV}_m" "g_heads_${NREV_L}_m" $((NREV_L / NREV))
scale "\`heads\`, cat of the files" "g_heads_${NREV}_r" "g_heads_${NREV_L}_r" $((NREV_L / NREV))
scale "\`history\`, migrate" "g_history_${NREV}_m" "g_history_${NREV_L}_m" $((NREV_L / NREV))
fi

# 2. upgrade head -----------------------------------------------------------
if want upgrade; then
# check_up DIALECT LABEL: the database is at head with every object created.
up_state() {
  case $1 in
    sqlite) "$SQLITE3" "$WORK/up.db" "SELECT (SELECT group_concat(version_num) FROM migrate_version) || ' ' || (SELECT count(*) FROM sqlite_master) || ' ' || (SELECT count(*) FROM migrate_version_log)" ;;
    postgresql) pg -At "$PGRAW_UP" -c "SELECT (SELECT string_agg(version_num, ',') FROM migrate_version) || ' ' || (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()) || ' ' || (SELECT count(*) FROM migrate_version_log)" ;;
    mariadb) my -N -B "$MYDB_UP" -e "SELECT CONCAT((SELECT GROUP_CONCAT(version_num) FROM migrate_version), ' ', (SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()), ' ', (SELECT COUNT(*) FROM migrate_version_log))" ;;
  esac
}
check_up() {
  local s; s=$(up_state "$1")
  case $s in "$HEAD "*) ;; *) fail "upgrade ($1, $2): database at '$s', not at head $HEAD" ;; esac
  case $s in *" $NREV") ;; *) fail "upgrade ($1, $2): the version log does not hold $NREV steps: $s" ;; esac
  if [ -z "${UP_EXPECT:-}" ]; then UP_EXPECT=$s
  elif [ "$s" != "$UP_EXPECT" ]; then fail "upgrade ($1, $2): '$s' differs from '$UP_EXPECT'"; fi
}
reset_up() {
  case $1 in
    sqlite) rm -f "$WORK/up.db" "$WORK/up.db-journal" ;;
    postgresql) pg "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $PGDB_UP" -c "CREATE DATABASE $PGDB_UP" ;;
    mariadb) my -e "DROP DATABASE IF EXISTS $MYDB_UP; CREATE DATABASE $MYDB_UP" ;;
  esac
}
up_url() { case $1 in sqlite) echo "sqlite:///$WORK/up.db" ;; postgresql) echo "$PG_UP" ;; mariadb) echo "$MY_UP" ;; esac; }
# up_run DIALECT m|r [HOW]: reset, run migrate (m) or the raw client (r), check
up_run() {
  local d="$1" who="$2" how="${3:-}" h="$WORK/hist-$1"
  reset_up "$d"
  local raw="$h/raw-upgrade.sql"
  [ "$who" = r1 ] && raw="$h/raw-upgrade-1tx.sql"
  case $who in
    m) set -- -o /dev/null -- "$MIGRATE" -c "$h/migrate.ini" --url "$(up_url "$d")" -q upgrade head ;;
    m1) set -- -o /dev/null -- "$MIGRATE" -c "$h/migrate.ini" --url "$(up_url "$d")" -q upgrade head --one-transaction ;;
    *)
      case $d in
        sqlite) set -- -i "$raw" -o /dev/null -- "$SQLITE3" -bail "$WORK/up.db" ;;
        postgresql) set -- -o /dev/null -- "$PSQL" -X -q -v ON_ERROR_STOP=1 -f "$raw" "$PGRAW_UP" ;;
        mariadb) set -- -i "$raw" -o /dev/null -- "$MYCLI" --defaults-file="$WORK/my.cnf" "$MYDB_UP" ;;
      esac ;;
  esac
  if [ -n "$how" ]; then counted "up_${d}_$who" "$how" "$@"
  else timed "up_${d}_$who" "$@"; fi
  check_up "$d" "$who"
}
bench_up() {
  local d="$1" how="$2" raw="$3"
  say "upgrade head: $NREV revisions on $d"
  UP_EXPECT=
  up_run "$d" m "$how"
  up_run "$d" r "$how"
  interleave "$REPS" "up_run $d m" "up_run $d r"
  row "\`upgrade head\`, $NREV revisions, $d" "up_${d}_m" migrate "up_${d}_r"
  row "" "up_${d}_r" "$raw"
  [ "$d" = mariadb ] && return 0 # DDL commits by itself: no one transaction
  say "upgrade head --one-transaction: $NREV revisions on $d"
  up_run "$d" m1 "$how"
  up_run "$d" r1 "$how"
  interleave "$REPS" "up_run $d m1" "up_run $d r1"
  row "\`upgrade head --one-transaction\`, $NREV revisions, $d" "up_${d}_m1" migrate "up_${d}_r1"
  row "" "up_${d}_r1" "${raw%, same SQL}, same SQL in one transaction"
}
# MariaDB counts the status query itself too: measure what one costs.
MY_SELF=0
if [ -n "$MY_URL" ]; then a=$(my_questions); b=$(my_questions); MY_SELF=$((b - a)); fi

# Alembic's upgrade head of the same revisions, one transaction each; its
# version table is alembic_version and it keeps no log.
al_up_url() { case $1 in sqlite) echo "sqlite:///$WORK/up.db" ;; postgresql) echo "$PGRAW_UP" ;; esac; }
# up_objects DIALECT: objects in up.db other than the version tables
up_objects() {
  case $1 in
    sqlite) "$SQLITE3" "$WORK/up.db" "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE '%version%'" ;;
    postgresql) pg -At "$PGRAW_UP" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname NOT LIKE '%version%'" ;;
  esac
}
al_version() {
  case $1 in
    sqlite) "$SQLITE3" "$WORK/up.db" "SELECT version_num FROM alembic_version" ;;
    postgresql) pg -At "$PGRAW_UP" -c "SELECT version_num FROM alembic_version" ;;
  esac
}
al_up_run() {
  local d="$1" how="${2:-}" s
  reset_up "$d"
  set -- -o /dev/null -- $(al_cmd "$WORK/al-up-$d" upgrade head)
  if [ -n "$how" ]; then counted "up_${d}_a" "$how" "$@"
  else timed "up_${d}_a" "$@"; fi
  s="$(al_version "$d") $(up_objects "$d")"
  [ "$s" = "$HEAD $AL_UP_OBJECTS" ] || fail "alembic upgrade ($d): '$s', want '$HEAD $AL_UP_OBJECTS'"
}
al_up() {
  local d="$1" how="$2" raw="$3"
  say "upgrade head: $NREV revisions on $d, $ALTOOL"
  al_project "$WORK/hist-$d/migrations/versions" "$WORK/al-up-$d" "$(al_up_url "$d")"
  up_run "$d" m none; AL_UP_OBJECTS=$(up_objects "$d")
  al_up_run "$d" "$how"
  # the raw client again, its times kept apart from migrate's reference
  interleave "$REPS" "al_up_run $d" "up_run $d ar"
  row "\`upgrade head\`, $NREV revisions, $d" "up_${d}_a" "$ALTOOL" "up_${d}_ar"
  row "" "up_${d}_ar" "$raw"
  al_vs "\`upgrade head\`, $NREV revisions, $d" "up_${d}_m" "up_${d}_a"
}

bench_up sqlite shim "sqlite3 shell, same SQL"
[ -n "$ALPY" ] && al_up sqlite shim "sqlite3 shell, same SQL"
if [ -n "$PG_URL" ]; then
  bench_up postgresql shim "psql, same SQL"
  [ -n "$ALPY_PG" ] && al_up postgresql shim "psql, same SQL"
else SKIPPED="$SKIPPED PostgreSQL"; fi
if [ -n "$MY_URL" ]; then bench_up mariadb mariadb "mariadb client, same SQL"
else SKIPPED="$SKIPPED MariaDB"; fi
fi

# 3. autogenerate with no differences ---------------------------------------
if want autogen; then
NODIFF='{"ok":true,"findings":[],"details":[],"sql":""}'
FAIL_SHOW=$WORK/ag.out # migrate diff's JSON, when it fails
ag_url() { case $1 in sqlite) echo "sqlite:///$WORK/ag.db" ;; postgresql) echo "$PG_AG" ;; mariadb) echo "$MY_AG" ;; esac; }
ag_check() {
  [ "$(cat "$WORK/ag.out")" = "$NODIFF" ] ||
    { head -c 2000 "$WORK/ag.out" >&2; echo >&2; fail "autogenerate ($1) found differences where there are none"; }
}
ag_m() {
  timed "ag_$1_m" -o "$WORK/ag.out" -- "$MIGRATE" -c "$MODELS/migrate.ini" \
    --url "$(ag_url "$1")" --json diff --from db --to models
  ag_check "$1"
}
ag_raw_args() {
  case $1 in
    sqlite) echo "$SQLITE3 $WORK/ag.db .schema" ;;
    postgresql) echo "$PGDUMP --schema-only $PGRAW_AG" ;;
    mariadb) echo "$MYDUMP --defaults-file=$WORK/my.cnf --no-data $MYDB_AG" ;;
  esac
}
# ag_r DIALECT [NAME]: the dump, its times under NAME (default ag_DIALECT_r)
ag_r() {
  # shellcheck disable=SC2046
  timed "${2:-ag_$1_r}" -o "$WORK/ag-raw.out" -- $(ag_raw_args "$1")
  [ -s "$WORK/ag-raw.out" ] || fail "$(ag_raw_args "$1" | cut -d' ' -f1) printed nothing"
}
# perturb DIALECT add|drop: one extra column the models do not have.
perturb() {
  local s
  if [ "$2" = add ]; then s="ALTER TABLE t0001 ADD COLUMN bench_extra INTEGER"
  else s="ALTER TABLE t0001 DROP COLUMN bench_extra"; fi
  case $1 in
    sqlite) "$SQLITE3" "$WORK/ag.db" "$s" ;;
    postgresql) pg "$PGRAW_AG" -c "$s" ;;
    mariadb) my "$MYDB_AG" -e "$s" ;;
  esac
}
bench_ag() {
  local d="$1" how="$2" raw="$3" rc
  say "autogenerate, no differences: $NTAB tables on $d"
  case $d in
    sqlite) rm -f "$WORK/ag.db"; "$SQLITE3" -bail "$WORK/ag.db" <"$MODELS/load-sqlite.sql" ;;
    postgresql) pg "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $PGDB_AG" -c "CREATE DATABASE $PGDB_AG"
                pg -f "$MODELS/load-postgresql.sql" "$PGRAW_AG" >/dev/null ;;
    mariadb) my -e "DROP DATABASE IF EXISTS $MYDB_AG; CREATE DATABASE $MYDB_AG"
             my "$MYDB_AG" <"$MODELS/load-mariadb.sql" ;;
  esac || fail "cannot load the generated schema into $d"
  rm -f "$WORK/catalog.sql"
  QCOUNT_SQL=$WORK/catalog.sql counted "ag_${d}_m" "$how" -o "$WORK/ag.out" -- \
    "$MIGRATE" -c "$MODELS/migrate.ini" --url "$(ag_url "$d")" --json diff --from db --to models
  ag_check "$d"
  # shellcheck disable=SC2046
  counted "ag_${d}_r" "$how" -o "$WORK/ag-raw.out" -- $(ag_raw_args "$d")
  # The same comparison must see a real difference.
  perturb "$d" add
  set +e
  "$MIGRATE" -c "$MODELS/migrate.ini" --url "$(ag_url "$d")" --json diff --from db --to models >"$WORK/ag.out" 2>&1
  rc=$?
  set -e
  [ "$rc" = 1 ] && grep -q bench_extra "$WORK/ag.out" ||
    { cat "$WORK/ag.out" >&2; fail "autogenerate ($d) missed an extra column (exit $rc)"; }
  perturb "$d" drop
  interleave "$REPS" "ag_m $d" "ag_r $d"
  row "autogenerate, no differences, $NTAB tables, $d" "ag_${d}_m" "migrate diff --from db --to models" "ag_${d}_r"
  row "" "ag_${d}_r" "$raw"
  if [ "$d" = postgresql ]; then
    # The catalog queries migrate sent (logged by bench/qcount.c), run by
    # psql: what reflection costs the server, next to what migrate adds.
    [ -s "$WORK/catalog.sql" ] || fail "no catalog queries were logged"
    counted "ag_pg_q" shim -o /dev/null -- "$PSQL" -X -q -v ON_ERROR_STOP=1 \
      -f "$WORK/catalog.sql" "$PGRAW_AG"
    rm -f "$WORK/res/ag_pg_q"
    ag_q() { timed ag_pg_q -o /dev/null -- "$PSQL" -X -q -v ON_ERROR_STOP=1 -f "$WORK/catalog.sql" "$PGRAW_AG"; }
    rm -f "$WORK/res/ag_${d}_m"
    interleave "$REPS" "ag_m $d" ag_q
    row "autogenerate, no differences, $NTAB tables, $d" "ag_${d}_m" "migrate diff --from db --to models" ag_pg_q
    row "" ag_pg_q "psql running the same catalog queries"
  fi
}
# Alembic's `revision --autogenerate` on the same database, against target
# metadata reflected from it once beforehand (bench/alembic.py metadata):
# the models migrate reads, as SQLAlchemy tables. Alembic 1.8's defaults
# compare neither types nor server defaults. The revision it writes must
# hold no operation, and is removed after each run.
al_ag_url() { case $1 in sqlite) echo "sqlite:///$WORK/ag.db" ;; postgresql) echo "$PGRAW_AG" ;; esac; }
al_ag_run() {
  local d="$1" how="${2:-}" n
  set -- -o "$WORK/al-ag.out" -- $(al_cmd "$WORK/al-ag-$d" revision --autogenerate -m bench)
  if [ -n "$how" ]; then counted "ag_${d}_a" "$how" "$@"
  else timed "ag_${d}_a" "$@"; fi
  set -- "$WORK/al-ag-$d"/versions/*_bench.py
  [ -f "$1" ] || fail "alembic revision --autogenerate ($d) wrote no revision"
  n=$("$ALPY" "$SRC/bench/alembic.py" ops "$1")
  rm -f "$WORK/al-ag-$d"/versions/*_bench.py
  [ "$n" = 0 ] || fail "alembic revision --autogenerate ($d) found $n differences where there are none"
}
al_ag() {
  local d="$1" how="$2" raw="$3" n
  say "autogenerate, no differences: $NTAB tables on $d, $ALTOOL"
  mkdir -p "$WORK/al-empty"
  al_project "$WORK/al-empty" "$WORK/al-ag-$d" "$(al_ag_url "$d")"
  n=$("$ALPY" "$SRC/bench/alembic.py" metadata "$(al_ag_url "$d")" "$WORK/al-ag-$d") ||
    fail "cannot reflect the $d database for Alembic"
  [ "$n" = "$NTAB" ] || fail "Alembic's target metadata ($d) has $n tables, not $NTAB"
  al_ag_run "$d" "$how"
  interleave "$REPS" "al_ag_run $d" "ag_r $d ag_${d}_ar"
  row "autogenerate, no differences, $NTAB tables, $d" "ag_${d}_a" "$ALTOOL revision --autogenerate" "ag_${d}_ar"
  row "" "ag_${d}_ar" "$raw"
  al_vs "autogenerate, no differences, $NTAB tables, $d (migrate diff --from db --to models)" "ag_${d}_m" "ag_${d}_a"
}
bench_ag sqlite shim "sqlite3 .schema"
[ -n "$ALPY" ] && al_ag sqlite shim "sqlite3 .schema"
if [ -n "$PG_URL" ]; then
  bench_ag postgresql shim "pg_dump --schema-only"
  [ -n "$ALPY_PG" ] && al_ag postgresql shim "pg_dump --schema-only"
fi
[ -n "$MY_URL" ] && bench_ag mariadb mariadb "mariadb-dump --no-data"
fi

# 5. check and revision --autogenerate, N and N_L tables ----------------------
if want check; then
# The project: the generated models, ONE revision whose upgrade is the same
# schema as DDL (bench/gen.c's load-DIALECT.sql), applied by `migrate upgrade
# head`. So models, migrations and database agree. `check` then parses the
# models, replays the migrations on a scratch database (SQLite: its private
# temporary database, 16 MiB of cache;
# PostgreSQL / MariaDB: a temporary database on the server, dropped after),
# inspects it and compares it with the models, reads the version rows and
# checksums, inspects the database and compares it with the models.
# `revision --autogenerate` inspects the database and compares it with the
# models. The "10 differences" variant swaps in models-10diff.sql.
CK_NODIFF='{"ok":true,"findings":[],"warnings":[],"details":[]}'
CK=$WORK/ck
ck_url() { case $1 in sqlite) echo "sqlite:///$WORK/ck.db" ;; postgresql) echo "$PG_CK" ;; mariadb) echo "$MY_CK" ;; esac; }
ck_raw_args() {
  case $1 in
    sqlite) echo "$SQLITE3 $WORK/ck.db .schema" ;;
    postgresql) echo "$PGDUMP --schema-only $PGRAW_CK" ;;
    mariadb) echo "$MYDUMP --defaults-file=$WORK/my.cnf --no-data $MYDB_CK" ;;
  esac
}
ck_setup() {
  local n="$1" d="$2"
  rm -rf "$CK"; mkdir -p "$CK/migrations/versions"
  cp "$WORK/models-$n/models.sql" "$CK/models.sql"
  printf '[migrate]\nscript_location = migrations\nmodels = models.sql\nurl = %s\n' \
    "$(ck_url "$d")" >"$CK/migrate.ini"
  # One revision per 1,000 tables (PostgreSQL's lock table, sized by
  # max_locks_per_transaction, does not hold 10,000 new tables in one
  # transaction): a chain bench0001 <- bench0002 ...
  grep -v '^BEGIN;$\|^COMMIT;$' "$WORK/models-$n/load-$d.sql" |
    awk -v dir="$CK/migrations/versions" -v d="$d" '
      function open_rev() {
        k++; prev = id; id = sprintf("bench%04d", k)
        if (f) close(f)
        f = sprintf("%s/%s_schema.sql", dir, id)
        printf "-- revision: %s\n-- down_revision: %s\n-- message: generated schema %d\n-- dialect: %s\n\n-- +upgrade\n", id, prev, k, d > f
      }
      /^CREATE TABLE/ { if (tables % 1000 == 0) open_rev(); tables++ }
      { print > f }'
  # The same revisions for the raw client: each upgrade in its transaction
  # (MariaDB commits DDL implicitly; BEGIN/COMMIT cost it nothing).
  grep -v '^BEGIN;$\|^COMMIT;$' "$WORK/models-$n/load-$d.sql" |
    awk '/^CREATE TABLE/ { if (tables % 1000 == 0) { if (tables) print "COMMIT;"; print "BEGIN;" } tables++ }
         { print } END { print "COMMIT;" }' >"$WORK/ck-replay.sql"

  case $d in
    sqlite) rm -f "$WORK/ck.db" ;;
    postgresql) pg "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $PGDB_CK" -c "CREATE DATABASE $PGDB_CK" ;;
    mariadb) my -e "DROP DATABASE IF EXISTS $MYDB_CK; CREATE DATABASE $MYDB_CK" ;;
  esac
  "$MIGRATE" -c "$CK/migrate.ini" -q upgrade head >/dev/null ||
    fail "cannot upgrade the check project ($d, $n tables)"
}
# ck_verify VARIANT DIALECT N: check's JSON says exactly what it must.
ck_verify() {
  local a b all
  if [ "$1" = nodiff ]; then
    [ "$(cat "$WORK/ck.out")" = "$CK_NODIFF" ] ||
      { head -c 2000 "$WORK/ck.out" >&2; echo >&2; fail "check ($2, $3) found differences where there are none"; }
    return 0
  fi
  # the findings (the details after them repeat each message)
  sed 's/,"details":.*//' "$WORK/ck.out" >"$WORK/ck-findings.out"
  a=$(grep -o '"models differ from migrations: [^"]*"' "$WORK/ck-findings.out" | wc -l)
  b=$(grep -o '"database differs from models: [^"]*"' "$WORK/ck-findings.out" | wc -l)
  all=$(tr -cd '"' <"$WORK/ck-findings.out" | wc -c)
  # 10 + 10 findings, no other string than those and the keys
  [ "$a" = 10 ] && [ "$b" = 10 ] && [ "$all" = $(( (20 + 3) * 2 )) ] ||
    { head -c 3000 "$WORK/ck.out" >&2; echo >&2; fail "check ($2, $3): want 10 findings per source, got $a from migrations, $b from the database"; }
  for t in $(awk '/^t/ {print $1}' "$WORK/models-$3/diffs.txt"); do
    [ "$(grep -o "[ .]$t[ .\"]" "$WORK/ck.out" | wc -l)" -ge 2 ] ||
      { cat "$WORK/ck.out" >&2; fail "check ($2, $3): no finding names $t"; }
  done
}
ag2_verify() {
  if [ "$1" = nodiff ]; then
    grep -q "^No changes in schema detected" "$WORK/ag2.out" ||
      { head -c 2000 "$WORK/ag2.out" >&2; fail "revision --autogenerate ($2, $3) found differences where there are none"; }
  else
    [ "$(grep -c '^Detected ' "$WORK/ag2.out")" = 10 ] ||
      { head -c 2000 "$WORK/ag2.out" >&2; fail "revision --autogenerate ($2, $3) did not detect exactly 10 changes"; }
    ls "$CK"/migrations/versions/benchdiff_*.sql >/dev/null 2>&1 || fail "revision --autogenerate ($2, $3) wrote no file"
  fi
  rm -f "$CK"/migrations/versions/benchdiff_*.sql
}
# run_ck NAME HOW|"" VARIANT D N [warm]: one check run (counted when HOW is
# set); with "warm" the replay cache in $WORK/cache is on (and primed by the
# caller), else off, so every other run replays.
run_ck() {
  local rc=0
  [ "$3" = nodiff ] || rc=1
  [ "${6:-}" = warm ] && export MIGRATE_CACHE_DIR="$WORK/cache"
  if [ -n "$2" ]; then
    WANT_RC=$rc counted "$1" "$2" -o "$WORK/ck.out" -- "$MIGRATE" -c "$CK/migrate.ini" --json check
  else
    WANT_RC=$rc timed "$1" -o "$WORK/ck.out" -- "$MIGRATE" -c "$CK/migrate.ini" --json check
  fi
  export MIGRATE_CACHE_DIR=off
  ck_verify "$3" "$4" "$5"
}
run_ag2() {
  if [ -n "$2" ]; then
    counted "$1" "$2" -o "$WORK/ag2.out" -- "$MIGRATE" -c "$CK/migrate.ini" revision --autogenerate -m "bench diff" --rev-id benchdiff
  else
    timed "$1" -o "$WORK/ag2.out" -- "$MIGRATE" -c "$CK/migrate.ini" revision --autogenerate -m "bench diff" --rev-id benchdiff
  fi
  ag2_verify "$3" "$4" "$5"
}
run_ckr() {
  # shellcheck disable=SC2046
  timed "$1" -o "$WORK/ck-raw.out" -- $(ck_raw_args "$2")
  [ -s "$WORK/ck-raw.out" ] || fail "$(ck_raw_args "$2" | cut -d' ' -f1) printed nothing"
}
# The raw client doing check's work (written as a script so that it is
# timed as one process tree): replay the revisions on a scratch database
# (SQLite: its private temporary database with the cache migrate gives it;
# servers: created, then dropped), dump its schema,
# dump the database's schema.
S=migrate_bench_scratch_$$
cat >"$WORK/ck-same.sh" <<EOF
set -e
export PGOPTIONS="-c client_min_messages=warning"
case \$1 in
  sqlite)
    "$SQLITE3" '' "PRAGMA cache_size = -16384" ".read $WORK/ck-replay.sql" .schema
    "$SQLITE3" "$WORK/ck.db" .schema ;;
  postgresql)
    "$PSQL" -X -q -v ON_ERROR_STOP=1 "${PG_ADMIN:-}" -c "CREATE DATABASE $S"
    "$PSQL" -X -q -v ON_ERROR_STOP=1 "$(with_db "${PG_ADMIN:-x://h/d}" "$S")" -f "$WORK/ck-replay.sql" >/dev/null
    "$PGDUMP" --schema-only "$(with_db "${PG_ADMIN:-x://h/d}" "$S")"
    "$PSQL" -X -q "${PG_ADMIN:-}" -c "DROP DATABASE $S"
    "$PGDUMP" --schema-only "${PGRAW_CK:-}" ;;
  mariadb)
    "$MYCLI" --defaults-file="$WORK/my.cnf" -e "CREATE DATABASE $S"
    "$MYCLI" --defaults-file="$WORK/my.cnf" "$S" <"$WORK/ck-replay.sql"
    "$MYDUMP" --defaults-file="$WORK/my.cnf" --no-data "$S"
    "$MYCLI" --defaults-file="$WORK/my.cnf" -e "DROP DATABASE $S"
    "$MYDUMP" --defaults-file="$WORK/my.cnf" --no-data "$MYDB_CK" ;;
esac
EOF
run_cks() {
  timed "$1" -o "$WORK/ck-same.out" -- /bin/sh "$WORK/ck-same.sh" "$2"
  [ -s "$WORK/ck-same.out" ] || fail "the raw client's check work ($2) printed nothing"
}
bench_ck() {
  local n="$1" d="$2" how="$3" raw="$4" reps="$5" v label k="${1}_$2"
  local raw_same="same work, raw client: replay the revisions on a scratch database, dump it, then $raw of the database"
  say "check and revision --autogenerate: $n tables on $d ($reps runs each)"
  ck_setup "$n" "$d"
  # shellcheck disable=SC2046
  counted "ckr_$k" "$how" -o "$WORK/ck-raw.out" -- $(ck_raw_args "$d")
  for v in nodiff diff10; do
    [ "$v" = diff10 ] && cp "$WORK/models-$n/models-10diff.sql" "$CK/models.sql"
    label="no difference"; [ "$v" = diff10 ] && label="10 differences"
    run_ck "ck_${k}_$v" "$how" "$v" "$d" "$n"
    rm -f "$WORK/res/ck_${k}_$v" # the counted run is not a timed sample
    eval "ckm_$k$v() { run_ck ck_${k}_$v '' $v $d $n; }"
    eval "ckr_$k$v() { run_ckr ckr_$k $d; }"
    eval "cks_$k$v() { run_cks cks_$k $d; }"
    interleave "$reps" "ckm_$k$v" "cks_$k$v"
    # the same check with the replay cache primed: what a second run on an
    # unchanged history costs, next to the dump alone
    rm -rf "$WORK/cache"
    run_ck "ckw_${k}_$v" "" "$v" "$d" "$n" warm
    rm -f "$WORK/res/ckw_${k}_$v"
    eval "ckw_$k$v() { run_ck ckw_${k}_$v '' $v $d $n warm; }"
    interleave "$reps" "ckw_$k$v" "ckr_$k$v"
    run_ag2 "ag2_${k}_$v" "$how" "$v" "$d" "$n"
    rm -f "$WORK/res/ag2_${k}_$v"
    eval "agm_$k$v() { run_ag2 ag2_${k}_$v '' $v $d $n; }"
    interleave "$reps" "agm_$k$v" "ckr_$k$v"
    row "\`check\`, $n tables, $label, $d" "ck_${k}_$v" "migrate check" "cks_$k"
    row "\`check\`, replay cache warm, $n tables, $label, $d" "ckw_${k}_$v" "migrate check (replay cache)" "ckr_$k"
    row "\`revision --autogenerate\`, $n tables, $label, $d" "ag2_${k}_$v" "migrate revision --autogenerate" "ckr_$k"
  done
  row "" "cks_$k" "$raw_same"
  row "" "ckr_$k" "$raw"
  cp "$WORK/models-$n/models.sql" "$CK/models.sql"
}
say "generating: $NTAB_L tables"
"$GEN" models -n "$NTAB_L" -s "$SEED" -o "$WORK/models-$NTAB_L" >"$WORK/gen-models-l.out"
[ -d "$WORK/models-$NTAB" ] || ln -s "$MODELS" "$WORK/models-$NTAB"
SCHEMA_DESC_L=$(cat "$WORK/gen-models-l.out")
for d in sqlite postgresql mariadb; do
  case $d in
    sqlite) how=shim raw="sqlite3 .schema" ;;
    postgresql) [ -n "$PG_URL" ] || continue; how=shim raw="pg_dump --schema-only" ;;
    mariadb) [ -n "$MY_URL" ] || continue; how=mariadb raw="mariadb-dump --no-data" ;;
  esac
  bench_ck "$NTAB" "$d" "$how" "$raw" "$REPS"
  case " $DIALECTS_L " in *" $d "*) ;; *) continue ;; esac
  r=$REPS_L; [ "$d" = mariadb ] && r=${BENCH_REPS_LARGE_MARIADB:-1}
  bench_ck "$NTAB_L" "$d" "$how" "$raw" "$r"
  scale "\`check\`, no difference, $d" "ck_${NTAB}_${d}_nodiff" "ck_${NTAB_L}_${d}_nodiff" $((NTAB_L / NTAB))
  scale "\`revision --autogenerate\`, no difference, $d" "ag2_${NTAB}_${d}_nodiff" "ag2_${NTAB_L}_${d}_nodiff" $((NTAB_L / NTAB))
  scale "reference: $raw" "ckr_${NTAB}_$d" "ckr_${NTAB_L}_$d" $((NTAB_L / NTAB))
done
fi

# 6. sorted-tables and erd on N_L tables (models, no database) ----------------
if want diagram; then
[ -d "$WORK/models-$NTAB_L" ] ||
  "$GEN" models -n "$NTAB_L" -s "$SEED" -o "$WORK/models-$NTAB_L" >"$WORK/gen-models-l.out"
ML=$WORK/models-$NTAB_L
printf '[migrate]\nscript_location = migrations\nmodels = models.sql\n' >"$ML/migrate.ini"
mkdir -p "$ML/migrations/versions"
st_m() { timed st_m -o "$WORK/st.out" -- "$MIGRATE" -c "$ML/migrate.ini" sorted-tables; }
erd_m() { timed erd_m -o "$WORK/erd.out" -- "$MIGRATE" -c "$ML/migrate.ini" erd --format mermaid; }
dot_m() { timed dot_m -o "$WORK/dot.out" -- "$MIGRATE" -c "$ML/migrate.ini" erd --format dot; }
cat_ml() { timed cat_ml -o /dev/null -- cat "$ML/models.sql"; }
say "sorted-tables and erd: $NTAB_L tables"
counted st_check none -o "$WORK/st.out" -- "$MIGRATE" -c "$ML/migrate.ini" sorted-tables
[ "$(wc -l <"$WORK/st.out")" -eq "$NTAB_L" ] || { head -5 "$WORK/st.out" >&2; fail "sorted-tables did not list $NTAB_L tables"; }
# every table after the tables it refers to
awk 'NR == FNR { pos[$1] = FNR; next }
     /REFERENCES/ { for (i = 1; i <= NF; i++) if ($i == "REFERENCES") ref = $(i + 1)
                    if (!(pos[tbl] > pos[ref])) { print tbl " before " ref; bad = 1 } }
     /^CREATE TABLE/ { tbl = $3 }
     END { exit bad }' "$WORK/st.out" "$ML/models.sql" || fail "sorted-tables put a table before one it refers to"
counted erd_check none -o "$WORK/erd.out" -- "$MIGRATE" -c "$ML/migrate.ini" erd --format mermaid
[ "$(grep -c '{$' "$WORK/erd.out")" -eq "$NTAB_L" ] || fail "erd (mermaid) did not draw $NTAB_L tables"
interleave "$REPS_L" st_m cat_ml
interleave "$REPS_L" erd_m dot_m
row "\`sorted-tables\`, $NTAB_L tables (models)" st_m migrate cat_ml
row "\`erd --format mermaid\`, $NTAB_L tables (models)" erd_m migrate cat_ml
row "\`erd --format dot\`, $NTAB_L tables (models)" dot_m migrate cat_ml
row "" cat_ml "cat of models.sql"
fi

# 7. issue 24's rows: real schemas, expressions, objects, three dialects, lint
. "$SRC/bench/round2.sh"

# Alembic: its rows are in the sections above when it is installed.
if [ -n "$ALPY" ]; then
  ALEMBIC="$ALTOOL (SQLAlchemy $("$ALPY" -c 'import sqlalchemy; print(sqlalchemy.__version__)'), $("$ALPY" --version 2>&1)) ran in this run: its rows are in the table above, each against the same raw reference as migrate's (bench/alembic.py makes its project from the same revision files, one transaction per revision; its autogenerate compares the database with target metadata reflected from it beforehand). migrate against Alembic, medians of this run (not interleaved with each other):"
else
  ALEMBIC="Alembic is not installed here (python3 -c 'import alembic' fails; Debian: apt-get install python3-alembic python3-psycopg2): the table below is the issue's measurement on this machine type, not re-run."
fi

# ---- the report ---------------------------------------------------------------
# (sections left out by BENCH_ONLY leave these unset)
: "${SCHEMA_DESC_L:=not measured}" "${NODIFF:=}" "${CK_NODIFF:=}"
ver() { "$@" 2>/dev/null | head -1 || echo "?"; }
targets
{
  echo "# migrate benchmarks"
  echo
  echo "Generated by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'):"
  echo "$(nproc 2>/dev/null || echo '?') CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)),"
  echo "$(ver "$MIGRATE" --version), SQLite $("$SQLITE3" --version | cut -d' ' -f1)$( [ -n "$PG_URL" ] && echo ", PostgreSQL $(pg -At "$PG_ADMIN" -c 'SHOW server_version' | cut -d' ' -f1)")$( [ -n "$MY_URL" ] && echo ", MariaDB $(my -N -B -e 'SELECT VERSION()')")."
  echo "Each line: $REPS timed runs, interleaved with the reference (alternating"
  echo "which goes first), after one untimed run that checks the result and counts"
  echo "the queries. Workloads from bench/gen.c, seed $SEED: $NREV revisions of small DDL"
  echo "per dialect; $SCHEMA_DESC."
  echo
  echo "## Targets"
  echo
  echo "Each target of the issues against the ratio measured in this run"
  echo "(medians; the timed runs of the rows below). On a shared machine a"
  echo "ratio moves from run to run: see each row's min–max."
  echo
  echo "| target | limit | measured | |"
  echo "| --- | ---: | ---: | --- |"
  cat "$WORK/targets"
  echo
  echo "## Every workload"
  echo
  echo "| workload | tool | median s | min–max s | peak RSS MiB | queries | vs reference |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
  cat "$WORK/rows"
  echo
  echo "### Growth from the small to the large size (medians of this run)"
  echo
  echo "| workload | small | large | large / small |"
  echo "| --- | ---: | ---: | ---: |"
  cat "$WORK/scaling"
  echo
  echo "Sizes: graph load $NREV and $NREV_L revisions; check / autogenerate"
  echo "$SCHEMA_DESC and $SCHEMA_DESC_L. Timed runs at the large size:"
  echo "$REPS_L (MariaDB check / autogenerate: ${BENCH_REPS_LARGE_MARIADB:-1}; replaying $NTAB_L"
  echo "tables there takes ~40 s a run)."
  echo
  echo "- **vs reference**: migrate's median over the reference's median, both"
  echo "  measured in this run."
  echo "- **peak RSS**: the client process's maximum resident set (\`wait4\` ru_maxrss,"
  echo "  what \`/usr/bin/time -f %M\` prints); the servers' memory is not included."
  echo "- **queries**: statements the client sent, from the untimed run (— : no"
  echo "  database involved). libpq and"
  echo "  SQLite: counted in the client by an LD_PRELOAD shim (bench/qcount.c; for"
  echo "  SQLite, statements prepared by the client, not SQLite's own schema reads)."
  echo "  MariaDB: the server's \`Questions\` counter (the tools link the client"
  echo "  library statically), so other traffic on a shared server adds to it."
  echo "- The autogenerate runs compare a database loaded by the raw client from"
  echo "  bench/gen.c's DDL with the model file; migrate must report no difference"
  echo "  (\`$NODIFF\`, exit 0), and must report an extra column once added."
  echo "- Upgrade runs start from an empty database each time; each end at head"
  echo "  with the same objects and $NREV version-log rows (checked after every run)."
  echo "  \`--one-transaction\` runs all $NREV steps (DDL, version update, log row"
  echo "  each) in one transaction; its reference is the same statements between"
  echo "  one BEGIN and COMMIT (bench/gen.c's raw-upgrade-1tx.sql). MariaDB commits"
  echo "  DDL implicitly, so the option falls back there (not measured)."
  echo "- \`check\`: the project has the generated models and revisions whose"
  echo "  upgrades are the same schema as DDL, applied with \`migrate upgrade head\`"
  echo "  (one revision per 1,000 tables: PostgreSQL's lock table does not hold"
  echo "  10,000 new tables in one transaction with the test server's settings.)"
  echo "  check parses the models, replays the migrations on a scratch database"
  echo "  (SQLite: its private temporary database; PostgreSQL, MariaDB: a temporary database created on"
  echo "  the server, dropped afterwards), inspects that and compares it with the"
  echo "  models, reads the version rows and logged checksums, then inspects the"
  echo "  database and compares it with the models. Its **queries** count includes"
  echo "  the replayed DDL (one statement per table and index: grows with N); the"
  echo "  catalog queries are the rest, the same at both sizes (see the"
  echo "  autogenerate rows, which replay nothing). check's reference is the raw"
  echo "  client doing the same work: replaying the same revisions (each in its"
  echo "  transaction) on a scratch database (SQLite: \`sqlite3 ''\`, the private"
  echo "  temporary database, with the same 16 MiB cache; servers: created and dropped), dumping that schema, then"
  echo "  dumping the database's. autogenerate's reference is the dump of the"
  echo "  database alone. \"10 differences\": models-10diff.sql"
  echo "  (4 added columns, 3 dropped columns, 3 added indexes); check must exit 1"
  echo "  with exactly 10 findings from the migrations and 10 from the database,"
  echo "  each naming a changed table, and autogenerate must detect exactly 10"
  echo "  changes and write the revision (removed after each run). With no"
  echo "  difference check must print \`$CK_NODIFF\`. Every run replays"
  echo "  (MIGRATE_CACHE_DIR=off) except the \"replay cache warm\" rows: the same"
  echo "  check after one untimed run has kept the replayed schema in the replay"
  echo "  cache (nothing in the revision files or the server changed), so it reads"
  echo "  that instead of replaying; their reference is the dump of the database."
  echo "- sorted-tables must list every table after the tables it refers to; erd"
  echo "  must draw every table."
  [ -n "$SKIPPED" ] && echo "- Skipped (no server or client):$SKIPPED."
  echo
  echo "## Alembic (issue 9, for context)"
  echo
  echo "Issue 24's rows (real schemas, expressions, objects, three dialects,"
  echo "lint): $R2_ALEMBIC"
  echo
  echo "$ALEMBIC"
  echo
  if [ -s "$WORK/alembic-vs" ]; then
    echo "| workload | migrate | Alembic | migrate / Alembic |"
    echo "| --- | ---: | ---: | ---: |"
    cat "$WORK/alembic-vs"
    echo
    echo "The issue's own measurement of Alembic 1.8 on this machine type:"
    echo
  fi
  echo "| workload | raw client (issue) | Alembic 1.8 (issue) |"
  echo "| --- | ---: | ---: |"
  echo "| \`heads\`, 1,000 revisions | 0.02 s | 0.44 s, 48 MiB |"
  echo "| \`upgrade head\`, 1,000 revisions, SQLite | 1.10 s | 2.8–3.2 s, 60 MiB |"
  echo "| \`upgrade head\`, 1,000 revisions, PostgreSQL | 3.3 s | 4.9–5.2 s |"
  echo "| autogenerate, 1,000 tables, no difference, SQLite | 0.016 s | 4.0 s, 10,973 queries, 186 MiB |"
  echo "| autogenerate, 1,000 tables, no difference, PostgreSQL | 0.32 s, 2,062 queries | 9.1 s, 12,407 queries, 192 MiB |"
} >"$WORK/report.md"
cp "$WORK/report.md" "$REPORT" 2>/dev/null || say "cannot write $REPORT"
cat "$WORK/report.md"
say "report: $REPORT"
