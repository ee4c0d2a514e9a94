package io.revcycle.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart, linted and rendered with the default values and with a production-like
 * values file, every manifest parsed strictly into fabric8's typed models; then what an
 * operator relies on, checked on those models.
 */
class ChartTests {

	private static final List<String> SERVICES = List.of("gateway", "platform", "frontend");

	/**
	 * The credentials handed to the chart itself, to look for them where they must not
	 * be.
	 */
	private static final Map<String, Object> CHART_CREDENTIALS = Map.of("credentials.existingSecret", "",
			"credentials.values.databaseAppPassword", "app-pw-SENTINEL-1", "credentials.values.databaseOwnerPassword",
			"owner-pw-SENTINEL-2", "credentials.values.redisPassword", "redis-pw-SENTINEL-3",
			"credentials.values.secretsKey", "U0VOVElORUwtNC0zMi1ieXRlcy1vZi1rZXltYXR0ZXI=",
			"credentials.values.operatorToken", "operator-SENTINEL-5",
			"credentials.values.keycloakPlatformClientSecret", "platform-client-SENTINEL-6",
			"credentials.values.keycloakConsoleClientSecret", "console-client-SENTINEL-7");

	@Test
	void chartFollowsHelmsConventions() {
		Map<String, Object> chart = Chart.load(Chart.dir().resolve("Chart.yaml"));
		assertThat(chart).containsEntry("apiVersion", "v2").containsEntry("name", "revcycle");
		assertThat(chart.get("appVersion")).as("appVersion is the project's version")
			.isEqualTo(System.getProperty("revcycle.version"));
		assertThat(Chart.dir().resolve("templates/_helpers.tpl")).isRegularFile();
		assertThat(Chart.dir().resolve("templates/NOTES.txt")).isRegularFile();
		assertThat(Chart.dir().resolve("values.schema.json")).isRegularFile();
		assertThat(Chart.dir().resolve("README.md")).isRegularFile();

		for (HasMetadata resource : all(Chart.renderProduction(), Chart.render(null, CHART_CREDENTIALS))) {
			assertThat(resource.getMetadata().getLabels()).as(describe(resource))
				.containsEntry("app.kubernetes.io/name", "revcycle")
				.containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
				.containsEntry("app.kubernetes.io/version", System.getProperty("revcycle.version"))
				.containsEntry("app.kubernetes.io/managed-by", "Helm")
				.containsEntry("helm.sh/chart", "revcycle-" + chart.get("version"));
		}
	}

	@Test
	void lintPassesStrictlyWithTheDefaultAndTheProductionValues() {
		LintResult defaults = Chart.lint();
		assertThat(defaults.isFailed()).as(String.join("\n", defaults.getMessages())).isFalse();
		LintResult production = Chart.lint(Chart.productionValues());
		assertThat(production.isFailed()).as(String.join("\n", production.getMessages())).isFalse();
	}

	@Test
	void bothValueSetsRenderIntoValidTypedManifests() {
		assertThat(kinds(Chart.renderDefaults())).containsExactlyInAnyOrder("ConfigMap", "ConfigMap", "ConfigMap",
				"Deployment", "Deployment", "Deployment", "Service", "Service", "Service", "ServiceAccount",
				"HorizontalPodAutoscaler", "HorizontalPodAutoscaler", "PodDisruptionBudget", "PodDisruptionBudget",
				"PodDisruptionBudget", "NetworkPolicy", "NetworkPolicy", "Job");
		assertThat(kinds(Chart.renderProduction())).contains("Ingress", "ServiceMonitor", "Job")
			.doesNotContain("Secret");
		assertThat(kinds(Chart.render(null, CHART_CREDENTIALS))).contains("Secret");
	}

	@Test
	void theStrictParseRefusesMisspelledFieldsAndWrongTypes() {
		String deployment = """
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: x
				spec:
				  %s
				  selector:
				    matchLabels: {a: b}
				  template:
				    metadata:
				      labels: {a: b}
				    spec:
				      containers:
				        - name: x
				          image: x
				          %s
				""";
		assertThat(StrictManifests.parse(deployment.formatted("replicas: 2", "imagePullPolicy: Always"))).hasSize(1);
		assertThatThrownBy(() -> StrictManifests.parse(deployment.formatted("replicaz: 2", "")))
			.hasMessageContaining("replicaz");
		assertThatThrownBy(() -> StrictManifests.parse(deployment.formatted("replicas: two", "")))
			.hasMessageContaining("does not fit its model");
		assertThatThrownBy(() -> StrictManifests.parse(deployment.formatted("replicas: '2'", "")))
			.hasMessageContaining("does not fit its model");
		assertThatThrownBy(() -> StrictManifests.parse(deployment.formatted("", "readinesProbe: {}")))
			.hasMessageContaining("readinesProbe");
		assertThatThrownBy(
				() -> StrictManifests.parse(deployment.replace("apps/v1", "extensions/v1beta1").formatted("", "")))
			.hasMessageContaining("apiVersion");
	}

	@Test
	void everyServiceIsProbedOnTheActuatorHealthGroupsOfItsManagementPort() {
		for (List<HasMetadata> rendered : List.of(Chart.renderDefaults(), Chart.renderProduction())) {
			List<Deployment> deployments = of(rendered, Deployment.class);
			assertThat(deployments).hasSize(3);
			for (Deployment deployment : deployments) {
				Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
				String what = deployment.getMetadata().getName();
				assertThat(container.getPorts()).as(what)
					.anySatisfy(
							(p) -> assertThat(p.getName() + ":" + p.getContainerPort()).isEqualTo("management:9090"))
					.anySatisfy((p) -> assertThat(p.getName() + ":" + p.getContainerPort()).isEqualTo("http:8080"));
				assertHttpProbe(container.getStartupProbe(), "/actuator/health/liveness", what);
				assertHttpProbe(container.getLivenessProbe(), "/actuator/health/liveness", what);
				assertHttpProbe(container.getReadinessProbe(), "/actuator/health/readiness", what);
				assertThat(container.getStartupProbe().getFailureThreshold()
						* container.getStartupProbe().getPeriodSeconds())
					.as(what + ": a cold JVM gets minutes to start, not seconds")
					.isGreaterThanOrEqualTo(120);
				assertThat(env(container, rendered)).as(what).containsEntry("MANAGEMENT_SERVER_PORT", "9090");
			}
		}
	}

	@Test
	void everyContainerRunsAsNonRootOnAReadOnlyRootFilesystemWithoutPrivilegeEscalationAndWithResources() {
		for (List<HasMetadata> rendered : List.of(Chart.renderDefaults(), Chart.renderProduction())) {
			List<PodSpec> pods = new ArrayList<>();
			of(rendered, Deployment.class).forEach((d) -> pods.add(d.getSpec().getTemplate().getSpec()));
			of(rendered, Job.class).forEach((j) -> pods.add(j.getSpec().getTemplate().getSpec()));
			assertThat(pods).hasSize(4);
			for (PodSpec pod : pods) {
				assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
				assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
				assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
				assertThat(pod.getAutomountServiceAccountToken()).isFalse();
				List<Container> containers = new ArrayList<>(pod.getContainers());
				containers.addAll(pod.getInitContainers());
				for (Container container : containers) {
					String what = container.getName();
					assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(what).isTrue();
					assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(what).isFalse();
					assertThat(container.getSecurityContext().getPrivileged()).as(what).isFalse();
					assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(what).contains("ALL");
					assertThat(container.getResources().getRequests()).as(what).containsKeys("cpu", "memory");
					assertThat(container.getResources().getLimits()).as(what).containsKey("memory");
				}
				// the root filesystem is read-only: the JVM and Tomcat write to /tmp, a
				// volume
				assertThat(pod.getContainers().get(0).getVolumeMounts())
					.anySatisfy((m) -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
			}
		}
	}

	@Test
	void noConfigMapHoldsACredentialAndEveryCredentialComesFromTheSecret() {
		List<HasMetadata> rendered = Chart.render(null, CHART_CREDENTIALS);
		List<String> sentinels = CHART_CREDENTIALS.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith("credentials.values."))
			.map((e) -> e.getValue().toString())
			.toList();
		for (List<HasMetadata> each : List.of(rendered, Chart.renderProduction(), Chart.renderDefaults())) {
			for (ConfigMap config : of(each, ConfigMap.class)) {
				config.getData().forEach((key, value) -> {
					assertThat(key).as(config.getMetadata().getName())
						.doesNotContainIgnoringCase("password")
						.doesNotContainIgnoringCase("secret")
						.doesNotContainIgnoringCase("token");
					sentinels.forEach(
							(s) -> assertThat(value).as(config.getMetadata().getName() + " " + key).doesNotContain(s));
				});
			}
			for (Deployment deployment : of(each, Deployment.class)) {
				for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
					if (var.getName().matches(".*(PASSWORD|SECRET|TOKEN|_KEY).*")) {
						assertThat(var.getValue()).as(var.getName()).isNull();
						assertThat(var.getValueFrom().getSecretKeyRef()).as(var.getName()).isNotNull();
					}
				}
			}
		}
		// the chart's own Secret holds them all, encoded
		Secret secret = of(rendered, Secret.class).stream()
			.filter((s) -> s.getMetadata().getName().endsWith("-credentials"))
			.findFirst()
			.orElseThrow();
		assertThat(secret.getData()).containsKeys("database-app-password", "database-owner-password", "secrets-key",
				"keycloak-platform-client-secret", "keycloak-console-client-secret", "redis-password",
				"operator-token");
		// the services reach what the Secret names: every secretKeyRef key exists in it
		for (Deployment deployment : of(rendered, Deployment.class)) {
			for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
				if (var.getValueFrom() != null) {
					assertThat(var.getValueFrom().getSecretKeyRef().getName())
						.isEqualTo(secret.getMetadata().getName());
					assertThat(secret.getData()).containsKey(var.getValueFrom().getSecretKeyRef().getKey());
				}
			}
		}
	}

	@Test
	void existingSecretsAreUsedAsTheyAreAndMissingCredentialsAreRefused() {
		List<HasMetadata> production = Chart.renderProduction();
		assertThat(of(production, Secret.class)).isEmpty();
		Deployment platform = deployment(production, "platform");
		assertThat(platform.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
			.filteredOn((v) -> v.getValueFrom() != null)
			.extracting((v) -> v.getName() + "=" + v.getValueFrom().getSecretKeyRef().getName() + "/"
					+ v.getValueFrom().getSecretKeyRef().getKey())
			.contains("REVCYCLE_DB_PASSWORD=revcycle-production-credentials/database-app-password",
					"REVCYCLE_SECRETS_KEY=revcycle-production-credentials/secrets-key",
					"KEYCLOAK_PLATFORM_SECRET=revcycle-production-credentials/keycloak-platform-client-secret");
		Map<String, Object> missingKey = new LinkedHashMap<>(CHART_CREDENTIALS);
		missingKey.put("credentials.values.secretsKey", "");
		assertThatThrownBy(() -> Chart.template(null, missingKey))
			.hasMessageContaining("credentials.values.secretsKey");
	}

	@Test
	void migrationsRunOnceAsAHookJobWithTheOwnerRoleAndTheServicesNeverMigrate() {
		for (List<HasMetadata> rendered : List.of(Chart.renderProduction(), Chart.render(null, CHART_CREDENTIALS))) {
			Job job = of(rendered, Job.class).get(0);
			assertThat(job.getMetadata().getAnnotations()).containsEntry(Chart.HOOK_PREFIX, "pre-install,pre-upgrade")
				.containsEntry(Chart.HOOK_PREFIX + "-delete-policy", "before-hook-creation,hook-succeeded");
			Container migrate = job.getSpec().getTemplate().getSpec().getContainers().get(0);
			assertThat(migrate.getCommand()).containsExactly("java", "-cp", "@/app/jib-classpath-file",
					"io.revcycle.Migrations");
			assertThat(migrate.getEnv()).extracting(EnvVar::getName)
				.contains("REVCYCLE_DB_URL", "REVCYCLE_DB_OWNER", "REVCYCLE_DB_OWNER_PASSWORD", "REVCYCLE_DB_USER");
			assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
			// only the Job gets the owner's password; the replicas run with Flyway off
			for (Deployment deployment : of(rendered, Deployment.class)) {
				assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
					.filteredOn((v) -> v.getValueFrom() != null)
					.allSatisfy((v) -> assertThat(v.getValueFrom().getSecretKeyRef().getKey())
						.isNotEqualTo("database-owner-password"));
			}
			assertThat(env(deployment(rendered, "platform").getSpec().getTemplate().getSpec().getContainers().get(0),
					rendered))
				.containsEntry("SPRING_FLYWAY_ENABLED", "false");
		}
		// with the chart's own credentials, the Job's password comes from a hook Secret
		// that exists before it
		List<HasMetadata> own = Chart.render(null, CHART_CREDENTIALS);
		Secret hookSecret = of(own, Secret.class).stream()
			.filter((s) -> s.getMetadata().getName().endsWith("-migrations"))
			.findFirst()
			.orElseThrow();
		assertThat(hookSecret.getMetadata().getAnnotations()).containsEntry(Chart.HOOK_PREFIX + "-weight", "-10");
		assertThat(of(own, Job.class).get(0).getMetadata().getAnnotations())
			.containsEntry(Chart.HOOK_PREFIX + "-weight", "0");
		assertThat(of(Chart.render(null, Map.of("migrations.enabled", false)), Job.class)).isEmpty();
	}

	@Test
	void eachServiceHasAnAutoscalerAndADisruptionBudgetOfItsOwn() {
		List<HasMetadata> rendered = Chart.render(null, Map.of("frontend.autoscaling.enabled", true));
		for (String service : SERVICES) {
			String name = "rc-revcycle-" + service;
			HorizontalPodAutoscaler hpa = named(rendered, HorizontalPodAutoscaler.class, name);
			assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(name);
			assertThat(hpa.getSpec().getMinReplicas()).isPositive();
			assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThanOrEqualTo(hpa.getSpec().getMinReplicas());
			// the autoscaler owns the replica count
			assertThat(deployment(rendered, service).getSpec().getReplicas()).isNull();
			PodDisruptionBudget pdb = named(rendered, PodDisruptionBudget.class, name);
			assertThat(pdb.getSpec().getSelector().getMatchLabels())
				.isEqualTo(deployment(rendered, service).getSpec().getSelector().getMatchLabels());
		}
		assertThat(deployment(
				Chart.render(null, Map.of("platform.autoscaling.enabled", false, "platform.replicaCount", 3)),
				"platform")
			.getSpec()
			.getReplicas()).isEqualTo(3);
	}

	@Test
	void onlyTheGatewayReachesThePlatformAndTheConsole() {
		List<HasMetadata> rendered = Chart.renderProduction();
		List<NetworkPolicy> policies = of(rendered, NetworkPolicy.class);
		assertThat(policies).extracting((p) -> p.getMetadata().getName())
			.containsExactlyInAnyOrder("rc-revcycle-platform", "rc-revcycle-frontend");
		Map<String, String> gatewayPods = deployment(rendered, "gateway").getSpec()
			.getTemplate()
			.getMetadata()
			.getLabels();
		for (NetworkPolicy policy : policies) {
			String service = policy.getMetadata().getName().substring("rc-revcycle-".length());
			assertThat(policy.getSpec().getPodSelector().getMatchLabels())
				.isEqualTo(deployment(rendered, service).getSpec().getSelector().getMatchLabels());
			assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
			// the HTTP port: from the gateway's pods only
			var http = policy.getSpec()
				.getIngress()
				.stream()
				.filter((rule) -> rule.getPorts().stream().anyMatch((p) -> "http".equals(p.getPort().getStrVal())))
				.toList();
			assertThat(http).hasSize(1);
			List<NetworkPolicyPeer> from = http.get(0).getFrom();
			assertThat(from).hasSize(1);
			assertThat(from.get(0).getNamespaceSelector()).isNull();
			assertThat(gatewayPods).containsAllEntriesOf(from.get(0).getPodSelector().getMatchLabels());
			assertThat(from.get(0).getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component",
					"gateway");
			// the management port: only from the monitoring namespace
			assertThat(policy.getSpec().getIngress()).filteredOn(
					(rule) -> rule.getPorts().stream().anyMatch((p) -> "management".equals(p.getPort().getStrVal())))
				.singleElement()
				.satisfies((rule) -> assertThat(rule.getFrom().get(0).getNamespaceSelector().getMatchLabels())
					.containsEntry("kubernetes.io/metadata.name", "monitoring"));
		}
	}

	@Test
	void theIngressTerminatesTlsInFrontOfTheGatewayAndMetricsAreScrapedFromTheManagementPort() {
		List<HasMetadata> rendered = Chart.renderProduction();
		Ingress ingress = of(rendered, Ingress.class).get(0);
		assertThat(ingress.getSpec().getTls()).singleElement().satisfies((tls) -> {
			assertThat(tls.getHosts()).containsExactly("app.example.com");
			assertThat(tls.getSecretName()).isEqualTo("revcycle-tls");
		});
		assertThat(ingress.getSpec().getRules()).singleElement()
			.satisfies((rule) -> assertThat(rule.getHttp().getPaths()).singleElement()
				.satisfies((path) -> assertThat(path.getBackend().getService().getName())
					.isEqualTo("rc-revcycle-gateway")));
		for (Service service : of(rendered, Service.class)) {
			assertThat(service.getSpec().getPorts())
				.extracting((p) -> p.getName() + "->" + p.getTargetPort().getStrVal())
				.containsExactlyInAnyOrder("http->http", "management->management");
		}
		GenericKubernetesResource monitor = of(rendered, GenericKubernetesResource.class).get(0);
		assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
		assertThat(monitor.get("spec", "endpoints").toString()).contains("port=management")
			.contains("path=/actuator/prometheus");
		assertThat(of(Chart.renderDefaults(), Ingress.class)).isEmpty();
		assertThat(of(Chart.renderDefaults(), GenericKubernetesResource.class)).isEmpty();
	}

	@Test
	void pluginJarsComeFromAVolumeAndTheirAllowListFromTheValues() {
		List<HasMetadata> rendered = Chart.renderProduction();
		PodSpec pod = deployment(rendered, "platform").getSpec().getTemplate().getSpec();
		Container init = pod.getInitContainers().get(0);
		assertThat(init.getImage()).isEqualTo("registry.internal.example/revcycle/connectors:1.4.2");
		assertThat(init.getVolumeMounts()).singleElement()
			.satisfies((m) -> assertThat(m.getName() + ":" + m.getMountPath()).isEqualTo("plugins:/revcycle-plugins"));
		Container platform = pod.getContainers().get(0);
		assertThat(platform.getVolumeMounts()).extracting((m) -> m.getName() + ":" + m.getMountPath())
			.contains("plugins:/plugins", "allow-list:/etc/revcycle/plugins");
		Map<String, String> env = env(platform, rendered);
		assertThat(env).containsEntry("REVCYCLE_PLUGINS_DIR", "/plugins")
			.containsEntry("REVCYCLE_CONNECTORS_ALLOW_LIST_FILE", "/etc/revcycle/plugins/allow-list.sha256");
		ConfigMap allowList = named(rendered, ConfigMap.class, "rc-revcycle-plugins");
		assertThat(allowList.getData().get("allow-list.sha256").lines().toList()).containsExactly(
				"3f1a0b6c9d2e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c  stripe-1.4.2.jar",
				"a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90  hubspot-1.4.2.jar");
		// or from a claim, read-only
		PodSpec fromClaim = deployment(Chart.render(null, Map.of("plugins.source", "persistentVolumeClaim",
				"plugins.persistentVolumeClaim.claimName", "revcycle-plugins")), "platform")
			.getSpec()
			.getTemplate()
			.getSpec();
		assertThat(fromClaim.getVolumes()).filteredOn((v) -> v.getName().equals("plugins"))
			.singleElement()
			.satisfies((v) -> {
				assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("revcycle-plugins");
				assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
			});
	}

	@Test
	void settingsReachTheServicesThroughTheirConfigMaps() {
		List<HasMetadata> rendered = Chart.renderProduction();
		Map<String, String> platform = env(
				deployment(rendered, "platform").getSpec().getTemplate().getSpec().getContainers().get(0), rendered);
		assertThat(platform).containsEntry("REVCYCLE_DB_URL",
				"jdbc:postgresql://revcycle.cluster-abc123.eu-west-1.rds.example.com:5432/revcycle?sslmode=verify-full"
						+ "&ApplicationName=revcycle")
			.containsEntry("REVCYCLE_DB_USER", "revcycle_app")
			.containsEntry("REVCYCLE_REDIS_HOST", "revcycle-redis.cache.example.com")
			.containsEntry("SPRING_DATA_REDIS_SSL_ENABLED", "true")
			.containsEntry("KEYCLOAK_URL", "https://id.example.com")
			.containsEntry("SPRING_PROFILES_ACTIVE", "json-logs")
			.containsEntry("REVCYCLE_MEMBERSHIP_CACHE", "PT30S");
		Map<String, String> gateway = env(
				deployment(rendered, "gateway").getSpec().getTemplate().getSpec().getContainers().get(0), rendered);
		assertThat(gateway).containsEntry("PLATFORM_URL", "http://rc-revcycle-platform:80")
			.containsEntry("FRONTEND_URL", "http://rc-revcycle-frontend:80")
			.containsEntry("RATE_LIMIT_DEFAULT_RATE", "100")
			.containsEntry("REDIS_PORT", "6380");
		Map<String, String> console = env(
				deployment(rendered, "frontend").getSpec().getTemplate().getSpec().getContainers().get(0), rendered);
		assertThat(console).as("the console calls the API through the gateway")
			.containsEntry("REVCYCLE_API_URL", "http://rc-revcycle-gateway:80")
			.containsEntry("KEYCLOAK_URL", "https://id.example.com");
		// the gateway's targets are the chart's own Services
		Set<String> services = of(rendered, Service.class).stream()
			.map((s) -> s.getMetadata().getName())
			.collect(Collectors.toSet());
		assertThat(services).contains("rc-revcycle-platform", "rc-revcycle-frontend", "rc-revcycle-gateway");
	}

	private static void assertHttpProbe(Probe probe, String path, String what) {
		assertThat(probe).as(what + " probe on " + path).isNotNull();
		HTTPGetAction get = probe.getHttpGet();
		assertThat(get.getPath()).as(what).isEqualTo(path);
		assertThat(get.getPort().getStrVal()).as(what).isEqualTo("management");
	}

	/**
	 * A container's environment as the pod sees it: its ConfigMap's entries, then its
	 * own.
	 */
	private static Map<String, String> env(Container container, List<HasMetadata> rendered) {
		Map<String, String> env = new LinkedHashMap<>();
		container.getEnvFrom()
			.forEach(
					(from) -> env.putAll(named(rendered, ConfigMap.class, from.getConfigMapRef().getName()).getData()));
		container.getEnv()
			.stream()
			.filter((v) -> v.getValue() != null)
			.forEach((v) -> env.put(v.getName(), v.getValue()));
		return env;
	}

	private static Deployment deployment(List<HasMetadata> rendered, String service) {
		return named(rendered, Deployment.class, "rc-revcycle-" + service);
	}

	private static <T extends HasMetadata> T named(List<HasMetadata> rendered, Class<T> type, String name) {
		return of(rendered, type).stream()
			.filter((r) -> r.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + type.getSimpleName() + " " + name));
	}

	static <T extends HasMetadata> List<T> of(List<HasMetadata> rendered, Class<T> type) {
		return rendered.stream().filter(type::isInstance).map(type::cast).toList();
	}

	private static List<String> kinds(List<HasMetadata> rendered) {
		return rendered.stream().map(HasMetadata::getKind).toList();
	}

	@SafeVarargs
	private static List<HasMetadata> all(List<HasMetadata>... lists) {
		return Stream.of(lists).flatMap(List::stream).toList();
	}

	private static String describe(HasMetadata resource) {
		return resource.getKind() + " " + resource.getMetadata().getName();
	}

}
