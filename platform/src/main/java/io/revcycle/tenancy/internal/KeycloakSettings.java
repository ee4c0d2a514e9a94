package io.revcycle.tenancy.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Keycloak is, and the confidential client the platform provisions organizations
 * and users with.
 *
 * @param url the base URL of the Keycloak server
 * @param realm the realm all tenants live in
 * @param clientId the platform's service-account client
 * @param clientSecret its secret
 */
@ConfigurationProperties("revcycle.keycloak")
record KeycloakSettings(String url, String realm, String clientId, String clientSecret) {
}
