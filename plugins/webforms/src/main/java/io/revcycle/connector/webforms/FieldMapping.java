package io.revcycle.connector.webforms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which form field fills which person or account field, from the connector's
 * {@code fieldMapping}: entries {@code formField=target} separated by commas or line
 * breaks, such as {@code email=email, company=account.name}. Several form fields may fill
 * the same target (the first one with a value wins).
 */
record FieldMapping(Map<String, String> targets) {

	/** The person and account fields a form field can fill. */
	static final Set<String> TARGETS = Set.of("email", "firstName", "lastName", "title", "phone", "account.name",
			"account.domain", "account.country", "account.industry", "account.employees");

	/** A mapping that fits common forms. */
	static final String DEFAULT = "email=email, first_name=firstName, last_name=lastName, company=account.name,"
			+ " website=account.domain, country=account.country, title=title, phone=phone";

	FieldMapping {
		targets = Map.copyOf(targets);
	}

	/**
	 * Reads a mapping.
	 * @throws IllegalArgumentException naming the entry that is wrong
	 */
	static FieldMapping parse(String text) {
		Map<String, String> targets = new LinkedHashMap<>();
		for (String entry : text.split("[,\\n\\r]+")) {
			if (entry.isBlank()) {
				continue;
			}
			int eq = entry.indexOf('=');
			if (eq <= 0 || eq == entry.length() - 1) {
				throw new IllegalArgumentException(
						"entry '" + entry.trim() + "' is not formField=target (for example email=email)");
			}
			String field = entry.substring(0, eq).trim();
			String target = entry.substring(eq + 1).trim();
			if (!TARGETS.contains(target)) {
				throw new IllegalArgumentException("entry '" + entry.trim() + "' maps to '" + target
						+ "', which is none of " + List.copyOf(new java.util.TreeSet<>(TARGETS)));
			}
			if (field.startsWith("_")) {
				throw new IllegalArgumentException(
						"entry '" + entry.trim() + "' maps a reserved field: names starting with _ are the snippet's");
			}
			targets.put(field, target);
		}
		return new FieldMapping(targets);
	}

	/** The problem with a mapping, or null. */
	static String problemWith(String text) {
		try {
			parse(text);
			return null;
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
	}

	/** The form fields that fill a target, in the mapping's order. */
	List<String> fieldsFor(String target) {
		List<String> fields = new ArrayList<>();
		this.targets.forEach((field, t) -> {
			if (t.equals(target)) {
				fields.add(field);
			}
		});
		return fields;
	}

	/** The first value of the form fields that fill a target, or null. */
	String valueFor(String target, Map<String, List<String>> form) {
		for (String field : fieldsFor(target)) {
			List<String> values = form.get(field);
			if (values != null) {
				for (String value : values) {
					if (value != null && !value.isBlank()) {
						return value.trim();
					}
				}
			}
		}
		return null;
	}

	/** Whether a form field fills a target. */
	boolean maps(String field) {
		return this.targets.containsKey(field);
	}

}
