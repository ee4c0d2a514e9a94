-- Tenant users are memberships: one Keycloak account may be a member of several tenants, with roles per tenant (the
-- roles column), kept here rather than as realm roles. A member is deactivated, never deleted: people, history and
-- routing refer to it.
alter table tenant_users add column away boolean not null default false;
alter table tenant_users add column status text not null default 'active' check (status in ('active', 'deactivated'));
alter table tenant_users add column deactivated_at timestamptz;

-- GET /users pages newest first by (created_at, id).
create index tenant_users_created on tenant_users (tenant_id, created_at desc, id desc);

-- A rep routing had away so far is an away member. Row-level security is forced on the owner too, so each tenant is
-- updated inside its own app.tenant_id.
do $$
declare
	tenant record;
begin
	for tenant in select id from tenants loop
		perform set_config('app.tenant_id', tenant.id::text, true);
		update tenant_users u set away = true
			from routing_reps r where r.tenant_id = u.tenant_id and r.user_id = u.id and r.away;
	end loop;
	perform set_config('app.tenant_id', '', true);
end
$$;
