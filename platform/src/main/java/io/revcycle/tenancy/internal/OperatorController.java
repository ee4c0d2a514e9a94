package io.revcycle.tenancy.internal;

import java.util.List;

import io.revcycle.http.Problems;
import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * For operators, not tenants: {@code GET /operator/tenants} checks every tenant's
 * Keycloak organization, {@code POST /operator/tenants/{slug}/repair} repairs one. Called
 * on the platform itself (the gateway does not route {@code /operator}), with the
 * operator token in {@code X-Operator-Token}. Not part of the public API, nor of its
 * OpenAPI document.
 */
@RestController
@RequestMapping("/operator/tenants")
@Hidden
class OperatorController {

	private final TenantOrganizations organizations;

	OperatorController(TenantOrganizations organizations) {
		this.organizations = organizations;
	}

	record Checks(List<TenantOrganizations.Check> items, String nextCursor) {
	}

	@GetMapping
	Checks check() {
		return new Checks(this.organizations.check(), null);
	}

	@PostMapping("/{slug}/repair")
	TenantOrganizations.Repair repair(@PathVariable String slug) {
		return this.organizations.repair(slug)
			.orElseThrow(() -> Problems.notFound("active tenant", slug + " (a slug)"));
	}

}
