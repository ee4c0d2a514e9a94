-- Connector instances: a tenant's configured use of an installed connector plugin. Non-secret settings are kept as
-- JSON; the secret ones only encrypted (AES-GCM, bound to the tenant and instance). Polling is claimed across tenants
-- by the poller in the dispatcher scope, like the outbox; cursors are committed with the events they led to.
create table connector_instances (
	tenant_id uuid not null references tenants (id),
	id uuid not null,
	connector_id text not null,
	name text not null,
	config jsonb not null,
	secrets text,
	enabled boolean not null default true,
	poll_every_seconds integer check (poll_every_seconds is null or poll_every_seconds >= 10),
	next_poll_at timestamptz,
	health text not null default 'HEALTHY',
	last_error text,
	health_since timestamptz,
	created_at timestamptz not null,
	updated_at timestamptz not null,
	primary key (tenant_id, id)
);
create index connector_instances_poll on connector_instances (next_poll_at) where enabled and next_poll_at is not null;

create table connector_cursors (
	tenant_id uuid not null,
	instance_id uuid not null,
	name text not null,
	value text not null,
	updated_at timestamptz not null,
	primary key (tenant_id, instance_id, name),
	foreign key (tenant_id, instance_id) references connector_instances (tenant_id, id) on delete cascade
);

-- Outbound actions, delivered through the outbox; one per (instance, idempotency key).
create table connector_actions (
	tenant_id uuid not null,
	id uuid not null,
	instance_id uuid not null,
	type text not null,
	idempotency_key text not null,
	input jsonb not null,
	status text not null check (status in ('PENDING', 'DONE', 'FAILED')),
	external_id text,
	message text,
	attempts integer not null default 0,
	created_at timestamptz not null,
	updated_at timestamptz not null,
	primary key (tenant_id, id),
	unique (tenant_id, instance_id, idempotency_key),
	foreign key (tenant_id, instance_id) references connector_instances (tenant_id, id) on delete cascade
);

select revcycle_isolate('connector_cursors');
select revcycle_isolate('connector_actions');

alter table connector_instances enable row level security;
alter table connector_instances force row level security;
create policy tenant_isolation on connector_instances
	using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
		or current_setting('app.scope', true) = 'dispatcher')
	with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
		or current_setting('app.scope', true) = 'dispatcher');
