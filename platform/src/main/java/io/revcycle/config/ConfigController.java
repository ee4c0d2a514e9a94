package io.revcycle.config;

import java.util.List;

import io.revcycle.kernel.InvalidInput;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|PUT /api/v1/config} (tenant-admin): the tenant's whole configuration as one
 * document, YAML ({@code application/yaml}) or JSON. {@code PUT ?dryRun=true} answers the
 * changes it would make and changes nothing; without it, the document applies in one
 * transaction, or not at all with every problem named by its path.
 */
@RestController
@PreAuthorize("hasRole('tenant-admin')")
class ConfigController {

	/** The YAML media type, accepted and produced by this endpoint only. */
	static final String YAML = "application/yaml";

	private static final MediaType YAML_TYPE = MediaType.parseMediaType(YAML);

	private final Configuration configuration;

	private final JsonMapper json;

	private final JsonMapper strict;

	private final YAMLMapper yaml;

	ConfigController(Configuration configuration, JsonMapper json) {
		this.configuration = configuration;
		this.json = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
		this.strict = json.rebuild()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
					DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();
		this.yaml = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
	}

	@GetMapping(path = "/api/v1/config", produces = { MediaType.APPLICATION_JSON_VALUE, YAML })
	ResponseEntity<String> get(@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		JsonNode document = this.configuration.tree(this.configuration.read());
		if (wantsYaml(accept)) {
			return ResponseEntity.ok().contentType(YAML_TYPE).body(this.yaml.writeValueAsString(document));
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.json.writeValueAsString(document));
	}

	@PutMapping(path = "/api/v1/config", consumes = { MediaType.APPLICATION_JSON_VALUE, YAML },
			produces = MediaType.APPLICATION_JSON_VALUE)
	Configuration.Result put(@RequestBody String body,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
			@RequestParam(required = false) Boolean dryRun) {
		ConfigDocument document = parse(body, isYaml(contentType));
		return this.configuration.apply(document, Boolean.TRUE.equals(dryRun));
	}

	private ConfigDocument parse(String body, boolean fromYaml) {
		JsonNode tree;
		try {
			tree = fromYaml ? this.yaml.readTree(body) : this.strict.readTree(body);
		}
		catch (StreamReadException ex) {
			if (!fromYaml) {
				throw ex;
			}
			var where = ex.getLocation();
			throw InvalidInput.of("",
					"The request body is not valid YAML"
							+ ((where != null && where.getLineNr() > 0)
									? " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")" : "")
							+ ": " + firstLine(ex.getOriginalMessage()) + ".");
		}
		if (tree == null || !tree.isObject()) {
			throw InvalidInput.of("",
					"The request body must be a configuration document: an object with the "
							+ "sections stageModel, scoring, sla, routing, alerts, webhooks, campaigns, connectors and "
							+ "revenue.");
		}
		InvalidInput.Collector problems = new InvalidInput.Collector();
		sane(tree, "", problems);
		problems.throwIfAny();
		// a field that does not fit is answered like any body that does not fit: by its
		// path
		return this.strict.treeToValue(tree, ConfigDocument.class);
	}

	/** Text PostgreSQL cannot store, named by its path. */
	private static void sane(JsonNode node, String path, InvalidInput.Collector problems) {
		if (node.isString()) {
			String text = node.asString();
			problems.check(text.indexOf('\u0000') >= 0, path, "must not contain NUL characters");
			return;
		}
		if (node.isObject()) {
			for (String name : node.propertyNames()) {
				sane(node.get(name), path.isEmpty() ? name : path + "." + name, problems);
			}
		}
		else if (node.isArray()) {
			int i = 0;
			for (JsonNode item : node.values()) {
				sane(item, path + "[" + i++ + "]", problems);
			}
		}
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "unreadable";
		}
		int end = message.indexOf('\n');
		return (end < 0) ? message : message.substring(0, end);
	}

	private static boolean isYaml(String contentType) {
		try {
			return contentType != null && YAML_TYPE.isCompatibleWith(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/** Whether the client prefers YAML to JSON. */
	private static boolean wantsYaml(String accept) {
		if (accept == null || accept.isBlank()) {
			return false;
		}
		try {
			List<MediaType> types = MediaType.parseMediaTypes(accept);
			types = new java.util.ArrayList<>(types);
			types.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
			for (MediaType type : types) {
				if (type.isWildcardType()) {
					return false;
				}
				if (YAML_TYPE.includes(type)) {
					return true;
				}
				if (MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
					return false;
				}
			}
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		return false;
	}

}
