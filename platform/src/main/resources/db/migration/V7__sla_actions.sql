-- Who did an activity: the actor as the event named it (a user id or an email, kept as given) and the tenant user it
-- resolved to, if any. SLA policies that must be satisfied by the person's owner compare actor_id with the owner.
alter table activities add column actor text;
alter table activities add column actor_id uuid;
