-- Statistics for a tenant that grows by orders of magnitude at once.
--
-- Every index leads with tenant_id, so a statement that joins a chunk of people to a tenant's rows is planned from
-- what the statistics say of that tenant. A tenant missing from them (a big import, a first rescoring of a million
-- people) is expected to have one row: the planner then hashes all of the tenant's rows for each chunk, and a job that
-- should take a minute takes hours. Autovacuum fixes this only after 10% of a table changed, which on a large shared
-- table can be long after the job ended.
--
-- Two remedies: autovacuum analyzes the tables written per chunk sooner, and jobs that grow a tenant refresh the
-- statistics themselves as they go (the application role may not ANALYZE tables it does not own, hence the function,
-- which runs as their owner and analyzes these tables only).

alter table persons set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);
alter table stage_history set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);
alter table stage_stays set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);
alter table timeline_entries set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);
alter table sla_timers set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);
alter table campaign_conversions set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);
alter table activities set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);

create function revcycle_refresh_statistics() returns void
	language plpgsql security definer set search_path = public as $$
begin
	analyze persons, stage_history, stage_stays, timeline_entries, sla_timers, campaign_conversions, activities;
end
$$;
revoke all on function revcycle_refresh_statistics() from public;
grant execute on function revcycle_refresh_statistics() to ${appRole};
