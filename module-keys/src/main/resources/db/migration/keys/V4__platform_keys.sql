-- Platform keys: install-wide keys of the platform's own services (its gateway reports usage with
-- one), managed by operators. Like workspace keys, only a hash of the secret is stored. Scopes are a
-- comma-separated list of usage, verify and operator. Runs on H2 and PostgreSQL.
create table platform_keys (
    id                uuid primary key,
    name              varchar(100) not null,
    secret_hash       varchar(64) not null,
    display_prefix    varchar(40) not null,
    scopes            varchar(100) not null,
    created_by_id     uuid,
    created_by_label  varchar(300) not null,
    created_at        timestamp with time zone not null,
    last_used_at      timestamp with time zone,
    revoked_at        timestamp with time zone,
    constraint platform_keys_secret_uq unique (secret_hash)
);
create index platform_keys_created_ix on platform_keys (created_at);
