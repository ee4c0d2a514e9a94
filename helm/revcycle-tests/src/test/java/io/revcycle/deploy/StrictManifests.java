package io.revcycle.deploy;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Parses rendered manifests into fabric8's typed Kubernetes models, strictly: a kind or
 * apiVersion this chart does not mean to use, a misspelled field (which fabric8 would
 * otherwise keep aside as an "additional property") or a value of the wrong type (a
 * string where a number belongs) fails.
 */
final class StrictManifests {

	/** The kinds the chart renders, each with the one apiVersion it may use. */
	private static final Map<String, Kind> KINDS = Map.ofEntries(kind("v1", "ConfigMap", ConfigMap.class),
			kind("v1", "Secret", Secret.class), kind("v1", "Service", Service.class),
			kind("v1", "ServiceAccount", ServiceAccount.class), kind("apps/v1", "Deployment", Deployment.class),
			kind("autoscaling/v2", "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
			kind("policy/v1", "PodDisruptionBudget", PodDisruptionBudget.class),
			kind("networking.k8s.io/v1", "NetworkPolicy", NetworkPolicy.class),
			kind("networking.k8s.io/v1", "Ingress", Ingress.class), kind("batch/v1", "Job", Job.class),
			// a Prometheus Operator resource: no typed model here, checked by its own
			// test
			kind("monitoring.coreos.com/v1", "ServiceMonitor", GenericKubernetesResource.class));

	private static final ObjectMapper MAPPER = JsonMapper.builder()
		.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
		.build();

	private record Kind(String apiVersion, Class<? extends HasMetadata> type) {
	}

	private static Map.Entry<String, Kind> kind(String apiVersion, String kind, Class<? extends HasMetadata> type) {
		return Map.entry(kind, new Kind(apiVersion, type));
	}

	private StrictManifests() {
	}

	/**
	 * Parses a multi-document YAML stream as {@code helm template} prints it.
	 * @throws IllegalArgumentException naming the document and what is wrong with it
	 */
	static List<HasMetadata> parse(String yaml) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		List<HasMetadata> resources = new ArrayList<>();
		for (Object document : new Yaml(new SafeConstructor(options)).loadAll(yaml)) {
			if (document == null) {
				continue;
			}
			if (!(document instanceof Map<?, ?> map)) {
				throw new IllegalArgumentException("Not a Kubernetes object: " + document);
			}
			resources.add(parse(map));
		}
		return resources;
	}

	private static HasMetadata parse(Map<?, ?> document) {
		Object kindName = document.get("kind");
		Kind kind = KINDS.get(kindName);
		String name = String.valueOf((document.get("metadata") instanceof Map<?, ?> m) ? m.get("name") : null);
		if (kind == null) {
			throw new IllegalArgumentException("Unexpected kind " + kindName + " (" + name + ")");
		}
		if (!kind.apiVersion().equals(document.get("apiVersion"))) {
			throw new IllegalArgumentException(kindName + " " + name + " has apiVersion " + document.get("apiVersion")
					+ ", expected " + kind.apiVersion());
		}
		HasMetadata resource;
		try {
			resource = MAPPER.convertValue(document, kind.type());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(kindName + " " + name + " does not fit its model: " + ex.getMessage(),
					ex);
		}
		if (!(resource instanceof GenericKubernetesResource)) {
			List<String> unknown = new ArrayList<>();
			unknownFields(resource, kindName.toString(), unknown, new IdentityHashMap<>());
			if (!unknown.isEmpty()) {
				throw new IllegalArgumentException(
						kindName + " " + name + " has fields its model does not know: " + String.join(", ", unknown));
			}
		}
		return resource;
	}

	/** Walks a model and collects the paths of the additional properties it kept. */
	private static void unknownFields(Object value, String path, List<String> unknown,
			IdentityHashMap<Object, Boolean> seen) {
		if (value == null || seen.put(value, true) != null) {
			return;
		}
		if (value instanceof Collection<?> items) {
			int i = 0;
			for (Object item : items) {
				unknownFields(item, path + "[" + i++ + "]", unknown, seen);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, seen));
			return;
		}
		if (!(value instanceof KubernetesResource)) {
			return;
		}
		for (Method method : value.getClass().getMethods()) {
			if (method.getParameterCount() != 0 || !method.getName().startsWith("get")
					|| method.getDeclaringClass() == Object.class) {
				continue;
			}
			Object child;
			try {
				child = method.invoke(value);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
			if (method.getName().equals("getAdditionalProperties")) {
				if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
					extra.keySet().forEach((k) -> unknown.add(path + "." + k));
				}
				continue;
			}
			String field = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
			unknownFields(child, path + "." + field, unknown, seen);
		}
	}

}
