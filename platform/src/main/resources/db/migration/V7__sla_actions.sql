-- Who did an activity: the actor as the event named it (a user id or an email, kept as given) and the tenant user it
-- resolved to, if any. SLA policies that must be satisfied by the person's owner compare actor_id with the owner.
alter table activities add column actor text;
alter table activities add column actor_id uuid;

-- The SLA clock looks up due reassign and auto-recycle steps on every run: they are rare, so an index of their own keeps
-- that look-up free of the many due notify steps.
create index sla_timers_due_per_timer on sla_timers (next_step_at)
	where next_step_at is not null and (ladder -> next_step ->> 'action') in ('reassign', 'auto_recycle');
