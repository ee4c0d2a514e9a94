-- Views that features publish for other features' queries, so that only a table's owner names the table itself.
-- Each is read with the reader's row-level security (security_invoker).

-- ingest: the stored activities, for scoring's history and the back-test.
create view activity_log with (security_invoker = true) as
	select tenant_id, id, person_id, account_id, type, occurred_at, received_at, source, external_id, campaign,
		properties, amount, currency
	from activities;

-- sla: for each owner, the soonest due time of their timers not breached yet (routing skips reps about to breach).
create view sla_owner_due with (security_invoker = true) as
	select tenant_id, owner_id, min(due_at) as due_at from sla_timers
	where closed_at is null and status = 'OPEN' and owner_id is not null
	group by tenant_id, owner_id;

-- tenancy: who is who, for reports by team (SLA compliance).
create view member_directory with (security_invoker = true) as
	select tenant_id, id as user_id, email, team, manager_id, roles, status from tenant_users;

grant select on activity_log, sla_owner_due, member_directory to ${appRole};

-- sla: an open timer's owner is the person's current owner from now on (routing tells sla of every change); open
-- timers written before take it once here.
alter table sla_timers no force row level security;
update sla_timers t set owner_id = p.owner_id from persons p
where p.tenant_id = t.tenant_id and p.id = t.person_id and t.closed_at is null
	and t.owner_id is distinct from p.owner_id;
alter table sla_timers force row level security;
