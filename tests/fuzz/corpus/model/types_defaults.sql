-- types, defaults, table options
CREATE TABLE IF NOT EXISTS "Odd ""name""" (
    a INT, b INT,
    c DOUBLE PRECISION DEFAULT -1.5,
    d CHARACTER VARYING(20)[] DEFAULT '{}'::character varying[],
    e TIMESTAMP(3) WITH TIME ZONE DEFAULT now(),
    f NUMERIC(10, 2) DEFAULT (1 + 2) CHECK (f > 0),
    g UNSIGNED BIG INT DEFAULT NULL,
    h BLOB DEFAULT X'00ff' COLLATE binary,
    `i``j` TEXT NOT NULL ON CONFLICT REPLACE,
    [k l] VARCHAR(5) UNIQUE,
    PRIMARY KEY (a DESC, b),
    CONSTRAINT named CHECK (b > 0 AND ')' <> '('),
    CHECK (a <> b)
) WITHOUT ROWID, STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS ux ON "Odd ""name""" USING btree
    (lower([k l]) DESC, `i``j` COLLATE "C" ASC NULLS LAST)
    WHERE (a > 0) AND [k l] IS NOT NULL;
CREATE INDEX ON "Odd ""name""" (c);
