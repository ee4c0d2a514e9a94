-- Persons by email and accounts by domain, found through an index under row-level security.
-- A condition on lower(email) cannot use an index there: lower() is not leakproof, so PostgreSQL
-- evaluates it only after the tenant policy, and every lookup (each event batch's persons, the
-- people search by email, each batch's accounts) scanned all of the tenant's rows. A stored
-- lower-case copy compared with = (leakproof) can use one. The unique indexes keep their names
-- and what they enforce.
alter table persons add column email_key text generated always as (lower(email)) stored;
drop index persons_email;
create unique index persons_email on persons (tenant_id, email_key);

alter table accounts add column domain_key text generated always as (lower(domain)) stored;
drop index accounts_domain;
create unique index accounts_domain on accounts (tenant_id, domain_key);

-- accounts grow with a tenant's imports as persons do: the jobs' statistics refresh takes them too
create or replace function revcycle_refresh_statistics() returns void
	language plpgsql security definer set search_path = public as $$
begin
	analyze persons, accounts, stage_history, stage_stays, timeline_entries, sla_timers, campaign_conversions,
		activities;
end
$$;
