package io.revcycle.connectors;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.revcycle.plugin.api.ConfigField;
import io.revcycle.plugin.api.ConfigSpec;
import io.revcycle.plugin.host.ConnectorRuntime;
import io.revcycle.secrets.SealedValues;
import io.revcycle.secrets.SecretBox;
import io.revcycle.tenancy.TenantContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The current tenant's connector instances, their cursors and their health. Secret
 * configuration values are sealed before they are stored and opened only to configure a
 * runtime; after a rotation of the secrets key, they are re-sealed here.
 */
@Component
class Instances implements SealedValues {

	private static final String COLUMNS = "tenant_id, id, connector_id, name, config::text, secrets, enabled, "
			+ "poll_every_seconds, health, last_error, health_since, created_at, updated_at";

	private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final SecretBox secrets;

	private final Clock clock;

	Instances(JdbcTemplate jdbc, JsonMapper json, SecretBox secrets, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.secrets = secrets;
		this.clock = clock;
	}

	Optional<Instance> find(UUID id) {
		return this.jdbc.query("select " + COLUMNS + " from connector_instances where id = ?", this::instance, id)
			.stream()
			.findFirst();
	}

	/** A page of instances, newest first, after the (createdAt, id) position. */
	List<Instance> page(Instant beforeAt, UUID beforeId, int limit) {
		if (beforeAt == null) {
			return this.jdbc.query(
					"select " + COLUMNS + " from connector_instances order by created_at desc, id desc limit ?",
					this::instance, limit);
		}
		return this.jdbc.query(
				"select " + COLUMNS + " from connector_instances where (created_at, id) < (?, ?) "
						+ "order by created_at desc, id desc limit ?",
				this::instance, Timestamp.from(beforeAt), beforeId, limit);
	}

	/**
	 * Stores a new instance.
	 * @param values the whole configuration, validated
	 */
	Instance create(String connectorId, String name, ConfigSpec spec, Map<String, String> values,
			Integer pollEverySeconds) {
		UUID tenant = TenantContext.require();
		UUID id = UUID.randomUUID();
		Instant now = this.clock.instant();
		Instance draft = new Instance(tenant, id, connectorId, name, Map.of(), null, true, pollEverySeconds, "HEALTHY",
				null, now, now, now);
		Split split = split(spec, values, draft);
		this.jdbc.update(
				"insert into connector_instances (tenant_id, id, connector_id, name, config, secrets, enabled, "
						+ "poll_every_seconds, next_poll_at, health, health_since, created_at, updated_at) "
						+ "values (?, ?, ?, ?, ?::jsonb, ?, true, ?, ?, 'HEALTHY', ?, ?, ?)",
				tenant, id, connectorId, name, this.json.writeValueAsString(split.settings()), split.sealed(),
				pollEverySeconds, (pollEverySeconds != null) ? Timestamp.from(now) : null, Timestamp.from(now),
				Timestamp.from(now), Timestamp.from(now));
		return find(id).orElseThrow();
	}

	/**
	 * Replaces an instance's configuration.
	 * @param values the whole configuration, validated
	 */
	Instance update(Instance instance, String name, ConfigSpec spec, Map<String, String> values,
			Integer pollEverySeconds, boolean enabled) {
		Split split = split(spec, values, instance);
		Instant now = this.clock.instant();
		this.jdbc.update(
				"update connector_instances set name = ?, config = ?::jsonb, secrets = ?, enabled = ?, "
						+ "poll_every_seconds = ?, next_poll_at = ?, updated_at = ? where id = ?",
				name, this.json.writeValueAsString(split.settings()), split.sealed(), enabled, pollEverySeconds,
				(pollEverySeconds != null && enabled) ? Timestamp.from(now) : null, Timestamp.from(now), instance.id());
		return find(instance.id()).orElseThrow();
	}

	boolean delete(UUID id) {
		return this.jdbc.update("delete from connector_instances where id = ?", id) == 1;
	}

	/** The whole configuration: the settings and the opened secrets. */
	Map<String, String> values(Instance instance) {
		Map<String, String> values = new LinkedHashMap<>(instance.settings());
		if (instance.sealedSecrets() != null) {
			values
				.putAll(this.json.readValue(this.secrets.open(instance.sealedSecrets(), instance.boundTo()), STRINGS));
		}
		return values;
	}

	/** The names of the secret fields that have a value. */
	List<String> secretsSet(Instance instance) {
		if (instance.sealedSecrets() == null) {
			return List.of();
		}
		return List.copyOf(
				this.json.readValue(this.secrets.open(instance.sealedSecrets(), instance.boundTo()), STRINGS).keySet());
	}

	Map<String, String> cursors(UUID instanceId) {
		Map<String, String> cursors = new HashMap<>();
		this.jdbc.query("select name, value from connector_cursors where instance_id = ?", (rs) -> {
			cursors.put(rs.getString(1), rs.getString(2));
		}, instanceId);
		return cursors;
	}

	/** One committed cursor value, or null. */
	String cursor(UUID instanceId, String name) {
		return this.jdbc
			.queryForList("select value from connector_cursors where instance_id = ? and name = ?", String.class,
					instanceId, name)
			.stream()
			.findFirst()
			.orElse(null);
	}

	/** Commits cursor values, in the caller's transaction. */
	void commitCursors(UUID instanceId, Map<String, String> cursors) {
		Timestamp now = Timestamp.from(this.clock.instant());
		cursors.forEach((name, value) -> this.jdbc.update(
				"insert into connector_cursors (tenant_id, instance_id, name, value, updated_at) values (?, ?, ?, ?, ?) "
						+ "on conflict (tenant_id, instance_id, name) do update set value = excluded.value, "
						+ "updated_at = excluded.updated_at",
				TenantContext.require(), instanceId, name, value, now));
	}

	/** Records a change of health, if it changed. */
	void recordHealth(UUID instanceId, ConnectorRuntime.Health health) {
		this.jdbc.update(
				"update connector_instances set health = ?, last_error = ?, health_since = ? "
						+ "where id = ? and (health <> ? or last_error is distinct from ?)",
				health.state(), health.lastError(),
				Timestamp.from((health.since() != null) ? health.since() : this.clock.instant()), instanceId,
				health.state(), health.lastError());
	}

	@Override
	public String name() {
		return "connector instance secrets";
	}

	/**
	 * Seals the current tenant's instance secrets under the current key. The
	 * configuration is not changed (nor its {@code updated_at}, so runtimes are not
	 * replaced).
	 */
	@Override
	public Resealed reseal(SecretBox box) {
		int resealed = 0;
		int current = 0;
		List<UUID> unreadable = new ArrayList<>();
		List<Instance> sealed = this.jdbc.query(
				"select " + COLUMNS + " from connector_instances where secrets is not null order by id",
				this::instance);
		for (Instance instance : sealed) {
			Optional<String> fresh;
			try {
				fresh = box.reseal(instance.sealedSecrets(), instance.boundTo());
			}
			catch (SecretBox.Unreadable ex) {
				unreadable.add(instance.id());
				continue;
			}
			// only if unchanged since it was read: a configuration saved meanwhile was
			// sealed under the current key
			if (fresh.isPresent()
					&& this.jdbc.update("update connector_instances set secrets = ? where id = ? and secrets = ?",
							fresh.get(), instance.id(), instance.sealedSecrets()) == 1) {
				resealed++;
			}
			else {
				current++;
			}
		}
		return new Resealed(resealed, current, unreadable);
	}

	private record Split(Map<String, String> settings, String sealed) {
	}

	private Split split(ConfigSpec spec, Map<String, String> values, Instance instance) {
		Map<String, String> settings = new LinkedHashMap<>();
		Map<String, String> secret = new LinkedHashMap<>();
		values.forEach((name, value) -> {
			boolean isSecret = spec.field(name).map(ConfigField::secret).orElse(false);
			(isSecret ? secret : settings).put(name, value);
		});
		String sealed = secret.isEmpty() ? null
				: this.secrets.seal(this.json.writeValueAsString(secret), instance.boundTo());
		return new Split(settings, sealed);
	}

	private Instance instance(ResultSet rs, int row) throws SQLException {
		Timestamp since = rs.getTimestamp(11);
		return new Instance(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
				this.json.readValue(rs.getString(5), STRINGS), rs.getString(6), rs.getBoolean(7),
				(Integer) rs.getObject(8), rs.getString(9), rs.getString(10),
				(since != null) ? since.toInstant() : null, rs.getTimestamp(12).toInstant(),
				rs.getTimestamp(13).toInstant());
	}

}
