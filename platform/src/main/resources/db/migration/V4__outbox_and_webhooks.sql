-- Everything that leaves the engine goes through the outbox, written in the transaction of the change that caused
-- it. A dispatcher claims due rows of every tenant with FOR UPDATE SKIP LOCKED: only the outbox lets that one
-- dispatcher scope ('app.scope' = 'dispatcher') past the tenant policy, and the dispatcher then works on each row
-- inside that row's tenant.
create table outbox (
	tenant_id uuid not null references tenants (id),
	id uuid not null,
	kind text not null,
	destination uuid not null,
	event_id uuid not null,
	event_type text not null,
	payload jsonb not null,
	status text not null check (status in ('PENDING', 'DELIVERED', 'DEAD')),
	attempts integer not null default 0,
	next_attempt_at timestamptz not null,
	last_error text,
	created_at timestamptz not null,
	delivered_at timestamptz,
	primary key (tenant_id, id)
);
create index outbox_due on outbox (next_attempt_at) where status = 'PENDING';
create index outbox_tenant_status on outbox (tenant_id, status, created_at desc);

alter table outbox enable row level security;
alter table outbox force row level security;
create policy tenant_isolation on outbox
	using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
		or current_setting('app.scope', true) = 'dispatcher')
	with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
		or current_setting('app.scope', true) = 'dispatcher');

create table webhook_endpoints (
	tenant_id uuid not null references tenants (id),
	id uuid not null,
	url text not null,
	secret text not null,
	event_types text[] not null,
	description text,
	active boolean not null default true,
	created_at timestamptz not null,
	primary key (tenant_id, id)
);

create table webhook_attempts (
	tenant_id uuid not null,
	id uuid not null,
	endpoint_id uuid not null,
	outbox_id uuid not null,
	event_id uuid not null,
	event_type text not null,
	attempt integer not null,
	at timestamptz not null,
	status_code integer,
	error text,
	duration_ms integer not null,
	primary key (tenant_id, id),
	foreign key (tenant_id, endpoint_id) references webhook_endpoints (tenant_id, id)
);
create index webhook_attempts_endpoint on webhook_attempts (tenant_id, endpoint_id, at desc);

select revcycle_isolate('webhook_endpoints');
select revcycle_isolate('webhook_attempts');
