-- Invitations that the workspace's SCIM provisioning created (module-api 1.5 PendingInvitations,
-- DD038): no member invited, so invited_by is null and provisioning_key_id names the workspace's
-- SCIM key whose authority the invitation carries (checked again when it is accepted).
-- Runs on H2 and PostgreSQL.
alter table team_invitations alter column invited_by drop not null;
alter table team_invitations add column provisioning_key_id uuid;
alter table team_invitations add constraint team_invitations_inviter_ck
    check (invited_by is not null or provisioning_key_id is not null);
-- Whether a link counts against the workspace's daily invitation limit (console.team.invitations-per-day):
-- the links of provisioned invitations do not (the identity provider onboards a whole company), a
-- member's resend of one does.
alter table team_invitation_tokens add column counted boolean default true not null;
create index team_invitations_open_email_ix on team_invitations (open_email);
