-- One row per workspace that has created a key: creations lock it, so the cap on active keys per
-- workspace holds when several requests or nodes create keys at once. Runs on H2 and PostgreSQL.
create table api_key_workspace_locks (
    workspace_id    uuid primary key
);
