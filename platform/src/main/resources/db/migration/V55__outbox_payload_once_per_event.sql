-- Fan-out keeps an event's payload once: a webhook event for 30 endpoints is one payload row and 30 small delivery
-- rows in the outbox (kind, destination, event id, status, attempts), where each delivery carried its own copy of the
-- payload before. The dispatcher reads the payload of the deliveries it claims by (tenant, event id). Rows written
-- before keep their payload inline (outbox.payload); new ones leave it null.
create table outbox_payloads (
	tenant_id uuid not null references tenants (id),
	event_id uuid not null,
	payload jsonb not null,
	created_at timestamptz not null,
	primary key (tenant_id, event_id)
);

alter table outbox_payloads enable row level security;
alter table outbox_payloads force row level security;
create policy tenant_isolation on outbox_payloads
	using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
		or current_setting('app.scope', true) = 'dispatcher')
	with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
		or current_setting('app.scope', true) = 'dispatcher');

alter table outbox alter column payload drop not null;
