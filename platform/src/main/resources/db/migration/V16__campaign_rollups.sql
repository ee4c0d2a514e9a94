-- Rollups for the campaign report: sums kept as the rows arrive, so a report over a year reads one row per campaign and
-- day instead of every touch, credit and stay. Each rollup is kept by statement triggers on the rows it sums, with the
-- old and new rows of each statement, so it always equals a recomputation from those rows, whatever runs concurrently.
-- Days are UTC days.

-- revenue: each person's first touch by each campaign (reach, and "converted after a touch")
create table campaign_people (
	tenant_id uuid not null,
	person_id uuid not null,
	campaign_id uuid not null,
	first_at timestamptz not null,
	primary key (tenant_id, person_id, campaign_id),
	foreign key (tenant_id, person_id) references persons (tenant_id, id) on delete cascade,
	foreign key (tenant_id, campaign_id) references campaigns (tenant_id, id)
);
create index campaign_people_first on campaign_people (tenant_id, first_at) include (campaign_id);

-- revenue: per campaign and day, its touches and the people it reached for the first time
create table campaign_days (
	tenant_id uuid not null,
	day date not null,
	campaign_id uuid not null,
	touches bigint not null,
	reached bigint not null,
	primary key (tenant_id, day, campaign_id)
);

-- revenue: per model, day, campaign and currency, the cash credited (refunds negative)
create table credit_days (
	tenant_id uuid not null,
	model text not null,
	day date not null,
	campaign_id uuid not null,
	currency text not null,
	amount numeric(32, 14) not null,
	primary key (tenant_id, model, day, campaign_id, currency)
);

-- analytics: the campaigns that had touched a person when the person first entered MQL or became a customer
create table campaign_conversions (
	tenant_id uuid not null,
	person_id uuid not null,
	campaign_id uuid not null,
	stage text not null,
	at timestamptz not null,
	primary key (tenant_id, person_id, campaign_id, stage),
	foreign key (tenant_id, person_id) references persons (tenant_id, id) on delete cascade
);
create index campaign_conversions_at on campaign_conversions (tenant_id, at) include (campaign_id, stage);

-- analytics: per campaign, stage and day, the people counted in campaign_conversions
create table conversion_days (
	tenant_id uuid not null,
	day date not null,
	campaign_id uuid not null,
	stage text not null,
	people bigint not null,
	primary key (tenant_id, day, campaign_id, stage)
);

-- a person's first entry in a stage (campaign conversions)
create index stage_stays_person on stage_stays (tenant_id, person_id, stage, entered_at);

-- revenue publishes, for analytics: the first touch of each person by each campaign
create view campaign_people_log with (security_invoker = true) as
	select tenant_id, person_id, campaign_id, first_at from campaign_people;
grant select on campaign_people_log to ${appRole};

-- what is already there
alter table campaign_touches no force row level security;
alter table attribution_credits no force row level security;
alter table stage_stays no force row level security;
insert into campaign_people (tenant_id, person_id, campaign_id, first_at)
	select tenant_id, person_id, campaign_id, min(at) from campaign_touches group by 1, 2, 3;
insert into campaign_days (tenant_id, day, campaign_id, touches, reached)
	select tenant_id, day, campaign_id, sum(touches), sum(reached) from (
		select tenant_id, (at at time zone 'UTC')::date as day, campaign_id, 1 as touches, 0 as reached
		from campaign_touches
		union all
		select tenant_id, (first_at at time zone 'UTC')::date, campaign_id, 0, 1 from campaign_people) x
	group by 1, 2, 3;
insert into credit_days (tenant_id, model, day, campaign_id, currency, amount)
	select tenant_id, model, (at at time zone 'UTC')::date, campaign_id, currency, sum(amount)
	from attribution_credits group by 1, 2, 3, 4, 5;
insert into campaign_conversions (tenant_id, person_id, campaign_id, stage, at)
	select f.tenant_id, f.person_id, c.campaign_id, f.stage, f.at
	from (select tenant_id, person_id, stage, min(entered_at) as at from stage_stays
		where stage in ('MQL', 'Customer') group by 1, 2, 3) f
	join campaign_people c on c.tenant_id = f.tenant_id and c.person_id = f.person_id and c.first_at <= f.at;
insert into conversion_days (tenant_id, day, campaign_id, stage, people)
	select tenant_id, (at at time zone 'UTC')::date, campaign_id, stage, count(*) from campaign_conversions
	group by 1, 2, 3, 4;
alter table campaign_touches force row level security;
alter table attribution_credits force row level security;
alter table stage_stays force row level security;

select revcycle_isolate('campaign_people');
select revcycle_isolate('campaign_days');
select revcycle_isolate('credit_days');
select revcycle_isolate('campaign_conversions');
select revcycle_isolate('conversion_days');

-- Each rollup statement adds a statement's signed rows in key order, so that concurrent transactions lock the rows
-- they share in the same order.

-- touches: counted by day; their people's first touches kept (a moved touch, in a merge, counts for its new person)
create function revcycle_touches_added() returns trigger language plpgsql as $$
begin
	insert into campaign_days as d (tenant_id, day, campaign_id, touches, reached)
		select tenant_id, (at at time zone 'UTC')::date, campaign_id, count(*), 0 from added group by 1, 2, 3
		order by 1, 2, 3
		on conflict (tenant_id, day, campaign_id) do update set touches = d.touches + excluded.touches;
	insert into campaign_people as p (tenant_id, person_id, campaign_id, first_at)
		select tenant_id, person_id, campaign_id, min(at) from added group by 1, 2, 3 order by 1, 2, 3
		on conflict (tenant_id, person_id, campaign_id) do update set first_at = excluded.first_at
		where excluded.first_at < p.first_at;
	return null;
end
$$;
create function revcycle_touches_moved() returns trigger language plpgsql as $$
begin
	insert into campaign_people as p (tenant_id, person_id, campaign_id, first_at)
		select tenant_id, person_id, campaign_id, min(at) from added group by 1, 2, 3 order by 1, 2, 3
		on conflict (tenant_id, person_id, campaign_id) do update set first_at = excluded.first_at
		where excluded.first_at < p.first_at;
	return null;
end
$$;
create function revcycle_touches_removed() returns trigger language plpgsql as $$
begin
	insert into campaign_days as d (tenant_id, day, campaign_id, touches, reached)
		select tenant_id, (at at time zone 'UTC')::date, campaign_id, -count(*), 0 from removed group by 1, 2, 3
		order by 1, 2, 3
		on conflict (tenant_id, day, campaign_id) do update set touches = d.touches + excluded.touches;
	return null;
end
$$;
create trigger campaign_touches_added after insert on campaign_touches referencing new table as added
	for each statement execute function revcycle_touches_added();
create trigger campaign_touches_moved after update on campaign_touches referencing new table as added
	for each statement execute function revcycle_touches_moved();
create trigger campaign_touches_removed after delete on campaign_touches referencing old table as removed
	for each statement execute function revcycle_touches_removed();

-- reach: a person counts once per campaign, on the day of their first touch by it
create function revcycle_reach_changed() returns trigger language plpgsql as $$
begin
	insert into campaign_days as d (tenant_id, day, campaign_id, touches, reached)
		select tenant_id, day, campaign_id, 0, sum(n) from (
			select tenant_id, (first_at at time zone 'UTC')::date as day, campaign_id, 1 as n from added
			union all
			select tenant_id, (first_at at time zone 'UTC')::date, campaign_id, -1 from removed) x
		group by 1, 2, 3 having sum(n) <> 0 order by 1, 2, 3
		on conflict (tenant_id, day, campaign_id) do update set reached = d.reached + excluded.reached;
	return null;
end
$$;
create function revcycle_reach_added() returns trigger language plpgsql as $$
begin
	insert into campaign_days as d (tenant_id, day, campaign_id, touches, reached)
		select tenant_id, (first_at at time zone 'UTC')::date, campaign_id, 0, count(*) from added
		group by 1, 2, 3 order by 1, 2, 3
		on conflict (tenant_id, day, campaign_id) do update set reached = d.reached + excluded.reached;
	return null;
end
$$;
create function revcycle_reach_removed() returns trigger language plpgsql as $$
begin
	insert into campaign_days as d (tenant_id, day, campaign_id, touches, reached)
		select tenant_id, (first_at at time zone 'UTC')::date, campaign_id, 0, -count(*) from removed
		group by 1, 2, 3 order by 1, 2, 3
		on conflict (tenant_id, day, campaign_id) do update set reached = d.reached + excluded.reached;
	return null;
end
$$;
create trigger campaign_people_added after insert on campaign_people referencing new table as added
	for each statement execute function revcycle_reach_added();
create trigger campaign_people_changed after update on campaign_people
	referencing old table as removed new table as added
	for each statement execute function revcycle_reach_changed();
create trigger campaign_people_removed after delete on campaign_people referencing old table as removed
	for each statement execute function revcycle_reach_removed();

-- credits: summed by model, day, campaign and currency
create function revcycle_credits_added() returns trigger language plpgsql as $$
begin
	insert into credit_days as d (tenant_id, model, day, campaign_id, currency, amount)
		select tenant_id, model, (at at time zone 'UTC')::date, campaign_id, currency, sum(amount) from added
		group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
		on conflict (tenant_id, model, day, campaign_id, currency) do update set amount = d.amount + excluded.amount;
	return null;
end
$$;
create function revcycle_credits_removed() returns trigger language plpgsql as $$
begin
	insert into credit_days as d (tenant_id, model, day, campaign_id, currency, amount)
		select tenant_id, model, (at at time zone 'UTC')::date, campaign_id, currency, -sum(amount) from removed
		group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
		on conflict (tenant_id, model, day, campaign_id, currency) do update set amount = d.amount + excluded.amount;
	return null;
end
$$;
create trigger attribution_credits_added after insert on attribution_credits referencing new table as added
	for each statement execute function revcycle_credits_added();
create trigger attribution_credits_removed after delete on attribution_credits referencing old table as removed
	for each statement execute function revcycle_credits_removed();

-- conversions: counted by day
create function revcycle_conversions_added() returns trigger language plpgsql as $$
begin
	insert into conversion_days as d (tenant_id, day, campaign_id, stage, people)
		select tenant_id, (at at time zone 'UTC')::date, campaign_id, stage, count(*) from added
		group by 1, 2, 3, 4 order by 1, 2, 3, 4
		on conflict (tenant_id, day, campaign_id, stage) do update set people = d.people + excluded.people;
	return null;
end
$$;
create function revcycle_conversions_removed() returns trigger language plpgsql as $$
begin
	insert into conversion_days as d (tenant_id, day, campaign_id, stage, people)
		select tenant_id, (at at time zone 'UTC')::date, campaign_id, stage, -count(*) from removed
		group by 1, 2, 3, 4 order by 1, 2, 3, 4
		on conflict (tenant_id, day, campaign_id, stage) do update set people = d.people + excluded.people;
	return null;
end
$$;
create trigger campaign_conversions_added after insert on campaign_conversions referencing new table as added
	for each statement execute function revcycle_conversions_added();
create trigger campaign_conversions_removed after delete on campaign_conversions referencing old table as removed
	for each statement execute function revcycle_conversions_removed();
