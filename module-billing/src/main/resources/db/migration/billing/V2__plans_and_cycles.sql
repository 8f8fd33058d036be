-- Billing, plans and cycles: a workspace's Enterprise terms (set by operators), the plan periods of a
-- cycle (what its invoice charges as fees), one row per closed cycle (the close's idempotency), and
-- ShedLock's lock table (the close runs on one node at a time). See DD021.

-- Enterprise terms of one workspace; without a row the configured defaults apply.
create table billing_enterprise_terms (
    workspace_id        uuid primary key,
    monthly_fee         numeric(19,4) not null,
    allowance           numeric(24,6) not null,
    price_per_credit    numeric(19,8) not null,
    rate_limit          bigint not null,
    rate_period_seconds bigint not null,
    updated_at          timestamp with time zone not null,
    updated_by          varchar(200) not null
);

-- Volume tiers of a workspace's Enterprise price: from from_credits overage credits in a cycle on,
-- each credit costs price_per_credit.
create table billing_enterprise_tier (
    workspace_id     uuid not null,
    from_credits     numeric(24,6) not null,
    price_per_credit numeric(19,8) not null,
    primary key (workspace_id, from_credits)
);

-- The plans of a cycle, written when a plan changes within it: [starts_on, ends_on) on plan_id, whose
-- fee (pro-rated by days of the cycle's month, rounded to minor units) the cycle's invoice charges.
-- A cycle without rows was on the account's plan throughout.
create table billing_plan_period (
    workspace_id uuid not null,
    cycle_start  date not null,
    starts_on    date not null,
    ends_on      date not null,
    plan_id      varchar(20) not null,
    fee          numeric(19,4) not null,
    allowance    numeric(24,6) not null,
    created_at   timestamp with time zone not null,
    primary key (workspace_id, starts_on)
);
create index billing_plan_period_cycle_ix on billing_plan_period (workspace_id, cycle_start);

-- One row per closed cycle: a second closer (another node, a retry after a crash) finds it and
-- closes nothing twice.
create table billing_cycle_close (
    workspace_id   uuid not null,
    cycle_start    date not null,
    cycle_end      date not null,
    plan_id        varchar(20) not null,
    invoice_id     uuid,
    invoice_number varchar(40),
    closed_at      timestamp with time zone not null,
    primary key (workspace_id, cycle_start)
);

-- ShedLock's JDBC lock provider (net.javacrumbs.shedlock 7.2.1): one row per named job.
create table shedlock (
    name       varchar(64) not null,
    lock_until timestamp not null,
    locked_at  timestamp not null,
    locked_by  varchar(255) not null,
    primary key (name)
);
