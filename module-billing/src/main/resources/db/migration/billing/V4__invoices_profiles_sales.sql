-- Invoices and their lines (stored as issued, never recomputed), the install-wide gapless numbering,
-- billing profiles and "Contact sales" requests. Money numeric(19,4) (amounts are whole minor units),
-- unit prices numeric(19,8) (a price per credit such as 0.0015), quantities numeric(24,6). See DD023.

-- One row per calendar year of issue: locked and incremented in the issuing transaction, so a
-- rolled-back issue gives its number back and the sequence has no gap.
create table billing_invoice_counter (
    invoice_year integer primary key,
    last_number  bigint not null
);

create table billing_invoice (
    id                 uuid primary key,
    number             varchar(20) not null,
    workspace_id       uuid not null,
    kind               varchar(20) not null,
    -- idempotency reference of the issue: cycle:2026-11-01, top-up:<key>
    reference          varchar(200) not null,
    period_start       date not null,
    period_end         date not null,
    issued_at          timestamp with time zone not null,
    due_date           date,
    currency           varchar(3) not null,
    -- the billing profile as it was at issue, one line per row of the "Billed to" block
    billed_to          varchar(2000) not null,
    subtotal           numeric(19,4) not null,
    tax_rate           numeric(7,4) not null,
    tax                numeric(19,4) not null,
    total              numeric(19,4) not null,
    -- only these move after issue
    status             varchar(20) not null,
    paid_at            timestamp with time zone,
    paid_by            varchar(200),
    paid_note          varchar(500),
    payment_provider   varchar(100),
    payment_reference  varchar(200),
    payment_page       varchar(2000),
    payment_failed_at  timestamp with time zone,
    -- what a top-up buys, granted once (at issue for offline payment, at settlement otherwise)
    top_up_pack        varchar(40),
    top_up_credits     numeric(24,6),
    credits_granted_at timestamp with time zone
);
create unique index billing_invoice_number_ux on billing_invoice (number);
create unique index billing_invoice_reference_ux on billing_invoice (workspace_id, reference);
create index billing_invoice_ws_issued_ix on billing_invoice (workspace_id, issued_at);
create index billing_invoice_status_ix on billing_invoice (status, issued_at);

create table billing_invoice_line (
    invoice_id  uuid not null,
    line_no     integer not null,
    description varchar(300) not null,
    quantity    numeric(24,6) not null,
    unit_price  numeric(19,8) not null,
    amount      numeric(19,4) not null,
    primary key (invoice_id, line_no)
);

create table billing_profile (
    workspace_id  uuid primary key,
    company_name  varchar(200) not null,
    address       varchar(1000) not null,
    tax_id        varchar(50) not null,
    invoice_email varchar(254) not null,
    updated_at    timestamp with time zone not null,
    updated_by    varchar(200) not null
);

create table billing_sales_request (
    id              uuid primary key,
    workspace_id    uuid not null,
    workspace_name  varchar(200) not null,
    requested_by    uuid not null,
    requester_email varchar(254) not null,
    requester_name  varchar(200) not null,
    message         varchar(4000) not null,
    status          varchar(20) not null,
    created_at      timestamp with time zone not null,
    handled_at      timestamp with time zone,
    handled_by      varchar(200)
);
create index billing_sales_request_created_ix on billing_sales_request (status, created_at);
