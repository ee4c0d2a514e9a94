-- A webhook endpoint's circuit breaker: failures in a row open its circuit (its messages wait, then one attempt
-- decides); failing every delivery for days pauses it (disabled, with the reason, until a tenant admin enables it).
alter table webhook_endpoints add column consecutive_failures integer not null default 0;
alter table webhook_endpoints add column failing_since timestamptz;
alter table webhook_endpoints add column circuit_open_until timestamptz;
alter table webhook_endpoints add column paused_at timestamptz;
alter table webhook_endpoints add column paused_reason text;

-- The outbox is claimed tenant by tenant: the tenants with pending messages by a loose index scan, then each one's
-- oldest due messages, so one tenant's backlog costs the others one index probe.
create index outbox_pending_tenant_due on outbox (tenant_id, next_attempt_at) where status = 'PENDING';
