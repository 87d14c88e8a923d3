CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END; $fn$ LANGUAGE plpgsql;
SELECT $1, E'\';';
/* a /* b */ */ SELECT 2;
