package io.revcycle.secrets;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * For operators, not tenants: {@code POST /operator/secrets/reseal} seals every secret at
 * rest under the current key, after a rotation of {@code revcycle.secrets.keyset}. Called
 * on the platform itself (the gateway does not route {@code /operator}), with the
 * operator token in {@code X-Operator-Token}, like every {@code /operator} endpoint. Not
 * part of the public API, nor of its OpenAPI document.
 */
@RestController
@Hidden
class SecretsOperatorController {

	private final Resealing resealing;

	SecretsOperatorController(Resealing resealing) {
		this.resealing = resealing;
	}

	@PostMapping("/operator/secrets/reseal")
	Resealing.Report reseal() {
		return this.resealing.resealAll();
	}

}
