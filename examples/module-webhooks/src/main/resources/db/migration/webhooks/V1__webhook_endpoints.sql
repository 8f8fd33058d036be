-- Endpoints a workspace registers to be notified of events. Runs on H2 and PostgreSQL.
-- workspace_id has no foreign key: a plugin relies on the module API, not on the console's tables.

create table webhook_endpoints (
    id            uuid primary key,
    workspace_id  uuid not null,
    url           varchar(500) not null,
    description   varchar(200) not null,
    events        varchar(1000) not null,
    enabled       boolean default true not null,
    created_at    timestamp with time zone not null,
    created_by    uuid not null,
    updated_at    timestamp with time zone not null
);
create index webhook_endpoints_workspace_ix on webhook_endpoints (workspace_id, created_at);
