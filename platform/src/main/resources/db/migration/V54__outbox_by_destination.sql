-- One destination's messages, newest first (a webhook endpoint's page in the console), without reading the tenant's
-- whole outbox.
create index outbox_tenant_destination_newest on outbox (tenant_id, destination, created_at desc, id desc);
