package io.revcycle.webhooks;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.revcycle.notifications.Notifications;
import io.revcycle.outbox.Outbox;
import io.revcycle.secrets.SealedValues;
import io.revcycle.secrets.SecretBox;
import io.revcycle.tenancy.Members;
import io.revcycle.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The current tenant's webhook endpoints. Signing secrets are generated here, stored
 * sealed (bound to the tenant and the endpoint) and opened only to sign deliveries; after
 * a rotation of the secrets key, they are re-sealed here.
 */
@Component
class WebhookEndpoints implements SealedValues {

	/** Why the pending messages of a deleted endpoint are not sent. */
	static final String DELETED = "not sent: the webhook endpoint was deleted";

	/** Why the pending messages of a paused endpoint are not sent. */
	static final String PAUSED = "not sent: the webhook endpoint was paused after failing every delivery for days; "
			+ "fix it and enable it again, then replay this message to send it";

	/** Why the pending messages of a disabled endpoint are not sent. */
	static final String DISABLED = "not sent: the webhook endpoint was disabled; enable it, then replay this message "
			+ "to send it";

	private static final Logger log = LoggerFactory.getLogger(WebhookEndpoints.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String COLUMNS = "id, url, event_types, description, active, created_at, updated_at, "
			+ "previous_secret_expires_at, consecutive_failures, failing_since, circuit_open_until, paused_at, "
			+ "paused_reason";

	private final JdbcTemplate jdbc;

	private final SecretBox secrets;

	private final Outbox outbox;

	private final Deliveries deliveries;

	private final Clock clock;

	private final WebhookSettings settings;

	private final Notifications notifications;

	private final Members members;

	WebhookEndpoints(JdbcTemplate jdbc, SecretBox secrets, Outbox outbox, Deliveries deliveries, Clock clock,
			WebhookSettings settings, Notifications notifications, Members members) {
		this.notifications = notifications;
		this.members = members;
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.outbox = outbox;
		this.deliveries = deliveries;
		this.clock = clock;
		this.settings = settings;
	}

	/**
	 * An endpoint with a signing secret that was just made: shown once, never again.
	 *
	 * @param endpoint the endpoint
	 * @param secret the new secret, or null when none was made
	 */
	record WithSecret(WebhookEndpoint endpoint, String secret) {
	}

	/**
	 * Stores a new, active endpoint with a new signing secret.
	 * @param url a checked absolute URL
	 * @param eventTypes known event types, without duplicates
	 * @param description the tenant's note, or null
	 */
	@Transactional
	WithSecret create(String url, List<String> eventTypes, String description) {
		UUID tenant = TenantContext.require();
		UUID id = UUID.randomUUID();
		String secret = newSecret();
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.update(
				"insert into webhook_endpoints (tenant_id, id, url, secret, event_types, description, active, "
						+ "created_at, updated_at) values (?, ?, ?, ?, ?::text[], ?, true, ?, ?)",
				tenant, id, url, this.secrets.seal(secret, boundTo(tenant, id)), eventTypes.toArray(String[]::new),
				description, now, now);
		return new WithSecret(find(id).orElseThrow(), secret);
	}

	@Transactional(readOnly = true)
	Optional<WebhookEndpoint> find(UUID id) {
		return this.jdbc.query("select " + COLUMNS + " from webhook_endpoints where id = ?", this::endpoint, id)
			.stream()
			.findFirst();
	}

	/** A page of endpoints, newest first, after the (createdAt, id) position if any. */
	@Transactional(readOnly = true)
	List<WebhookEndpoint> page(Instant beforeAt, UUID beforeId, int limit) {
		UUID tenant = TenantContext.require();
		if (beforeAt == null) {
			return this.jdbc.query("select " + COLUMNS + " from webhook_endpoints where tenant_id = ? "
					+ "order by created_at desc, id desc limit ?", this::endpoint, tenant, limit);
		}
		return this.jdbc.query(
				"select " + COLUMNS + " from webhook_endpoints where tenant_id = ? and (created_at, id) < (?, ?) "
						+ "order by created_at desc, id desc limit ?",
				this::endpoint, tenant, Timestamp.from(beforeAt), beforeId, limit);
	}

	/**
	 * A change to an endpoint: null fields stay as they are.
	 *
	 * @param url a checked absolute URL
	 * @param eventTypes known event types, without duplicates, at least one
	 * @param description the new note; blank removes it
	 * @param active enables or disables the endpoint
	 * @param rotateSecret whether to make a new signing secret
	 */
	record Change(String url, List<String> eventTypes, String description, Boolean active, boolean rotateSecret) {
	}

	/**
	 * Changes an endpoint. Disabling it dead-letters its pending messages (a replay sends
	 * one once it is enabled again). A rotation keeps the previous secret for
	 * {@link WebhookSettings#previousSecretGrace()}: deliveries are signed with both
	 * until then.
	 * @return the endpoint changed, with its new secret if one was made; empty when there
	 * is no such endpoint
	 */
	@Transactional
	Optional<WithSecret> change(UUID id, Change change) {
		List<Stored> found = this.jdbc.query("select active, secret from webhook_endpoints where id = ? for update",
				(rs, row) -> new Stored(rs.getBoolean(1), rs.getString(2)), id);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Stored stored = found.get(0);
		Instant now = this.clock.instant();
		List<String> sets = new ArrayList<>(List.of("updated_at = ?"));
		List<Object> args = new ArrayList<>(List.of(Timestamp.from(now)));
		if (change.url() != null) {
			sets.add("url = ?");
			args.add(change.url());
		}
		if (change.eventTypes() != null) {
			sets.add("event_types = ?::text[]");
			args.add(change.eventTypes().toArray(String[]::new));
		}
		if (change.description() != null) {
			sets.add("description = ?");
			args.add(change.description().isBlank() ? null : change.description());
		}
		if (change.active() != null) {
			sets.add("active = ?");
			args.add(change.active());
			if (change.active()) {
				// enabled again (after a pause too): its circuit starts closed
				sets.add("consecutive_failures = 0, failing_since = null, circuit_open_until = null, "
						+ "paused_at = null, paused_reason = null");
			}
		}
		String secret = null;
		if (change.rotateSecret()) {
			secret = newSecret();
			boolean grace = !this.settings.previousSecretGrace().isZero()
					&& !this.settings.previousSecretGrace().isNegative();
			sets.add("secret = ?");
			args.add(this.secrets.seal(secret, boundTo(TenantContext.require(), id)));
			sets.add("previous_secret = ?");
			args.add(grace ? stored.secret() : null);
			sets.add("previous_secret_expires_at = ?");
			args.add(grace ? Timestamp.from(now.plus(this.settings.previousSecretGrace())) : null);
		}
		if (sets.size() > 1) {
			args.add(id);
			this.jdbc.update("update webhook_endpoints set " + String.join(", ", sets) + " where id = ?",
					args.toArray());
		}
		if (stored.active() && Boolean.FALSE.equals(change.active())) {
			this.outbox.cancel(WebhookDeliverer.KIND, id, DISABLED);
		}
		return Optional.of(new WithSecret(find(id).orElseThrow(), secret));
	}

	private record Stored(boolean active, String secret) {
	}

	/**
	 * Deletes an endpoint and its delivery log. Its pending messages are dead-lettered,
	 * never sent; the outbox keeps them, as it keeps every message, with the reason.
	 * @return whether there was such an endpoint
	 */
	@Transactional
	boolean delete(UUID id) {
		List<UUID> found = this.jdbc.query("select id from webhook_endpoints where id = ? for update",
				(rs, row) -> rs.getObject(1, UUID.class), id);
		if (found.isEmpty()) {
			return false;
		}
		this.outbox.cancel(WebhookDeliverer.KIND, id, DELETED);
		this.deliveries.deleteOf(id);
		this.jdbc.update("delete from webhook_endpoints where id = ?", id);
		return true;
	}

	/**
	 * Notes the outcome of a delivery attempt in the endpoint's circuit breaker. After
	 * {@link WebhookSettings#breakerFailures()} failures in a row the circuit opens: the
	 * endpoint's pending messages wait until it closes again (the first time after
	 * {@link WebhookSettings#breakerCooldown()}, doubling up to
	 * {@link WebhookSettings#breakerMaxCooldown()}), then one attempt decides. An
	 * endpoint that has failed every delivery for {@link WebhookSettings#pauseAfter()} is
	 * paused: disabled, its pending messages dead-lettered with the reason (replayable
	 * once it is enabled again), and the tenant's admins notified. A success closes the
	 * circuit.
	 * @param id the endpoint
	 * @param delivered whether the endpoint accepted the delivery
	 * @param error what failed, or null
	 * @return until when the endpoint's circuit is open after this failure, or null
	 */
	@Transactional
	Instant recordOutcome(UUID id, boolean delivered, String error) {
		Instant now = this.clock.instant();
		if (delivered) {
			this.jdbc.update("update webhook_endpoints set consecutive_failures = 0, failing_since = null, "
					+ "circuit_open_until = null where id = ? and consecutive_failures > 0", id);
			return null;
		}
		List<Failing> failing = this.jdbc.query(
				"update webhook_endpoints set consecutive_failures = consecutive_failures + 1, "
						+ "failing_since = coalesce(failing_since, ?) where id = ? and active "
						+ "returning consecutive_failures, failing_since, url",
				(rs, row) -> new Failing(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3)),
				Timestamp.from(now), id);
		if (failing.isEmpty() || failing.get(0).failures() < this.settings.breakerFailures()) {
			return null;
		}
		Failing endpoint = failing.get(0);
		if (!endpoint.since().plus(this.settings.pauseAfter()).isAfter(now)) {
			pause(id, endpoint, error, now);
			return null;
		}
		int opened = endpoint.failures() - this.settings.breakerFailures();
		long millis = (long) Math.min(this.settings.breakerCooldown().toMillis() * Math.pow(2, Math.min(opened, 30)),
				(double) this.settings.breakerMaxCooldown().toMillis());
		Instant until = now.plusMillis(Math.max(1, millis));
		this.jdbc.update("update webhook_endpoints set circuit_open_until = ? where id = ?", Timestamp.from(until), id);
		this.outbox.holdUntil(WebhookDeliverer.KIND, id, until,
				held(endpoint.failures(), endpoint.since(), until, error));
		return until;
	}

	/** Why an endpoint's messages wait, for a tenant admin to read. */
	static String held(int failures, Instant since, Instant until, String error) {
		return "waiting: the endpoint failed " + failures + " deliveries in a row since " + since
				+ ", so its circuit is open until " + until + " (last failure: " + error + ")";
	}

	private void pause(UUID id, Failing endpoint, String error, Instant now) {
		String reason = "failed every delivery since " + endpoint.since() + " (" + endpoint.failures()
				+ " in a row; last: " + error + ")";
		this.jdbc.update(
				"update webhook_endpoints set active = false, paused_at = ?, paused_reason = ?, "
						+ "circuit_open_until = null, updated_at = ? where id = ?",
				Timestamp.from(now), reason, Timestamp.from(now), id);
		int dropped = this.outbox.cancel(WebhookDeliverer.KIND, id, PAUSED);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("endpointId", id);
		data.put("url", endpoint.url());
		data.put("failingSince", endpoint.since());
		data.put("failures", endpoint.failures());
		data.put("lastError", error);
		data.put("deadLettered", dropped);
		this.notifications.notify(this.members.admins(), "webhook_paused",
				"Webhook endpoint " + endpoint.url() + " was paused: it " + reason
						+ ". Fix it, then enable it (PATCH active: true) and replay its messages.",
				data);
		log.warn("Webhook endpoint {} of tenant {} paused: it {}; {} pending message(s) dead-lettered", id,
				TenantContext.require(), reason, dropped);
	}

	private record Failing(int failures, Instant since, String url) {
	}

	/** The event types any active endpoint subscribes to, in the caller's transaction. */
	Set<String> subscribedTypes() {
		return Set.copyOf(this.jdbc.queryForList(
				"select distinct unnest(event_types) from webhook_endpoints where active and tenant_id = ?",
				String.class, TenantContext.require()));
	}

	/** The active endpoints subscribed to an event type, in the caller's transaction. */
	List<UUID> subscribedTo(String type) {
		return this.jdbc.queryForList(
				"select id from webhook_endpoints where active and ? = any(event_types) and tenant_id = ?", UUID.class,
				type, TenantContext.require());
	}

	/**
	 * Where and how to deliver to an endpoint.
	 *
	 * @param url where to POST
	 * @param active whether it receives deliveries
	 * @param secrets the secrets to sign with: the current one, then the previous one
	 * while its grace period lasts
	 */
	record Target(String url, boolean active, List<String> secrets, int failures, Instant failingSince,
			Instant circuitOpenUntil) {
	}

	/**
	 * How to deliver to an endpoint, with its secrets opened. A previous secret that does
	 * not open is left out (and logged).
	 * @throws SecretBox.Unreadable when the current secret cannot be opened with this
	 * platform's secrets key
	 */
	@Transactional(readOnly = true)
	Optional<Target> target(UUID id) {
		UUID tenant = TenantContext.require();
		Instant now = this.clock.instant();
		return this.jdbc
			.query("select url, active, secret, previous_secret, previous_secret_expires_at, consecutive_failures, "
					+ "failing_since, circuit_open_until from webhook_endpoints where id = ?", (rs, row) -> {
						List<String> signing = new ArrayList<>(List.of(open(rs.getString(3), tenant, id)));
						Timestamp expires = rs.getTimestamp(5);
						if (rs.getString(4) != null && expires != null && expires.toInstant().isAfter(now)) {
							try {
								signing.add(open(rs.getString(4), tenant, id));
							}
							catch (SecretBox.Unreadable ex) {
								// rotated away from a secret that does not open: the
								// new one signs alone rather than nothing being sent
								log.warn("Webhook endpoint {} of tenant {}: its previous secret no longer signs: {}",
										id, tenant, ex.getMessage());
							}
						}
						return new Target(rs.getString(1), rs.getBoolean(2), List.copyOf(signing), rs.getInt(6),
								instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)));
					}, id)
			.stream()
			.findFirst();
	}

	/** What an endpoint's sealed secrets are bound to. */
	static String boundTo(UUID tenantId, UUID endpointId) {
		return "webhook/" + tenantId + "/" + endpointId;
	}

	private String open(String stored, UUID tenant, UUID id) {
		// endpoints created before secrets were sealed keep their secret in clear (until
		// a re-seal)
		return this.secrets.isSealed(stored) ? this.secrets.open(stored, boundTo(tenant, id)) : stored;
	}

	@Override
	public String name() {
		return "webhook signing secrets";
	}

	/**
	 * Seals the current tenant's signing secrets under the current key: each endpoint's
	 * secret and, during a rotation's grace period, its previous one; a secret stored in
	 * clear (from before secrets were sealed) is sealed too. A previous secret past its
	 * grace period signs nothing any more: it is removed rather than sealed again. Runs
	 * in the caller's transaction.
	 */
	@Override
	public Resealed reseal(SecretBox box) {
		UUID tenant = TenantContext.require();
		Timestamp now = Timestamp.from(this.clock.instant());
		int resealed = 0;
		int current = 0;
		List<UUID> unreadable = new ArrayList<>();
		List<Sealed> rows = this.jdbc.query(
				"select id, secret, previous_secret, previous_secret_expires_at > ? from webhook_endpoints "
						+ "where tenant_id = ? order by id",
				(rs, row) -> new Sealed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
						rs.getBoolean(4)),
				now, tenant);
		for (Sealed row : rows) {
			String bound = boundTo(tenant, row.id());
			boolean failed = false;
			String secret = row.secret();
			try {
				secret = resealed(box, row.secret(), bound);
			}
			catch (SecretBox.Unreadable ex) {
				failed = true;
			}
			String previous = null;
			if (row.previous() != null && row.previousSigns()) {
				previous = row.previous();
				try {
					previous = resealed(box, row.previous(), bound);
				}
				catch (SecretBox.Unreadable ex) {
					failed = true;
				}
			}
			if (failed) {
				unreadable.add(row.id());
			}
			if (secret.equals(row.secret()) && Objects.equals(previous, row.previous())) {
				current += failed ? 0 : 1;
			}
			// only if unchanged since it was read: a rotation meanwhile sealed under the
			// current key
			else if (this.jdbc.update(
					"update webhook_endpoints set secret = ?, previous_secret = ?, previous_secret_expires_at = "
							+ "case when ?::text is null then null else previous_secret_expires_at end "
							+ "where id = ? and secret = ? and previous_secret is not distinct from ?",
					secret, previous, previous, row.id(), row.secret(), row.previous()) == 1) {
				resealed++;
			}
			else {
				current++;
			}
		}
		return new Resealed(resealed, current, unreadable);
	}

	/** An endpoint's stored secrets, as a re-seal reads them. */
	private record Sealed(UUID id, String secret, String previous, boolean previousSigns) {
	}

	/** The value to store: the same when it is sealed under the current key already. */
	private static String resealed(SecretBox box, String stored, String bound) {
		if (!box.isSealed(stored)) {
			return box.seal(stored, bound);
		}
		return box.reseal(stored, bound).orElse(stored);
	}

	private static String newSecret() {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		return "whsec_" + HexFormat.of().formatHex(bytes);
	}

	private WebhookEndpoint endpoint(ResultSet rs, int row) throws SQLException {
		Instant created = rs.getTimestamp(6).toInstant();
		Timestamp updated = rs.getTimestamp(7);
		Timestamp expires = rs.getTimestamp(8);
		Instant previousUntil = (expires != null && expires.toInstant().isAfter(this.clock.instant()))
				? expires.toInstant() : null;
		return new WebhookEndpoint(rs.getObject(1, UUID.class), rs.getString(2),
				List.copyOf(Arrays.asList((String[]) rs.getArray(3).getArray())), rs.getString(4), rs.getBoolean(5),
				created, (updated != null) ? updated.toInstant() : created, previousUntil, rs.getInt(9),
				instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)),
				rs.getString(13));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
