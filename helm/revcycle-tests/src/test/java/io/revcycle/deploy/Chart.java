package io.revcycle.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.revcycle.testsupport.AppProcess;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart in {@code helm/revcycle}, linted and rendered offline with helm-java (Helm
 * itself, bundled as a native library), the way {@code helm lint} and
 * {@code helm template} would.
 */
final class Chart {

	/** The Kubernetes version the chart is rendered for. */
	static final String KUBE_VERSION = "v1.33.0";

	/** The release name used for rendering. */
	static final String RELEASE = "rc";

	/**
	 * Hook annotations, renamed in rendering copies so helm-java prints hook resources
	 * too.
	 */
	static final String HOOK_PREFIX = "test.revcycle.io/hook";

	private Chart() {
	}

	/** The chart's folder. */
	static Path dir() {
		return AppProcess.projectRoot().resolve("helm/revcycle");
	}

	/** The production-like values file the build renders and validates. */
	static Path productionValues() {
		return dir().resolve("ci/production-values.yaml");
	}

	/** Runs {@code helm lint --strict} on the chart with its own values. */
	static LintResult lint() {
		return new Helm(dir()).lint().strict().call();
	}

	/**
	 * Runs {@code helm lint --strict} with a values file on top of the chart's defaults
	 * (helm-java's lint takes no values file: it lints a copy whose values.yaml is the
	 * two merged, as Helm merges them).
	 */
	static LintResult lint(Path valuesFile) {
		Path copy = copy(false);
		Map<String, Object> merged = merge(load(dir().resolve("values.yaml")), load(valuesFile));
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		write(copy.resolve("values.yaml"), new Yaml(options).dump(merged));
		return new Helm(copy).lint().strict().call();
	}

	/** Renders the chart: the values file (or null for the defaults), then the sets. */
	static String template(Path valuesFile, Map<String, Object> sets) {
		TemplateCommand command = new Helm(copy(true)).template()
			.withName(RELEASE)
			.withNamespace("revcycle")
			.withKubeVersion(KUBE_VERSION);
		if (valuesFile != null) {
			command = command.withValuesFile(valuesFile);
		}
		for (Map.Entry<String, Object> set : sets.entrySet()) {
			command = command.set(set.getKey(), set.getValue());
		}
		return command.call();
	}

	/** Renders and parses strictly into typed models. */
	static List<HasMetadata> render(Path valuesFile, Map<String, Object> sets) {
		return StrictManifests.parse(template(valuesFile, sets));
	}

	/** The default values, rendered and parsed. */
	static List<HasMetadata> renderDefaults() {
		return render(null, Map.of());
	}

	/** The production-like values, rendered and parsed. */
	static List<HasMetadata> renderProduction() {
		return render(productionValues(), Map.of());
	}

	/**
	 * A copy of the chart in a temporary folder. helm-java's template prints the
	 * release's manifest without its hooks; with {@code unhook} the hook annotations are
	 * renamed, so the migration Job is rendered (and validated) as an ordinary resource
	 * that keeps its hook settings under {@link #HOOK_PREFIX}.
	 */
	private static Path copy(boolean unhook) {
		try {
			Path target = Files.createTempDirectory("revcycle-chart").resolve("revcycle");
			Path source = dir();
			try (Stream<Path> files = Files.walk(source)) {
				for (Path file : (Iterable<Path>) files::iterator) {
					Path to = target.resolve(source.relativize(file).toString());
					if (Files.isDirectory(file)) {
						Files.createDirectories(to);
					}
					else {
						String text = Files.readString(file, StandardCharsets.UTF_8);
						Files.writeString(to, unhook ? text.replace("helm.sh/hook", HOOK_PREFIX) : text);
					}
				}
			}
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> load(Path yaml) {
		try {
			Object loaded = new Yaml().load(Files.readString(yaml, StandardCharsets.UTF_8));
			return (loaded != null) ? (Map<String, Object>) loaded : new LinkedHashMap<>();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Merges like Helm: maps deeply, everything else replaced. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
		Map<String, Object> merged = new LinkedHashMap<>(base);
		over.forEach((key, value) -> {
			if (value instanceof Map<?, ?> overMap && merged.get(key) instanceof Map<?, ?> baseMap) {
				merged.put(key, merge((Map<String, Object>) baseMap, (Map<String, Object>) overMap));
			}
			else {
				merged.put(key, value);
			}
		});
		return merged;
	}

	private static void write(Path file, String text) {
		try {
			Files.writeString(file, text, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
