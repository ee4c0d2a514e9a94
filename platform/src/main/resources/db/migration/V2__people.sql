-- People: leads and contacts, one row per person of a tenant.
create table persons (
	tenant_id uuid not null references tenants (id),
	id uuid not null,
	email text,
	first_name text,
	last_name text,
	stage text not null,
	fit_score integer not null default 0,
	behaviour_score integer not null default 0,
	owner_id uuid,
	account_id uuid,
	created_at timestamptz not null,
	updated_at timestamptz not null,
	primary key (tenant_id, id)
);
-- Email is unique per tenant regardless of case; the index also serves GET /people?email=.
create unique index persons_email on persons (tenant_id, lower(email));
-- Keyset pagination: newest first within a tenant.
create index persons_created on persons (tenant_id, created_at desc, id desc);

select revcycle_isolate('persons');
