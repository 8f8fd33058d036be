-- The per-inviter daily limit (console.team.invitations-per-inviter-per-day): a person's row here
-- serialises their invitations across every workspace, as team_settings does within one, and the
-- index finds the invitations a person made.
create table team_inviters (
    user_id  uuid primary key
);
create index team_invitations_inviter_ix on team_invitations (invited_by, created_at);
