-- Two-factor sign-in with TOTP (an authenticator app) and one-time recovery codes, and the
-- workspace setting that requires it of every member (DD017). Runs on H2 and PostgreSQL.

-- One row per person who turned two-factor sign-in on; no row: off. The secret is written once, at
-- enrolment, and never shown again. last_used_step is the latest 30-second time step whose code
-- signed in, so that a code is accepted once (RFC 6238, section 5.2).
create table two_factor (
    user_id         uuid primary key references users (id) on delete cascade,
    secret          varchar(64) not null,
    enabled_at      timestamp with time zone not null,
    last_used_step  bigint not null
);

-- Ten one-time recovery codes per person; only their SHA-256 is kept (they are random, 80 bits).
create table two_factor_recovery_code (
    user_id    uuid not null references users (id) on delete cascade,
    code_hash  varchar(64) not null,
    used_at    timestamp with time zone,
    primary key (user_id, code_hash)
);

-- Security settings of a workspace, owned by its Owners; no row: the defaults.
create table workspace_security (
    workspace_id        uuid primary key references workspaces (id) on delete cascade,
    require_two_factor  boolean default false not null
);
