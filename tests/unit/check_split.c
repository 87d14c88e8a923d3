/* check_split.c - tests of mg_split: tables of SQL text and flags, each with
 * the exact statements (line, text, block flag) or the exact error message
 * and line it must give, plus large inputs that a non-linear splitter would
 * not finish within the test timeout. */
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "mg_split.h"

#define PG      (MG_SPLIT_DOLLAR_QUOTES | MG_SPLIT_E_STRINGS)
#define MARIA   (MG_SPLIT_HASH_COMMENTS | MG_SPLIT_BACKSLASH_ESCAPES | \
                 MG_SPLIT_DELIMITER)
#define MAX_OUT 8

typedef struct exp_stmt {
    int         line;       /* expected line */
    const char *sql;        /* expected text, NULL ends the list */
    int         block;      /* expected mg_stmtlist_is_block */
} exp_stmt;

typedef struct ok_case {
    const char  *sql;       /* input */
    size_t       len;       /* its length, 0 for strlen(sql) */
    unsigned int flags;     /* MG_SPLIT_* */
    int          first_line; /* 0 for 1 */
    exp_stmt     out[MAX_OUT]; /* expected statements */
} ok_case;

static const ok_case ok_cases[] = {
    /* empty and blank input, empty statements */
    { "", 0, 0, 0, { { 0, NULL, 0 } } },
    { " \n\t\r\n ", 0, MARIA, 0, { { 0, NULL, 0 } } },
    { ";;\n; SELECT 1;;", 0, 0, 0, { { 2, "SELECT 1", 0 } } },
    { "SELECT 1;\nSELECT 2;\n", 0, 0, 0,
      { { 1, "SELECT 1", 0 }, { 2, "SELECT 2", 0 } } },
    { "SELECT 1;\n  SELECT 2  \n", 0, 0, 0,
      { { 1, "SELECT 1", 0 }, { 2, "SELECT 2", 0 } } },
    /* only len bytes count */
    { "SELECT 1;SELECT 2XYZ", 17, 0, 0,
      { { 1, "SELECT 1", 0 }, { 1, "SELECT 2", 0 } } },
    /* comments: leading and trailing ones go, inner ones stay */
    { "-- head; 'x\n/* c; \"y */ SELECT 1; -- tail ;\n", 0, 0, 0,
      { { 2, "SELECT 1", 0 } } },
    { "-- a\n/* b */\n", 0, 0, 0, { { 0, NULL, 0 } } },
    { "SELECT 1 -- c\n;SELECT 2 /* d */", 0, 0, 0,
      { { 1, "SELECT 1", 0 }, { 2, "SELECT 2", 0 } } },
    { "SELECT /* ; */ 1 -- x;\n + 2;", 0, 0, 0,
      { { 1, "SELECT /* ; */ 1 -- x;\n + 2", 0 } } },
    { "-- it's\nSELECT 1 /* \" ` ' */;# don't\nSELECT 2", 0,
      MG_SPLIT_HASH_COMMENTS, 0,
      { { 2, "SELECT 1", 0 }, { 3, "SELECT 2", 0 } } },
    /* first_line and line counting through multi-line tokens */
    { "\n\nSELECT 1;\nSELECT\n2;", 0, 0, 10,
      { { 12, "SELECT 1", 0 }, { 13, "SELECT\n2", 0 } } },
    { "/* a\nb */ SELECT 'x\ny'\n, 1; SELECT\n\"q\nr\"; -- \n SELECT `a\nb`;",
      0, 0, 0,
      { { 2, "SELECT 'x\ny'\n, 1", 0 }, { 4, "SELECT\n\"q\nr\"", 0 },
        { 7, "SELECT `a\nb`", 0 } } },
    /* CRLF line endings */
    { "SELECT 1;\r\nSELECT 'a\r\nb';\r\n-- c\r\nSELECT 3\r\n", 0, 0, 0,
      { { 1, "SELECT 1", 0 }, { 2, "SELECT 'a\r\nb'", 0 },
        { 5, "SELECT 3", 0 } } },
    /* strings and quoted identifiers */
    { "SELECT 'a;b', 'it''s;', '--x', '/*';SELECT 2", 0, 0, 0,
      { { 1, "SELECT 'a;b', 'it''s;', '--x', '/*'", 0 },
        { 1, "SELECT 2", 0 } } },
    { "SELECT 'a\\';SELECT 2", 0, 0, 0,
      { { 1, "SELECT 'a\\'", 0 }, { 1, "SELECT 2", 0 } } },
    { "SELECT 'a\\';b';SELECT 2", 0, MG_SPLIT_BACKSLASH_ESCAPES, 0,
      { { 1, "SELECT 'a\\';b'", 0 }, { 1, "SELECT 2", 0 } } },
    { "SELECT 'a\\\nb';\nSELECT 2", 0, MG_SPLIT_BACKSLASH_ESCAPES, 0,
      { { 1, "SELECT 'a\\\nb'", 0 }, { 3, "SELECT 2", 0 } } },
    { "SELECT \"a;\"\"b\" FROM t;x", 0, 0, 0,
      { { 1, "SELECT \"a;\"\"b\" FROM t", 0 }, { 1, "x", 0 } } },
    { "SELECT \"a\\\";\";x", 0, MG_SPLIT_BACKSLASH_ESCAPES, 0,
      { { 1, "SELECT \"a\\\";\"", 0 }, { 1, "x", 0 } } },
    { "SELECT \"a\\\";x", 0, 0, 0,
      { { 1, "SELECT \"a\\\"", 0 }, { 1, "x", 0 } } },
    { "SELECT `a;``b\\` FROM t;x", 0, MG_SPLIT_BACKSLASH_ESCAPES, 0,
      { { 1, "SELECT `a;``b\\` FROM t", 0 }, { 1, "x", 0 } } },
    { "SELECT '/*', \"--\", `#`;SELECT 2", 0, MG_SPLIT_HASH_COMMENTS, 0,
      { { 1, "SELECT '/*', \"--\", `#`", 0 }, { 1, "SELECT 2", 0 } } },
    /* # comments only with the flag, and only at the start of a token */
    { "SELECT 1 # c;\n;SELECT 2", 0, MG_SPLIT_HASH_COMMENTS, 0,
      { { 1, "SELECT 1", 0 }, { 2, "SELECT 2", 0 } } },
    { "SELECT 1 # c;\n;SELECT 2", 0, 0, 0,
      { { 1, "SELECT 1 # c", 0 }, { 2, "SELECT 2", 0 } } },
    { "SELECT a#b;c", 0, MG_SPLIT_HASH_COMMENTS, 0,
      { { 1, "SELECT a#b", 0 }, { 1, "c", 0 } } },
    /* MariaDB wants a blank or control character after -- */
    { "SELECT 1--1;SELECT 2", 0, MG_SPLIT_HASH_COMMENTS, 0,
      { { 1, "SELECT 1--1", 0 }, { 1, "SELECT 2", 0 } } },
    { "SELECT 1--1;SELECT 2", 0, 0, 0, { { 1, "SELECT 1", 0 } } },
    { "SELECT 1 --\tc;\nSELECT 2 --", 0, MG_SPLIT_HASH_COMMENTS, 0,
      { { 1, "SELECT 1 --\tc;\nSELECT 2", 0 } } },
    /* MariaDB executable comments are statements */
    { "/*!40101 SET x=1 */;\n/* plain */;\n/*M!100100 SET y=2 */;", 0,
      MG_SPLIT_HASH_COMMENTS, 0,
      { { 1, "/*!40101 SET x=1 */", 0 }, { 3, "/*M!100100 SET y=2 */", 0 } } },
    { "/*!40101 SET x=1 */;\n/* plain */;", 0, 0, 0, { { 0, NULL, 0 } } },
    /* block comments nest only with dollar quotes (PostgreSQL) */
    { "/* a /* b */ SELECT 1; */", 0, 0, 0,
      { { 1, "SELECT 1", 0 }, { 1, "*/", 0 } } },
    { "/* a /* b */ SELECT 1; */ SELECT 2;", 0, PG, 0,
      { { 1, "SELECT 2", 0 } } },
    { "/*/ SELECT 1; */ SELECT 2;", 0, 0, 0, { { 1, "SELECT 2", 0 } } },
    /* dollar quotes */
    { "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$"
      " LANGUAGE plpgsql;\nSELECT 2;", 0, PG, 0,
      { { 1, "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$"
             " LANGUAGE plpgsql", 0 }, { 2, "SELECT 2", 0 } } },
    { "SELECT $fn$ a $$ ; $ $fn $fnx$ $FN$ $fn$; SELECT 2", 0, PG, 0,
      { { 1, "SELECT $fn$ a $$ ; $ $fn $fnx$ $FN$ $fn$", 0 },
        { 1, "SELECT 2", 0 } } },
    { "SELECT $_a1$;$_a1$;SELECT $$\n;\n$$;\nSELECT 3", 0, PG, 0,
      { { 1, "SELECT $_a1$;$_a1$", 0 }, { 1, "SELECT $$\n;\n$$", 0 },
        { 4, "SELECT 3", 0 } } },
    { "SELECT $1;SELECT $2 + $1a$;SELECT 3", 0, PG, 0,
      { { 1, "SELECT $1", 0 }, { 1, "SELECT $2 + $1a$", 0 },
        { 1, "SELECT 3", 0 } } },
    { "SELECT a$b$; SELECT $x$;$x$", 0, PG, 0,
      { { 1, "SELECT a$b$", 0 }, { 1, "SELECT $x$;$x$", 0 } } },
    { "SELECT $$;$$", 0, 0, 0,
      { { 1, "SELECT $$", 0 }, { 1, "$$", 0 } } },
    /* E'' strings */
    { "SELECT E'\\'; x';y", 0, MG_SPLIT_E_STRINGS, 0,
      { { 1, "SELECT E'\\'; x'", 0 }, { 1, "y", 0 } } },
    { "SELECT e'a''\\\\';y", 0, MG_SPLIT_E_STRINGS, 0,
      { { 1, "SELECT e'a''\\\\'", 0 }, { 1, "y", 0 } } },
    { "SELECT xe'\\';y", 0, MG_SPLIT_E_STRINGS, 0,
      { { 1, "SELECT xe'\\'", 0 }, { 1, "y", 0 } } },
    /* SQLite triggers */
    { "CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE y SET n = n + 1;"
      " SELECT CASE WHEN 1 THEN 2 END; END;\nSELECT 1;", 0, 0, 0,
      { { 1, "CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE y SET n = n +"
             " 1; SELECT CASE WHEN 1 THEN 2 END; END", 1 },
        { 2, "SELECT 1", 0 } } },
    { "create temp trigger if not exists t after insert on x\nbegin\n"
      "  select case when new.a then 1 else case 2 when 2 then 3 end end;\n"
      "end;select 1", 0, 0, 0,
      { { 1, "create temp trigger if not exists t after insert on x\nbegin\n"
             "  select case when new.a then 1 else case 2 when 2 then 3 end"
             " end;\nend", 1 }, { 4, "select 1", 0 } } },
    { "CREATE TRIGGER t AFTER UPDATE ON x WHEN new.begin <> old.end"
      " BEGIN SELECT 1; END;\nSELECT 2;", 0, 0, 0,
      { { 1, "CREATE TRIGGER t AFTER UPDATE ON x WHEN new.begin <> old.end"
             " BEGIN SELECT 1; END", 1 }, { 2, "SELECT 2", 0 } } },
    { "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 'END;', \"end\";"
      " /* END; */ SELECT 1; -- END;\nEND;SELECT 2", 0, 0, 0,
      { { 1, "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 'END;',"
             " \"end\"; /* END; */ SELECT 1; -- END;\nEND", 1 },
        { 2, "SELECT 2", 0 } } },
    /* an unfinished body keeps the rest as one statement */
    { "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;\nSELECT 2;\n",
      0, 0, 0,
      { { 1, "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;\n"
             "SELECT 2;", 1 } } },
    /* BEGIN as a transaction, and tables are not routines */
    { "BEGIN;\nCREATE TABLE t(a);\nEND;\nCOMMIT;", 0, 0, 0,
      { { 1, "BEGIN", 0 }, { 2, "CREATE TABLE t(a)", 0 }, { 3, "END", 0 },
        { 4, "COMMIT", 0 } } },
    { "CREATE TABLE event_log (event TEXT, begin INT);\nSELECT 1;", 0, 0, 0,
      { { 1, "CREATE TABLE event_log (event TEXT, begin INT)", 0 },
        { 2, "SELECT 1", 0 } } },
    { "CREATE DEFINER=CURRENT_USER VIEW v AS SELECT begin FROM function;\n"
      "SELECT 2;", 0, MARIA, 0,
      { { 1, "CREATE DEFINER=CURRENT_USER VIEW v AS SELECT begin FROM"
             " function", 0 }, { 2, "SELECT 2", 0 } } },
    { "SELECT 1 FROM t WHERE trigger BEGIN;x", 0, 0, 0,
      { { 1, "SELECT 1 FROM t WHERE trigger BEGIN", 0 }, { 1, "x", 0 } } },
    /* PostgreSQL */
    { "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql\n"
      "BEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\nEND;\n"
      "SELECT f(1);", 0, PG, 0,
      { { 1, "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql\n"
             "BEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n"
             "END", 1 }, { 5, "SELECT f(1)", 0 } } },
    { "CREATE CONSTRAINT TRIGGER t AFTER INSERT ON x FOR EACH ROW EXECUTE"
      " FUNCTION f();\nSELECT 1;", 0, PG, 0,
      { { 1, "CREATE CONSTRAINT TRIGGER t AFTER INSERT ON x FOR EACH ROW"
             " EXECUTE FUNCTION f()", 0 }, { 2, "SELECT 1", 0 } } },
    /* MariaDB routines without DELIMITER */
    { "CREATE PROCEDURE p()\nBEGIN\n"
      "  DECLARE done INT DEFAULT 0;\n"
      "  DECLARE c CURSOR FOR SELECT a FROM t FOR UPDATE;\n"
      "  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;\n"
      "  lbl: LOOP\n"
      "    IF done THEN LEAVE lbl; ELSEIF IF(done, 1, 0) THEN SELECT 1;"
      " END IF;\n"
      "  END LOOP lbl;\n"
      "  WHILE done > 0 DO SET done = done - 1; END WHILE;\n"
      "  REPEAT SET done = done + 1; UNTIL done > 3 END REPEAT;\n"
      "  CASE done WHEN 1 THEN SELECT 1; ELSE BEGIN END; END CASE;\n"
      "  FOR i IN 1..3 DO SELECT i; END FOR;\n"
      "  CREATE TABLE IF NOT EXISTS u (a INT);\n"
      "END;\nSELECT 2;", 0, MARIA, 0,
      { { 1, "CREATE PROCEDURE p()\nBEGIN\n"
             "  DECLARE done INT DEFAULT 0;\n"
             "  DECLARE c CURSOR FOR SELECT a FROM t FOR UPDATE;\n"
             "  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;\n"
             "  lbl: LOOP\n"
             "    IF done THEN LEAVE lbl; ELSEIF IF(done, 1, 0) THEN SELECT"
             " 1; END IF;\n"
             "  END LOOP lbl;\n"
             "  WHILE done > 0 DO SET done = done - 1; END WHILE;\n"
             "  REPEAT SET done = done + 1; UNTIL done > 3 END REPEAT;\n"
             "  CASE done WHEN 1 THEN SELECT 1; ELSE BEGIN END; END CASE;\n"
             "  FOR i IN 1..3 DO SELECT i; END FOR;\n"
             "  CREATE TABLE IF NOT EXISTS u (a INT);\n"
             "END", 1 }, { 15, "SELECT 2", 0 } } },
    { "CREATE DEFINER=`root`@`localhost` TRIGGER t BEFORE INSERT ON x FOR"
      " EACH ROW BEGIN SET NEW.a = 1; END;\n"
      "CREATE OR REPLACE DEFINER = root@localhost PROCEDURE p() lbl: BEGIN"
      " SELECT 1; END lbl;\n"
      "CREATE DEFINER='u'@'%' EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN"
      " DELETE FROM t; END;\n"
      "CREATE AGGREGATE FUNCTION g(x INT) RETURNS INT BEGIN RETURN 1; END;\n"
      "SELECT 5;", 0, MARIA, 0,
      { { 1, "CREATE DEFINER=`root`@`localhost` TRIGGER t BEFORE INSERT ON x"
             " FOR EACH ROW BEGIN SET NEW.a = 1; END", 1 },
        { 2, "CREATE OR REPLACE DEFINER = root@localhost PROCEDURE p() lbl:"
             " BEGIN SELECT 1; END lbl", 1 },
        { 3, "CREATE DEFINER='u'@'%' EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN"
             " DELETE FROM t; END", 1 },
        { 4, "CREATE AGGREGATE FUNCTION g(x INT) RETURNS INT BEGIN RETURN 1;"
             " END", 1 },
        { 5, "SELECT 5", 0 } } },
    { "CREATE FUNCTION f() RETURNS INT RETURN CASE WHEN 1 THEN 2 END;\n"
      "SELECT 2;", 0, MARIA, 0,
      { { 1, "CREATE FUNCTION f() RETURNS INT RETURN CASE WHEN 1 THEN 2 END",
          0 }, { 2, "SELECT 2", 0 } } },
    /* DELIMITER */
    { "DELIMITER //\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND//\n"
      "DELIMITER ;\nSELECT 2;", 0, MARIA, 0,
      { { 2, "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND", 1 },
        { 7, "SELECT 2", 0 } } },
    { "delimiter $$\nCREATE FUNCTION f() RETURNS INT\nBEGIN\n  RETURN 1;\n"
      "END$$\nSELECT 'a$$b'$$ SELECT 2 $$\nDelimiter ; trailing words\n"
      "SELECT 3;", 0, MARIA, 0,
      { { 2, "CREATE FUNCTION f() RETURNS INT\nBEGIN\n  RETURN 1;\nEND", 1 },
        { 6, "SELECT 'a$$b'", 0 }, { 6, "SELECT 2", 0 },
        { 8, "SELECT 3", 0 } } },
    { "DELIMITER ;;\nSELECT 1; SELECT 2;;\nDELIMITER ;\nSELECT 3;", 0,
      MARIA, 0,
      { { 2, "SELECT 1; SELECT 2", 1 }, { 4, "SELECT 3", 0 } } },
    { "DELIMITER //\nCREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN"
      " END; SELECT 1//", 0, MARIA, 0,
      { { 2, "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN END;"
             " SELECT 1", 1 } } },
    { "-- x\r\n  DELIMITER //\r\nSELECT 1 /* // */ + 1 -- //\r\n//\r\n",
      0, MARIA, 0, { { 3, "SELECT 1 /* // */ + 1", 0 } } },
    { "DELIMITER 1234567890abcdef\nSELECT 1 1234567890abcdef", 0, MARIA, 0,
      { { 2, "SELECT 1", 0 } } },
    { "SELECT 1\nDELIMITER //\n;", 0, MARIA, 0,
      { { 1, "SELECT 1\nDELIMITER //", 0 } } },
    { "DELIMITER_X //;", 0, MARIA, 0, { { 1, "DELIMITER_X //", 0 } } },
    { "DELIMITER //\nSELECT 1//", 0, 0, 0,
      { { 1, "DELIMITER //\nSELECT 1//", 0 } } },
};

typedef struct err_case {
    const char  *sql;       /* input */
    size_t       len;       /* its length, 0 for strlen(sql) */
    unsigned int flags;     /* MG_SPLIT_* */
    int          first_line; /* 0 for 1 */
    const char  *msg;       /* expected err.msg */
    int          line;      /* expected err.line */
} err_case;

static const err_case err_cases[] = {
    { "SELECT 1;\nSELECT 'abc;\n", 0, 0, 0, "unterminated string literal", 2 },
    { "SELECT 'a''", 0, 0, 0, "unterminated string literal", 1 },
    { "SELECT 'a\\'", 0, MG_SPLIT_BACKSLASH_ESCAPES, 0,
      "unterminated string literal", 1 },
    { "SELECT 'a\\", 0, MG_SPLIT_BACKSLASH_ESCAPES, 0,
      "unterminated string literal", 1 },
    { "SELECT \"a\\\"", 0, MG_SPLIT_BACKSLASH_ESCAPES, 0,
      "unterminated string literal", 1 },
    { "SELECT E'\\'; x';y", 0, 0, 0, "unterminated string literal", 1 },
    { "SELECT E'\\'", 0, MG_SPLIT_E_STRINGS, 0,
      "unterminated string literal", 1 },
    { "\n\nSELECT 'x", 0, 0, 7, "unterminated string literal", 9 },
    { "SELECT \"ab", 0, 0, 0, "unterminated quoted identifier", 1 },
    { "SELECT `ab``", 0, MARIA, 0, "unterminated quoted identifier", 1 },
    { "\n/* abc", 0, 0, 0, "unterminated block comment", 2 },
    { "SELECT 1; /* /* */", 0, PG, 0, "unterminated block comment", 1 },
    { "SELECT 1; /*/", 0, 0, 0, "unterminated block comment", 1 },
    { "SELECT $a$ x $a", 0, PG, 0, "unterminated dollar-quoted string", 1 },
    { "SELECT 1;\r\nSELECT $$ x $", 0, PG, 0,
      "unterminated dollar-quoted string", 2 },
    { "CREATE TRIGGER t\r\nBEGIN\r\n SELECT 'x;\r\nEND;", 0, 0, 0,
      "unterminated string literal", 3 },
    { "SELECT 1;\nSELECT \0;", 19, 0, 0, "NUL byte in SQL text", 2 },
    { "-- \0", 4, MARIA, 5, "NUL byte in SQL text", 5 },
    { "DELIMITER \n", 0, MARIA, 0, "missing delimiter after DELIMITER", 1 },
    { "SELECT 1;\nDELIMITER\r\n", 0, MARIA, 0,
      "missing delimiter after DELIMITER", 2 },
    { "DELIMITER 1234567890abcdefg\n", 0, MARIA, 0,
      "delimiter longer than 16 bytes", 1 },
};

static size_t
case_len(const char *sql, size_t len)
{
    return len ? len : strlen(sql);
}

START_TEST(test_split_ok)
{
    const ok_case *c = &ok_cases[_i];
    mg_stmtlist *list = NULL;
    mg_error err;
    size_t k, want = 0;

    mg_error_clear(&err);
    ck_mg_ok(mg_split(&list, c->sql, case_len(c->sql, c->len),
                      c->first_line ? c->first_line : 1, c->flags, &err),
             &err);
    while (want < MAX_OUT && c->out[want].sql)
        want++;
    ck_assert_msg(mg_stmtlist_count(list) == want,
                  "case %d: %zu statements, want %zu", _i,
                  mg_stmtlist_count(list), want);
    for (k = 0; k < want; k++) {
        const char *got = mg_stmtlist_sql(list, k);

        ck_assert_msg(got && strcmp(got, c->out[k].sql) == 0,
                      "case %d statement %zu: got [%s], want [%s]", _i, k,
                      got ? got : "(null)", c->out[k].sql);
        ck_assert_msg(mg_stmtlist_line(list, k) == c->out[k].line,
                      "case %d statement %zu: line %d, want %d", _i, k,
                      mg_stmtlist_line(list, k), c->out[k].line);
        ck_assert_msg(mg_stmtlist_is_block(list, k) == c->out[k].block,
                      "case %d statement %zu: block %d, want %d", _i, k,
                      mg_stmtlist_is_block(list, k), c->out[k].block);
    }
    mg_stmtlist_free(list);
}
END_TEST

START_TEST(test_split_error)
{
    const err_case *c = &err_cases[_i];
    mg_stmtlist *list = (mg_stmtlist *)&list;
    mg_error err;
    int rc;

    mg_error_clear(&err);
    rc = mg_split(&list, c->sql, case_len(c->sql, c->len),
                  c->first_line ? c->first_line : 1, c->flags, &err);
    ck_assert_msg(rc == MG_EPARSE, "case %d: rc %d", _i, rc);
    ck_assert_int_eq(err.code, MG_EPARSE);
    ck_assert_ptr_eq(list, NULL);
    ck_assert_msg(strcmp(err.msg, c->msg) == 0, "case %d: got [%s], want [%s]",
                  _i, err.msg, c->msg);
    ck_assert_msg(err.line == c->line, "case %d: line %d, want %d", _i,
                  err.line, c->line);
    ck_assert_str_eq(err.file, "");
}
END_TEST

/* Input in an exact-size heap block, so that ASan sees any read past len. */
static char *
heap_copy(const char *s, size_t n)
{
    char *p = malloc(n ? n : 1);

    ck_assert_ptr_ne(p, NULL);
    memcpy(p, s, n);
    return p;
}

START_TEST(test_split_unterminated_buffer)
{
    static const char *const inputs[] = {
        "SELECT 1", "SELECT 'a", "SELECT $a", "SELECT $a$ $a", "x --",
        "/* *", "a #", "SELECT \"a\\", "DELIMITER", "DELIMITER //",
        "CREATE TRIGGER t BEGIN SELECT 1; END", "e'", "$",
    };
    size_t k;

    for (k = 0; k < sizeof(inputs) / sizeof(inputs[0]); k++) {
        size_t n = strlen(inputs[k]);
        char *p = heap_copy(inputs[k], n);
        mg_stmtlist *list = NULL;
        mg_error err;
        int rc = mg_split(&list, p, n, 1, 0x1f, &err);

        ck_assert_msg(rc == 0 || rc == MG_EPARSE, "input %zu: rc %d", k, rc);
        ck_assert_msg((rc == 0) == (list != NULL), "input %zu", k);
        mg_stmtlist_free(list);
        free(p);
    }
}
END_TEST

/* Build n bytes of text repeating unit after head and before tail. */
static char *
build(const char *head, const char *unit, size_t n, const char *tail,
      size_t *len_out)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail), k;
    char *p = malloc(hl + n * ul + tl);

    ck_assert_ptr_ne(p, NULL);
    memcpy(p, head, hl);
    for (k = 0; k < n; k++)
        memcpy(p + hl + k * ul, unit, ul);
    memcpy(p + hl + n * ul, tail, tl);
    *len_out = hl + n * ul + tl;
    return p;
}

START_TEST(test_split_large_string)
{
    size_t len;
    char *p = build("\nSELECT '", "x", 1 << 20, "';\nSELECT 2", &len);
    mg_stmtlist *list = NULL;
    mg_error err;

    ck_mg_ok(mg_split(&list, p, len, 1, 0, &err), &err);
    ck_assert_uint_eq(mg_stmtlist_count(list), 2);
    ck_assert_uint_eq(strlen(mg_stmtlist_sql(list, 0)), (1 << 20) + 9);
    ck_assert_int_eq(mg_stmtlist_line(list, 0), 2);
    ck_assert_str_eq(mg_stmtlist_sql(list, 1), "SELECT 2");
    ck_assert_int_eq(mg_stmtlist_line(list, 1), 3);
    mg_stmtlist_free(list);
    free(p);
}
END_TEST

START_TEST(test_split_large_body)
{
    size_t len;
    char *p = build("CREATE TRIGGER t AFTER INSERT ON x BEGIN\n",
                    "SELECT CASE WHEN a.end THEN 'END;' END; -- END;\n",
                    1 << 15, "END;\nSELECT 2", &len);
    mg_stmtlist *list = NULL;
    mg_error err;

    ck_assert_uint_gt(len, 1 << 20);
    ck_mg_ok(mg_split(&list, p, len, 1, 0, &err), &err);
    ck_assert_uint_eq(mg_stmtlist_count(list), 2);
    ck_assert_uint_eq(strlen(mg_stmtlist_sql(list, 0)), len - 10);
    ck_assert_int_eq(mg_stmtlist_is_block(list, 0), 1);
    ck_assert_str_eq(mg_stmtlist_sql(list, 1), "SELECT 2");
    ck_assert_int_eq(mg_stmtlist_line(list, 1), (1 << 15) + 3);
    mg_stmtlist_free(list);
    free(p);
}
END_TEST

START_TEST(test_split_many_statements)
{
    size_t len, k, n = 100000;
    char *p = build("", "SELECT 1;\n", n, "", &len);
    mg_stmtlist *list = NULL;
    mg_error err;

    ck_mg_ok(mg_split(&list, p, len, 3, 0, &err), &err);
    ck_assert_uint_eq(mg_stmtlist_count(list), n);
    for (k = 0; k < n; k++) {
        ck_assert_str_eq(mg_stmtlist_sql(list, k), "SELECT 1");
        ck_assert_int_eq(mg_stmtlist_line(list, k), (int)k + 3);
    }
    mg_stmtlist_free(list);
    free(p);
}
END_TEST

/* A long tag with a thousand near misses of its closing tag in the body. */
START_TEST(test_split_large_dollar)
{
    size_t len, n = 1000;
    char *tag = malloc(n + 3), *miss = malloc(n + 1), *body;
    mg_stmtlist *list = NULL;
    mg_error err;

    ck_assert_ptr_ne(tag, NULL);
    ck_assert_ptr_ne(miss, NULL);
    tag[0] = '$';                   /* $aaa...a$ */
    memset(tag + 1, 'a', n);
    tag[n + 1] = '$';
    tag[n + 2] = '\0';
    miss[0] = '$';                  /* $aaa...a, one 'a' short */
    memset(miss + 1, 'a', n - 1);
    miss[n] = '\0';
    body = build(tag, miss, n, tag, &len);
    ck_assert_uint_eq(len, 2 * (n + 2) + n * n);
    ck_mg_ok(mg_split(&list, body, len, 1, PG, &err), &err);
    ck_assert_uint_eq(mg_stmtlist_count(list), 1);
    ck_assert_uint_eq(strlen(mg_stmtlist_sql(list, 0)), len);
    mg_stmtlist_free(list);
    free(body);
    free(miss);
    free(tag);
}
END_TEST

START_TEST(test_split_args)
{
    mg_stmtlist *list = (mg_stmtlist *)&list;
    mg_error err;

    ck_assert_int_eq(mg_split(NULL, "x", 1, 1, 0, &err), MG_EUSAGE);
    ck_assert_int_eq(mg_split(&list, NULL, 1, 1, 0, &err), MG_EUSAGE);
    ck_assert_ptr_eq(list, NULL);
    ck_assert_int_eq(mg_split(&list, "'", 1, 1, 0, NULL), MG_EPARSE);
    ck_assert_ptr_eq(list, NULL);
    ck_mg_ok(mg_split(&list, NULL, 0, 1, 0, &err), &err);
    ck_assert_ptr_ne(list, NULL);
    ck_assert_uint_eq(mg_stmtlist_count(list), 0);
    ck_assert_ptr_eq(mg_stmtlist_sql(list, 0), NULL);
    ck_assert_int_eq(mg_stmtlist_line(list, 0), 0);
    mg_stmtlist_free(list);
    ck_mg_ok(mg_split(&list, "a;b", 3, 1, 0, &err), &err);
    ck_assert_str_eq(mg_stmtlist_sql(list, 1), "b");
    ck_assert_ptr_eq(mg_stmtlist_sql(list, 2), NULL);
    ck_assert_int_eq(mg_stmtlist_line(list, 2), 0);
    ck_assert_int_eq(mg_stmtlist_is_block(list, 2), 0);
    mg_stmtlist_free(list);
    ck_assert_uint_eq(mg_stmtlist_count(NULL), 0);
    ck_assert_ptr_eq(mg_stmtlist_sql(NULL, 0), NULL);
    mg_stmtlist_free(NULL);
}
END_TEST

Suite *
split_suite(void)
{
    Suite *s = suite_create("split");
    TCase *tc;

    tc = tcase_create("cases");
    tcase_add_loop_test(tc, test_split_ok, 0,
                        (int)(sizeof(ok_cases) / sizeof(ok_cases[0])));
    tcase_add_loop_test(tc, test_split_error, 0,
                        (int)(sizeof(err_cases) / sizeof(err_cases[0])));
    tcase_add_test(tc, test_split_unterminated_buffer);
    tcase_add_test(tc, test_split_args);
    suite_add_tcase(s, tc);

    tc = tcase_create("large");
    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, test_split_large_string);
    tcase_add_test(tc, test_split_large_body);
    tcase_add_test(tc, test_split_many_statements);
    tcase_add_test(tc, test_split_large_dollar);
    suite_add_tcase(s, tc);
    return s;
}
