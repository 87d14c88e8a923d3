-- Source: https://github.com/jOOQ/sakila, file sqlite-sakila-db/sqlite-sakila-schema.sql
-- at commit e089a5b1ec9af0df7a9c6a5d47d49fa1736a4e84
-- License: BSD (see the source repository)
-- Changed here: the model file `migrate inspect` printed for tests/realschema/sqlite/sakila.sql
-- loaded natively (for the diagram geometry test, tests/integration/cli_diagram.c)
CREATE TABLE "actor" (
    "actor_id" INTEGER NOT NULL,
    "first_name" VARCHAR(45) NOT NULL,
    "last_name" VARCHAR(45) NOT NULL,
    "last_update" TIMESTAMP NOT NULL,
    CONSTRAINT "pk_actor" PRIMARY KEY ("actor_id")
);
CREATE INDEX "idx_actor_last_name" ON "actor" ("last_name");
CREATE TABLE "category" (
    "category_id" INTEGER NOT NULL,
    "name" VARCHAR(25) NOT NULL,
    "last_update" TIMESTAMP NOT NULL,
    CONSTRAINT "pk_category" PRIMARY KEY ("category_id")
);
CREATE TABLE "country" (
    "country_id" INTEGER NOT NULL,
    "country" VARCHAR(50) NOT NULL,
    "last_update" TIMESTAMP,
    CONSTRAINT "pk_country" PRIMARY KEY ("country_id")
);
CREATE TABLE "city" (
    "city_id" INTEGER NOT NULL,
    "city" VARCHAR(50) NOT NULL,
    "country_id" INT NOT NULL,
    "last_update" TIMESTAMP NOT NULL,
    CONSTRAINT "pk_city" PRIMARY KEY ("city_id"),
    CONSTRAINT "fk_city_country" FOREIGN KEY ("country_id") REFERENCES "country" ("country_id") ON UPDATE CASCADE
);
CREATE INDEX "idx_fk_country_id" ON "city" ("country_id");
CREATE TABLE "address" (
    "address_id" INTEGER NOT NULL,
    "address" VARCHAR(50) NOT NULL,
    "address2" VARCHAR(50),
    "district" VARCHAR(20) NOT NULL,
    "city_id" INT NOT NULL,
    "postal_code" VARCHAR(10),
    "phone" VARCHAR(20) NOT NULL,
    "last_update" TIMESTAMP NOT NULL,
    CONSTRAINT "pk_address" PRIMARY KEY ("address_id"),
    CONSTRAINT "fk_address_city" FOREIGN KEY ("city_id") REFERENCES "city" ("city_id") ON UPDATE CASCADE
);
CREATE INDEX "idx_fk_city_id" ON "address" ("city_id");
CREATE TABLE "film_text" (
    "film_id" INTEGER NOT NULL,
    "title" VARCHAR(255) NOT NULL,
    "description" BLOB SUB_TYPE TEXT,
    CONSTRAINT "pk_film_text" PRIMARY KEY ("film_id")
);
CREATE TABLE "language" (
    "language_id" INTEGER NOT NULL,
    "name" CHAR(20) NOT NULL,
    "last_update" TIMESTAMP NOT NULL,
    CONSTRAINT "pk_language" PRIMARY KEY ("language_id")
);
CREATE TABLE "film" (
    "film_id" INTEGER NOT NULL,
    "title" VARCHAR(255) NOT NULL,
    "description" BLOB SUB_TYPE TEXT,
    "release_year" VARCHAR(4),
    "language_id" INT NOT NULL,
    "original_language_id" INT,
    "rental_duration" SMALLINT NOT NULL DEFAULT 3,
    "rental_rate" DECIMAL(4, 2) NOT NULL DEFAULT 4.99,
    "length" SMALLINT,
    "replacement_cost" DECIMAL(5, 2) NOT NULL DEFAULT 19.99,
    "rating" VARCHAR(10) DEFAULT 'G',
    "special_features" VARCHAR(100),
    "last_update" TIMESTAMP NOT NULL,
    CONSTRAINT "pk_film" PRIMARY KEY ("film_id"),
    CONSTRAINT "CHECK_special_features" CHECK (special_features is null or
                                                           special_features like '%Trailers%' or
                                                           special_features like '%Commentaries%' or
                                                           special_features like '%Deleted Scenes%' or
                                                           special_features like '%Behind the Scenes%'),
    CONSTRAINT "CHECK_special_rating" CHECK (rating in ('G','PG','PG-13','R','NC-17')),
    CONSTRAINT "fk_film_language" FOREIGN KEY ("language_id") REFERENCES "language" ("language_id"),
    CONSTRAINT "fk_film_language_original" FOREIGN KEY ("original_language_id") REFERENCES "language" ("language_id")
);
CREATE INDEX "idx_fk_language_id" ON "film" ("language_id");
CREATE INDEX "idx_fk_original_language_id" ON "film" ("original_language_id");
CREATE TABLE "film_actor" (
    "actor_id" INT NOT NULL,
    "film_id" INT NOT NULL,
    "last_update" TIMESTAMP NOT NULL,
    CONSTRAINT "pk_film_actor" PRIMARY KEY ("actor_id", "film_id"),
    CONSTRAINT "fk_film_actor_actor" FOREIGN KEY ("actor_id") REFERENCES "actor" ("actor_id") ON UPDATE CASCADE,
    CONSTRAINT "fk_film_actor_film" FOREIGN KEY ("film_id") REFERENCES "film" ("film_id") ON UPDATE CASCADE
);
CREATE INDEX "idx_fk_film_actor_film" ON "film_actor" ("film_id");
CREATE INDEX "idx_fk_film_actor_actor" ON "film_actor" ("actor_id");
CREATE TABLE "film_category" (
    "film_id" INT NOT NULL,
    "category_id" INT NOT NULL,
    "last_update" TIMESTAMP NOT NULL,
    CONSTRAINT "pk_film_category" PRIMARY KEY ("film_id", "category_id"),
    CONSTRAINT "fk_film_category_film" FOREIGN KEY ("film_id") REFERENCES "film" ("film_id") ON UPDATE CASCADE,
    CONSTRAINT "fk_film_category_category" FOREIGN KEY ("category_id") REFERENCES "category" ("category_id") ON UPDATE CASCADE
);
CREATE INDEX "idx_fk_film_category_film" ON "film_category" ("film_id");
CREATE INDEX "idx_fk_film_category_category" ON "film_category" ("category_id");
CREATE TABLE "staff" (
    "staff_id" INTEGER NOT NULL,
    "first_name" VARCHAR(45) NOT NULL,
    "last_name" VARCHAR(45) NOT NULL,
    "address_id" INT NOT NULL,
    "picture" BLOB,
    "email" VARCHAR(50),
    "store_id" INT NOT NULL,
    "active" SMALLINT NOT NULL DEFAULT 1,
    "username" VARCHAR(16) NOT NULL,
    "password" VARCHAR(40),
    "last_update" TIMESTAMP NOT NULL,
    CONSTRAINT "pk_staff" PRIMARY KEY ("staff_id"),
    CONSTRAINT "fk_staff_store" FOREIGN KEY ("store_id") REFERENCES "store" ("store_id") ON UPDATE CASCADE,
    CONSTRAINT "fk_staff_address" FOREIGN KEY ("address_id") REFERENCES "address" ("address_id") ON UPDATE CASCADE
);
CREATE INDEX "idx_fk_staff_store_id" ON "staff" ("store_id");
CREATE INDEX "idx_fk_staff_address_id" ON "staff" ("address_id");
CREATE TABLE "store" (
    "store_id" INTEGER NOT NULL,
    "manager_staff_id" INT NOT NULL,
    "address_id" INT NOT NULL,
    "last_update" TIMESTAMP NOT NULL,
    CONSTRAINT "pk_store" PRIMARY KEY ("store_id"),
    CONSTRAINT "fk_store_staff" FOREIGN KEY ("manager_staff_id") REFERENCES "staff" ("staff_id"),
    CONSTRAINT "fk_store_address" FOREIGN KEY ("address_id") REFERENCES "address" ("address_id")
);
CREATE INDEX "idx_store_fk_manager_staff_id" ON "store" ("manager_staff_id");
CREATE INDEX "idx_fk_store_address" ON "store" ("address_id");
CREATE TABLE "customer" (
    "customer_id" INTEGER NOT NULL,
    "store_id" INT NOT NULL,
    "first_name" VARCHAR(45) NOT NULL,
    "last_name" VARCHAR(45) NOT NULL,
    "email" VARCHAR(50),
    "address_id" INT NOT NULL,
    "active" CHAR(1) NOT NULL DEFAULT 'Y',
    "create_date" TIMESTAMP NOT NULL,
    "last_update" TIMESTAMP NOT NULL,
    CONSTRAINT "pk_customer" PRIMARY KEY ("customer_id"),
    CONSTRAINT "fk_customer_store" FOREIGN KEY ("store_id") REFERENCES "store" ("store_id") ON UPDATE CASCADE,
    CONSTRAINT "fk_customer_address" FOREIGN KEY ("address_id") REFERENCES "address" ("address_id") ON UPDATE CASCADE
);
CREATE INDEX "idx_customer_fk_store_id" ON "customer" ("store_id");
CREATE INDEX "idx_customer_fk_address_id" ON "customer" ("address_id");
CREATE INDEX "idx_customer_last_name" ON "customer" ("last_name");
CREATE TABLE "inventory" (
    "inventory_id" INTEGER NOT NULL,
    "film_id" INT NOT NULL,
    "store_id" INT NOT NULL,
    "last_update" TIMESTAMP NOT NULL,
    CONSTRAINT "pk_inventory" PRIMARY KEY ("inventory_id"),
    CONSTRAINT "fk_inventory_store" FOREIGN KEY ("store_id") REFERENCES "store" ("store_id") ON UPDATE CASCADE,
    CONSTRAINT "fk_inventory_film" FOREIGN KEY ("film_id") REFERENCES "film" ("film_id") ON UPDATE CASCADE
);
CREATE INDEX "idx_fk_film_id" ON "inventory" ("film_id");
CREATE INDEX "idx_fk_film_id_store_id" ON "inventory" ("store_id", "film_id");
CREATE TABLE "rental" (
    "rental_id" INTEGER NOT NULL,
    "rental_date" TIMESTAMP NOT NULL,
    "inventory_id" INT NOT NULL,
    "customer_id" INT NOT NULL,
    "return_date" TIMESTAMP,
    "staff_id" INT NOT NULL,
    "last_update" TIMESTAMP NOT NULL,
    CONSTRAINT "pk_rental" PRIMARY KEY ("rental_id"),
    CONSTRAINT "fk_rental_staff" FOREIGN KEY ("staff_id") REFERENCES "staff" ("staff_id"),
    CONSTRAINT "fk_rental_inventory" FOREIGN KEY ("inventory_id") REFERENCES "inventory" ("inventory_id"),
    CONSTRAINT "fk_rental_customer" FOREIGN KEY ("customer_id") REFERENCES "customer" ("customer_id")
);
CREATE INDEX "idx_rental_fk_inventory_id" ON "rental" ("inventory_id");
CREATE INDEX "idx_rental_fk_customer_id" ON "rental" ("customer_id");
CREATE INDEX "idx_rental_fk_staff_id" ON "rental" ("staff_id");
CREATE UNIQUE INDEX "idx_rental_uq" ON "rental" ("rental_date", "inventory_id", "customer_id");
CREATE TABLE "payment" (
    "payment_id" INTEGER NOT NULL,
    "customer_id" INT NOT NULL,
    "staff_id" INT NOT NULL,
    "rental_id" INT,
    "amount" DECIMAL(5, 2) NOT NULL,
    "payment_date" TIMESTAMP NOT NULL,
    "last_update" TIMESTAMP NOT NULL,
    CONSTRAINT "pk_payment" PRIMARY KEY ("payment_id"),
    CONSTRAINT "fk_payment_rental" FOREIGN KEY ("rental_id") REFERENCES "rental" ("rental_id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "fk_payment_customer" FOREIGN KEY ("customer_id") REFERENCES "customer" ("customer_id"),
    CONSTRAINT "fk_payment_staff" FOREIGN KEY ("staff_id") REFERENCES "staff" ("staff_id")
);
CREATE INDEX "idx_fk_staff_id" ON "payment" ("staff_id");
CREATE INDEX "idx_fk_customer_id" ON "payment" ("customer_id");
