-- API keys of the keys module. Only hashes of secrets are stored. Runs on H2 and PostgreSQL.

create table api_keys (
    id              uuid primary key,
    workspace_id    uuid not null,
    owner_user_id   uuid not null,
    name            varchar(100) not null,
    project         varchar(100),
    scope           varchar(16) not null,
    display_prefix  varchar(40) not null,
    created_at      timestamp with time zone not null,
    expires_at      timestamp with time zone,
    revoked_at      timestamp with time zone,
    last_used_at    timestamp with time zone,
    version         integer default 0 not null,
    constraint api_keys_scope_ck check (scope in ('inference', 'admin'))
);
create index api_keys_workspace_ix on api_keys (workspace_id, created_at);
create index api_keys_owner_ix on api_keys (workspace_id, owner_user_id);

-- A key's secrets: the current one (valid_until null) and, after a roll, the previous one
-- until its grace period ends.
create table api_key_secrets (
    secret_hash     varchar(64) primary key,
    key_id          uuid not null references api_keys (id),
    created_at      timestamp with time zone not null,
    valid_until     timestamp with time zone
);
create index api_key_secrets_key_ix on api_key_secrets (key_id);

-- Requests verified per key and day (UTC), written in batches, never one write per request.
create table api_key_daily_requests (
    key_id      uuid not null references api_keys (id),
    usage_day   date not null,
    requests    bigint not null,
    primary key (key_id, usage_day)
);

-- Bucket4j's state for rate limits shared by every node (used on PostgreSQL).
create table rate_limit_buckets (
    id      varchar(200) primary key,
    state   bytea,
    expires_at bigint
);
