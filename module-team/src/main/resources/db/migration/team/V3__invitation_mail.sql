-- The outbox id of each invitation email (module-api 1.2 OutboundMail.status), so that the Team
-- pages and the API can say that an invitation's email was never delivered. Null when no mail
-- server was configured (the link was shown to copy) and for links sent before this version.
-- Runs on H2 and PostgreSQL.
alter table team_invitation_tokens add column mail_id uuid;
