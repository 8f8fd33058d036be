-- Usage counts that could not be written at shutdown are kept in a file of the data folder and
-- written at the next start; the file's id is recorded in the same transaction, so that a file
-- replayed twice (a crash before it was deleted, two nodes sharing a folder) is counted once.
create table api_key_usage_replays (
    batch_id     uuid primary key,
    replayed_at  timestamp with time zone not null
);
