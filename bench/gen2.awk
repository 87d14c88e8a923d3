# gen2.awk - the schemas of the bench's issue-24 rows (bench/round2.sh),
# deterministic (no randomness at all): awk -f gen2.awk -v kind=K -v n=N
# -v d=DIALECT -v dir=DIR
#
#   kind=exprs  (d = postgresql | mariadb) DIR/models.sql: N tables whose
#       every CHECK and DEFAULT is spelled otherwise than the server prints
#       it back (spacing, case, parentheses, BETWEEN, IN lists, casts the
#       server adds, CURRENT_TIMESTAMP's spellings, .5 for 0.50); the model
#       file is also the DDL the raw client loads.
#   kind=objects (d = sqlite | postgresql | mariadb) DIR/models.sql: N
#       tables, 200 views, 200 triggers and 50 functions where the dialect
#       has them (SQLite: views and triggers); also the DDL the raw client
#       loads.
#   kind=lint   DIR/migrations/versions/: N revisions after the base
#       revision `bench0001` (bench/run.sh's check project), each adding a
#       NOT NULL column without a default to one table tNNNN: one
#       add-not-null-column finding per table, each with its statistics.
#
# Views, triggers and functions are spread over the first tables; counts
# shrink with N (at most N of each) so the small sizes stay valid.
BEGIN {
    if (kind == "exprs") exprs()
    else if (kind == "objects") objects()
    else if (kind == "lint") lint()
    else { print "gen2.awk: unknown kind " kind > "/dev/stderr"; exit 2 }
    exit 0
}

function min(a, b) { return a < b ? a : b }

function exprs(   f, i, t, ts) {
    f = dir "/models.sql"
    # MariaDB prints current_timestamp(), PostgreSQL CURRENT_TIMESTAMP:
    # the model says it the other way round
    ts = d == "mariadb" ? "CURRENT_TIMESTAMP" : "current_timestamp"
    for (i = 1; i <= n; i++) {
        t = sprintf("x%04d", i)
        printf "CREATE TABLE %s (\n", t > f
        printf "    id INTEGER NOT NULL,\n" > f
        printf "    qty INTEGER NOT NULL DEFAULT (%d),\n", i % 7 > f
        printf "    price NUMERIC(10,2) DEFAULT .5,\n" > f
        printf "    status VARCHAR(10) NOT NULL DEFAULT ('new'),\n" > f
        if (d == "mariadb")
            printf "    name VARCHAR(40) DEFAULT (concat('n','%d')),\n", i > f
        else
            printf "    name VARCHAR(40) DEFAULT ('n'||'%d'),\n", i > f
        printf "    created TIMESTAMP NOT NULL DEFAULT %s,\n", ts > f
        printf "    CONSTRAINT pk_%s PRIMARY KEY (id),\n", t > f
        printf "    CONSTRAINT ck_%s_qty CHECK (qty>=0 and qty<%d),\n", t, 1000 + i > f
        printf "    CONSTRAINT ck_%s_price CHECK (price between 0 and 1000),\n", t > f
        printf "    CONSTRAINT ck_%s_status CHECK (status in ('new','paid','gone')),\n", t > f
        printf "    CONSTRAINT ck_%s_name CHECK (lower(name)<>'')\n", t > f
        printf ");\n" > f
    }
    close(f)
}

function objects(   f, i, t, nv, ntr, nf) {
    f = dir "/models.sql"
    nv = min(200, n); ntr = min(200, n); nf = d == "sqlite" ? 0 : min(50, n)
    for (i = 1; i <= n; i++) {
        t = sprintf("o%04d", i)
        printf "CREATE TABLE %s (\n    id INTEGER NOT NULL,\n    qty INTEGER NOT NULL,\n    note VARCHAR(40),\n    CONSTRAINT pk_%s PRIMARY KEY (id)\n);\n", t, t > f
    }
    for (i = 1; i <= nf; i++) {
        if (d == "postgresql")
            printf "CREATE FUNCTION f%04d() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    NEW.qty := NEW.qty + %d;\n    RETURN NEW;\nEND\n$$;\n", i, i > f
        else
            printf "CREATE FUNCTION f%04d(x INTEGER) RETURNS INTEGER DETERMINISTIC RETURN x + %d;\n", i, i > f
    }
    for (i = 1; i <= nv; i++)
        printf "CREATE VIEW v%04d AS SELECT id, qty FROM o%04d WHERE qty > %d;\n", i, i, i > f
    for (i = 1; i <= ntr; i++) {
        t = sprintf("o%04d", i)
        if (d == "postgresql")
            printf "CREATE TRIGGER tr%04d BEFORE INSERT ON %s FOR EACH ROW EXECUTE FUNCTION f%04d();\n", i, t, (i - 1) % nf + 1 > f
        else if (d == "mariadb")
            printf "CREATE TRIGGER tr%04d BEFORE INSERT ON %s FOR EACH ROW SET NEW.qty = f%04d(NEW.qty);\n", i, t, (i - 1) % nf + 1 > f
        else
            printf "CREATE TRIGGER tr%04d AFTER INSERT ON %s BEGIN UPDATE %s SET qty = qty + 1 WHERE id = NEW.id; END;\n", i, t, t > f
    }
    close(f)
}

function lint(   f, i, prev, id) {
    prev = "bench0001"
    for (i = 1; i <= n; i++) {
        id = sprintf("lint%04d", i)
        f = sprintf("%s/migrations/versions/%s_note.sql", dir, id)
        printf "-- revision: %s\n-- down_revision: %s\n-- message: note on t%04d\n-- dialect: %s\n\n", id, prev, i, d > f
        printf "-- +upgrade\nALTER TABLE t%04d ADD COLUMN lint_note INTEGER NOT NULL;\n\n", i > f
        printf "-- +downgrade\nALTER TABLE t%04d DROP COLUMN lint_note;\n", i > f
        close(f)
        prev = id
    }
}
