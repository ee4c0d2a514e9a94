-- Webhook endpoints can be changed, disabled and deleted, and rotate their signing secret: during a grace period the
-- previous secret (sealed like the current one) signs deliveries too. updated_at is null for endpoints that were
-- never changed (read as their creation).
alter table webhook_endpoints add column updated_at timestamptz;
alter table webhook_endpoints add column previous_secret text;
alter table webhook_endpoints add column previous_secret_expires_at timestamptz;

-- The lists page by keyset, newest first with the id breaking ties (the rows of one outbox batch share their
-- created_at): one index per list, in its order. These replace the indexes without the id.
create index webhook_endpoints_newest on webhook_endpoints (tenant_id, created_at desc, id desc);

drop index webhook_attempts_endpoint;
create index webhook_attempts_endpoint_newest on webhook_attempts (tenant_id, endpoint_id, at desc, id desc);

drop index outbox_tenant_status;
create index outbox_tenant_newest on outbox (tenant_id, created_at desc, id desc);
create index outbox_tenant_status_newest on outbox (tenant_id, status, created_at desc, id desc);

-- Deleting or disabling an endpoint dead-letters its pending messages.
create index outbox_pending_destination on outbox (tenant_id, kind, destination) where status = 'PENDING';
