-- A tenant's alert rules, as one document; a tenant without a row has the default alerts.
create table alert_rules (
	tenant_id uuid not null references tenants (id),
	rules jsonb not null,
	updated_at timestamptz not null,
	primary key (tenant_id)
);

select revcycle_isolate('alert_rules');
