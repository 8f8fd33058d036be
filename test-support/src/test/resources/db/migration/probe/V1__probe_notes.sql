-- A module table that references a core table, as Team's will.
create table probe_notes (
    id            uuid primary key,
    workspace_id  uuid not null references workspaces (id),
    body          varchar(100) not null
);
