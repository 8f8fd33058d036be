-- The console's core tables a module's migrations may reference (users, workspaces, memberships),
-- for module tests that run without the console (DD014). A copy, column for column, of what the
-- console's own migrations (console-app, db/migration/core) leave: console-app's
-- CoreTablesForModuleTestsTest fails when the two differ, so change both together.
-- The rest of the core schema (audit log, sign-in state) is the console's own business.
-- Runs on H2 and PostgreSQL.

create table users (
    id              uuid primary key,
    email           varchar(320) not null,
    display_name    varchar(200) not null,
    password_hash   varchar(200),
    operator        boolean default false not null,
    created_at      timestamp with time zone not null,
    last_active_at  timestamp with time zone,
    version         integer default 0 not null,
    session_epoch   integer default 0 not null
);
create unique index users_email_uq on users (email);

create table workspaces (
    id          uuid primary key,
    name        varchar(200) not null,
    created_at  timestamp with time zone not null
);

create table memberships (
    workspace_id  uuid not null references workspaces (id),
    user_id       uuid not null references users (id),
    role          varchar(16) not null,
    joined_at     timestamp with time zone not null,
    primary key (workspace_id, user_id),
    constraint memberships_role_ck check (role in ('OWNER', 'ADMIN', 'MEMBER', 'BILLING', 'VIEWER'))
);
create index memberships_user_ix on memberships (user_id);
