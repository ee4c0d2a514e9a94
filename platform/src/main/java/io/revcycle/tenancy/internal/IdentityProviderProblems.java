package io.revcycle.tenancy.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Keycloak refusing an address answers 400; Keycloak failing under a tenancy endpoint
 * answers 503: every such operation is compensated or safe to repeat.
 */
@RestControllerAdvice(basePackageClasses = IdentityProviderProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class IdentityProviderProblems {

	private static final Logger log = LoggerFactory.getLogger(IdentityProviderProblems.class);

	@ExceptionHandler(KeycloakIdentities.Refused.class)
	ResponseEntity<ProblemDetail> refused(KeycloakIdentities.Refused ex) {
		return ResponseEntity.badRequest()
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The identity provider does not accept the "
					+ ex.given() + " (" + ex.reason() + "); use another one. Nothing was created."));
	}

	@ExceptionHandler(KeycloakIdentities.Unavailable.class)
	ResponseEntity<ProblemDetail> identityProviderDown(KeycloakIdentities.Unavailable ex) {
		log.warn("Keycloak failed: {}", ex.getMessage());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"The identity provider is unavailable; retry in a moment (repeating this request is safe)."));
	}

}
