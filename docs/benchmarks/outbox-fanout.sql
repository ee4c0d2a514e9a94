-- Fan-out of webhook events to 30 endpoints, written the old way (the payload copied into every delivery row) and the
-- new way (the payload once per event in outbox_payloads, a small delivery row per endpoint), in the same run, in a
-- scratch database: psql -d postgres -c 'create database fanout_bench' && psql -d fanout_bench -f
-- docs/benchmarks/outbox-fanout.sql; psql -d postgres -c 'drop database fanout_bench'.
-- The tables have the columns and indexes of the platform's outbox (V4, V42, V54, V55, V56), without row-level
-- security; the old way's table has the indexes the outbox had before V56 (outbox_due as well): the old way is the
-- outbox before this change, the new way the outbox after it.
\timing on
create table outbox (tenant_id uuid not null, id uuid not null, kind text not null, destination uuid not null,
	event_id uuid not null, event_type text not null, payload jsonb, status text not null, attempts integer not null
	default 0, next_attempt_at timestamptz not null, last_error text, created_at timestamptz not null,
	delivered_at timestamptz, primary key (tenant_id, id));
create index outbox_tenant_status on outbox (tenant_id, status, created_at desc);
create index outbox_pending_tenant_due on outbox (tenant_id, next_attempt_at) where status = 'PENDING';
create index outbox_tenant_destination_newest on outbox (tenant_id, destination, created_at desc, id desc);
create table outbox_payloads (tenant_id uuid not null, event_id uuid not null, payload jsonb not null,
	created_at timestamptz not null, primary key (tenant_id, event_id));
create table inline_outbox (like outbox including all);
create index inline_outbox_due on inline_outbox (next_attempt_at) where status = 'PENDING';

create temporary table endpoints as select gen_random_uuid() as id from generate_series(1, 30);
-- 33,334 stage.changed events of the usual size (the body the platform sends)
create temporary table events as select gen_random_uuid() as id, g, jsonb_build_object('id', gen_random_uuid(),
	'type', 'stage.changed', 'createdAt', now(), 'data', jsonb_build_object('personId', gen_random_uuid(), 'from',
	'Known', 'to', 'MQL', 'trigger', 'score', 'actor', 'system', 'email', 'person' || g || '@example.com')) as body
	from generate_series(1, 33334) g;
select '00000000-0000-0000-0000-000000000001'::uuid as tenant \gset

\echo 'old: the payload in each of the 1,000,020 delivery rows'
insert into inline_outbox (tenant_id, id, kind, destination, event_id, event_type, payload, status, next_attempt_at,
	created_at) select :'tenant', gen_random_uuid(), 'webhook', d.id, e.id, 'stage.changed', e.body, 'PENDING', now(),
	now() from events e cross join endpoints d;
\echo 'new: the payload once per event, then 1,000,020 delivery rows'
insert into outbox_payloads (tenant_id, event_id, payload, created_at) select :'tenant', e.id, e.body, now()
	from events e;
insert into outbox (tenant_id, id, kind, destination, event_id, event_type, status, next_attempt_at, created_at)
	select :'tenant', gen_random_uuid(), 'webhook', d.id, e.id, 'stage.changed', 'PENDING', now(), now()
	from events e cross join endpoints d;
\timing off
select 'old' as way, pg_size_pretty(pg_total_relation_size('inline_outbox')) as stored
union all select 'new', pg_size_pretty(pg_total_relation_size('outbox') + pg_total_relation_size('outbox_payloads'));
