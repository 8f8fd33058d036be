-- Single sign-on (DD034). People the console creates at their first SSO sign-in have no password:
-- the password form refuses them like a wrong password, and "Forgot password" sends them nothing.
alter table users alter column password_hash drop not null;

-- The identity-provider subject an account is linked to: at most one per account, and a subject of an
-- issuer belongs to one account. Written at the first SSO sign-in (linking or creating), touched at each.
-- Runs on H2 and PostgreSQL.
create table user_identities (
    user_id          uuid primary key references users (id) on delete cascade,
    issuer           varchar(500) not null,
    subject          varchar(255) not null,
    linked_at        timestamp with time zone not null,
    last_sign_in_at  timestamp with time zone not null,
    constraint user_identities_subject_uq unique (issuer, subject)
);
