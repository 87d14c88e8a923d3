# bench/round2.sh - the rows issue 24 (item 3) adds to the bench, sourced by
# bench/run.sh after its own sections (it uses run.sh's helpers: timed,
# interleave, row, target, fail, pg, my, with_db...). Sections, each in
# BENCH_ONLY's list: realschema exprs objects multi lint.
#
#   realschema  the public schemas of tests/realschema/ (native DDL loaded
#               by the dialect's own client): `inspect`, `diff --from db
#               --to models` against the model inspect printed, and a round
#               trip (autogenerate from an empty database, upgrade head,
#               check); vs the dump of the same databases, and for the
#               round trip the client loading the DDL into a new database
#               and a scratch one, dumping both.
#   exprs       BENCH_TABLES tables whose every CHECK and DEFAULT is spelled
#               otherwise than the server prints it (bench/gen2.awk):
#               `diff --from db` and `check` must find nothing; vs the client
#               reading the CHECK and DEFAULT catalog.
#   objects     BENCH_TABLES tables + 200 views, 200 triggers, 50 functions
#               (what the dialect has): `inspect` (nothing left unmanaged)
#               and `diff --from db` (nothing found); vs the catalog dump.
#   multi       a history with sqlite, postgresql and mariadb sections of
#               BENCH_TABLES tables: `check` replays all three; vs the
#               clients replaying the same sections and dumping them.
#   lint        BENCH_TABLES pending revisions, one per table, linted with a
#               database URL (each finding with its table's statistics); vs
#               the client's query of the same statistics.
#
# Every check of a result is made on an untimed run first; a timed run must
# exit as that one did. A false difference fails the bench.
R2_NODIFF_JSON='"ok":true,"findings":\[\]'
R2PG=migrate_bench_r2_$$ R2PG_B=migrate_bench_r2b_$$
: >"$WORK/r2-alembic"

# r2_cleanup: drop what this file created on the servers (run.sh's cleanup).
r2_cleanup() {
  local i
  if [ -n "$PG_ADMIN" ]; then
    for i in $R2PG $R2PG_B $(cat "$WORK/r2-dbs" 2>/dev/null); do
      "$PSQL" -X -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $i" >/dev/null 2>&1
    done
  fi
  if [ -n "$MY_URL" ]; then
    for i in $R2PG $R2PG_B $(cat "$WORK/r2-dbs" 2>/dev/null); do
      "$MYCLI" --defaults-file="$WORK/my.cnf" -e "DROP DATABASE IF EXISTS $i" >/dev/null 2>&1
    done
  fi
}

# r2_url D DB: migrate's URL of database DB (SQLite: the file $WORK/DB.db).
r2_url() {
  case $1 in
    sqlite) echo "sqlite:///$WORK/$2.db" ;;
    postgresql) with_db "$PG_URL" "$2" ;;
    mariadb) with_db "$MY_URL" "$2" ;;
  esac
}
# r2_newdb D DB: an empty database DB.
r2_newdb() {
  echo "$2" >>"$WORK/r2-dbs"
  case $1 in
    sqlite) rm -f "$WORK/$2.db" ;;
    postgresql) pg "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" ;;
    mariadb) my -e "DROP DATABASE IF EXISTS $2; CREATE DATABASE $2" ;;
  esac
}
# r2_load D DB FILE: the dialect's own client runs FILE on DB.
r2_load() {
  case $1 in
    sqlite) "$SQLITE3" -bail "$WORK/$2.db" ".read $3" >/dev/null ;;
    postgresql) pg -f "$3" "$(with_db "$PG_ADMIN" "$2")" >/dev/null ;;
    mariadb) my "$2" <"$3" ;;
  esac || fail "the $1 client cannot load $3"
}
# r2_dump D DB: the shell command line dumping DB's schema with its objects.
r2_dump() {
  case $1 in
    sqlite) echo "\"$SQLITE3\" \"$WORK/$2.db\" .schema" ;;
    postgresql) echo "\"$PGDUMP\" --schema-only \"$(with_db "$PG_ADMIN" "$2")\"" ;;
    mariadb) echo "\"$MYDUMP\" --defaults-file=\"$WORK/my.cnf\" --no-data --routines --triggers $2" ;;
  esac
}
r2_dump_name() {
  case $1 in
    sqlite) echo "sqlite3 .schema" ;;
    postgresql) echo "pg_dump --schema-only" ;;
    mariadb) echo "mariadb-dump --no-data --routines --triggers" ;;
  esac
}
# r2_limit D: issue 9's limit against a dump (SQLite 3x, the servers 1x).
r2_limit() { [ "$1" = sqlite ] && echo 3 || echo 1; }
# r2_project DIR MODELS [URL]: a project whose models are MODELS.
r2_project() {
  rm -rf "$1"; mkdir -p "$1/migrations/versions"
  cp "$2" "$1/models.sql"
  printf '[migrate]\nscript_location = migrations\nmodels = models.sql\n' >"$1/migrate.ini"
  [ -z "${3:-}" ] || printf 'url = %s\n' "$3" >>"$1/migrate.ini"
}
# r2_nodiff WHAT FILE: FILE (migrate's --json output) holds no finding.
r2_nodiff() {
  grep -q "$R2_NODIFF_JSON" "$2" ||
    { head -c 3000 "$2" >&2; echo >&2; fail "$1: differences found where there are none"; }
}
# r2_script NAME: an executable script $WORK/NAME.sh from stdin, timed as
# one process tree (set -e: a failing command fails the timed run).
r2_script() {
  { echo "set -e"; echo 'export PGOPTIONS="-c client_min_messages=warning"'; cat; } >"$WORK/$1.sh"
}
# r2_time NAME: one timed run of $WORK/NAME.sh (results under NAME).
r2_time() { timed "$1" -o "$WORK/$1.out" -- /bin/sh "$WORK/$1.sh"; }
# r2_pair M R LABEL TOOL REF: the scripts M and R, once untimed (M's must
# pass), then interleaved, and their two rows.
r2_pair() {
  /bin/sh "$WORK/$1.sh" >"$WORK/$1.out" 2>"$WORK/stderr" || failed_run "$1" $?
  interleave "$REPS" "r2_time $1" "r2_time $2"
  row "$3" "$1" "$4" "$2"
  row "" "$2" "$5"
}

# ---- real public schemas ------------------------------------------------
r2_realschema() {
  local d="$1" f i=0 n db u ins=$WORK/rs-ins-$1 dif=$WORK/rs-dif-$1 dmp=$WORK/rs-dmp-$1
  local rt=$WORK/rs-rt-$1 rtr=$WORK/rs-rtr-$1 names=
  : >"$ins"; : >"$dif"; : >"$dmp"; : >"$rt"; : >"$rtr"
  for f in "$SRC"/tests/realschema/"$d"/*.sql; do
    i=$((i + 1)); n=$(basename "$f" .sql); names="$names $n"
    db=migrate_bench_rs${i}_$$
    [ "$d" = sqlite ] && db=rs-$d-$i
    r2_newdb "$d" "$db"; r2_load "$d" "$db" "$f"
    u=$(r2_url "$d" "$db")
    # the model: what inspect prints (checked: it diffs clean)
    "$MIGRATE" --url "$u" inspect >"$WORK/rs-$d-$i.sql" 2>"$WORK/stderr" ||
      failed_run "inspect of $n ($d)" $?
    r2_project "$WORK/rs-$d-$i" "$WORK/rs-$d-$i.sql" "$u"
    "$MIGRATE" -c "$WORK/rs-$d-$i/migrate.ini" --json diff --from db --to models \
      >"$WORK/rs.out" 2>/dev/null || true
    r2_nodiff "real schema $n ($d): diff --from db against its inspected model" "$WORK/rs.out"
    echo "\"$MIGRATE\" --url \"$u\" inspect >/dev/null 2>&1" >>"$ins"
    echo "\"$MIGRATE\" -c \"$WORK/rs-$d-$i/migrate.ini\" -q diff --from db --to models >/dev/null" >>"$dif"
    echo "$(r2_dump "$d" "$db") >/dev/null" >>"$dmp"
    # round trip: a new database built from the model by migrate; the raw
    # client's same work: load the DDL in a new database and in a scratch
    # one, dump both (as check inspects the replay and the database)
    case "$d/$n" in
      postgresql/sakila) continue ;; # its views need an aggregate a model cannot declare (tests/integration/cli_realschema.c adds it by hand)
    esac
    mkdir -p "$WORK/rs-rt-$d-$i"
    r2_project "$WORK/rs-rt-$d-$i" "$WORK/rs-$d-$i.sql" "$(r2_url "$d" "${db}rt")"
    echo "${db}rt" >>"$WORK/r2-dbs"; echo "${db}sc" >>"$WORK/r2-dbs"
    cat >>"$rt" <<EOF
$(r2_newdb_cmd "$d" "${db}rt")
rm -f "$WORK/rs-rt-$d-$i"/migrations/versions/*.sql
"$MIGRATE" -c "$WORK/rs-rt-$d-$i/migrate.ini" -q revision --autogenerate -m rt --rev-id rt1 >/dev/null
"$MIGRATE" -c "$WORK/rs-rt-$d-$i/migrate.ini" -q upgrade head
"$MIGRATE" -c "$WORK/rs-rt-$d-$i/migrate.ini" -q check
EOF
    cat >>"$rtr" <<EOF
$(r2_newdb_cmd "$d" "${db}rt")
$(r2_load_cmd "$d" "${db}rt" "$f")
$(r2_dump "$d" "${db}rt") >/dev/null
$(r2_newdb_cmd "$d" "${db}sc")
$(r2_load_cmd "$d" "${db}sc" "$f")
$(r2_dump "$d" "${db}sc") >/dev/null
$(r2_dropdb_cmd "$d" "${db}sc")
EOF
  done
  say "real schemas on $d:$names"
  r2_script "rs_ins_$d" <"$ins"; r2_script "rs_dif_$d" <"$dif"
  r2_script "rs_dmp_$d" <"$dmp"; r2_script "rs_rt_$d" <"$rt"; r2_script "rs_rtr_$d" <"$rtr"
  r2_pair "rs_ins_$d" "rs_dmp_$d" "real schemas ($i, $d): \`inspect\` each" migrate "$(r2_dump_name "$d") of each"
  cp "$WORK/rs_dmp_$d.sh" "$WORK/rs_dmp2_$d.sh" # its own samples
  r2_pair "rs_dif_$d" "rs_dmp2_$d" "real schemas ($i, $d): \`diff --from db --to models\` each, no difference" migrate "$(r2_dump_name "$d") of each"
  r2_pair "rs_rt_$d" "rs_rtr_$d" "real schemas ($(grep -c 'upgrade head' "$rt"), $d): round trip each (autogenerate from empty, upgrade head, check)" migrate \
    "same work, raw client: load the DDL in a new and a scratch database, dump both"
  if [ "$d" = sqlite ] && [ -n "$ALPY" ]; then r2_realschema_alembic "$i"; fi
}
# r2_realschema_alembic N: Alembic on the N SQLite real schemas (its
# PostgreSQL and MariaDB rows would need python3-psycopg2 / a MySQL driver):
# `revision --autogenerate` against target metadata reflected from each
# database (its diff), and a round trip: autogenerate from an empty
# database, upgrade head, autogenerate again (Alembic 1.8 has no `check`;
# that revision must be empty). Alembic models tables only: views and
# triggers are left out of its round trip.
r2_realschema_alembic() {
  local i=0 a dif=$WORK/rs-al-dif rt=$WORK/rs-al-rt n f
  : >"$dif"; : >"$rt"
  mkdir -p "$WORK/al-empty"
  while [ "$i" -lt "$1" ]; do
    i=$((i + 1)); a=$WORK/rs-al-$i
    al_project "$WORK/al-empty" "$a" "sqlite:///$WORK/rs-sqlite-$i.db"
    "$ALPY" "$SRC/bench/alembic.py" metadata "sqlite:///$WORK/rs-sqlite-$i.db" "$a" >/dev/null ||
      fail "cannot reflect real schema $i (sqlite) for Alembic"
    al_project "$WORK/al-empty" "$a-rt" "sqlite:///$WORK/rs-sqlite-${i}al.db"
    cp "$a/metadata.pickle" "$a-rt/"
    echo "$(al_cmd "$a" revision --autogenerate -m bench) >/dev/null 2>&1; rm -f \"$a\"/versions/*_bench.py" >>"$dif"
    {
      echo "rm -f \"$WORK/rs-sqlite-${i}al.db\" \"$a-rt\"/versions/*.py"
      echo "$(al_cmd "$a-rt" revision --autogenerate -m rt) >/dev/null 2>&1"
      echo "$(al_cmd "$a-rt" upgrade head) >/dev/null 2>&1"
      echo "$(al_cmd "$a-rt" revision --autogenerate -m check) >/dev/null 2>&1"
    } >>"$rt"
  done
  r2_script rs_al_dif_sqlite <"$dif"; r2_script rs_al_rt_sqlite <"$rt"
  /bin/sh "$WORK/rs_al_rt_sqlite.sh" >/dev/null 2>&1 || fail "Alembic's round trip of the real schemas failed"
  # what Alembic's second autogenerate found (0: the round trip holds)
  n=0
  for f in "$WORK"/rs-al-*-rt/versions/*_check.py; do
    n=$((n + $("$ALPY" "$SRC/bench/alembic.py" ops "$f")))
  done
  RS_AL_RT_OPS=$n
  cp "$WORK/rs_dmp_sqlite.sh" "$WORK/rs_dmp3_sqlite.sh"
  cp "$WORK/rs_rtr_sqlite.sh" "$WORK/rs_rtr3_sqlite.sh"
  interleave "$REPS" "r2_time rs_al_dif_sqlite" "r2_time rs_dmp3_sqlite"
  row "real schemas ($1, sqlite): \`revision --autogenerate\` each against metadata reflected from it" rs_al_dif_sqlite "$ALTOOL" rs_dmp3_sqlite
  row "" rs_dmp3_sqlite "sqlite3 .schema of each"
  al_vs "real schemas ($1, sqlite): diff each (migrate diff --from db --to models)" rs_dif_sqlite rs_al_dif_sqlite
  interleave "$REPS" "r2_time rs_al_rt_sqlite" "r2_time rs_rtr3_sqlite"
  row "real schemas ($1, sqlite): round trip each (autogenerate from empty, upgrade head, autogenerate again: $n operations found)" rs_al_rt_sqlite "$ALTOOL" rs_rtr3_sqlite
  row "" rs_rtr3_sqlite "same work, raw client: load the DDL in a new and a scratch database, dump both"
  al_vs "real schemas ($1, sqlite): round trip each (migrate: check; Alembic 1.8: autogenerate again)" rs_rt_sqlite rs_al_rt_sqlite
}
# The shell commands of r2_newdb / r2_load / a drop, for the timed scripts.
r2_newdb_cmd() {
  case $1 in
    sqlite) echo "rm -f \"$WORK/$2.db\"" ;;
    postgresql) echo "\"$PSQL\" -X -q \"$PG_ADMIN\" -c \"DROP DATABASE IF EXISTS $2\" -c \"CREATE DATABASE $2\"" ;;
    mariadb) echo "\"$MYCLI\" --defaults-file=\"$WORK/my.cnf\" -e \"DROP DATABASE IF EXISTS $2; CREATE DATABASE $2\"" ;;
  esac
}
r2_dropdb_cmd() {
  case $1 in
    sqlite) echo "rm -f \"$WORK/$2.db\"" ;;
    postgresql) echo "\"$PSQL\" -X -q \"$PG_ADMIN\" -c \"DROP DATABASE $2\"" ;;
    mariadb) echo "\"$MYCLI\" --defaults-file=\"$WORK/my.cnf\" -e \"DROP DATABASE $2\"" ;;
  esac
}
r2_load_cmd() {
  case $1 in
    sqlite) echo "\"$SQLITE3\" -bail \"$WORK/$2.db\" \".read $3\" >/dev/null" ;;
    postgresql) echo "\"$PSQL\" -X -q -v ON_ERROR_STOP=1 -f \"$3\" \"$(with_db "$PG_ADMIN" "$2")\" >/dev/null" ;;
    mariadb) echo "\"$MYCLI\" --defaults-file=\"$WORK/my.cnf\" $2 <\"$3\"" ;;
  esac
}

# ---- expression normalisation ---------------------------------------------
# The client reading the catalog check and diff compare: every CHECK clause
# and every column DEFAULT as the server keeps them.
r2_exprs_query() {
  case $1 in
    postgresql) echo "\"$PSQL\" -X -q -At -c \"SELECT conrelid::regclass, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND contype = 'c'\" -c \"SELECT adrelid::regclass, attname, pg_get_expr(adbin, adrelid) FROM pg_attrdef JOIN pg_attribute ON attrelid = adrelid AND attnum = adnum JOIN pg_class c ON c.oid = adrelid WHERE c.relnamespace = current_schema()::regnamespace\" \"$(with_db "$PG_ADMIN" "$2")\"" ;;
    mariadb) echo "\"$MYCLI\" --defaults-file=\"$WORK/my.cnf\" -N -B $2 -e \"SELECT table_name, constraint_name, check_clause FROM information_schema.CHECK_CONSTRAINTS WHERE constraint_schema = DATABASE(); SELECT table_name, column_name, column_default FROM information_schema.COLUMNS WHERE table_schema = DATABASE() AND column_default IS NOT NULL\"" ;;
  esac
}
r2_exprs() {
  local d="$1" p=$WORK/ex-$1
  say "expression normalisation: $NTAB tables on $d"
  mkdir -p "$WORK/ex-gen-$d"
  awk -f "$SRC/bench/gen2.awk" -v kind=exprs -v n="$NTAB" -v d="$d" -v dir="$WORK/ex-gen-$d"
  r2_project "$p" "$WORK/ex-gen-$d/models.sql" "$(r2_url "$d" "$R2PG")"
  # the database: one revision whose upgrade is the model text itself
  { printf -- '-- revision: bench0001\n-- down_revision: \n-- message: exprs\n-- dialect: %s\n\n-- +upgrade\n' "$d"
    cat "$WORK/ex-gen-$d/models.sql"; } >"$p/migrations/versions/bench0001_exprs.sql"
  r2_newdb "$d" "$R2PG"
  "$MIGRATE" -c "$p/migrate.ini" -q upgrade head >/dev/null 2>"$WORK/stderr" || failed_run "upgrade head (exprs, $d)" $?
  # check replays (no cache): models against the replay and the database
  "$MIGRATE" -c "$p/migrate.ini" --json check >"$WORK/ex.out" 2>/dev/null || true
  r2_nodiff "check, $NTAB tables, every CHECK and DEFAULT spelled otherwise, $d" "$WORK/ex.out"
  # and a real difference is still seen: one CHECK changed on the server
  r2_exprs_perturb "$d" "$p"
  r2_script "ex_dif_$d" <<EOF
"$MIGRATE" -c "$p/migrate.ini" --json diff --from db --to models >"$WORK/ex-dif.out"
grep -q '$R2_NODIFF_JSON' "$WORK/ex-dif.out"
EOF
  r2_script "ex_ck_$d" <<EOF
MIGRATE_CACHE_DIR="$WORK/ex-cache" "$MIGRATE" -c "$p/migrate.ini" --json check >"$WORK/ex-ck.out"
grep -q '$R2_NODIFF_JSON' "$WORK/ex-ck.out"
EOF
  r2_script "ex_q_$d" <<EOF
$(r2_exprs_query "$d" "$R2PG") >"$WORK/ex-q.out"
test -s "$WORK/ex-q.out"
EOF
  r2_pair "ex_dif_$d" "ex_q_$d" "expression normalisation, $NTAB tables (4 CHECKs, 5 DEFAULTs each, all spelled otherwise), $d: \`diff --from db --to models\`, no difference" migrate \
    "$(r2_client "$d") reading every CHECK and DEFAULT from the catalog"
  rm -rf "$WORK/ex-cache"
  /bin/sh "$WORK/ex_ck_$d.sh" >/dev/null 2>&1 || fail "check (exprs, $d): differences found where there are none"
  cp "$WORK/ex_q_$d.sh" "$WORK/ex_q2_$d.sh" # its own samples
  r2_pair "ex_ck_$d" "ex_q2_$d" "expression normalisation, $NTAB tables, $d: \`check\` (replay cache warm), no difference" migrate \
    "$(r2_client "$d") reading every CHECK and DEFAULT from the catalog"
}
r2_client() { case $1 in sqlite) echo sqlite3 ;; postgresql) echo psql ;; mariadb) echo "mariadb client" ;; esac; }
# r2_exprs_perturb D PROJECT: with x0001's qty CHECK changed on the server,
# diff must report it (exit 1, naming it); then it is put back.
r2_exprs_perturb() {
  local rc=0 q="ALTER TABLE x0001 DROP CONSTRAINT ck_x0001_qty"
  local b="ALTER TABLE x0001 DROP CONSTRAINT ck_x0001_qty" c="ALTER TABLE x0001 ADD CONSTRAINT ck_x0001_qty CHECK (qty>=0 and qty<1001)"
  case $1 in
    postgresql) pg "$(with_db "$PG_ADMIN" "$R2PG")" -c "$q" -c "ALTER TABLE x0001 ADD CONSTRAINT ck_x0001_qty CHECK (qty >= 1 AND qty < 1001)" ;;
    mariadb) my "$R2PG" -e "$q; ALTER TABLE x0001 ADD CONSTRAINT ck_x0001_qty CHECK (qty >= 1 AND qty < 1001)" ;;
  esac
  "$MIGRATE" -c "$2/migrate.ini" --json diff --from db --to models >"$WORK/ex.out" 2>&1 || rc=$?
  [ "$rc" = 1 ] && grep -q ck_x0001_qty "$WORK/ex.out" ||
    { head -c 2000 "$WORK/ex.out" >&2; fail "diff (exprs, $1) missed a changed CHECK (exit $rc)"; }
  case $1 in
    postgresql) pg "$(with_db "$PG_ADMIN" "$R2PG")" -c "$b" -c "$c" ;;
    mariadb) my "$R2PG" -e "$b; $c" ;;
  esac
}

# ---- views, triggers, functions -------------------------------------------
r2_objects() {
  local d="$1" p=$WORK/ob-$1 db=$R2PG u what
  [ "$d" = sqlite ] && db=ob-sqlite
  u=$(r2_url "$d" "$db")
  what="200 views, 200 triggers, 50 functions"; [ "$d" = sqlite ] && what="200 views, 200 triggers"
  say "objects: $NTAB tables, $what on $d"
  mkdir -p "$WORK/ob-gen-$d"
  awk -f "$SRC/bench/gen2.awk" -v kind=objects -v n="$NTAB" -v d="$d" -v dir="$WORK/ob-gen-$d"
  r2_project "$p" "$WORK/ob-gen-$d/models.sql" "$u"
  r2_newdb "$d" "$db"; r2_load "$d" "$db" "$WORK/ob-gen-$d/models.sql"
  "$MIGRATE" -c "$p/migrate.ini" inspect >"$WORK/ob.out" 2>"$WORK/ob.err" || failed_run "inspect (objects, $d)" $?
  [ ! -s "$WORK/ob.err" ] || { cat "$WORK/ob.err" >&2; fail "inspect (objects, $d) left objects out"; }
  for k in VIEW TRIGGER FUNCTION; do
    [ "$(grep -c "^CREATE\( OR REPLACE\)\{0,1\} $k" "$WORK/ob.out")" = "$(grep -c "^CREATE $k" "$p/models.sql")" ] ||
      fail "inspect (objects, $d) did not print every $k of the database"
  done
  "$MIGRATE" -c "$p/migrate.ini" --json diff --from db --to models >"$WORK/ob.out" 2>/dev/null || true
  r2_nodiff "diff --from db, $NTAB tables and $what, $d" "$WORK/ob.out"
  r2_script "ob_ins_$d" <<EOF
"$MIGRATE" -c "$p/migrate.ini" inspect >"$WORK/ob-ins.out"
EOF
  r2_script "ob_dif_$d" <<EOF
"$MIGRATE" -c "$p/migrate.ini" --json diff --from db --to models >"$WORK/ob-dif.out"
grep -q '$R2_NODIFF_JSON' "$WORK/ob-dif.out"
EOF
  r2_script "ob_dmp_$d" <<EOF
$(r2_dump "$d" "$db") >"$WORK/ob-dmp.out"
EOF
  r2_pair "ob_ins_$d" "ob_dmp_$d" "objects: $NTAB tables, $what, $d: \`inspect\`" migrate "$(r2_dump_name "$d")"
  cp "$WORK/ob_dmp_$d.sh" "$WORK/ob_dmp2_$d.sh" # its own samples
  r2_pair "ob_dif_$d" "ob_dmp2_$d" "objects: $NTAB tables, $what, $d: \`diff --from db --to models\`, no difference" migrate "$(r2_dump_name "$d")"
}

# ---- one history, three dialects -----------------------------------------
r2_multi() {
  local p=$WORK/mu n=$NTAB d S2=migrate_bench_r2s_$$
  say "three-dialect check: $n tables (sqlite, postgresql, mariadb sections)"
  r2_project "$p" "$MODELS/models.sql" "sqlite:///$WORK/mu.db"
  printf 'dialects = sqlite, postgresql, mariadb\ncheck_url.postgresql = %s\ncheck_url.mariadb = %s\n' \
    "$PG_URL" "$MY_URL" >>"$p/migrate.ini"
  # one revision per 1,000 tables (as run.sh's check project), each with
  # the three dialects' upgrade sections and an empty generic downgrade
  for d in sqlite postgresql mariadb; do
    grep -v '^BEGIN;$\|^COMMIT;$' "$MODELS/load-$d.sql" |
      awk -v base="$WORK/mu-$d" '/^CREATE TABLE/ { if (tables % 1000 == 0) { k++; if (f) close(f); f = sprintf("%s.%d", base, k) } tables++ } { print > f }'
    grep -v '^BEGIN;$\|^COMMIT;$' "$MODELS/load-$d.sql" |
      awk '/^CREATE TABLE/ { if (tables % 1000 == 0) { if (tables) print "COMMIT;"; print "BEGIN;" } tables++ } { print } END { print "COMMIT;" }' >"$WORK/mu-replay-$d.sql"
  done
  k=1 prev=
  while [ -f "$WORK/mu-sqlite.$k" ]; do
    id=$(printf 'multi%04d' "$k")
    { printf -- '-- revision: %s\n-- down_revision: %s\n-- message: generated schema %d\n-- dialect: sqlite, postgresql, mariadb\n' "$id" "$prev" "$k"
      for d in sqlite postgresql mariadb; do printf '\n-- +upgrade %s\n' "$d"; cat "$WORK/mu-$d.$k"; done
      printf '\n-- +downgrade\n'; } >"$p/migrations/versions/${id}_schema.sql"
    prev=$id k=$((k + 1))
  done
  rm -f "$WORK/mu.db"
  "$MIGRATE" -c "$p/migrate.ini" -q upgrade head >/dev/null 2>"$WORK/stderr" || failed_run "upgrade head (three dialects)" $?
  "$MIGRATE" -c "$p/migrate.ini" --json check >"$WORK/mu.out" 2>"$WORK/mu.err" || true
  r2_nodiff "check of the three-dialect history, $n tables" "$WORK/mu.out"
  ! grep -qi skip "$WORK/mu.err" || { cat "$WORK/mu.err" >&2; fail "check (three dialects) skipped a dialect"; }
  r2_script mu_ck <<EOF
"$MIGRATE" -c "$p/migrate.ini" --json check >"$WORK/mu-ck.out"
grep -q '$R2_NODIFF_JSON' "$WORK/mu-ck.out"
EOF
  r2_script mu_raw <<EOF
"$SQLITE3" '' "PRAGMA cache_size = -16384" ".read $WORK/mu-replay-sqlite.sql" .schema >/dev/null
$(r2_newdb_cmd postgresql "$S2")
"$PSQL" -X -q -v ON_ERROR_STOP=1 -f "$WORK/mu-replay-postgresql.sql" "$(with_db "$PG_ADMIN" "$S2")" >/dev/null
"$PGDUMP" --schema-only "$(with_db "$PG_ADMIN" "$S2")" >/dev/null
$(r2_dropdb_cmd postgresql "$S2")
$(r2_newdb_cmd mariadb "$S2")
"$MYCLI" --defaults-file="$WORK/my.cnf" $S2 <"$WORK/mu-replay-mariadb.sql"
"$MYDUMP" --defaults-file="$WORK/my.cnf" --no-data $S2 >/dev/null
$(r2_dropdb_cmd mariadb "$S2")
"$SQLITE3" "$WORK/mu.db" .schema >/dev/null
EOF
  echo "$S2" >>"$WORK/r2-dbs"
  r2_pair mu_ck mu_raw "\`check\`, one history with sqlite, postgresql and mariadb sections, $n tables, no difference" migrate \
    "same work, raw clients: replay each dialect's sections on a scratch database (SQLite in memory), dump it, then sqlite3 .schema of the database"
}

# ---- lint with statistics -------------------------------------------------
r2_lint_query() {
  case $1 in
    postgresql) echo "\"$PSQL\" -X -q -At -c \"SELECT c.relname, c.reltuples, pg_total_relation_size(c.oid) FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'\" \"$(with_db "$PG_ADMIN" "$2")\"" ;;
    mariadb) echo "\"$MYCLI\" --defaults-file=\"$WORK/my.cnf\" -N -B $2 -e \"SELECT table_name, table_rows, data_length + index_length FROM information_schema.TABLES WHERE table_schema = DATABASE()\"" ;;
  esac
}
r2_lint() {
  local d="$1" p=$WORK/li-$1 n=$NTAB got
  say "lint with statistics: $n pending revisions on $d"
  r2_project "$p" "$MODELS/models.sql" "$(r2_url "$d" "$R2PG_B")"
  { printf -- '-- revision: bench0001\n-- down_revision: \n-- message: schema\n-- dialect: %s\n\n-- +upgrade\n' "$d"
    grep -v '^BEGIN;$\|^COMMIT;$' "$MODELS/load-$d.sql"; } >"$p/migrations/versions/bench0001_schema.sql"
  r2_newdb "$d" "$R2PG_B"
  if [ "$n" -gt 1000 ] && [ "$d" = postgresql ]; then fail "lint: BENCH_TABLES > 1000 needs one base revision per 1,000 tables"; fi
  "$MIGRATE" -c "$p/migrate.ini" -q upgrade head >/dev/null 2>"$WORK/stderr" || failed_run "upgrade head (lint, $d)" $?
  # statistics as a live database has them (a new PostgreSQL table has
  # none: reltuples -1 until it is analysed)
  [ "$d" = postgresql ] && pg "$(with_db "$PG_ADMIN" "$R2PG_B")" -c ANALYZE
  awk -f "$SRC/bench/gen2.awk" -v kind=lint -v n="$n" -v d="$d" -v dir="$p"
  "$MIGRATE" -c "$p/migrate.ini" --json lint >"$WORK/li.out" 2>/dev/null && fail "lint ($d) found no error"
  got=$(grep -o '"rule":"add-not-null-column"[^}]*"rows":[0-9]*,"bytes":[0-9]*' "$WORK/li.out" | wc -l)
  [ "$got" = "$n" ] ||
    { head -c 2000 "$WORK/li.out" >&2; echo >&2; fail "lint ($d): want $n add-not-null-column findings with rows and bytes, got $got"; }
  r2_script "li_m_$d" <<EOF
"$MIGRATE" -c "$p/migrate.ini" --json lint >"$WORK/li-m.out" || test \$? = 1
EOF
  r2_script "li_q_$d" <<EOF
$(r2_lint_query "$d" "$R2PG_B") >"$WORK/li-q.out"
test -s "$WORK/li-q.out"
EOF
  r2_pair "li_m_$d" "li_q_$d" "\`lint\` with statistics, $n pending revisions (one table each), $d" migrate \
    "$(r2_client "$d") querying the same statistics of every table"
}

# ---- the targets of these rows (called by run.sh's targets) ---------------
r2_targets() {
  local d l
  for d in sqlite postgresql mariadb; do
    l=$(r2_limit "$d")
    target "real schemas, $d: \`inspect\` vs $(r2_dump_name "$d") (issue 24; issue 9's limit)" "rs_ins_$d" "rs_dmp_$d" "$l"
    target "real schemas, $d: \`diff --from db --to models\`, no difference, vs $(r2_dump_name "$d") (issue 24; issue 9's limit)" "rs_dif_$d" "rs_dmp2_$d" "$l"
    target "real schemas, $d: round trip vs the raw client's same work (issue 24; issue 9's limit)" "rs_rt_$d" "rs_rtr_$d" "$l"
  done
  for d in postgresql mariadb; do
    target "expression normalisation, $NTAB tables, $d: \`diff\`, zero differences, vs the client reading the catalog (issue 24; 3x, as SQLite's check vs .schema)" "ex_dif_$d" "ex_q_$d" 3
    target "expression normalisation, $NTAB tables, $d: \`check\` (cache warm), zero differences, vs the client reading the catalog (issue 24; 3x)" "ex_ck_$d" "ex_q2_$d" 3
  done
  for d in sqlite postgresql mariadb; do
    l=$(r2_limit "$d")
    target "views/triggers/functions, $NTAB tables, $d: \`inspect\` vs $(r2_dump_name "$d") (issue 20; issue 9's limit)" "ob_ins_$d" "ob_dmp_$d" "$l"
    target "views/triggers/functions, $NTAB tables, $d: \`diff\`, zero differences, vs $(r2_dump_name "$d") (issue 20; issue 9's limit)" "ob_dif_$d" "ob_dmp2_$d" "$l"
  done
  target "three-dialect \`check\`, $NTAB tables, vs the raw clients' same replays (issue 21; ≤ 1.10x, as upgrade on MariaDB)" mu_ck mu_raw 1.10
  for d in postgresql mariadb; do
    target "\`lint\` with statistics, $NTAB revisions, $d, vs the client's statistics query (issue 24; 3x)" "li_m_$d" "li_q_$d" 3
  done
}

# ---- the sections ----------------------------------------------------------
r2_dialect_up() {
  case $1 in sqlite) return 0 ;; postgresql) [ -n "$PG_URL" ] ;; mariadb) [ -n "$MY_URL" ] ;; esac
}
if want realschema; then
  for d in sqlite postgresql mariadb; do r2_dialect_up "$d" && r2_realschema "$d"; done
fi
if want exprs; then
  for d in postgresql mariadb; do r2_dialect_up "$d" && r2_exprs "$d"; done
fi
if want objects; then
  for d in sqlite postgresql mariadb; do r2_dialect_up "$d" && r2_objects "$d"; done
fi
if want multi; then
  if [ -n "$PG_URL" ] && [ -n "$MY_URL" ]; then r2_multi
  else SKIPPED="$SKIPPED three-dialect check (needs both servers)"; fi
fi
if want lint; then
  for d in postgresql mariadb; do r2_dialect_up "$d" && r2_lint "$d"; done
fi
if [ -z "$ALPY" ]; then
  R2_ALEMBIC="Not run: Alembic is not installed here (python3 -c 'import alembic' fails). Of these rows Alembic could do the reflect/diff of the real schemas' tables (autogenerate); it models no views, triggers or functions, has no multi-dialect check and no lint."
else
  R2_ALEMBIC="Alembic ran the real schemas' diff and round trip on SQLite (rows above; its round trip holds tables only, and its second autogenerate found ${RS_AL_RT_OPS:-?} operations). Not on PostgreSQL / MariaDB: $( [ -n "$ALPY_PG" ] && echo "not written yet" || echo "no driver for that Python (python3-psycopg2, a MySQL driver)"). Not for the other rows: Alembic models no views, triggers or functions, compares no CHECK constraints, has no multi-dialect check and no lint."
fi
