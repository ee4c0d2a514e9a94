-- audit: who changed what, append-only. The application role may add entries and read them, never change or remove
-- them; a trigger refuses it for everyone else too.
create table audit_entries (
	tenant_id uuid not null references tenants (id),
	id bigint generated always as identity,
	at timestamptz not null,
	actor_kind text not null check (actor_kind in ('user', 'api-key', 'system')),
	actor_id text,
	actor_email text,
	action text not null,
	target text,
	diff jsonb,
	primary key (tenant_id, id)
);
create index audit_entries_newest on audit_entries (tenant_id, at desc, id desc);

select revcycle_isolate('audit_entries');
revoke update, delete, truncate on audit_entries from ${appRole};

create function audit_entries_append_only() returns trigger language plpgsql as $$
begin
	raise exception 'audit entries are append-only';
end
$$;
create trigger audit_entries_append_only before update or delete on audit_entries
	for each row execute function audit_entries_append_only();
