-- Routing of new MQLs to an owner: territory rules to a team, then weighted round robin within the team.
create table routing_settings (
	tenant_id uuid not null references tenants (id),
	rules jsonb not null,
	default_team text,
	updated_at timestamptz not null,
	primary key (tenant_id)
);

create table routing_reps (
	tenant_id uuid not null,
	user_id uuid not null,
	weight integer not null default 1 check (weight > 0),
	capacity integer check (capacity is null or capacity >= 0),
	away boolean not null default false,
	primary key (tenant_id, user_id),
	foreign key (tenant_id, user_id) references tenant_users (tenant_id, id)
);

create table routing_assignments (
	tenant_id uuid not null,
	id uuid not null,
	person_id uuid not null,
	user_id uuid not null,
	reason text not null,
	at timestamptz not null,
	primary key (tenant_id, id),
	foreign key (tenant_id, person_id) references persons (tenant_id, id) on delete cascade
);
create index routing_assignments_user on routing_assignments (tenant_id, user_id);

select revcycle_isolate('routing_settings');
select revcycle_isolate('routing_reps');
select revcycle_isolate('routing_assignments');
