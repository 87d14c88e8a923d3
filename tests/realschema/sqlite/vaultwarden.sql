-- Source: https://github.com/dani-garcia/vaultwarden, files migrations/sqlite/*/up.sql
-- at commit 46d71107f5094460dd5ecbe1dbac6e6c71e5189a
-- License: AGPL-3.0-only (see LICENSE.txt in the source repository)
-- Changed here: the up.sql of every migration, concatenated in the order
-- diesel runs them (each preceded by a comment naming it)

-- migrations/sqlite/2018-01-14-171611_create_tables/up.sql
CREATE TABLE users (
  uuid                TEXT     NOT NULL PRIMARY KEY,
  created_at          DATETIME NOT NULL,
  updated_at          DATETIME NOT NULL,
  email               TEXT     NOT NULL UNIQUE,
  name                TEXT     NOT NULL,
  password_hash       BLOB     NOT NULL,
  salt                BLOB     NOT NULL,
  password_iterations INTEGER  NOT NULL,
  password_hint       TEXT,
  key                 TEXT     NOT NULL,
  private_key         TEXT,
  public_key          TEXT,
  totp_secret         TEXT,
  totp_recover        TEXT,
  security_stamp      TEXT     NOT NULL,
  equivalent_domains  TEXT     NOT NULL,
  excluded_globals    TEXT     NOT NULL
);

CREATE TABLE devices (
  uuid          TEXT     NOT NULL PRIMARY KEY,
  created_at    DATETIME NOT NULL,
  updated_at    DATETIME NOT NULL,
  user_uuid     TEXT     NOT NULL REFERENCES users (uuid),
  name          TEXT     NOT NULL,
  type          INTEGER  NOT NULL,
  push_token    TEXT,
  refresh_token TEXT     NOT NULL
);

CREATE TABLE ciphers (
  uuid              TEXT     NOT NULL PRIMARY KEY,
  created_at        DATETIME NOT NULL,
  updated_at        DATETIME NOT NULL,
  user_uuid         TEXT     NOT NULL REFERENCES users (uuid),
  folder_uuid       TEXT REFERENCES folders (uuid),
  organization_uuid TEXT,
  type              INTEGER  NOT NULL,
  name              TEXT     NOT NULL,
  notes             TEXT,
  fields            TEXT,
  data              TEXT     NOT NULL,
  favorite          BOOLEAN  NOT NULL
);

CREATE TABLE attachments (
  id          TEXT    NOT NULL PRIMARY KEY,
  cipher_uuid TEXT    NOT NULL REFERENCES ciphers (uuid),
  file_name   TEXT    NOT NULL,
  file_size   INTEGER NOT NULL

);

CREATE TABLE folders (
  uuid       TEXT     NOT NULL PRIMARY KEY,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  user_uuid  TEXT     NOT NULL REFERENCES users (uuid),
  name       TEXT     NOT NULL
);
  

-- migrations/sqlite/2018-02-17-205753_create_collections_and_orgs/up.sql
CREATE TABLE collections (
  uuid     TEXT NOT NULL PRIMARY KEY,
  org_uuid TEXT NOT NULL REFERENCES organizations (uuid),
  name     TEXT NOT NULL
);

CREATE TABLE organizations (
  uuid          TEXT NOT NULL PRIMARY KEY,
  name          TEXT NOT NULL,
  billing_email TEXT NOT NULL
);


CREATE TABLE users_collections (
  user_uuid       TEXT NOT NULL REFERENCES users (uuid),
  collection_uuid TEXT NOT NULL REFERENCES collections (uuid),
  PRIMARY KEY (user_uuid, collection_uuid)
);

CREATE TABLE users_organizations (
  uuid       TEXT    NOT NULL PRIMARY KEY,
  user_uuid  TEXT    NOT NULL REFERENCES users (uuid),
  org_uuid   TEXT    NOT NULL REFERENCES organizations (uuid),

  access_all BOOLEAN NOT NULL,
  key        TEXT    NOT NULL,
  status     INTEGER NOT NULL,
  type       INTEGER NOT NULL,

  UNIQUE (user_uuid, org_uuid)
);


-- migrations/sqlite/2018-04-27-155151_create_users_ciphers/up.sql
ALTER TABLE ciphers RENAME TO oldCiphers;

CREATE TABLE ciphers (
  uuid              TEXT     NOT NULL PRIMARY KEY,
  created_at        DATETIME NOT NULL,
  updated_at        DATETIME NOT NULL,
  user_uuid         TEXT     REFERENCES users (uuid), -- Make this optional
  organization_uuid TEXT     REFERENCES organizations (uuid), -- Add reference to orgs table
  -- Remove folder_uuid
  type              INTEGER  NOT NULL,
  name              TEXT     NOT NULL,
  notes             TEXT,
  fields            TEXT,
  data              TEXT     NOT NULL,
  favorite          BOOLEAN  NOT NULL
);

CREATE TABLE folders_ciphers (
  cipher_uuid TEXT NOT NULL REFERENCES ciphers (uuid),
  folder_uuid TEXT NOT NULL REFERENCES folders (uuid),

  PRIMARY KEY (cipher_uuid, folder_uuid)
);

INSERT INTO ciphers (uuid, created_at, updated_at, user_uuid, organization_uuid, type, name, notes, fields, data, favorite) 
SELECT uuid, created_at, updated_at, user_uuid, organization_uuid, type, name, notes, fields, data, favorite FROM oldCiphers;

INSERT INTO folders_ciphers (cipher_uuid, folder_uuid)
SELECT uuid, folder_uuid FROM oldCiphers WHERE folder_uuid IS NOT NULL;


DROP TABLE oldCiphers;

ALTER TABLE users_collections ADD COLUMN read_only BOOLEAN NOT NULL DEFAULT 0; -- False


-- migrations/sqlite/2018-05-08-161616_create_collection_cipher_map/up.sql
CREATE TABLE ciphers_collections (
  cipher_uuid       TEXT NOT NULL REFERENCES ciphers (uuid),
  collection_uuid TEXT NOT NULL REFERENCES collections (uuid),
  PRIMARY KEY (cipher_uuid, collection_uuid)
);

-- migrations/sqlite/2018-05-25-232323_update_attachments_reference/up.sql
ALTER TABLE attachments RENAME TO oldAttachments;

CREATE TABLE attachments (
  id          TEXT    NOT NULL PRIMARY KEY,
  cipher_uuid TEXT    NOT NULL REFERENCES ciphers (uuid),
  file_name   TEXT    NOT NULL,
  file_size   INTEGER NOT NULL

);

INSERT INTO attachments (id, cipher_uuid, file_name, file_size) 
SELECT id, cipher_uuid, file_name, file_size FROM oldAttachments;

DROP TABLE oldAttachments;

-- migrations/sqlite/2018-06-01-112529_update_devices_twofactor_remember/up.sql
ALTER TABLE devices
    ADD COLUMN
    twofactor_remember TEXT;

-- migrations/sqlite/2018-07-11-181453_create_u2f_twofactor/up.sql
CREATE TABLE twofactor (
  uuid      TEXT     NOT NULL PRIMARY KEY,
  user_uuid TEXT     NOT NULL REFERENCES users (uuid),
  type      INTEGER  NOT NULL,
  enabled   BOOLEAN  NOT NULL,
  data      TEXT     NOT NULL,

  UNIQUE (user_uuid, type)
);


INSERT INTO twofactor (uuid, user_uuid, type, enabled, data) 
SELECT lower(hex(randomblob(16))) , uuid, 0, 1, u.totp_secret FROM users u where u.totp_secret IS NOT NULL;

UPDATE users SET totp_secret = NULL; -- Instead of recreating the table, just leave the columns empty

-- migrations/sqlite/2018-08-27-172114_update_ciphers/up.sql
ALTER TABLE ciphers
    ADD COLUMN
    password_history TEXT;

-- migrations/sqlite/2018-09-10-111213_add_invites/up.sql
CREATE TABLE invitations (
    email   TEXT NOT NULL PRIMARY KEY
);

-- migrations/sqlite/2018-09-19-144557_add_kdf_columns/up.sql
ALTER TABLE users
    ADD COLUMN
    client_kdf_type INTEGER NOT NULL DEFAULT 0; -- PBKDF2

ALTER TABLE users
    ADD COLUMN
    client_kdf_iter INTEGER NOT NULL DEFAULT 100000;


-- migrations/sqlite/2018-11-27-152651_add_att_key_columns/up.sql
ALTER TABLE attachments
    ADD COLUMN
    key TEXT;

-- migrations/sqlite/2019-05-26-216651_rename_key_and_type_columns/up.sql
ALTER TABLE attachments RENAME COLUMN key TO akey;
ALTER TABLE ciphers RENAME COLUMN type TO atype;
ALTER TABLE devices RENAME COLUMN type TO atype;
ALTER TABLE twofactor RENAME COLUMN type TO atype;
ALTER TABLE users RENAME COLUMN key TO akey;
ALTER TABLE users_organizations RENAME COLUMN key TO akey;
ALTER TABLE users_organizations RENAME COLUMN type TO atype;

-- migrations/sqlite/2019-10-10-083032_add_column_to_twofactor/up.sql
ALTER TABLE twofactor ADD COLUMN last_used INTEGER NOT NULL DEFAULT 0;


-- migrations/sqlite/2019-11-17-011009_add_email_verification/up.sql
ALTER TABLE users ADD COLUMN verified_at DATETIME DEFAULT NULL;
ALTER TABLE users ADD COLUMN last_verifying_at DATETIME DEFAULT NULL;
ALTER TABLE users ADD COLUMN login_verify_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN email_new TEXT DEFAULT NULL;
ALTER TABLE users ADD COLUMN email_new_token TEXT DEFAULT NULL;


-- migrations/sqlite/2020-03-13-205045_add_policy_table/up.sql
CREATE TABLE org_policies (
  uuid      TEXT     NOT NULL PRIMARY KEY,
  org_uuid  TEXT     NOT NULL REFERENCES organizations (uuid),
  atype     INTEGER  NOT NULL,
  enabled   BOOLEAN  NOT NULL,
  data      TEXT     NOT NULL,

  UNIQUE (org_uuid, atype)
);


-- migrations/sqlite/2020-04-09-235005_add_cipher_delete_date/up.sql
ALTER TABLE ciphers
    ADD COLUMN
    deleted_at DATETIME;


-- migrations/sqlite/2020-07-01-214531_add_hide_passwords/up.sql
ALTER TABLE users_collections
ADD COLUMN hide_passwords BOOLEAN NOT NULL DEFAULT 0; -- FALSE


-- migrations/sqlite/2020-08-02-025025_add_favorites_table/up.sql
CREATE TABLE favorites (
  user_uuid   TEXT NOT NULL REFERENCES users(uuid),
  cipher_uuid TEXT NOT NULL REFERENCES ciphers(uuid),

  PRIMARY KEY (user_uuid, cipher_uuid)
);

-- Transfer favorite status for user-owned ciphers.
INSERT INTO favorites(user_uuid, cipher_uuid)
SELECT user_uuid, uuid
FROM ciphers
WHERE favorite = 1
  AND user_uuid IS NOT NULL;

-- Drop the `favorite` column from the `ciphers` table, using the 12-step
-- procedure from <https://www.sqlite.org/lang_altertable.html#altertabrename>.
-- Note that some steps aren't applicable and are omitted.

-- 1. If foreign key constraints are enabled, disable them using PRAGMA foreign_keys=OFF.
--
-- Diesel runs each migration in its own transaction. `PRAGMA foreign_keys`
-- is a no-op within a transaction, so this step must be done outside of this
-- file, before starting the Diesel migrations.

-- 2. Start a transaction.
--
-- Diesel already runs each migration in its own transaction.

-- 4. Use CREATE TABLE to construct a new table "new_X" that is in the
--    desired revised format of table X. Make sure that the name "new_X" does
--    not collide with any existing table name, of course.

CREATE TABLE new_ciphers(
  uuid              TEXT     NOT NULL PRIMARY KEY,
  created_at        DATETIME NOT NULL,
  updated_at        DATETIME NOT NULL,
  user_uuid         TEXT     REFERENCES users(uuid),
  organization_uuid TEXT     REFERENCES organizations(uuid),
  atype             INTEGER  NOT NULL,
  name              TEXT     NOT NULL,
  notes             TEXT,
  fields            TEXT,
  data              TEXT     NOT NULL,
  password_history  TEXT,
  deleted_at        DATETIME
);

-- 5. Transfer content from X into new_X using a statement like:
--    INSERT INTO new_X SELECT ... FROM X.

INSERT INTO new_ciphers(uuid, created_at, updated_at, user_uuid, organization_uuid, atype,
                        name, notes, fields, data, password_history, deleted_at)
SELECT uuid, created_at, updated_at, user_uuid, organization_uuid, atype,
       name, notes, fields, data, password_history, deleted_at
FROM ciphers;

-- 6. Drop the old table X: DROP TABLE X.

DROP TABLE ciphers;

-- 7. Change the name of new_X to X using: ALTER TABLE new_X RENAME TO X.

ALTER TABLE new_ciphers RENAME TO ciphers;

-- 11. Commit the transaction started in step 2.

-- 12. If foreign keys constraints were originally enabled, reenable them now.
--
-- `PRAGMA foreign_keys` is scoped to a database connection, and Diesel
-- migrations are run in a separate database connection that is closed once
-- the migrations finish.


-- migrations/sqlite/2020-11-30-224000_add_user_enabled/up.sql
ALTER TABLE users ADD COLUMN enabled BOOLEAN NOT NULL DEFAULT 1;


-- migrations/sqlite/2020-12-09-173101_add_stamp_exception/up.sql
ALTER TABLE users ADD COLUMN stamp_exception TEXT DEFAULT NULL;

-- migrations/sqlite/2021-03-11-190243_add_sends/up.sql
CREATE TABLE sends (
  uuid              TEXT NOT NULL   PRIMARY KEY,
  user_uuid         TEXT            REFERENCES users (uuid),
  organization_uuid TEXT            REFERENCES organizations (uuid),

  name              TEXT    NOT NULL,
  notes             TEXT,

  atype             INTEGER NOT NULL,
  data              TEXT    NOT NULL,
  key               TEXT    NOT NULL,
  password_hash     BLOB,
  password_salt     BLOB,
  password_iter     INTEGER,

  max_access_count  INTEGER,
  access_count      INTEGER NOT NULL,

  creation_date     DATETIME NOT NULL,
  revision_date     DATETIME NOT NULL,
  expiration_date   DATETIME,
  deletion_date     DATETIME NOT NULL,

  disabled          BOOLEAN NOT NULL
);

-- migrations/sqlite/2021-03-15-163412_rename_send_key/up.sql
ALTER TABLE sends RENAME COLUMN key TO akey;


-- migrations/sqlite/2021-04-30-233251_add_reprompt/up.sql
ALTER TABLE ciphers
ADD COLUMN reprompt INTEGER;


-- migrations/sqlite/2021-05-11-205202_add_hide_email/up.sql
ALTER TABLE sends
ADD COLUMN hide_email BOOLEAN;


-- migrations/sqlite/2021-07-01-203140_add_password_reset_keys/up.sql
ALTER TABLE organizations
  ADD COLUMN private_key TEXT;

ALTER TABLE organizations
  ADD COLUMN public_key TEXT;


-- migrations/sqlite/2021-08-30-193501_create_emergency_access/up.sql
CREATE TABLE emergency_access (
  uuid                      TEXT     NOT NULL PRIMARY KEY,
  grantor_uuid              TEXT     REFERENCES users (uuid),
  grantee_uuid              TEXT     REFERENCES users (uuid),
  email                     TEXT,
  key_encrypted             TEXT,
  atype                     INTEGER  NOT NULL,
  status                    INTEGER  NOT NULL,
  wait_time_days            INTEGER  NOT NULL,
  recovery_initiated_at     DATETIME,
  last_notification_at      DATETIME,
  updated_at                DATETIME NOT NULL,
  created_at                DATETIME NOT NULL
);


-- migrations/sqlite/2021-10-24-164321_add_2fa_incomplete/up.sql
CREATE TABLE twofactor_incomplete (
  user_uuid   TEXT     NOT NULL REFERENCES users(uuid),
  device_uuid TEXT     NOT NULL,
  device_name TEXT     NOT NULL,
  login_time  DATETIME NOT NULL,
  ip_address  TEXT     NOT NULL,

  PRIMARY KEY (user_uuid, device_uuid)
);


-- migrations/sqlite/2022-01-17-234911_add_api_key/up.sql
ALTER TABLE users
ADD COLUMN api_key TEXT;


-- migrations/sqlite/2022-03-02-210038_update_devices_primary_key/up.sql
-- Create new devices table with primary keys on both uuid and user_uuid
CREATE TABLE devices_new (
	uuid	TEXT NOT NULL,
	created_at	DATETIME NOT NULL,
	updated_at	DATETIME NOT NULL,
	user_uuid	TEXT NOT NULL,
	name	TEXT NOT NULL,
	atype	INTEGER NOT NULL,
	push_token	TEXT,
	refresh_token	TEXT NOT NULL,
	twofactor_remember	TEXT,
	PRIMARY KEY(uuid, user_uuid),
	FOREIGN KEY(user_uuid) REFERENCES users(uuid)
);

-- Transfer current data to new table
INSERT INTO devices_new SELECT * FROM devices;

-- Drop the old table
DROP TABLE devices;

-- Rename the new table to the original name
ALTER TABLE devices_new RENAME TO devices;


-- migrations/sqlite/2022-07-27-110000_add_group_support/up.sql
CREATE TABLE groups (
  uuid                              TEXT NOT NULL PRIMARY KEY,
  organizations_uuid                TEXT NOT NULL REFERENCES organizations (uuid),
  name                              TEXT NOT NULL,
  access_all                        BOOLEAN NOT NULL,
  external_id                       TEXT NULL,
  creation_date                     TIMESTAMP NOT NULL,
  revision_date                     TIMESTAMP NOT NULL
);

CREATE TABLE groups_users (
  groups_uuid                       TEXT NOT NULL REFERENCES groups (uuid),
  users_organizations_uuid          TEXT NOT NULL REFERENCES users_organizations (uuid),
  UNIQUE (groups_uuid, users_organizations_uuid)
);

CREATE TABLE collections_groups (
  collections_uuid                  TEXT NOT NULL REFERENCES collections (uuid),
  groups_uuid                       TEXT NOT NULL REFERENCES groups (uuid),
  read_only                         BOOLEAN NOT NULL,
  hide_passwords                    BOOLEAN NOT NULL,
  UNIQUE (collections_uuid, groups_uuid)
);

-- migrations/sqlite/2022-10-18-170602_add_events/up.sql
CREATE TABLE event (
  uuid               TEXT        NOT NULL PRIMARY KEY,
  event_type         INTEGER     NOT NULL,
  user_uuid          TEXT,
  org_uuid           TEXT,
  cipher_uuid        TEXT,
  collection_uuid    TEXT,
  group_uuid         TEXT,
  org_user_uuid      TEXT,
  act_user_uuid      TEXT,
  device_type        INTEGER,
  ip_address         TEXT,
  event_date         DATETIME    NOT NULL,
  policy_uuid        TEXT,
  provider_uuid      TEXT,
  provider_user_uuid TEXT,
  provider_org_uuid  TEXT,
  UNIQUE (uuid)
);


-- migrations/sqlite/2023-01-06-151600_add_reset_password_support/up.sql
ALTER TABLE users_organizations
ADD COLUMN reset_password_key TEXT;


-- migrations/sqlite/2023-01-11-205851_add_avatar_color/up.sql
ALTER TABLE users
ADD COLUMN avatar_color TEXT;


-- migrations/sqlite/2023-01-31-222222_add_argon2/up.sql
ALTER TABLE users
    ADD COLUMN
    client_kdf_memory INTEGER DEFAULT NULL;

ALTER TABLE users
    ADD COLUMN
    client_kdf_parallelism INTEGER DEFAULT NULL;


-- migrations/sqlite/2023-02-18-125735_push_uuid_table/up.sql
ALTER TABLE devices ADD COLUMN push_uuid TEXT;

-- migrations/sqlite/2023-06-02-200424_create_organization_api_key/up.sql
CREATE TABLE organization_api_key (
	uuid            TEXT NOT NULL,
    org_uuid	    TEXT NOT NULL,
    atype           INTEGER NOT NULL,
    api_key         TEXT NOT NULL,
	revision_date   DATETIME NOT NULL,
	PRIMARY KEY(uuid, org_uuid),
	FOREIGN KEY(org_uuid) REFERENCES organizations(uuid)
);

ALTER TABLE users ADD COLUMN external_id TEXT;


-- migrations/sqlite/2023-06-17-200424_create_auth_requests_table/up.sql
CREATE TABLE auth_requests (
	uuid            TEXT NOT NULL PRIMARY KEY,
	user_uuid	    TEXT NOT NULL,
	organization_uuid           TEXT,
	request_device_identifier         TEXT NOT NULL,
	device_type         INTEGER NOT NULL,
	request_ip         TEXT NOT NULL,
	response_device_id         TEXT,
	access_code         TEXT NOT NULL,
	public_key         TEXT NOT NULL,
	enc_key         TEXT NOT NULL,
	master_password_hash         TEXT NOT NULL,
	approved         BOOLEAN,
	creation_date         DATETIME NOT NULL,
	response_date         DATETIME,
	authentication_date         DATETIME,
	FOREIGN KEY(user_uuid) REFERENCES users(uuid),
	FOREIGN KEY(organization_uuid) REFERENCES organizations(uuid)
);

-- migrations/sqlite/2023-06-28-133700_add_collection_external_id/up.sql
ALTER TABLE collections ADD COLUMN external_id TEXT;


-- migrations/sqlite/2023-09-01-170620_update_auth_request_table/up.sql
-- Create new auth_requests table with master_password_hash as nullable column
CREATE TABLE auth_requests_new (
    uuid                        TEXT NOT NULL PRIMARY KEY,
    user_uuid                   TEXT NOT NULL,
    organization_uuid           TEXT,
    request_device_identifier   TEXT NOT NULL,
    device_type                 INTEGER NOT NULL,
    request_ip                  TEXT NOT NULL,
    response_device_id          TEXT,
    access_code                 TEXT NOT NULL,
    public_key                  TEXT NOT NULL,
    enc_key                     TEXT,
    master_password_hash        TEXT,
    approved                    BOOLEAN,
    creation_date               DATETIME NOT NULL,
    response_date               DATETIME,
    authentication_date         DATETIME,
    FOREIGN KEY (user_uuid) REFERENCES users (uuid),
    FOREIGN KEY (organization_uuid) REFERENCES organizations (uuid)
);

-- Transfer current data to new table
INSERT INTO	auth_requests_new SELECT * FROM auth_requests;

-- Drop the old table
DROP TABLE auth_requests;

-- Rename the new table to the original name
ALTER TABLE auth_requests_new RENAME TO auth_requests;


-- migrations/sqlite/2023-09-02-212336_move_user_external_id/up.sql
-- Add the external_id to the users_organizations table
ALTER TABLE "users_organizations" ADD COLUMN "external_id" TEXT;


-- migrations/sqlite/2023-09-10-133000_add_sso/up.sql
CREATE TABLE sso_nonce (
  nonce               CHAR(36) NOT NULL PRIMARY KEY,
  created_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);


-- migrations/sqlite/2023-09-14-133000_add_users_organizations_invited_by_email/up.sql
ALTER TABLE users_organizations ADD COLUMN invited_by_email TEXT DEFAULT NULL;


-- migrations/sqlite/2023-10-21-221242_add_cipher_key/up.sql
ALTER TABLE ciphers
ADD COLUMN "key" TEXT;


-- migrations/sqlite/2024-01-12-210182_change_attachment_size/up.sql
-- Integer size in SQLite is already i64, so we don't need to do anything


-- migrations/sqlite/2024-02-14-140000_change_time_stamp_data_type/up.sql
-- Integer size in SQLite is already i64, so we don't need to do anything


-- migrations/sqlite/2024-02-14-170000_add_state_to_sso_nonce/up.sql
DROP TABLE sso_nonce;

CREATE TABLE sso_nonce (
  state               TEXT NOT NULL PRIMARY KEY,
  nonce               TEXT NOT NULL,
  redirect_uri        TEXT NOT NULL,
  created_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);


-- migrations/sqlite/2024-02-26-170000_add_pkce_to_sso_nonce/up.sql
DROP TABLE IF EXISTS sso_nonce;

CREATE TABLE sso_nonce (
  state               TEXT NOT NULL PRIMARY KEY,
  nonce               TEXT NOT NULL,
  verifier            TEXT,
  redirect_uri        TEXT NOT NULL,
  created_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);


-- migrations/sqlite/2024-03-06-170000_add_sso_users/up.sql
CREATE TABLE sso_users (
  user_uuid           CHAR(36) NOT NULL PRIMARY KEY,
  identifier          TEXT NOT NULL UNIQUE,
  created_at          TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,

  FOREIGN KEY(user_uuid) REFERENCES users(uuid)
);


-- migrations/sqlite/2024-03-13_170000_sso_userscascade/up.sql
DROP TABLE IF EXISTS sso_users;

CREATE TABLE sso_users (
  user_uuid           CHAR(36) NOT NULL PRIMARY KEY,
  identifier          TEXT NOT NULL UNIQUE,
  created_at          TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,

  FOREIGN KEY(user_uuid) REFERENCES users(uuid) ON UPDATE CASCADE ON DELETE CASCADE
);


-- migrations/sqlite/2024-06-05-131359_add_2fa_duo_store/up.sql
CREATE TABLE twofactor_duo_ctx (
    state      TEXT    NOT NULL,
    user_email TEXT    NOT NULL,
    nonce      TEXT    NOT NULL,
    exp        INTEGER NOT NULL,

    PRIMARY KEY (state)
);


-- migrations/sqlite/2024-09-04-091351_use_device_type_for_mails/up.sql
ALTER TABLE twofactor_incomplete ADD COLUMN device_type INTEGER NOT NULL DEFAULT 14; -- 14 = Unknown Browser


-- migrations/sqlite/2025-01-09-172300_add_manage/up.sql
ALTER TABLE users_collections
ADD COLUMN manage BOOLEAN NOT NULL DEFAULT 0; -- FALSE

ALTER TABLE collections_groups
ADD COLUMN manage BOOLEAN NOT NULL DEFAULT 0; -- FALSE


-- migrations/sqlite/2025-08-20-120000_sso_nonce_to_auth/up.sql
DROP TABLE IF EXISTS sso_nonce;

CREATE TABLE sso_auth (
    state               TEXT NOT NULL PRIMARY KEY,
    client_challenge    TEXT NOT NULL,
    nonce               TEXT NOT NULL,
    redirect_uri        TEXT NOT NULL,
    code_response       TEXT,
    auth_response       TEXT,
    created_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at          DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);


-- migrations/sqlite/2026-03-09-005927_add_archives/up.sql
DROP TABLE IF EXISTS archives;

CREATE TABLE archives (
    user_uuid   CHAR(36) NOT NULL REFERENCES users (uuid) ON DELETE CASCADE,
    cipher_uuid CHAR(36) NOT NULL REFERENCES ciphers (uuid) ON DELETE CASCADE,
    archived_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_uuid, cipher_uuid)
);


-- migrations/sqlite/2026-04-25-120000_sso_auth_binding/up.sql
ALTER TABLE sso_auth ADD COLUMN binding_hash TEXT;


-- migrations/sqlite/2026-05-05-120000_sso_auth_error/up.sql
ALTER TABLE sso_auth ADD COLUMN code_response_error TEXT;

