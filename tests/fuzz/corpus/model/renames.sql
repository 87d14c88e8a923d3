CREATE TABLE people ( -- migrate: renamed from users
    id INTEGER,
    mail TEXT, -- migrate: renamed from email
    -- migrate: renamed from q
    b INT);
