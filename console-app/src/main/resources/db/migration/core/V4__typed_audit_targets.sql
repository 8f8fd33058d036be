-- Typed audit targets (module-api 1.1, DD009): each entry says what it is about by type and id, so
-- that a thing's history is found by both and the audit log page filters by type. The target
-- column keeps the label people read. Runs on H2 and PostgreSQL.

alter table audit_log add column target_type varchar(64);
alter table audit_log add column target_id varchar(300);

-- Entries written before 1.1 get the type and id their target string names, as
-- AuditTarget.fromLegacy maps it; the recorded columns are not touched (the log stays append-only:
-- these statements only fill the two columns added above, and only where they are still empty).
update audit_log set target_type = 'api_key', target_id = trim(substr(target, 9))
    where target_type is null and substr(target, 1, 8) = 'api_key:' and trim(substr(target, 9)) <> '';

-- "user <id>" and "user <email>": an email becomes the person's id when they still exist
update audit_log set target_type = 'user', target_id = coalesce(
        (select cast(u.id as varchar(36)) from users u where u.email = lower(trim(substr(audit_log.target, 6)))),
        trim(substr(target, 6)))
    where target_type is null and substr(target, 1, 5) = 'user ' and trim(substr(target, 6)) <> '';

-- "workspace <name>": the entry's own workspace when it has that name (core.workspace.created)
update audit_log set target_type = 'workspace', target_id = coalesce(
        (select cast(w.id as varchar(36)) from workspaces w
            where w.id = audit_log.workspace_id and w.name = trim(substr(audit_log.target, 11))),
        trim(substr(target, 11)))
    where target_type is null and substr(target, 1, 10) = 'workspace ' and trim(substr(target, 11)) <> '';

update audit_log set target_type = 'webhooks.endpoint', target_id = trim(substr(target, 10))
    where target_type is null and substr(target, 1, 9) = 'endpoint ' and trim(substr(target, 10)) <> '';

update audit_log set target_type = 'other', target_id = trim(target)
    where target_type is null and trim(target) <> '';

-- Both or neither: an entry about nothing in particular has no type and no id.
alter table audit_log add constraint audit_log_target_ck check (
    (target_type is null and target_id is null) or (target_type is not null and target_id is not null));

-- historyOf: one workspace's entries about one thing, newest first
create index audit_log_target_ix on audit_log (workspace_id, target_type, target_id, occurred_at);
