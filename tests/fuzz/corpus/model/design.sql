CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       VARCHAR(50) NOT NULL,
    email      VARCHAR(100) NOT NULL UNIQUE,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE posts (
    id      INTEGER PRIMARY KEY,
    title   VARCHAR(200) NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT ck_posts_title CHECK (length(title) > 0)
);
CREATE INDEX ix_posts_user_id ON posts (user_id);
