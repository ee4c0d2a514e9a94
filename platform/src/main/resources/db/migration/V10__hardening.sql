-- Money on activities: the cash a payment collected or a refund gave back, read by alerts, webhooks, the back-test
-- and revenue without parsing properties. Earlier payments that named valid money in their properties get it here.
alter table activities add column amount numeric(18, 4);
alter table activities add column currency text check (currency ~ '^[A-Z]{3}$');

-- (the owner runs migrations, and forced row-level security would hide every tenant's rows from it)
alter table activities no force row level security;
update activities set amount = (properties ->> 'amount')::numeric, currency = upper(properties ->> 'currency')
where type in ('payment_succeeded', 'payment_refunded')
	and properties ->> 'amount' ~ '^[0-9]{1,14}(\.[0-9]{1,4})?$'
	and properties ->> 'currency' ~ '^[A-Za-z]{3}$';
alter table activities force row level security;

-- Routing: the window within which a rep holding an open MQL about to breach is skipped, per tenant.
alter table routing_settings add column about_to_breach_minutes integer
	check (about_to_breach_minutes is null or about_to_breach_minutes between 0 and 10080);

-- Lists paginate by (time, id), newest first.
drop index notifications_user;
create index notifications_user on notifications (tenant_id, user_id, created_at desc, id desc);
create index notifications_unread on notifications (tenant_id, user_id) where read_at is null;
drop index sla_breaches_at;
create index sla_breaches_at on sla_breaches (tenant_id, at desc, id desc);
create index sla_timers_opened on sla_timers (tenant_id, opened_at desc, id desc);
create index sla_timers_owner on sla_timers (tenant_id, owner_id, opened_at desc) where owner_id is not null;

-- Published by the SLA feature for the people list (an SDR's queue sorted by SLA due time): the due time of each
-- person's open timers, the soonest. Read with the reader's row-level security.
create view sla_open_due with (security_invoker = true) as
	select tenant_id, person_id, min(due_at) as due_at from sla_timers where closed_at is null
	group by tenant_id, person_id;
grant select on sla_open_due to ${appRole};

-- The people list's filters.
create index persons_owner on persons (tenant_id, owner_id, stage);
create index persons_stage on persons (tenant_id, stage, created_at desc);
create index persons_updated on persons (tenant_id, updated_at, id);

-- Scores stay true as time passes: when decay will have moved a stored behaviour score enough to store it again.
alter table persons add column score_stale_at timestamptz;
alter table persons no force row level security;
update persons set score_stale_at = coalesce(score_computed_at, updated_at) where behaviour_score <> 0;
alter table persons force row level security;
create index persons_score_stale on persons (tenant_id, score_stale_at) where score_stale_at is not null;
