-- SLAs: per-tenant policies and business calendar, durable timers, breaches recorded once per escalation step, and the
-- in-app notification inbox.
alter table tenant_users add column manager_id uuid;

create table sla_settings (
	tenant_id uuid not null references tenants (id),
	policies jsonb not null,
	calendar jsonb not null,
	updated_at timestamptz not null,
	primary key (tenant_id)
);

create table sla_timers (
	tenant_id uuid not null,
	id uuid not null,
	person_id uuid not null,
	stage text not null,
	owner_id uuid,
	opened_at timestamptz not null,
	due_at timestamptz not null,
	closed_at timestamptz,
	status text not null check (status in ('OPEN', 'MET', 'BREACHED', 'CANCELLED')),
	ladder jsonb not null,
	next_step integer not null default 0,
	next_step_at timestamptz,
	primary key (tenant_id, id),
	foreign key (tenant_id, person_id) references persons (tenant_id, id) on delete cascade
);
create index sla_timers_due on sla_timers (next_step_at) where next_step_at is not null;
create index sla_timers_person on sla_timers (tenant_id, person_id) where closed_at is null;

create table sla_breaches (
	tenant_id uuid not null,
	id uuid not null,
	timer_id uuid not null,
	person_id uuid not null,
	stage text not null,
	step integer not null,
	action text not null,
	due_at timestamptz not null,
	at timestamptz not null,
	notified uuid[] not null default '{}',
	primary key (tenant_id, id),
	unique (tenant_id, timer_id, step),
	foreign key (tenant_id, timer_id) references sla_timers (tenant_id, id) on delete cascade
);
create index sla_breaches_at on sla_breaches (tenant_id, at desc);

create table notifications (
	tenant_id uuid not null,
	id uuid not null,
	user_id uuid not null,
	kind text not null,
	title text not null,
	data jsonb not null default '{}',
	created_at timestamptz not null,
	read_at timestamptz,
	primary key (tenant_id, id)
);
create index notifications_user on notifications (tenant_id, user_id, created_at desc);

select revcycle_isolate('sla_settings');
select revcycle_isolate('sla_breaches');
select revcycle_isolate('notifications');

-- Timers of every tenant are claimed by the SLA clock in the dispatcher scope, like the outbox.
alter table sla_timers enable row level security;
alter table sla_timers force row level security;
create policy tenant_isolation on sla_timers
	using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
		or current_setting('app.scope', true) = 'dispatcher')
	with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
		or current_setting('app.scope', true) = 'dispatcher');
