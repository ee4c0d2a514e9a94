package io.revcycle.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * values.schema.json: Helm refuses values that break it before rendering anything, and it
 * describes every value the chart has (so does the README's table).
 */
class ValuesSchemaTests {

	record Bad(String what, Map<String, Object> sets, String refusal) {

		@Override
		public String toString() {
			return this.what;
		}

	}

	static List<Bad> badValues() {
		return List.of(
				new Bad("a negative replica count", Map.of("platform.replicaCount", -1), "/platform/replicaCount"),
				new Bad("a negative gateway replica count", Map.of("gateway.replicaCount", -2),
						"/gateway/replicaCount"),
				new Bad("an empty database host", Map.of("database.host", ""), "/database/host"),
				new Bad("no database host at all", Map.of("database.host", "null"), "host"),
				new Bad("a database port out of range", Map.of("database.port", 70000), "/database/port"),
				new Bad("an unknown sslmode", Map.of("database.sslMode", "sometimes"), "/database/sslMode"),
				new Bad("a misspelled value", Map.of("database.hots", "db"), "hots"),
				new Bad("an unknown top-level value", Map.of("replicas", 3), "replicas"),
				new Bad("containers that may run as root", Map.of("podSecurityContext.runAsNonRoot", false),
						"/podSecurityContext/runAsNonRoot"),
				new Bad("a writable root filesystem", Map.of("securityContext.readOnlyRootFilesystem", false),
						"/securityContext/readOnlyRootFilesystem"),
				new Bad("privilege escalation", Map.of("securityContext.allowPrivilegeEscalation", true),
						"/securityContext/allowPrivilegeEscalation"),
				new Bad("a Keycloak URL that is not one", Map.of("keycloak.url", "keycloak:8080"), "/keycloak/url"),
				new Bad("a secrets key that is not 32 bytes in base64",
						Map.of("credentials.values.secretsKey", "short"), "/credentials/values/secretsKey"),
				new Bad("an allow-list line that is not sha256sum output",
						Map.of("plugins.allowList[0]", "deadbeef stripe.jar"), "/plugins/allowList/0"),
				new Bad("plugins from an image without naming it", Map.of("plugins.source", "image"),
						"/plugins/image/repository"),
				new Bad("an autoscaler utilization above 100 %",
						Map.of("platform.autoscaling.targetCPUUtilizationPercentage", 150),
						"/platform/autoscaling/targetCPUUtilizationPercentage"),
				new Bad("a text replica count", Map.of("frontend.replicaCount", "two"), "/frontend/replicaCount"),
				new Bad("a shorter grace period than draining needs",
						Map.of("platform.terminationGracePeriodSeconds", 5),
						"/platform/terminationGracePeriodSeconds"));
	}

	@ParameterizedTest(name = "refuses {0}")
	@MethodSource("badValues")
	void theSchemaRefuses(Bad bad) {
		assertThatThrownBy(() -> Chart.template(null, bad.sets()))
			.hasMessageContaining("values don't meet the specifications of the schema")
			.hasMessageContaining(bad.refusal());
		// the same values in a production-like installation are refused too (which names
		// its plugin image)
		if (!bad.sets().containsKey("plugins.source")) {
			assertThatThrownBy(() -> Chart.template(Chart.productionValues(), bad.sets()))
				.hasMessageContaining(bad.refusal());
		}
	}

	@Test
	void goodValuesPass() {
		assertThat(Chart.template(null, Map.of("platform.replicaCount", 0, "database.port", 6432,
				"credentials.values.secretsKey", "ZmFrZS1rZXktZm9yLWEtdGVzdC10aGF0LWlzLTMyLWI=")))
			.contains("kind: Deployment");
	}

	@Test
	void theSchemaDescribesEveryValueAndRefusesAnyOther() throws IOException {
		JsonNode schema = new ObjectMapper()
			.readTree(Files.readString(Chart.dir().resolve("values.schema.json"), StandardCharsets.UTF_8));
		assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
		List<String> missing = new ArrayList<>();
		walk(Chart.load(Chart.dir().resolve("values.yaml")), "", schema, missing);
		assertThat(missing).as("values without a schema entry").isEmpty();
	}

	@Test
	void theReadmeTableListsEveryValue() throws IOException {
		String readme = Files.readString(Chart.dir().resolve("README.md"), StandardCharsets.UTF_8);
		List<String> leaves = new ArrayList<>();
		leaves(Chart.load(Chart.dir().resolve("values.yaml")), "", leaves);
		assertThat(leaves).hasSizeGreaterThan(60);
		assertThat(leaves).allSatisfy((path) -> assertThat(readme).as(path).contains("| `" + path + "` |"));
	}

	/**
	 * Every key of values.yaml has a described property, and its object has no open door.
	 */
	private static void walk(Map<?, ?> values, String path, JsonNode schema, List<String> missing) {
		for (Map.Entry<?, ?> entry : values.entrySet()) {
			String key = path + "/" + entry.getKey();
			JsonNode property = schema.path("properties").path(entry.getKey().toString());
			if (property.isMissingNode()) {
				// only Kubernetes pass-through objects (affinity, security contexts) are
				// open
				if (!schema.path("additionalProperties").asBoolean(true)) {
					missing.add(key);
				}
				continue;
			}
			if (!property.has("description") && !property.has("const") && !property.has("oneOf")) {
				missing.add(key + " (no description)");
			}
			if (entry.getValue() instanceof Map<?, ?> child && property.path("properties").size() > 0) {
				walk(child, key, property, missing);
			}
		}
	}

	/**
	 * The values table's rows: a leaf per value, a row for maps and lists that are
	 * free-form.
	 */
	private static void leaves(Map<?, ?> values, String path, List<String> leaves) {
		for (Map.Entry<?, ?> entry : values.entrySet()) {
			String key = path.isEmpty() ? entry.getKey().toString() : path + "." + entry.getKey();
			if (entry.getValue() instanceof Map<?, ?> child && !child.isEmpty() && !isFreeForm(key)) {
				leaves(child, key, leaves);
			}
			else {
				leaves.add(key);
			}
		}
	}

	private static boolean isFreeForm(String key) {
		return key.endsWith("resources") || key.endsWith("podSecurityContext") || key.endsWith("securityContext")
				|| key.endsWith(".requests") || key.endsWith(".limits");
	}

}
