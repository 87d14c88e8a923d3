-- models.sql: the schema the program below works with
CREATE TABLE users (
    id     INTEGER PRIMARY KEY,
    name   VARCHAR(50) NOT NULL,
    active BOOLEAN NOT NULL
);

CREATE TABLE posts (
    id      INTEGER PRIMARY KEY,
    title   VARCHAR(200) NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id)
);
