#!/usr/bin/env bash
# People found by email under row-level security: the condition the platform used (lower(email) in (...)) next to the
# one it uses since V61 (email_key in (...), a stored lower-case copy), for one batch of 480 emails in a tenant of
# N people, as the platform's role with the tenant policy of every table, with the plan a connection caches after a
# few executions (generic) and a fresh one (custom). Needs the local PostgreSQL with trust authentication; works in a
# database of its own, dropped at the end.
# Usage: docs/benchmarks/lookup-bench.sh [people in the tenant 20000] [more sizes...]
set -euo pipefail
PSQL="psql -h ${PGHOST:-127.0.0.1} -U ${PGUSER:-postgres} -v ON_ERROR_STOP=1 -q"
$PSQL -d postgres -c "drop database if exists revcycle_lookup_bench" -c "create database revcycle_lookup_bench"
trap '$PSQL -d postgres -c "drop database if exists revcycle_lookup_bench"' EXIT
$PSQL -d revcycle_lookup_bench <<'SQL'
do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'lookup_bench_app') then create role lookup_bench_app; end if;
end $$;
grant usage on schema public to lookup_bench_app;
create table persons (
  tenant_id uuid not null, id uuid not null, email text, stage text not null, title text,
  created_at timestamptz not null, updated_at timestamptz not null, behaviour_sums jsonb,
  email_key text generated always as (lower(email)) stored, primary key (tenant_id, id));
create index persons_email_lower on persons (tenant_id, lower(email));
create unique index persons_email on persons (tenant_id, email_key);
alter table persons enable row level security;
alter table persons force row level security;
create policy tenant_isolation on persons using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
grant select on persons to lookup_bench_app;
SQL
for size in "${@:-20000}"; do
  $PSQL -d revcycle_lookup_bench -c "truncate persons" -c "insert into persons (tenant_id, id, email, stage, title,
    created_at, updated_at, behaviour_sums) select '11111111-1111-1111-1111-111111111111', gen_random_uuid(),
    'Person' || g || '@company' || (g % 5000) || '.example', 'Known', 'Engineer', now(), now(), '{\"r1\": {\"s\": 1.5}}'
    from generate_series(0, $size - 1) g" -c "analyze persons"
  python3 - "$size" > /tmp/lookup-bench.sql <<'PY'
import random, sys
size = int(sys.argv[1])
random.seed(7)
emails = ["person%d@company%d.example" % (p, p % 5000) for p in random.sample(range(size), 480)]
params = ", ".join("$%d" % (i + 1) for i in range(480))
values = ", ".join("'%s'" % e for e in emails)
types = ",".join(["text"] * 480)
print("set role lookup_bench_app;")
print("set app.tenant_id = '11111111-1111-1111-1111-111111111111';")
for name, column in (("lower(email)", "lower(email)"), ("email_key", "email_key")):
    print("prepare q_%s(%s) as select * from persons where %s in (%s) order by id;" % (column[:5], types, column, params))
    for mode in ("force_generic_plan", "force_custom_plan"):
        print("set plan_cache_mode = %s;" % mode)
        print("\\echo %s, %s" % (name, mode.split("_")[1]))
        for _ in range(5):
            print("explain (analyze, timing off, summary on) execute q_%s(%s);" % (column[:5], values))
PY
  echo "== $size people in the tenant, 480 emails looked up; execution times of five runs (ms)"
  $PSQL -d revcycle_lookup_bench -f /tmp/lookup-bench.sql 2>&1 \
    | awk '/^(lower|email_key)/ { if (line) print line; line = $0 ": " } /Execution Time/ { line = line " " $3 } END { print line }'
done
