-- The revenue-cycle engine: accounts, identities, activities, stage models and history, scoring models, the score
-- ledger and the timeline. Every table is tenant-owned: tenant_id leads its primary key and its foreign keys.

create table accounts (
	tenant_id uuid not null references tenants (id),
	id uuid not null,
	domain text not null,
	name text,
	industry text,
	employees integer,
	annual_revenue numeric(20, 2),
	country text,
	owner_id uuid,
	created_at timestamptz not null,
	updated_at timestamptz not null,
	primary key (tenant_id, id)
);
create unique index accounts_domain on accounts (tenant_id, lower(domain));

alter table persons add column title text;
alter table persons add column phone text;
alter table persons add column stage_entered_at timestamptz;
alter table persons add column score_computed_at timestamptz;
alter table persons add constraint persons_account foreign key (tenant_id, account_id) references accounts (tenant_id, id);
create index persons_account on persons (tenant_id, account_id);

-- Identifiers other than the email: anonymous web ids, external ids per source (kind = 'anonymous' or 'external:<source>').
create table person_identities (
	tenant_id uuid not null,
	kind text not null,
	value text not null,
	person_id uuid not null,
	created_at timestamptz not null,
	primary key (tenant_id, kind, value),
	foreign key (tenant_id, person_id) references persons (tenant_id, id) on delete cascade
);
create index person_identities_person on person_identities (tenant_id, person_id);

-- Every touch. (source, external_id) is the idempotency key of POST /events.
create table activities (
	tenant_id uuid not null,
	id uuid not null,
	source text not null,
	external_id text not null,
	type text not null,
	occurred_at timestamptz not null,
	received_at timestamptz not null,
	person_id uuid not null,
	account_id uuid,
	campaign text,
	properties jsonb not null default '{}',
	primary key (tenant_id, id),
	foreign key (tenant_id, person_id) references persons (tenant_id, id),
	foreign key (tenant_id, account_id) references accounts (tenant_id, id)
);
create unique index activities_idempotency on activities (tenant_id, source, external_id);
create index activities_person on activities (tenant_id, person_id, occurred_at);

-- The stage model of a tenant, versioned: the newest version is the one in force.
create table stage_models (
	tenant_id uuid not null references tenants (id),
	version integer not null,
	definition jsonb not null,
	created_at timestamptz not null,
	primary key (tenant_id, version)
);

create table stage_history (
	tenant_id uuid not null,
	id uuid not null,
	person_id uuid not null,
	from_stage text,
	to_stage text not null,
	at timestamptz not null,
	cause text not null,
	actor text not null,
	reason text,
	stage_model_version integer not null,
	primary key (tenant_id, id),
	foreign key (tenant_id, person_id) references persons (tenant_id, id) on delete cascade
);
create index stage_history_person on stage_history (tenant_id, person_id, at);
create index stage_history_to on stage_history (tenant_id, to_stage, at);

create table scoring_models (
	tenant_id uuid not null references tenants (id),
	id uuid not null,
	version integer not null,
	name text not null,
	status text not null check (status in ('DRAFT', 'PROPOSED', 'ACTIVE', 'RETIRED')),
	definition jsonb not null,
	created_by text not null,
	created_at timestamptz not null,
	proposed_at timestamptz,
	activated_at timestamptz,
	retired_at timestamptz,
	primary key (tenant_id, id)
);
create unique index scoring_models_version on scoring_models (tenant_id, version);
-- at most one active model per tenant
create unique index scoring_models_active on scoring_models (tenant_id) where status = 'ACTIVE';

create table scoring_model_approvals (
	tenant_id uuid not null,
	model_id uuid not null,
	user_id text not null,
	side text not null check (side in ('marketing', 'sales')),
	approved_at timestamptz not null,
	primary key (tenant_id, model_id, side),
	foreign key (tenant_id, model_id) references scoring_models (tenant_id, id)
);

-- Rescoring after an activation, visible through the API.
create table rescoring_runs (
	tenant_id uuid not null,
	model_id uuid not null,
	total integer not null,
	done integer not null default 0,
	status text not null check (status in ('RUNNING', 'COMPLETED', 'FAILED')),
	started_at timestamptz not null,
	finished_at timestamptz,
	primary key (tenant_id, model_id),
	foreign key (tenant_id, model_id) references scoring_models (tenant_id, id)
);

-- One ordered history per person (and account): activities, stage changes, score changes. The id is a sequence, so
-- entries at the same instant keep their insertion order and a (at, id) cursor is stable under concurrent inserts.
create table timeline_entries (
	tenant_id uuid not null,
	id bigint generated always as identity,
	person_id uuid not null,
	account_id uuid,
	at timestamptz not null,
	kind text not null check (kind in ('activity', 'stage', 'score', 'sla', 'note')),
	type text not null,
	summary text not null,
	data jsonb not null default '{}',
	primary key (tenant_id, id),
	foreign key (tenant_id, person_id) references persons (tenant_id, id) on delete cascade
);
create index timeline_person on timeline_entries (tenant_id, person_id, at desc, id desc);
create index timeline_account on timeline_entries (tenant_id, account_id, at desc, id desc) where account_id is not null;

select revcycle_isolate('accounts');
select revcycle_isolate('person_identities');
select revcycle_isolate('activities');
select revcycle_isolate('stage_models');
select revcycle_isolate('stage_history');
select revcycle_isolate('scoring_models');
select revcycle_isolate('scoring_model_approvals');
select revcycle_isolate('rescoring_runs');
select revcycle_isolate('timeline_entries');
