-- Workspaces suspended by the platform's operators (DD027): one row while a workspace is suspended,
-- removed when it is resumed (the workspace's audit log keeps every suspension and resumption, with
-- its reason). While suspended its keys verify SUSPENDED and its members keep read-only access.
-- A table of its own rather than columns on workspaces: every node loads the few suspended
-- workspaces at start with one scan of this small table. Runs on H2 and PostgreSQL.
create table workspace_suspension (
    workspace_id       uuid primary key references workspaces (id) on delete cascade,
    suspended_at       timestamp with time zone not null,
    reason             varchar(500) not null,
    suspended_by_kind  varchar(16) not null,
    suspended_by_id    uuid not null,
    suspended_by_name  varchar(320) not null
);
