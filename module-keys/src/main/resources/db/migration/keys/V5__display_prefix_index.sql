-- The operators' search finds a workspace by the part of a key a customer reads out
-- (KeyCatalog.findByPrefix, vlm_live_AbCd): an equality lookup on the shown prefix, indexed so that it
-- stays one index probe however many keys the install holds. Runs on H2 and PostgreSQL.
create index api_keys_display_prefix_ix on api_keys (display_prefix);
