-- Single sign-on settings of a workspace (DD035). Runs on H2 and PostgreSQL.
--
-- Email domains a workspace claims so that new people of that domain who sign in with SSO join it
-- with a default role. An Owner asks, an operator approves. One claim per domain across the install,
-- pending or approved (the unique index is what holds when two Owners ask at the same moment); a
-- rejected, revoked or withdrawn claim is deleted, freeing the domain (the workspace's audit log keeps
-- every step with its reason). The domain is stored lower-case in its ASCII (punycode) form.
create table domain_claims (
    id                 uuid primary key,
    workspace_id       uuid not null references workspaces (id) on delete cascade,
    domain             varchar(253) not null,
    default_role       varchar(16) not null,
    status             varchar(16) not null,
    requested_at       timestamp with time zone not null,
    requested_by_id    uuid not null,
    requested_by_name  varchar(320) not null,
    decided_at         timestamp with time zone,
    decided_by_name    varchar(320),
    constraint domain_claims_role_ck check (default_role in ('ADMIN', 'MEMBER', 'BILLING', 'VIEWER')),
    constraint domain_claims_status_ck check (status in ('PENDING', 'APPROVED'))
);
create unique index domain_claims_domain_uq on domain_claims (domain);
create index domain_claims_workspace_ix on domain_claims (workspace_id);

-- A workspace's mapping of identity-provider groups (the groups claim at SSO sign-in, SCIM groups'
-- names) to roles: one role per group and workspace; the group's name exactly as the provider sends it.
create table group_role_mappings (
    workspace_id  uuid not null references workspaces (id) on delete cascade,
    group_name    varchar(200) not null,
    role          varchar(16) not null,
    primary key (workspace_id, group_name),
    constraint group_role_mappings_role_ck check (role in ('OWNER', 'ADMIN', 'MEMBER', 'BILLING', 'VIEWER'))
);
