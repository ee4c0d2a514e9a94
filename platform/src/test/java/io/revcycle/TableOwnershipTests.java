package io.revcycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.revcycle.kernel.Tables;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every table has one owner, declared with {@link Tables} on its feature's
 * {@code package-info}: only that feature names it in SQL (or maps an entity to it).
 * Others go through its API, or join a view a feature publishes. Spring Modulith checks
 * types; this checks the SQL, because a type check passing says nothing about
 * {@code update persons} written in routing.
 */
class TableOwnershipTests {

	private static final Path SOURCES = Path.of("src", "main", "java", "io", "revcycle");

	private static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");

	/** String literals and text blocks of Java source. */
	private static final Pattern LITERAL = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"",
			Pattern.DOTALL);

	/** A relation named in SQL: after FROM, JOIN, INTO, UPDATE or TABLE. */
	private static final Pattern RELATION = Pattern
		.compile("(?i)\\b(?:from|join|into|update|table)\\s+(?:only\\s+)?([a-z_][a-z0-9_]*)");

	private static final Pattern ENTITY_TABLE = Pattern.compile("@Table\\(name\\s*=\\s*\"([a-z_][a-z0-9_]*)\"");

	private static final Pattern CREATED = Pattern
		.compile("(?i)create\\s+(table|view|or\\s+replace\\s+view)\\s+([a-z_][a-z0-9_]*)");

	@Test
	void everyTableAndViewHasExactlyOneOwner() throws IOException {
		Map<String, String> owners = owners();
		Map<String, String> relations = relations();
		List<String> problems = new ArrayList<>();
		relations.forEach((name, kind) -> {
			if (!owners.containsKey(name)) {
				problems.add("the " + kind + " '" + name + "' has no owner: name it in the @Tables of one feature");
			}
		});
		owners.keySet()
			.stream()
			.filter((name) -> !relations.containsKey(name))
			.forEach((name) -> problems.add("'" + name + "' is declared but no migration creates it"));
		assertThat(problems).as("table owners").isEmpty();
	}

	@Test
	void aFeatureNamesInSqlOnlyItsOwnTablesAndPublishedViews() throws IOException {
		Map<String, String> owners = owners();
		Set<String> published = published();
		Set<String> relations = relations().keySet();
		List<String> violations = new ArrayList<>();
		for (String feature : features()) {
			try (Stream<Path> files = Files.walk(SOURCES.resolve(feature))) {
				for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
					String source = Files.readString(file);
					Matcher literal = LITERAL.matcher(source);
					while (literal.find()) {
						String text = (literal.group(1) != null) ? literal.group(1) : literal.group(2);
						Matcher relation = RELATION.matcher(text);
						while (relation.find()) {
							String name = relation.group(1).toLowerCase(java.util.Locale.ROOT);
							if (relations.contains(name) && !feature.equals(owners.get(name))
									&& !published.contains(name)) {
								violations.add(SOURCES.relativize(file) + " names '" + name + "', which "
										+ owners.get(name) + " owns: use its API, or a view it publishes");
							}
						}
					}
					Matcher entity = ENTITY_TABLE.matcher(source);
					while (entity.find()) {
						if (!feature.equals(owners.get(entity.group(1)))) {
							violations.add(SOURCES.relativize(file) + " maps an entity to '" + entity.group(1)
									+ "', which " + owners.get(entity.group(1)) + " owns");
						}
					}
				}
			}
		}
		assertThat(violations).as("SQL naming another feature's tables").isEmpty();
	}

	/** Table or view name to the feature that owns or publishes it. */
	static Map<String, String> owners() {
		Map<String, String> owners = new TreeMap<>();
		List<String> twice = new ArrayList<>();
		for (String feature : features()) {
			Tables tables = tables(feature);
			if (tables == null) {
				continue;
			}
			for (String name : concat(tables.owns(), tables.publishes())) {
				String previous = owners.put(name, feature);
				if (previous != null) {
					twice.add(name + " (" + previous + " and " + feature + ")");
				}
			}
		}
		assertThat(twice).as("tables claimed by two features").isEmpty();
		return owners;
	}

	static Set<String> published() {
		Set<String> published = new TreeSet<>();
		for (String feature : features()) {
			Tables tables = tables(feature);
			if (tables != null) {
				published.addAll(List.of(tables.publishes()));
			}
		}
		return published;
	}

	/** The tables and views the migrations create, with their kind. */
	static Map<String, String> relations() throws IOException {
		Map<String, String> relations = new TreeMap<>();
		try (Stream<Path> files = Files.list(MIGRATIONS)) {
			for (Path file : files.sorted().toList()) {
				Matcher created = CREATED.matcher(Files.readString(file));
				while (created.find()) {
					relations.put(created.group(2).toLowerCase(java.util.Locale.ROOT),
							created.group(1).toLowerCase(java.util.Locale.ROOT).endsWith("table") ? "table" : "view");
				}
			}
		}
		return relations;
	}

	/** The top-level packages of the platform: its features, the kernel and the edge. */
	static List<String> features() {
		try (Stream<Path> children = Files.list(SOURCES)) {
			return children.filter(Files::isDirectory).map((d) -> d.getFileName().toString()).sorted().toList();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static Tables tables(String feature) {
		try {
			return Class.forName("io.revcycle." + feature + ".package-info").getAnnotation(Tables.class);
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
	}

	private static List<String> concat(String[] a, String[] b) {
		List<String> all = new ArrayList<>(List.of(a));
		all.addAll(List.of(b));
		return all;
	}

}
