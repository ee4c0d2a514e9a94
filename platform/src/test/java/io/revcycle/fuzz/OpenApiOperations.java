package io.revcycle.fuzz;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The operations of a served OpenAPI document: what the fuzzer calls, with the schemas of
 * their parameters and bodies resolved.
 */
final class OpenApiOperations {

	private OpenApiOperations() {
	}

	/**
	 * An operation.
	 *
	 * @param method the HTTP method
	 * @param path the path template ({@code /api/v1/people/{id}})
	 * @param parameters its path and query parameters
	 * @param bodyTypes the media types of its request body, empty when it takes none
	 * @param bodySchema the schema of a JSON body, or null
	 */
	record Operation(String method, String path, List<Parameter> parameters, List<String> bodyTypes,
			JsonNode bodySchema) {

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	/**
	 * A parameter.
	 *
	 * @param name its name
	 * @param in {@code path} or {@code query}
	 * @param required whether it must be given
	 * @param schema its schema
	 */
	record Parameter(String name, String in, boolean required, JsonNode schema) {
	}

	static List<Operation> read(JsonNode document) {
		List<Operation> operations = new ArrayList<>();
		JsonNode paths = document.get("paths");
		for (Iterator<Map.Entry<String, JsonNode>> p = paths.properties().iterator(); p.hasNext();) {
			Map.Entry<String, JsonNode> path = p.next();
			for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().properties().iterator(); m.hasNext();) {
				Map.Entry<String, JsonNode> method = m.next();
				if (!List.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
					continue;
				}
				JsonNode operation = method.getValue();
				List<Parameter> parameters = new ArrayList<>();
				for (JsonNode parameter : operation.path("parameters")) {
					JsonNode resolved = resolve(document, parameter);
					String in = resolved.path("in").asString();
					if (in.equals("path") || in.equals("query")) {
						parameters.add(new Parameter(resolved.path("name").asString(), in,
								resolved.path("required").asBoolean(false),
								resolve(document, resolved.path("schema"))));
					}
				}
				List<String> types = new ArrayList<>();
				JsonNode schema = null;
				JsonNode content = operation.path("requestBody").path("content");
				for (Iterator<Map.Entry<String, JsonNode>> c = content.properties().iterator(); c.hasNext();) {
					Map.Entry<String, JsonNode> type = c.next();
					types.add(type.getKey());
					if (type.getKey().toLowerCase(Locale.ROOT).contains("json")) {
						schema = type.getValue().path("schema");
					}
				}
				operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), parameters, types,
						schema));
			}
		}
		return operations;
	}

	/** Follows a {@code $ref} within the document. */
	static JsonNode resolve(JsonNode document, JsonNode node) {
		JsonNode current = node;
		for (int guard = 0; guard < 20 && current != null && current.has("$ref"); guard++) {
			String ref = current.get("$ref").asString();
			JsonNode target = document;
			for (String part : ref.substring(2).split("/")) {
				target = target.path(part.replace("~1", "/").replace("~0", "~"));
			}
			current = target;
		}
		return current;
	}

}
