package io.revcycle.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.revcycle.kernel.Exported;
import io.revcycle.kernel.InvalidInput;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams every record of the current tenant as NDJSON, one {@code {"kind", "cursor",
 * "data"}} per line: the kinds in a fixed order, each in the order of its key, read with
 * a database cursor (a few thousand rows in memory at a time, however large the tenant)
 * inside one read-only repeatable-read transaction, so the whole export is one snapshot.
 * A line's {@code cursor} given back as {@code after} resumes right after that record.
 */
@Component
public class TenantExport {

	/** Rows fetched from the database at a time. */
	static final int FETCH_SIZE = 2000;

	private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

	/** Kinds in the order of the features' dependencies: what others refer to first. */
	private static final List<String> ORDER = List.of("users", "api_keys", "stage_models", "stage_model_approvals",
			"scoring_models", "scoring_model_approvals", "rescoring_runs", "sla_settings", "routing_settings",
			"routing_reps", "alert_rules", "revenue_settings", "campaigns", "campaign_costs", "webhooks",
			"connector_instances", "connector_cursors", "accounts", "people", "identities", "activities", "timeline",
			"stage_history", "stage_stays", "campaign_touches", "lead_creations", "deals", "payments",
			"attribution_credits", "sla_timers", "sla_breaches", "routing_assignments", "notifications", "outbox",
			"webhook_attempts", "connector_actions", "audit");

	private final List<Exported.Table> tables;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate snapshot;

	private final JsonMapper json;

	private final Map<String, String> types = new java.util.concurrent.ConcurrentHashMap<>();

	TenantExport(List<Exported> exported, DataSource dataSource, PlatformTransactionManager transactions,
			JsonMapper json) {
		List<Exported.Table> all = new ArrayList<>();
		exported.forEach((feature) -> all.addAll(feature.tables()));
		all.forEach(TenantExport::check);
		all.sort(Comparator
			.comparingInt((Exported.Table t) -> ORDER.contains(t.kind()) ? ORDER.indexOf(t.kind()) : ORDER.size())
			.thenComparing(Exported.Table::kind));
		this.tables = List.copyOf(all);
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setFetchSize(FETCH_SIZE);
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshot.setReadOnly(true);
		this.json = json;
	}

	private static void check(Exported.Table table) {
		for (String name : concat(List.of(table.kind(), table.table()), concat(table.key(), table.hidden()))) {
			if (!NAME.matcher(name).matches()) {
				throw new IllegalStateException("Not a plain name in an export declaration: " + name);
			}
		}
	}

	private static List<String> concat(List<String> a, List<String> b) {
		List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

	/** The kinds, in export order. */
	public List<String> kinds() {
		return this.tables.stream().map(Exported.Table::kind).toList();
	}

	/** The kind of each table, for checks that every table is exported. */
	public Map<String, String> tables() {
		Map<String, String> tables = new LinkedHashMap<>();
		this.tables.forEach((t) -> tables.put(t.table(), t.kind()));
		return tables;
	}

	/**
	 * Where to resume.
	 *
	 * @param kind the kind of the last record received
	 * @param key the key of that record, or null to start at the beginning of the kind
	 */
	record Position(String kind, List<String> key) {
	}

	/**
	 * Reads an {@code after} parameter: a line's {@code cursor}, or a kind followed by
	 * {@code :} to start with that kind.
	 * @throws InvalidInput naming what is wrong
	 */
	Position position(String after) {
		if (after == null || after.isBlank()) {
			return null;
		}
		int colon = after.indexOf(':');
		String kind = (colon < 0) ? after : after.substring(0, colon);
		String token = (colon < 0) ? "" : after.substring(colon + 1);
		Exported.Table table = this.tables.stream()
			.filter((t) -> t.kind().equals(kind))
			.findFirst()
			.orElseThrow(() -> InvalidInput.of("after",
					"must be the cursor of an exported line (kind:cursor); the kinds are " + kinds()));
		if (token.isEmpty()) {
			return new Position(kind, null);
		}
		try {
			JsonNode values = this.json
				.readTree(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
			if (values.isArray() && values.size() == table.key().size()) {
				List<String> key = new ArrayList<>();
				for (JsonNode value : values.values()) {
					if (!value.isString()) {
						throw new IllegalArgumentException();
					}
					key.add(value.asString());
				}
				for (int i = 0; i < key.size(); i++) {
					this.jdbc.queryForObject("select cast(? as " + type(table.table(), table.key().get(i)) + ")::text",
							String.class, key.get(i));
				}
				return new Position(kind, key);
			}
		}
		catch (IllegalArgumentException | JacksonException | org.springframework.dao.DataAccessException ex) {
			// refused below
		}
		throw InvalidInput.of("after",
				"is not a cursor of this export; pass the cursor of the last line received, " + "unchanged");
	}

	/**
	 * Writes the tenant's records, after a position (or all), in one snapshot.
	 * @param out where the lines go
	 * @param after where to resume, or null
	 * @param counted called with each kind and the number of its records written
	 */
	void write(Writer out, Position after, Consumer<Map<String, Long>> counted) {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.snapshot.executeWithoutResult((status) -> {
			boolean started = after == null;
			for (Exported.Table table : this.tables) {
				if (!started) {
					if (!table.kind().equals(after.kind())) {
						continue;
					}
					started = true;
					counts.put(table.kind(), write(out, table, after.key()));
					continue;
				}
				counts.put(table.kind(), write(out, table, null));
			}
		});
		counted.accept(counts);
	}

	private long write(Writer out, Exported.Table table, List<String> after) {
		StringBuilder data = new StringBuilder("to_jsonb(t) - 'tenant_id'");
		table.hidden().forEach((column) -> data.append(" - '").append(column).append("'"));
		List<String> key = table.key().stream().map((column) -> "t." + column).toList();
		StringBuilder sql = new StringBuilder("select ")
			.append(key.isEmpty() ? "'[]'"
					: "jsonb_build_array(" + String.join(", ", key.stream().map((column) -> column + "::text").toList())
							+ ")::text")
			.append(", (")
			.append(data)
			.append(")::text from ")
			.append(table.table())
			.append(" t");
		List<Object> args = new ArrayList<>();
		if (after != null && !key.isEmpty()) {
			List<String> casts = new ArrayList<>();
			for (int i = 0; i < key.size(); i++) {
				casts.add("cast(? as " + type(table.table(), table.key().get(i)) + ")");
				args.add(after.get(i));
			}
			sql.append(" where (")
				.append(String.join(", ", key))
				.append(") > (")
				.append(String.join(", ", casts))
				.append(")");
		}
		else if (after != null) {
			return 0;
		}
		if (!key.isEmpty()) {
			sql.append(" order by ").append(String.join(", ", key));
		}
		String prefix = "{\"kind\":\"" + table.kind() + "\",\"cursor\":\"" + table.kind() + ":";
		long[] written = { 0 };
		this.jdbc.query(sql.toString(), (rs) -> {
			try {
				out.write(prefix);
				out.write(Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(rs.getString(1).getBytes(StandardCharsets.UTF_8)));
				out.write("\",\"data\":");
				out.write(rs.getString(2));
				out.write("}\n");
				written[0]++;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, args.toArray());
		return written[0];
	}

	/** A key column's type, to compare a cursor with it as the index does. */
	private String type(String table, String column) {
		return this.types.computeIfAbsent(table + "." + column, (name) -> {
			String type = this.jdbc.queryForObject(
					"select format_type(a.atttypid, a.atttypmod) from pg_attribute a where a.attrelid = ?::regclass "
							+ "and a.attname = ? and not a.attisdropped",
					String.class, table, column);
			return (type != null) ? type : "text";
		});
	}

}
