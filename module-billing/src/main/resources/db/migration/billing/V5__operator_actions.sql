-- Operators' billing actions (issue 10): credit adjustments made over the machine API, remembered by
-- their Idempotency-Key, and operators' answers to "Contact sales" requests. See DD029.

-- One row per Idempotency-Key of POST /api/v1/operator/workspaces/{id}/credits, written in the
-- adjusting transaction: the primary key makes a second adjustment with the same key fail and roll
-- back, on any node, and the stored answer is answered again to a retry of the same request.
create table billing_credit_idempotency (
    idempotency_key varchar(255) primary key,
    -- SHA-256 (hex) of what was asked: workspace, credits (exact, without trailing zeros), reason
    request_hash    varchar(64) not null,
    workspace_id    uuid not null,
    entry_id        bigint not null,
    credits         numeric(24,6) not null,
    -- the balance right after the adjustment, as the first answer stated it
    allowance_after numeric(24,6) not null,
    grants_after    numeric(24,6) not null,
    topups_after    numeric(24,6) not null,
    created_by      varchar(200) not null,
    created_at      timestamp with time zone not null
);
create index billing_credit_idempotency_ws_ix on billing_credit_idempotency (workspace_id, created_at);

-- What an operator answered a "Contact sales" request (emailed to the requester), or the note given
-- when it was handled without an answer by email.
alter table billing_sales_request add column reply varchar(4000);
