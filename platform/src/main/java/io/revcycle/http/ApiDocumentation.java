package io.revcycle.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI document at {@code /v3/api-docs}, true to what the API does: served for the
 * gateway's public address, tagged by feature, with the bearer-token and API-key security
 * schemes, each operation's real success status and its problem+json errors, and the
 * webhook intake as the path templates senders call.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

	/** A tag per feature, in the order a reader meets them. */
	static final Map<String, String> FEATURES = features();

	private static Map<String, String> features() {
		Map<String, String> features = new LinkedHashMap<>();
		features.put("tenancy", "Sign-up, users and roles, API keys.");
		features.put("ingest", "Events in, one idempotent batch at a time; people by CSV.");
		features.put("people", "People and accounts: the leads, contacts and companies of the revenue cycle.");
		features.put("timeline", "Every touch, stage change, score change and SLA event, newest first.");
		features.put("scoring", "Scoring models both marketing and sales sign, their back-test, and scores.");
		features.put("cycle", "The stage model, and the actions people take on a person's stage.");
		features.put("sla", "SLA policies, timers, breaches and compliance.");
		features.put("routing", "Who gets a new MQL: account owners, territories, weighted round robin.");
		features.put("notifications", "Each user's inbox, and the alert rules that fill it.");
		features.put("webhooks", "Outbound webhooks, signed, with their delivery log.");
		features.put("outbox", "Everything that leaves the engine, with retries and dead letters.");
		features.put("connectors", "Connector plugins, a tenant's instances, and the webhook intake they serve.");
		features.put("revenue", "Campaigns and their costs, deals, payments, the reporting currency and FX rates.");
		features.put("analytics",
				"Campaigns in currency under each attribution model, the funnel, the pipeline and the revenue plan.");
		return features;
	}

	@Bean
	OpenAPI revcycleOpenApi(ApiSettings settings) {
		String publicUrl = settings.publicUrl();
		String version = settings.version();
		return new OpenAPI()
			.info(new Info().title("Revcycle API")
				.version(version)
				.description("The revenue-cycle engine: events in; people, stages, scores, SLAs and money out. "
						+ "Errors are application/problem+json (RFC 9457) with a detail that says what to fix. "
						+ "Lists take ?limit= (1 to 500, default 50) and an opaque ?cursor=, and answer "
						+ "{\"items\": [...], \"nextCursor\": ...}.")
				.license(new License().name("Apache-2.0")))
			.servers(List.of(new Server().url(publicUrl).description("the gateway")))
			.components(new Components()
				.addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("An access token of the revcycle realm, requested with the scope "
									+ "'openid organization' (or organization:<tenant slug>)."))
				.addSecuritySchemes("apiKey",
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("X-Api-Key")
							.description("A tenant API key, created with POST /api/v1/api-keys."))
				.addSchemas("Problem", problemSchema()))
			.security(List.of(new SecurityRequirement().addList("bearer"), new SecurityRequirement().addList("apiKey")))
			.tags(FEATURES.entrySet()
				.stream()
				.map((e) -> new Tag().name(e.getKey()).description(e.getValue()))
				.toList());
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("An RFC 9457 problem")
			.addProperty("type", new StringSchema())
			.addProperty("title", new StringSchema())
			.addProperty("status", new io.swagger.v3.oas.models.media.IntegerSchema())
			.addProperty("detail", new StringSchema().description("What went wrong and what to fix"))
			.addProperty("instance", new StringSchema())
			.addProperty("errors",
					new io.swagger.v3.oas.models.media.ArraySchema()
						.items(new ObjectSchema().addProperty("field", new StringSchema())
							.addProperty("message", new StringSchema())))
			.addProperty("requestId", new StringSchema());
	}

	/** The feature tag, the success status and the errors of each operation. */
	@Bean
	OperationCustomizer revcycleOperations() {
		return (operation, handler) -> {
			String feature = feature(handler);
			if (feature != null) {
				operation.setTags(List.of(feature));
			}
			ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
			String success = successStatus(handler, responses);
			if (!"200".equals(success) && responses.containsKey("200")) {
				ApiResponse ok = responses.remove("200");
				responses.addApiResponse(success, ok.description(description(success)));
			}
			boolean hasBody = handler.getMethodParameters().length > 0
					&& java.util.Arrays.stream(handler.getMethodParameters())
						.anyMatch((p) -> p.hasParameterAnnotation(RequestBody.class));
			problem(responses, "400", "The request is invalid; the detail says what to fix.");
			problem(responses, "401", "No valid bearer token or API key.");
			problem(responses, "403", "The caller's role does not allow this.");
			if (operation.getParameters() != null
					&& operation.getParameters().stream().anyMatch((p) -> "path".equals(p.getIn()))) {
				problem(responses, "404", "No such record in the caller's tenant.");
			}
			if (hasBody) {
				problem(responses, "413", "The body is too large.");
				problem(responses, "415", "The body is not of a type this operation takes.");
			}
			problem(responses, "429", "Too many requests for the tenant; retry after Retry-After seconds.");
			ProblemResponse own = handler.getMethodAnnotation(ProblemResponse.class);
			if (own != null) {
				problem(responses, Integer.toString(own.status()), own.description());
			}
			operation.setResponses(responses);
			return operation;
		};
	}

	private static String successStatus(HandlerMethod handler, ApiResponses responses) {
		org.springframework.web.bind.annotation.ResponseStatus status = handler
			.getMethodAnnotation(org.springframework.web.bind.annotation.ResponseStatus.class);
		if (status != null) {
			return Integer.toString(status.code().value());
		}
		return responses.keySet().stream().filter((code) -> code.startsWith("2")).findFirst().orElse("200");
	}

	private static String description(String status) {
		return switch (status) {
			case "201" -> "Created";
			case "202" -> "Accepted: it will be done";
			case "204" -> "Done; no content";
			default -> "OK";
		};
	}

	private static void problem(ApiResponses responses, String status, String description) {
		if (!responses.containsKey(status)) {
			responses.addApiResponse(status,
					new ApiResponse().description(description)
						.content(new Content().addMediaType("application/problem+json",
								new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
		}
	}

	private static String feature(HandlerMethod handler) {
		String name = handler.getBeanType().getPackageName();
		if (!name.startsWith("io.revcycle.")) {
			return null;
		}
		String feature = name.substring("io.revcycle.".length()).split("\\.")[0];
		return FEATURES.containsKey(feature) ? feature : null;
	}

	/**
	 * Paths the framework cannot describe: the webhook intake's catch-all variant
	 * (sub-paths reach the same connector) folds into its template, which takes any body
	 * without a token; sign-up takes no token.
	 */
	@Bean
	OpenApiCustomizer revcycleHooksAndPublicPaths() {
		return (openApi) -> {
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().keySet().removeIf((path) -> path.contains("**"));
			openApi.getPaths().forEach((path, item) -> {
				if (path.startsWith("/hooks/")) {
					for (Operation operation : item.readOperations()) {
						operation.setSecurity(List.of());
						operation.setDescription(
								"A remote system's webhook, for a connector instance of a tenant: no token; the connector "
										+ "verifies the sender's signature over the raw body. Sub-paths reach the same "
										+ "connector.");
						operation.getResponses().remove("401");
						operation.getResponses().remove("403");
						if (operation.getRequestBody() == null && item.getPost() == operation) {
							operation.setRequestBody(new io.swagger.v3.oas.models.parameters.RequestBody()
								.description("The body as the remote system sends it")
								.content(new Content()
									.addMediaType("application/json", new MediaType().schema(new ObjectSchema()))
									.addMediaType("application/x-www-form-urlencoded",
											new MediaType().schema(new ObjectSchema()))));
						}
					}
				}
				if (path.equals("/api/v1/signup")) {
					item.readOperations().forEach((operation) -> {
						operation.setSecurity(List.of());
						operation.getResponses().remove("401");
						operation.getResponses().remove("403");
					});
				}
			});
		};
	}

}
