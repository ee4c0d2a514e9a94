package io.revcycle.http;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

/**
 * Request bodies are read strictly, as Stripe's API reads them: an unknown field, a
 * fraction where a whole number is, a field given twice, or anything after the JSON value
 * is refused with 400 naming it, instead of being silently dropped. (A missing or null
 * number or flag reads as zero or false, which each document's own checks then judge,
 * naming every problem at once.) The application's own mapper (stored documents) stays
 * lenient, so a field added later never breaks reading what was stored before.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	ServerHttpMessageConvertersCustomizer strictJsonRequests(JsonMapper json) {
		JsonMapper strict = json.rebuild()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
					DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.build();
		return (builder) -> builder.withJsonConverter(new JacksonJsonHttpMessageConverter(strict));
	}

}
