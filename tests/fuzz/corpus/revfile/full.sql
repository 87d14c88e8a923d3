-- revision: a1
-- down_revision: b2, c3
-- message: m
-- transaction: off

-- +upgrade
CREATE TABLE t (id INT);
-- +downgrade
DROP TABLE t;
