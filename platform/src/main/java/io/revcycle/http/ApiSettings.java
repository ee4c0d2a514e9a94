package io.revcycle.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the API describes itself.
 *
 * @param publicUrl the public address of the API (the gateway), as the OpenAPI document
 * names it
 * @param version the API's version in the OpenAPI document
 */
@ConfigurationProperties("revcycle.api")
record ApiSettings(@DefaultValue("http://localhost:8080") String publicUrl, @DefaultValue("1") String version) {
}
