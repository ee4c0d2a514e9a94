-- The timeline's activity entries are read from the activities themselves instead of a copy written with each one.
-- Entries and activities take their position on the timeline (the order among entries of the same instant, and the
-- cursor's second half) from one sequence, so that both sort together as before; an activity keeps the position of
-- its copy.
create sequence timeline_positions;
alter table activities add column timeline_id bigint;
-- an erased person's activities show their type and time only, as their copies did
alter table activities add column erased boolean not null default false;

-- (the owner runs migrations, and forced row-level security would hide every tenant's rows from it)
alter table activities no force row level security;
alter table timeline_entries no force row level security;
alter table persons no force row level security;

select setval('timeline_positions', coalesce((select max(id) from timeline_entries), 0) + 1, false);
alter table timeline_entries alter column id drop identity;
alter table timeline_entries alter column id set default nextval('timeline_positions');
alter sequence timeline_positions owned by timeline_entries.id;

-- each activity takes its copy's position: found by its source and id, or (an erased person's copy says neither)
-- by person, type and time, in the order they were written
update activities a set timeline_id = t.id
from timeline_entries t
where t.kind = 'activity' and t.tenant_id = a.tenant_id and t.person_id = a.person_id and t.type = a.type
	and t.data ->> 'source' = a.source and t.data ->> 'externalId' = a.external_id;
with copies as (
	select t.id, t.tenant_id, t.person_id, t.type, t.at,
		row_number() over (partition by t.tenant_id, t.person_id, t.type, t.at order by t.id) as n
	from timeline_entries t
	where t.kind = 'activity' and not exists (select 1 from activities a where a.timeline_id = t.id)
), unplaced as (
	select tenant_id, id, person_id, type, occurred_at,
		row_number() over (partition by tenant_id, person_id, type, occurred_at order by received_at, id) as n
	from activities
	where timeline_id is null
)
update activities a set timeline_id = c.id
from unplaced u join copies c
	on c.tenant_id = u.tenant_id and c.person_id = u.person_id and c.type = u.type and c.at = u.occurred_at and c.n = u.n
where a.tenant_id = u.tenant_id and a.id = u.id;
update activities set timeline_id = nextval('timeline_positions') where timeline_id is null;
update activities set erased = true
where properties = '{}' and person_id in (select id from persons where erased_at is not null);
delete from timeline_entries where kind = 'activity';

alter table activities force row level security;
alter table timeline_entries force row level security;
alter table persons force row level security;

alter table activities alter column timeline_id set default nextval('timeline_positions');
alter table activities alter column timeline_id set not null;
-- an account's timeline; a person's reads activities_person
create index activities_account on activities (tenant_id, account_id, occurred_at) where account_id is not null;

-- ingest publishes what the timeline shows of an activity
create or replace view activity_log with (security_invoker = true) as
	select tenant_id, id, person_id, account_id, type, occurred_at, received_at, source, external_id, campaign,
		properties, amount, currency, actor, timeline_id, erased
	from activities;
