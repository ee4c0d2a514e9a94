-- Revenue: campaigns with monthly costs, the tenant's reporting currency and FX rates, campaign touches, when each
-- person became known, deals, payments and refunds, and the attribution credits stored when cash arrives.
-- Analytics: one row per stay of a person in a stage, the read model of the funnel.

create table campaigns (
	tenant_id uuid not null references tenants (id),
	id uuid not null,
	key text not null,
	name text not null,
	channel text,
	created_at timestamptz not null,
	updated_at timestamptz not null,
	primary key (tenant_id, id)
);
-- an event names a campaign by key, whatever its case
create unique index campaigns_key on campaigns (tenant_id, lower(key));
create index campaigns_created on campaigns (tenant_id, created_at desc, id desc);

-- what a campaign cost in a month (the first day of the month), per currency
create table campaign_costs (
	tenant_id uuid not null,
	campaign_id uuid not null,
	month date not null check (extract(day from month) = 1),
	currency text not null,
	amount numeric(18, 4) not null check (amount >= 0),
	primary key (tenant_id, campaign_id, month, currency),
	foreign key (tenant_id, campaign_id) references campaigns (tenant_id, id) on delete cascade
);
create index campaign_costs_month on campaign_costs (tenant_id, month);

create table revenue_settings (
	tenant_id uuid not null references tenants (id),
	reporting_currency text not null,
	-- reporting-currency units per unit of each other currency: {"USD": "0.92"}
	fx_rates jsonb not null default '{}',
	lookback_days integer not null default 365 check (lookback_days between 1 and 3650),
	updated_at timestamptz not null,
	primary key (tenant_id)
);

-- every activity that named a campaign; seq keeps the order of touches at the same instant
create table campaign_touches (
	tenant_id uuid not null,
	activity_id uuid not null,
	seq bigint generated always as identity,
	campaign_id uuid not null,
	person_id uuid not null,
	at timestamptz not null,
	primary key (tenant_id, activity_id),
	foreign key (tenant_id, campaign_id) references campaigns (tenant_id, id),
	foreign key (tenant_id, person_id) references persons (tenant_id, id) on delete cascade
);
-- a person's path (attribution), the touches in a window (reports), a campaign's people before a time (MQLs)
create index campaign_touches_person on campaign_touches (tenant_id, person_id, at, seq);
create index campaign_touches_at on campaign_touches (tenant_id, at) include (campaign_id, person_id);

-- when each person became known: the earliest event that named them by email (lead creation)
create table lead_creations (
	tenant_id uuid not null,
	person_id uuid not null,
	known_at timestamptz not null,
	primary key (tenant_id, person_id),
	foreign key (tenant_id, person_id) references persons (tenant_id, id) on delete cascade
);

create table deals (
	tenant_id uuid not null references tenants (id),
	id uuid not null,
	name text not null,
	person_id uuid not null,
	account_id uuid,
	owner_id uuid,
	amount numeric(18, 4) not null check (amount >= 0),
	currency text not null,
	status text not null check (status in ('open', 'won', 'lost')),
	lost_reason text,
	expected_close_date date,
	opened_at timestamptz not null,
	closed_at timestamptz,
	created_by text not null,
	updated_at timestamptz not null,
	primary key (tenant_id, id),
	foreign key (tenant_id, person_id) references persons (tenant_id, id) on delete cascade
);
create index deals_opened on deals (tenant_id, opened_at desc, id desc);
create index deals_person on deals (tenant_id, person_id, opened_at);
create index deals_open on deals (tenant_id, owner_id) where status = 'open';
create index deals_closed on deals (tenant_id, closed_at) where status = 'won';

-- cash in and out: one row per payment_succeeded or payment_refunded activity (same id)
create table payments (
	tenant_id uuid not null,
	id uuid not null,
	kind text not null check (kind in ('payment', 'refund')),
	person_id uuid not null,
	amount numeric(18, 4) not null check (amount > 0),
	currency text not null,
	at timestamptz not null,
	source text not null,
	external_id text not null,
	charge_id text,
	payment_intent_id text,
	invoice_id text,
	-- a refund: the payment it gives cash back from, when one was found
	refund_of uuid,
	primary key (tenant_id, id),
	foreign key (tenant_id, person_id) references persons (tenant_id, id) on delete cascade
);
create index payments_person on payments (tenant_id, person_id, at);
create index payments_at on payments (tenant_id, at desc, id desc);

-- the share of a payment (or, negative, of a refund) each campaign earns under each model, in the payment's currency
create table attribution_credits (
	tenant_id uuid not null,
	payment_id uuid not null,
	model text not null,
	campaign_id uuid not null,
	person_id uuid not null,
	at timestamptz not null,
	share numeric(12, 10) not null,
	amount numeric(32, 14) not null,
	currency text not null,
	primary key (tenant_id, payment_id, model, campaign_id),
	foreign key (tenant_id, payment_id) references payments (tenant_id, id) on delete cascade
);
create index attribution_credits_window on attribution_credits (tenant_id, model, at)
	include (campaign_id, amount, currency);

select revcycle_isolate('campaigns');
select revcycle_isolate('campaign_costs');
select revcycle_isolate('revenue_settings');
select revcycle_isolate('campaign_touches');
select revcycle_isolate('lead_creations');
select revcycle_isolate('deals');
select revcycle_isolate('payments');
select revcycle_isolate('attribution_credits');

-- revenue publishes, for analytics' joins with the funnel: the touches, and the deals
create view campaign_touch_log with (security_invoker = true) as
	select tenant_id, activity_id, campaign_id, person_id, at from campaign_touches;
create view deal_log with (security_invoker = true) as
	select tenant_id, id, name, person_id, account_id, owner_id, amount, currency, status, lost_reason, opened_at,
		closed_at
	from deals;
grant select on campaign_touch_log, deal_log to ${appRole};

-- analytics: each stay of a person in a stage, from entering it to leaving it (left_at null while there)
create table stage_stays (
	tenant_id uuid not null,
	id bigint generated always as identity,
	person_id uuid not null,
	stage text not null,
	entered_at timestamptz not null,
	left_at timestamptz,
	next_stage text,
	-- why the person left, when a user or a rule said (a leak's reason)
	reason text,
	-- who owned the person while in the stage (the owner when it left, or now)
	owner_id uuid,
	primary key (tenant_id, id),
	foreign key (tenant_id, person_id) references persons (tenant_id, id) on delete cascade
);
create index stage_stays_entered on stage_stays (tenant_id, entered_at)
	include (stage, left_at, next_stage, reason, owner_id, person_id);
create index stage_stays_open on stage_stays (tenant_id, person_id) where left_at is null;
select revcycle_isolate('stage_stays');

-- the stays of the history recorded so far
alter table stage_stays no force row level security;
insert into stage_stays (tenant_id, person_id, stage, entered_at, left_at, next_stage, reason, owner_id)
select h.tenant_id, h.person_id, h.to_stage, h.at,
	lead(h.at) over w, lead(h.to_stage) over w, lead(h.reason) over w, p.owner_id
from stage_history h join persons p on p.tenant_id = h.tenant_id and p.id = h.person_id
window w as (partition by h.tenant_id, h.person_id order by h.at, h.ctid);
alter table stage_stays force row level security;

-- deals opened, won and lost are on the person's timeline
alter table timeline_entries drop constraint timeline_entries_kind_check;
alter table timeline_entries add constraint timeline_entries_kind_check
	check (kind in ('activity', 'stage', 'score', 'sla', 'note', 'deal'));
