-- The mail outbox (module-api 1.2 OutboundMail, DD016): a message is written here in the
-- transaction that wants it sent, and sent after that transaction commits (or at the next start,
-- or by the next poll). Runs on H2 and PostgreSQL.
--
-- status: QUEUED (waiting for its first or next attempt), SENDING (claimed by a node that is
-- talking to the mail server), SENT, FAILED (refused for a day, or not a sendable message) and
-- UNCERTAIN (a node stopped while sending it: it may or may not have gone out, and is never sent
-- again, so that one queue call never sends two emails).
create table mail_outbox (
    id               uuid primary key,
    kind             varchar(100) not null,
    recipient        varchar(320) not null,
    subject          varchar(1000) not null,
    text_body        varchar(200000) not null,
    html_body        varchar(200000),
    status           varchar(16) not null,
    attempts         integer default 0 not null,
    next_attempt_at  timestamp with time zone not null,
    created_at       timestamp with time zone not null,
    claimed_at       timestamp with time zone,
    sent_at          timestamp with time zone,
    -- what went wrong last, by kind of failure only: never an address, a subject or a body
    last_error       varchar(500),
    constraint mail_outbox_status_ck check (status in ('QUEUED', 'SENDING', 'SENT', 'FAILED', 'UNCERTAIN'))
);
-- the poll: messages due for an attempt, and messages a stopped node left SENDING
create index mail_outbox_due_ix on mail_outbox (status, next_attempt_at);
-- the clean-up of old sent and failed messages
create index mail_outbox_created_ix on mail_outbox (created_at);
