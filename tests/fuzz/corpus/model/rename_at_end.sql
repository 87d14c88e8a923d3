ENDIÿÿÿõÿÿõR(T
    id INTEGER,
    mail TEXT, -- migrate: renamed from 