-- Service keys (DD037): a key owned by the workspace rather than by a member (owner_user_id null),
-- so that removing a person never stops it: the workspace's SCIM keys (scope scim, the vlm_admin_
-- form) and admin keys for automation. Inference keys always belong to a member; SCIM keys never do.
-- created_by_*: who created a key (a person, or a key on the management API), for the Keys page and
-- the audit trail; empty for keys created before this migration. Runs on H2 and PostgreSQL.
alter table api_keys alter column owner_user_id drop not null;
alter table api_keys drop constraint api_keys_scope_ck;
alter table api_keys add constraint api_keys_scope_ck check (scope in ('inference', 'admin', 'scim'));
alter table api_keys add constraint api_keys_owner_ck check (
    (scope <> 'inference' or owner_user_id is not null) and (scope <> 'scim' or owner_user_id is null));
alter table api_keys add column created_by_id uuid;
alter table api_keys add column created_by_label varchar(300);
