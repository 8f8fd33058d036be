-- SCIM 2.0 provisioning (DD036). A workspace's SCIM Users are its members plus the people its SCIM key
-- created that are still pending (an invitation, user_id null) or were deactivated (active false).
-- A member who was never provisioned gets a row the first time SCIM looks at the workspace, so that
-- every SCIM User has a stable id. Runs on H2 and PostgreSQL.
create table scim_users (
    id            uuid primary key,
    workspace_id  uuid not null references workspaces (id) on delete cascade,
    -- the account, once there is one (null while only an invitation is pending)
    user_id       uuid references users (id) on delete set null,
    -- the email, lower-cased as accounts store it (SCIM userName)
    user_name     varchar(320) not null,
    external_id   varchar(200),
    given_name    varchar(200),
    family_name   varchar(200),
    display_name  varchar(200),
    -- false once SCIM deactivated the person (they are no longer a member)
    active        boolean not null,
    -- whether SCIM created or changed it (else a member SCIM only found: once removed, it disappears)
    provisioned   boolean not null,
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone not null,
    constraint scim_users_user_name unique (workspace_id, user_name),
    constraint scim_users_external_id unique (workspace_id, external_id)
);

create index scim_users_user on scim_users (user_id);

create table scim_groups (
    id            uuid primary key,
    workspace_id  uuid not null references workspaces (id) on delete cascade,
    display_name  varchar(200) not null,
    external_id   varchar(200),
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone not null,
    constraint scim_groups_display_name unique (workspace_id, display_name),
    constraint scim_groups_external_id unique (workspace_id, external_id)
);

create table scim_group_members (
    group_id      uuid not null references scim_groups (id) on delete cascade,
    scim_user_id  uuid not null references scim_users (id) on delete cascade,
    primary key (group_id, scim_user_id)
);

create index scim_group_members_user on scim_group_members (scim_user_id);
