-- Tenancy: the tenant registry, tenant users, API keys; and the row-level security every tenant-owned table gets.
--
-- Flyway runs as the table owner. The application connects as ${appRole}, which neither owns these tables nor
-- bypasses row-level security, and sets app.tenant_id per transaction with set_config(.., true).

-- The registry of tenants is global: the platform must map a token's organization (the slug) to a tenant before
-- any tenant is known. It holds no tenant data beyond the name.
create table tenants (
	id uuid primary key,
	slug text not null unique,
	company text not null,
	status text not null check (status in ('PROVISIONING', 'ACTIVE')),
	keycloak_organization_id text,
	keycloak_admin_user_id text,
	created_at timestamptz not null default now()
);

create table tenant_users (
	tenant_id uuid not null references tenants (id),
	id uuid not null,
	email text not null,
	roles text[] not null,
	team text,
	created_at timestamptz not null,
	primary key (tenant_id, id)
);
create unique index tenant_users_email on tenant_users (tenant_id, lower(email));

create table api_keys (
	tenant_id uuid not null references tenants (id),
	id uuid not null,
	name text not null,
	key_hash bytea not null,
	key_hint text not null,
	created_by text not null,
	created_at timestamptz not null,
	revoked_at timestamptz,
	primary key (tenant_id, id)
);

-- One policy shape for every tenant-owned table. After a transaction-local setting reverts, current_setting(.., true)
-- is '' (not NULL), hence the nullif: no tenant set means no rows, never all rows.
create function revcycle_isolate(table_name regclass) returns void language plpgsql as $$
begin
	execute format('alter table %s enable row level security', table_name);
	execute format('alter table %s force row level security', table_name);
	execute format('create policy tenant_isolation on %s using (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
		|| 'with check (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', table_name);
end
$$;

select revcycle_isolate('tenant_users');
select revcycle_isolate('api_keys');

grant usage on schema public to ${appRole};
grant select, insert, update, delete on all tables in schema public to ${appRole};
alter default privileges in schema public grant select, insert, update, delete on tables to ${appRole};
alter default privileges in schema public grant usage, select on sequences to ${appRole};
