-- Rollups for the funnel, kept like the campaign rollups (V16) by statement triggers on stage_stays: per UTC day of
-- entry, stage, owner and how the stay ended, the number of stays; and for the stays that ended, their time in the
-- stage in buckets, for medians. The owner is the zero UUID when there is none, the next stage and the reason '' while
-- the stay is open or had none.

-- the bucket of a time in a stage: whole hours up to 1,000 hours, then steps of 1%
create function revcycle_stay_bucket(seconds double precision) returns integer language sql immutable as $$
	select case when seconds < 3600000 then floor(greatest(seconds, 0) / 3600)::integer
		else 1000 + floor(ln(seconds / 3600000) / ln(1.01))::integer end
$$;

create table stay_days (
	tenant_id uuid not null,
	day date not null,
	stage text not null,
	owner_id uuid not null,
	next_stage text not null,
	reason text not null,
	stays bigint not null,
	primary key (tenant_id, day, stage, owner_id, next_stage, reason)
);

create table stay_durations (
	tenant_id uuid not null,
	day date not null,
	stage text not null,
	owner_id uuid not null,
	bucket integer not null,
	stays bigint not null,
	primary key (tenant_id, day, stage, owner_id, bucket)
);

-- the stays that left after a time (a funnel as it stood before then)
create index stage_stays_left on stage_stays (tenant_id, left_at) where left_at is not null;

-- what is already there
alter table stage_stays no force row level security;
insert into stay_days (tenant_id, day, stage, owner_id, next_stage, reason, stays)
	select tenant_id, (entered_at at time zone 'UTC')::date, stage,
		coalesce(owner_id, '00000000-0000-0000-0000-000000000000'), coalesce(next_stage, ''), coalesce(reason, ''),
		count(*)
	from stage_stays group by 1, 2, 3, 4, 5, 6;
insert into stay_durations (tenant_id, day, stage, owner_id, bucket, stays)
	select tenant_id, (entered_at at time zone 'UTC')::date, stage,
		coalesce(owner_id, '00000000-0000-0000-0000-000000000000'),
		revcycle_stay_bucket(extract(epoch from left_at - entered_at)), count(*)
	from stage_stays where left_at is not null group by 1, 2, 3, 4, 5;
alter table stage_stays force row level security;

select revcycle_isolate('stay_days');
select revcycle_isolate('stay_durations');

-- each statement's stays, signed (+1 added, -1 removed), added to both rollups in key order
create function revcycle_stays_added() returns trigger language plpgsql as $$
begin
	insert into stay_days as d (tenant_id, day, stage, owner_id, next_stage, reason, stays)
		select tenant_id, (entered_at at time zone 'UTC')::date, stage,
			coalesce(owner_id, '00000000-0000-0000-0000-000000000000'), coalesce(next_stage, ''), coalesce(reason, ''),
			count(*)
		from added group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6
		on conflict (tenant_id, day, stage, owner_id, next_stage, reason) do update set stays = d.stays + excluded.stays;
	insert into stay_durations as d (tenant_id, day, stage, owner_id, bucket, stays)
		select tenant_id, (entered_at at time zone 'UTC')::date, stage,
			coalesce(owner_id, '00000000-0000-0000-0000-000000000000'),
			revcycle_stay_bucket(extract(epoch from left_at - entered_at)), count(*)
		from added where left_at is not null group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
		on conflict (tenant_id, day, stage, owner_id, bucket) do update set stays = d.stays + excluded.stays;
	return null;
end
$$;
create function revcycle_stays_changed() returns trigger language plpgsql as $$
begin
	insert into stay_days as d (tenant_id, day, stage, owner_id, next_stage, reason, stays)
		select tenant_id, day, stage, owner_id, next_stage, reason, sum(n) from (
			select tenant_id, (entered_at at time zone 'UTC')::date as day, stage,
				coalesce(owner_id, '00000000-0000-0000-0000-000000000000') as owner_id,
				coalesce(next_stage, '') as next_stage, coalesce(reason, '') as reason, 1 as n from added
			union all
			select tenant_id, (entered_at at time zone 'UTC')::date, stage,
				coalesce(owner_id, '00000000-0000-0000-0000-000000000000'), coalesce(next_stage, ''),
				coalesce(reason, ''), -1 from removed) x
		group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0 order by 1, 2, 3, 4, 5, 6
		on conflict (tenant_id, day, stage, owner_id, next_stage, reason) do update set stays = d.stays + excluded.stays;
	insert into stay_durations as d (tenant_id, day, stage, owner_id, bucket, stays)
		select tenant_id, day, stage, owner_id, bucket, sum(n) from (
			select tenant_id, (entered_at at time zone 'UTC')::date as day, stage,
				coalesce(owner_id, '00000000-0000-0000-0000-000000000000') as owner_id,
				revcycle_stay_bucket(extract(epoch from left_at - entered_at)) as bucket, 1 as n
			from added where left_at is not null
			union all
			select tenant_id, (entered_at at time zone 'UTC')::date, stage,
				coalesce(owner_id, '00000000-0000-0000-0000-000000000000'),
				revcycle_stay_bucket(extract(epoch from left_at - entered_at)), -1
			from removed where left_at is not null) x
		group by 1, 2, 3, 4, 5 having sum(n) <> 0 order by 1, 2, 3, 4, 5
		on conflict (tenant_id, day, stage, owner_id, bucket) do update set stays = d.stays + excluded.stays;
	-- a row that no stay counts any more goes, with the reason it may hold (an erased person's, say)
	delete from stay_days d using removed r
		where d.tenant_id = r.tenant_id and d.day = (r.entered_at at time zone 'UTC')::date and d.stage = r.stage
		and d.owner_id = coalesce(r.owner_id, '00000000-0000-0000-0000-000000000000')
		and d.next_stage = coalesce(r.next_stage, '') and d.reason = coalesce(r.reason, '') and d.stays = 0;
	return null;
end
$$;
create function revcycle_stays_removed() returns trigger language plpgsql as $$
begin
	insert into stay_days as d (tenant_id, day, stage, owner_id, next_stage, reason, stays)
		select tenant_id, (entered_at at time zone 'UTC')::date, stage,
			coalesce(owner_id, '00000000-0000-0000-0000-000000000000'), coalesce(next_stage, ''), coalesce(reason, ''),
			-count(*)
		from removed group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6
		on conflict (tenant_id, day, stage, owner_id, next_stage, reason) do update set stays = d.stays + excluded.stays;
	insert into stay_durations as d (tenant_id, day, stage, owner_id, bucket, stays)
		select tenant_id, (entered_at at time zone 'UTC')::date, stage,
			coalesce(owner_id, '00000000-0000-0000-0000-000000000000'),
			revcycle_stay_bucket(extract(epoch from left_at - entered_at)), -count(*)
		from removed where left_at is not null group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
		on conflict (tenant_id, day, stage, owner_id, bucket) do update set stays = d.stays + excluded.stays;
	-- a row that no stay counts any more goes, with the reason it may hold (an erased person's, say)
	delete from stay_days d using removed r
		where d.tenant_id = r.tenant_id and d.day = (r.entered_at at time zone 'UTC')::date and d.stage = r.stage
		and d.owner_id = coalesce(r.owner_id, '00000000-0000-0000-0000-000000000000')
		and d.next_stage = coalesce(r.next_stage, '') and d.reason = coalesce(r.reason, '') and d.stays = 0;
	return null;
end
$$;
create trigger stage_stays_added after insert on stage_stays referencing new table as added
	for each statement execute function revcycle_stays_added();
create trigger stage_stays_changed after update on stage_stays referencing old table as removed new table as added
	for each statement execute function revcycle_stays_changed();
create trigger stage_stays_removed after delete on stage_stays referencing old table as removed
	for each statement execute function revcycle_stays_removed();
