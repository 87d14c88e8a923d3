-- Source: https://github.com/dani-garcia/vaultwarden, files migrations/postgresql/*/up.sql
-- at commit 46d71107f5094460dd5ecbe1dbac6e6c71e5189a
-- License: AGPL-3.0-only (see LICENSE.txt in the source repository)
-- Changed here: the up.sql of every migration, concatenated in the order
-- diesel runs them (each preceded by a comment naming it)

-- migrations/postgresql/2019-09-12-100000_create_tables/up.sql
CREATE TABLE users (
  uuid                CHAR(36) NOT NULL PRIMARY KEY,
  created_at          TIMESTAMP NOT NULL,
  updated_at          TIMESTAMP NOT NULL,
  email               VARCHAR(255) NOT NULL UNIQUE,
  name                TEXT     NOT NULL,
  password_hash       BYTEA     NOT NULL,
  salt                BYTEA     NOT NULL,
  password_iterations INTEGER  NOT NULL,
  password_hint       TEXT,
  akey                TEXT     NOT NULL,
  private_key         TEXT,
  public_key          TEXT,
  totp_secret         TEXT,
  totp_recover        TEXT,
  security_stamp      TEXT     NOT NULL,
  equivalent_domains  TEXT     NOT NULL,
  excluded_globals    TEXT     NOT NULL,
  client_kdf_type     INTEGER NOT NULL DEFAULT 0,
  client_kdf_iter INTEGER NOT NULL DEFAULT 100000
);

CREATE TABLE devices (
  uuid          CHAR(36) NOT NULL PRIMARY KEY,
  created_at    TIMESTAMP NOT NULL,
  updated_at    TIMESTAMP NOT NULL,
  user_uuid     CHAR(36) NOT NULL REFERENCES users (uuid),
  name          TEXT     NOT NULL,
  atype         INTEGER  NOT NULL,
  push_token    TEXT,
  refresh_token TEXT     NOT NULL,
  twofactor_remember TEXT
);

CREATE TABLE organizations (
  uuid          VARCHAR(40) NOT NULL PRIMARY KEY,
  name          TEXT NOT NULL,
  billing_email TEXT NOT NULL
);

CREATE TABLE ciphers (
  uuid              CHAR(36) NOT NULL PRIMARY KEY,
  created_at        TIMESTAMP NOT NULL,
  updated_at        TIMESTAMP NOT NULL,
  user_uuid         CHAR(36) REFERENCES users (uuid),
  organization_uuid CHAR(36) REFERENCES organizations (uuid),
  atype             INTEGER  NOT NULL,
  name              TEXT     NOT NULL,
  notes             TEXT,
  fields            TEXT,
  data              TEXT     NOT NULL,
  favorite          BOOLEAN  NOT NULL,
  password_history  TEXT
);

CREATE TABLE attachments (
  id          CHAR(36) NOT NULL PRIMARY KEY,
  cipher_uuid CHAR(36) NOT NULL REFERENCES ciphers (uuid),
  file_name   TEXT    NOT NULL,
  file_size   INTEGER NOT NULL,
  akey        TEXT
);

CREATE TABLE folders (
  uuid       CHAR(36) NOT NULL PRIMARY KEY,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  user_uuid  CHAR(36) NOT NULL REFERENCES users (uuid),
  name       TEXT     NOT NULL
);

CREATE TABLE collections (
  uuid     VARCHAR(40) NOT NULL PRIMARY KEY,
  org_uuid VARCHAR(40) NOT NULL REFERENCES organizations (uuid),
  name     TEXT NOT NULL
);

CREATE TABLE users_collections (
  user_uuid       CHAR(36) NOT NULL REFERENCES users (uuid),
  collection_uuid CHAR(36) NOT NULL REFERENCES collections (uuid),
  read_only       BOOLEAN NOT NULL DEFAULT false,
  PRIMARY KEY (user_uuid, collection_uuid)
);

CREATE TABLE users_organizations (
  uuid       CHAR(36) NOT NULL PRIMARY KEY,
  user_uuid  CHAR(36) NOT NULL REFERENCES users (uuid),
  org_uuid   CHAR(36) NOT NULL REFERENCES organizations (uuid),

  access_all BOOLEAN NOT NULL,
  akey       TEXT    NOT NULL,
  status     INTEGER NOT NULL,
  atype      INTEGER NOT NULL,

  UNIQUE (user_uuid, org_uuid)
);

CREATE TABLE folders_ciphers (
  cipher_uuid CHAR(36) NOT NULL REFERENCES ciphers (uuid),
  folder_uuid CHAR(36) NOT NULL REFERENCES folders (uuid),
  PRIMARY KEY (cipher_uuid, folder_uuid)
);

CREATE TABLE ciphers_collections (
  cipher_uuid       CHAR(36) NOT NULL REFERENCES ciphers (uuid),
  collection_uuid CHAR(36) NOT NULL REFERENCES collections (uuid),
  PRIMARY KEY (cipher_uuid, collection_uuid)
);

CREATE TABLE twofactor (
  uuid      CHAR(36) NOT NULL PRIMARY KEY,
  user_uuid CHAR(36) NOT NULL REFERENCES users (uuid),
  atype     INTEGER  NOT NULL,
  enabled   BOOLEAN  NOT NULL,
  data      TEXT     NOT NULL,
  UNIQUE (user_uuid, atype)
);

CREATE TABLE invitations (
    email   VARCHAR(255) NOT NULL PRIMARY KEY
);

-- migrations/postgresql/2019-09-16-150000_fix_attachments/up.sql
-- Switch from CHAR() types to VARCHAR() types to avoid padding issues.
ALTER TABLE attachments ALTER COLUMN id TYPE TEXT;
ALTER TABLE attachments ALTER COLUMN cipher_uuid TYPE VARCHAR(40);
ALTER TABLE users ALTER COLUMN uuid TYPE VARCHAR(40);
ALTER TABLE users ALTER COLUMN email TYPE TEXT;
ALTER TABLE devices ALTER COLUMN uuid TYPE VARCHAR(40);
ALTER TABLE devices ALTER COLUMN user_uuid TYPE VARCHAR(40);
ALTER TABLE organizations ALTER COLUMN uuid TYPE VARCHAR(40);
ALTER TABLE ciphers ALTER COLUMN uuid TYPE VARCHAR(40);
ALTER TABLE ciphers ALTER COLUMN user_uuid TYPE VARCHAR(40);
ALTER TABLE ciphers ALTER COLUMN organization_uuid TYPE VARCHAR(40);
ALTER TABLE folders ALTER COLUMN uuid TYPE VARCHAR(40);
ALTER TABLE folders ALTER COLUMN user_uuid TYPE VARCHAR(40);
ALTER TABLE collections ALTER COLUMN uuid TYPE VARCHAR(40);
ALTER TABLE collections ALTER COLUMN org_uuid TYPE VARCHAR(40);
ALTER TABLE users_collections ALTER COLUMN user_uuid TYPE VARCHAR(40);
ALTER TABLE users_collections ALTER COLUMN collection_uuid TYPE VARCHAR(40);
ALTER TABLE users_organizations ALTER COLUMN uuid TYPE VARCHAR(40);
ALTER TABLE users_organizations ALTER COLUMN user_uuid TYPE VARCHAR(40);
ALTER TABLE users_organizations ALTER COLUMN org_uuid TYPE VARCHAR(40);
ALTER TABLE folders_ciphers ALTER COLUMN cipher_uuid TYPE VARCHAR(40);
ALTER TABLE folders_ciphers ALTER COLUMN folder_uuid TYPE VARCHAR(40);
ALTER TABLE ciphers_collections ALTER COLUMN cipher_uuid TYPE VARCHAR(40);
ALTER TABLE ciphers_collections ALTER COLUMN collection_uuid TYPE VARCHAR(40);
ALTER TABLE twofactor ALTER COLUMN uuid TYPE VARCHAR(40);
ALTER TABLE twofactor ALTER COLUMN user_uuid TYPE VARCHAR(40);
ALTER TABLE invitations ALTER COLUMN email TYPE TEXT;

-- migrations/postgresql/2019-10-10-083032_add_column_to_twofactor/up.sql
ALTER TABLE twofactor ADD COLUMN last_used INTEGER NOT NULL DEFAULT 0;

-- migrations/postgresql/2019-11-17-011009_add_email_verification/up.sql
ALTER TABLE users ADD COLUMN verified_at TIMESTAMP DEFAULT NULL;
ALTER TABLE users ADD COLUMN last_verifying_at TIMESTAMP DEFAULT NULL;
ALTER TABLE users ADD COLUMN login_verify_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN email_new VARCHAR(255) DEFAULT NULL;
ALTER TABLE users ADD COLUMN email_new_token VARCHAR(16) DEFAULT NULL;


-- migrations/postgresql/2020-03-13-205045_add_policy_table/up.sql
CREATE TABLE org_policies (
  uuid      CHAR(36) NOT NULL PRIMARY KEY,
  org_uuid  CHAR(36) NOT NULL REFERENCES organizations (uuid),
  atype     INTEGER  NOT NULL,
  enabled   BOOLEAN  NOT NULL,
  data      TEXT     NOT NULL,
  
  UNIQUE (org_uuid, atype)
);


-- migrations/postgresql/2020-04-09-235005_add_cipher_delete_date/up.sql
ALTER TABLE ciphers
    ADD COLUMN
    deleted_at TIMESTAMP;


-- migrations/postgresql/2020-07-01-214531_add_hide_passwords/up.sql
ALTER TABLE users_collections
ADD COLUMN hide_passwords BOOLEAN NOT NULL DEFAULT FALSE;


-- migrations/postgresql/2020-08-02-025025_add_favorites_table/up.sql
CREATE TABLE favorites (
  user_uuid   VARCHAR(40) NOT NULL REFERENCES users(uuid),
  cipher_uuid VARCHAR(40) NOT NULL REFERENCES ciphers(uuid),

  PRIMARY KEY (user_uuid, cipher_uuid)
);

-- Transfer favorite status for user-owned ciphers.
INSERT INTO favorites(user_uuid, cipher_uuid)
SELECT user_uuid, uuid
FROM ciphers
WHERE favorite = TRUE
  AND user_uuid IS NOT NULL;

ALTER TABLE ciphers
DROP COLUMN favorite;


-- migrations/postgresql/2020-11-30-224000_add_user_enabled/up.sql
ALTER TABLE users ADD COLUMN enabled BOOLEAN NOT NULL DEFAULT true;


-- migrations/postgresql/2020-12-09-173101_add_stamp_exception/up.sql
ALTER TABLE users ADD COLUMN stamp_exception TEXT DEFAULT NULL;

-- migrations/postgresql/2021-03-11-190243_add_sends/up.sql
CREATE TABLE sends (
  uuid              CHAR(36) NOT NULL   PRIMARY KEY,
  user_uuid         CHAR(36)            REFERENCES users (uuid),
  organization_uuid CHAR(36)            REFERENCES organizations (uuid),

  name              TEXT    NOT NULL,
  notes             TEXT,

  atype             INTEGER NOT NULL,
  data              TEXT    NOT NULL,
  key               TEXT    NOT NULL,
  password_hash     BYTEA,
  password_salt     BYTEA,
  password_iter     INTEGER,

  max_access_count  INTEGER,
  access_count      INTEGER NOT NULL,

  creation_date     TIMESTAMP NOT NULL,
  revision_date     TIMESTAMP NOT NULL,
  expiration_date   TIMESTAMP,
  deletion_date     TIMESTAMP NOT NULL,

  disabled          BOOLEAN NOT NULL
);

-- migrations/postgresql/2021-03-15-163412_rename_send_key/up.sql
ALTER TABLE sends RENAME COLUMN key TO akey;


-- migrations/postgresql/2021-04-30-233251_add_reprompt/up.sql
ALTER TABLE ciphers
ADD COLUMN reprompt INTEGER;


-- migrations/postgresql/2021-05-11-205202_add_hide_email/up.sql
ALTER TABLE sends
ADD COLUMN hide_email BOOLEAN;


-- migrations/postgresql/2021-07-01-203140_add_password_reset_keys/up.sql
ALTER TABLE organizations
  ADD COLUMN private_key TEXT;

ALTER TABLE organizations
  ADD COLUMN public_key TEXT;


-- migrations/postgresql/2021-08-30-193501_create_emergency_access/up.sql
CREATE TABLE emergency_access (
  uuid                      CHAR(36)     NOT NULL PRIMARY KEY,
  grantor_uuid              CHAR(36)     REFERENCES users (uuid),
  grantee_uuid              CHAR(36)     REFERENCES users (uuid),
  email                     VARCHAR(255),
  key_encrypted             TEXT,
  atype                     INTEGER  NOT NULL,
  status                    INTEGER  NOT NULL,
  wait_time_days            INTEGER  NOT NULL,
  recovery_initiated_at     TIMESTAMP,
  last_notification_at      TIMESTAMP,
  updated_at                TIMESTAMP NOT NULL,
  created_at                TIMESTAMP NOT NULL
);


-- migrations/postgresql/2021-10-24-164321_add_2fa_incomplete/up.sql
CREATE TABLE twofactor_incomplete (
  user_uuid   VARCHAR(40) NOT NULL REFERENCES users(uuid),
  device_uuid VARCHAR(40) NOT NULL,
  device_name TEXT        NOT NULL,
  login_time  TIMESTAMP   NOT NULL,
  ip_address  TEXT        NOT NULL,

  PRIMARY KEY (user_uuid, device_uuid)
);


-- migrations/postgresql/2022-01-17-234911_add_api_key/up.sql
ALTER TABLE users
ADD COLUMN api_key TEXT;


-- migrations/postgresql/2022-03-02-210038_update_devices_primary_key/up.sql
-- First remove the previous primary key
ALTER TABLE devices DROP CONSTRAINT devices_pkey;
-- Add a new combined one
ALTER TABLE devices ADD PRIMARY KEY (uuid, user_uuid);


-- migrations/postgresql/2022-07-27-110000_add_group_support/up.sql
CREATE TABLE groups (
  uuid                              CHAR(36) NOT NULL PRIMARY KEY,
  organizations_uuid                 VARCHAR(40) NOT NULL REFERENCES organizations (uuid),
  name                              VARCHAR(100) NOT NULL,
  access_all                        BOOLEAN NOT NULL,
  external_id                       VARCHAR(300) NULL,
  creation_date                     TIMESTAMP NOT NULL,
  revision_date                     TIMESTAMP NOT NULL
);

CREATE TABLE groups_users (
  groups_uuid                       CHAR(36) NOT NULL REFERENCES groups (uuid),
  users_organizations_uuid          VARCHAR(36) NOT NULL REFERENCES users_organizations (uuid),
  PRIMARY KEY (groups_uuid, users_organizations_uuid)
);

CREATE TABLE collections_groups (
  collections_uuid                  VARCHAR(40) NOT NULL REFERENCES collections (uuid),
  groups_uuid                       CHAR(36) NOT NULL REFERENCES groups (uuid),
  read_only                         BOOLEAN NOT NULL,
  hide_passwords                    BOOLEAN NOT NULL,
  PRIMARY KEY (collections_uuid, groups_uuid)
);

-- migrations/postgresql/2022-10-18-170602_add_events/up.sql
CREATE TABLE event (
  uuid               CHAR(36)        NOT NULL PRIMARY KEY,
  event_type         INTEGER     NOT NULL,
  user_uuid          CHAR(36),
  org_uuid           CHAR(36),
  cipher_uuid        CHAR(36),
  collection_uuid    CHAR(36),
  group_uuid         CHAR(36),
  org_user_uuid      CHAR(36),
  act_user_uuid      CHAR(36),
  device_type        INTEGER,
  ip_address         TEXT,
  event_date         TIMESTAMP    NOT NULL,
  policy_uuid        CHAR(36),
  provider_uuid      CHAR(36),
  provider_user_uuid CHAR(36),
  provider_org_uuid  CHAR(36),
  UNIQUE (uuid)
);


-- migrations/postgresql/2023-01-06-151600_add_reset_password_support/up.sql
ALTER TABLE users_organizations
ADD COLUMN reset_password_key TEXT;


-- migrations/postgresql/2023-01-11-205851_add_avatar_color/up.sql
ALTER TABLE users
ADD COLUMN avatar_color TEXT;


-- migrations/postgresql/2023-01-31-222222_add_argon2/up.sql
ALTER TABLE users
    ADD COLUMN
    client_kdf_memory INTEGER DEFAULT NULL;

ALTER TABLE users
    ADD COLUMN
    client_kdf_parallelism INTEGER DEFAULT NULL;


-- migrations/postgresql/2023-02-18-125735_push_uuid_table/up.sql
ALTER TABLE devices ADD COLUMN push_uuid TEXT;

-- migrations/postgresql/2023-06-02-200424_create_organization_api_key/up.sql
CREATE TABLE organization_api_key (
	uuid			CHAR(36) NOT NULL,
	org_uuid		CHAR(36) NOT NULL REFERENCES organizations(uuid),
	atype			INTEGER NOT NULL,
	api_key			VARCHAR(255),
	revision_date	TIMESTAMP NOT NULL,
	PRIMARY KEY(uuid, org_uuid)
);

ALTER TABLE users ADD COLUMN external_id TEXT;


-- migrations/postgresql/2023-06-17-200424_create_auth_requests_table/up.sql
CREATE TABLE auth_requests (
	uuid            CHAR(36) NOT NULL PRIMARY KEY,
	user_uuid	    CHAR(36) NOT NULL,
	organization_uuid           CHAR(36),
	request_device_identifier         CHAR(36) NOT NULL,
	device_type         INTEGER NOT NULL,
	request_ip         TEXT NOT NULL,
	response_device_id         CHAR(36),
	access_code         TEXT NOT NULL,
	public_key         TEXT NOT NULL,
	enc_key         TEXT NOT NULL,
	master_password_hash         TEXT NOT NULL,
	approved         BOOLEAN,
	creation_date         TIMESTAMP NOT NULL,
	response_date         TIMESTAMP,
	authentication_date         TIMESTAMP,
	FOREIGN KEY(user_uuid) REFERENCES users(uuid),
	FOREIGN KEY(organization_uuid) REFERENCES organizations(uuid)
);

-- migrations/postgresql/2023-06-28-133700_add_collection_external_id/up.sql
ALTER TABLE collections ADD COLUMN external_id TEXT;


-- migrations/postgresql/2023-09-01-170620_update_auth_request_table/up.sql
ALTER TABLE auth_requests
ALTER COLUMN master_password_hash DROP NOT NULL;

ALTER TABLE auth_requests
ALTER COLUMN enc_key DROP NOT NULL;


-- migrations/postgresql/2023-09-02-212336_move_user_external_id/up.sql
ALTER TABLE users_organizations
ADD COLUMN external_id TEXT;


-- migrations/postgresql/2023-09-10-133000_add_sso/up.sql
CREATE TABLE sso_nonce (
  nonce               CHAR(36) NOT NULL PRIMARY KEY,
  created_at          TIMESTAMP NOT NULL DEFAULT now()
);


-- migrations/postgresql/2023-09-14-133000_add_users_organizations_invited_by_email/up.sql
ALTER TABLE users_organizations ADD COLUMN invited_by_email TEXT DEFAULT NULL;


-- migrations/postgresql/2023-10-21-221242_add_cipher_key/up.sql
ALTER TABLE ciphers
ADD COLUMN "key" TEXT;


-- migrations/postgresql/2024-01-12-210182_change_attachment_size/up.sql
ALTER TABLE attachments
ALTER COLUMN file_size TYPE BIGINT,
ALTER COLUMN file_size SET NOT NULL;


-- migrations/postgresql/2024-02-14-135953_change_time_stamp_data_type/up.sql
ALTER TABLE twofactor
ALTER COLUMN last_used TYPE BIGINT,
ALTER COLUMN last_used SET NOT NULL;


-- migrations/postgresql/2024-02-14-170000_add_state_to_sso_nonce/up.sql
DROP TABLE sso_nonce;

CREATE TABLE sso_nonce (
	state               TEXT NOT NULL PRIMARY KEY,
  	nonce               TEXT NOT NULL,
  	redirect_uri 		TEXT NOT NULL,
  	created_at          TIMESTAMP NOT NULL DEFAULT now()
);


-- migrations/postgresql/2024-02-26-170000_add_pkce_to_sso_nonce/up.sql
DROP TABLE IF EXISTS sso_nonce;

CREATE TABLE sso_nonce (
    state               TEXT NOT NULL PRIMARY KEY,
    nonce               TEXT NOT NULL,
    verifier            TEXT,
    redirect_uri        TEXT NOT NULL,
    created_at          TIMESTAMP NOT NULL DEFAULT now()
);


-- migrations/postgresql/2024-03-06-170000_add_sso_users/up.sql
CREATE TABLE sso_users (
  user_uuid           CHAR(36) NOT NULL PRIMARY KEY,
  identifier          TEXT NOT NULL UNIQUE,
  created_at          TIMESTAMP NOT NULL DEFAULT now(),

  FOREIGN KEY(user_uuid) REFERENCES users(uuid)
);


-- migrations/postgresql/2024-03-13-170000_sso_users_cascade/up.sql
ALTER TABLE sso_users
  DROP CONSTRAINT "sso_users_user_uuid_fkey",
  ADD CONSTRAINT "sso_users_user_uuid_fkey" FOREIGN KEY(user_uuid) REFERENCES users(uuid) ON UPDATE CASCADE ON DELETE CASCADE;


-- migrations/postgresql/2024-06-05-131359_add_2fa_duo_store/up.sql
CREATE TABLE twofactor_duo_ctx (
    state      VARCHAR(64) NOT NULL,
    user_email VARCHAR(255)  NOT NULL,
    nonce      VARCHAR(64) NOT NULL,
    exp        BIGINT        NOT NULL,

    PRIMARY KEY (state)
);

-- migrations/postgresql/2024-09-04-091351_use_device_type_for_mails/up.sql
ALTER TABLE twofactor_incomplete ADD COLUMN device_type INTEGER NOT NULL DEFAULT 14; -- 14 = Unknown Browser


-- migrations/postgresql/2025-01-09-172300_add_manage/up.sql
ALTER TABLE users_collections
ADD COLUMN manage BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE collections_groups
ADD COLUMN manage BOOLEAN NOT NULL DEFAULT FALSE;


-- migrations/postgresql/2025-08-20-120000_sso_nonce_to_auth/up.sql
DROP TABLE IF EXISTS sso_nonce;

CREATE TABLE sso_auth (
    state               TEXT NOT NULL PRIMARY KEY,
    client_challenge    TEXT NOT NULL,
    nonce               TEXT NOT NULL,
    redirect_uri        TEXT NOT NULL,
    code_response       TEXT,
    auth_response       TEXT,
    created_at          TIMESTAMP NOT NULL DEFAULT now(),
    updated_at          TIMESTAMP NOT NULL DEFAULT now()
);


-- migrations/postgresql/2026-03-09-005927_add_archives/up.sql
DROP TABLE IF EXISTS archives;

CREATE TABLE archives (
    user_uuid   CHAR(36) NOT NULL REFERENCES users (uuid) ON DELETE CASCADE,
    cipher_uuid CHAR(36) NOT NULL REFERENCES ciphers (uuid) ON DELETE CASCADE,
    archived_at TIMESTAMP NOT NULL DEFAULT now(),
    PRIMARY KEY (user_uuid, cipher_uuid)
);


-- migrations/postgresql/2026-04-25-120000_sso_auth_binding/up.sql
ALTER TABLE sso_auth ADD COLUMN binding_hash TEXT;


-- migrations/postgresql/2026-05-05-120000_sso_auth_error/up.sql
ALTER TABLE sso_auth ADD COLUMN IF NOT EXISTS code_response_error TEXT;

