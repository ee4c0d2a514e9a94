-- Net cash per UTC day and currency (payments less refunds), kept by statement triggers like the other rollups, so
-- the campaign report's total for a year reads 365 rows per currency instead of every payment of the year.
create table cash_days (
	tenant_id uuid not null,
	day date not null,
	currency text not null,
	amount numeric(32, 14) not null,
	primary key (tenant_id, day, currency)
);

-- what is already there
alter table payments no force row level security;
insert into cash_days (tenant_id, day, currency, amount)
	select tenant_id, (at at time zone 'UTC')::date, currency,
		sum(case when kind = 'payment' then amount else -amount end)
	from payments group by 1, 2, 3;
alter table payments force row level security;

select revcycle_isolate('cash_days');

-- each statement's signed rows, added in key order (concurrent transactions lock shared rows in the same order)
create function revcycle_cash_added() returns trigger language plpgsql as $$
begin
	insert into cash_days as d (tenant_id, day, currency, amount)
		select tenant_id, (at at time zone 'UTC')::date, currency,
			sum(case when kind = 'payment' then amount else -amount end)
		from added group by 1, 2, 3 order by 1, 2, 3
		on conflict (tenant_id, day, currency) do update set amount = d.amount + excluded.amount;
	return null;
end
$$;
create function revcycle_cash_removed() returns trigger language plpgsql as $$
begin
	insert into cash_days as d (tenant_id, day, currency, amount)
		select tenant_id, (at at time zone 'UTC')::date, currency,
			-sum(case when kind = 'payment' then amount else -amount end)
		from removed group by 1, 2, 3 order by 1, 2, 3
		on conflict (tenant_id, day, currency) do update set amount = d.amount + excluded.amount;
	return null;
end
$$;
create function revcycle_cash_changed() returns trigger language plpgsql as $$
begin
	insert into cash_days as d (tenant_id, day, currency, amount)
		select tenant_id, day, currency, sum(amount) from (
			select tenant_id, (at at time zone 'UTC')::date as day, currency,
				case when kind = 'payment' then amount else -amount end as amount from added
			union all
			select tenant_id, (at at time zone 'UTC')::date, currency,
				case when kind = 'payment' then -amount else amount end from removed) x
		group by 1, 2, 3 having sum(amount) <> 0 order by 1, 2, 3
		on conflict (tenant_id, day, currency) do update set amount = d.amount + excluded.amount;
	return null;
end
$$;
create trigger payments_cash_added after insert on payments referencing new table as added
	for each statement execute function revcycle_cash_added();
create trigger payments_cash_changed after update on payments referencing old table as removed new table as added
	for each statement execute function revcycle_cash_changed();
create trigger payments_cash_removed after delete on payments referencing old table as removed
	for each statement execute function revcycle_cash_removed();
