-- Invitations of the Team module and its per-workspace settings. Only hashes of link tokens are
-- stored (DD018). Runs on H2 and PostgreSQL.

-- One invitation of one address to one workspace. It stays open (ended_at null) until it is
-- accepted or revoked; whether an open invitation has expired is read from expires_at. A resend
-- keeps the invitation and gives it a new token (see invitation_tokens) and a new expiry.
create table team_invitations (
    id               uuid primary key,
    workspace_id     uuid not null,
    email            varchar(320) not null,
    -- the address as addresses are compared (lower case); set only while the invitation is open,
    -- so that the unique index below allows one open invitation per address and workspace
    open_email       varchar(320),
    role             varchar(16) not null,
    invited_by       uuid not null,
    invited_by_name  varchar(200) not null,
    created_at       timestamp with time zone not null,
    expires_at       timestamp with time zone not null,
    ended_at         timestamp with time zone,
    end_reason       varchar(16),
    accepted_by      uuid,
    constraint team_invitations_role_ck check (role in ('OWNER', 'ADMIN', 'MEMBER', 'BILLING', 'VIEWER')),
    constraint team_invitations_end_ck check (end_reason is null or end_reason in ('ACCEPTED', 'REVOKED')),
    constraint team_invitations_open_ck check ((ended_at is null and end_reason is null)
        or (ended_at is not null and end_reason is not null and open_email is null))
);
create unique index team_invitations_open_uq on team_invitations (workspace_id, open_email);
create index team_invitations_workspace_ix on team_invitations (workspace_id, created_at);

-- Every link an invitation was sent with: the current one (replaced_at null) and those a resend
-- replaced, so that an old link can say it was replaced. Each row is one email sent, which the
-- daily limit counts.
create table team_invitation_tokens (
    token_hash     varchar(64) primary key,
    invitation_id  uuid not null references team_invitations (id),
    workspace_id   uuid not null,
    created_at     timestamp with time zone not null,
    replaced_at    timestamp with time zone
);
create index team_invitation_tokens_invitation_ix on team_invitation_tokens (invitation_id);
create index team_invitation_tokens_sent_ix on team_invitation_tokens (workspace_id, created_at);

-- A workspace's Team settings. Its row also serialises the workspace's invitations: an invite
-- locks it, so that the daily limit and the one-open-invitation rule hold under concurrency.
create table team_settings (
    workspace_id     uuid primary key,
    -- allowed email domains, comma separated, lower case; empty allows every domain
    allowed_domains  varchar(2000) default '' not null
);
