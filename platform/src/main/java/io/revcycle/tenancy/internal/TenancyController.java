package io.revcycle.tenancy.internal;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import io.revcycle.tenancy.Roles;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-up and API keys: {@code /api/v1/signup}, {@code /api/v1/api-keys}.
 */
@RestController
@RequestMapping("/api/v1")
class TenancyController {

	/**
	 * Lowercase letters, digits and hyphens, 3 to 40, starting and ending with a letter
	 * or digit.
	 */
	static final String SLUG = "^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$";

	private final Signup signup;

	private final ApiKeys apiKeys;

	TenancyController(Signup signup, ApiKeys apiKeys) {
		this.signup = signup;
		this.apiKeys = apiKeys;
	}

	record SignupRequest(
			@NotBlank(message = "is required") @Size(max = 200,
					message = "must be at most 200 characters") String company,
			@NotBlank(message = "is required") @Pattern(regexp = SLUG,
					message = "must be 3-40 lowercase letters, digits or hyphens, starting and ending with a letter or digit") String slug,
			@NotBlank(message = "is required") @Email(message = "must be an email address") @Size(max = 254,
					message = "must be at most 254 characters") String adminEmail,
			@NotBlank(message = "is required") @Size(min = 8, max = 128,
					message = "must be 8 to 128 characters") String adminPassword) {
	}

	record SignupResponse(UUID tenantId, String slug) {
	}

	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping("/signup")
	ResponseEntity<SignupResponse> signUp(@Valid @RequestBody SignupRequest request) {
		Tenant tenant = this.signup.signUp(request.company().trim(), request.slug(),
				request.adminEmail().trim().toLowerCase(java.util.Locale.ROOT), request.adminPassword());
		return ResponseEntity.status(HttpStatus.CREATED).body(new SignupResponse(tenant.id(), tenant.slug()));
	}

	record NewApiKey(@Size(max = 100, message = "must be at most 100 characters") String name) {
	}

	record ApiKeyCreated(UUID id, String key, String name, String hint, Instant createdAt) {
	}

	record ApiKeyView(UUID id, String name, String hint, Instant createdAt, Instant revokedAt, boolean active) {

		static ApiKeyView of(ApiKey key) {
			return new ApiKeyView(key.id(), key.name(), key.keyHint(), key.createdAt(), key.revokedAt(), key.active());
		}

	}

	/**
	 * Who the caller is in this tenant.
	 *
	 * @param id the user id ({@code api-key:<id>} for an API key)
	 * @param tenantId the tenant
	 * @param tenant the tenant's slug
	 * @param roles the caller's roles in this tenant (none for an API key)
	 */
	record Me(String id, UUID tenantId, String tenant, List<String> roles) {
	}

	/**
	 * The caller: the tenant its token or key acts for, and its roles there (what the
	 * console shows in its navigation).
	 */
	@GetMapping("/me")
	Me me() {
		TenantPrincipal caller = TenantContext.principal()
			.orElseThrow(() -> new IllegalStateException("No caller in context"));
		return new Me(caller.subject(), caller.tenantId(), caller.slug(),
				Roles.ALL.stream().filter(caller::hasRole).toList());
	}

	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping("/api-keys")
	@PreAuthorize("hasRole('tenant-admin')")
	ResponseEntity<ApiKeyCreated> createApiKey(@Valid @RequestBody(required = false) NewApiKey request) {
		String name = (request != null && request.name() != null && !request.name().isBlank()) ? request.name().trim()
				: "API key";
		String createdBy = TenantContext.principal().map(TenantPrincipal::subject).orElse("unknown");
		ApiKeys.Created created = this.apiKeys.create(name, createdBy);
		ApiKey key = created.apiKey();
		return ResponseEntity.created(URI.create("/api/v1/api-keys/" + key.id()))
			.body(new ApiKeyCreated(key.id(), created.key(), key.name(), key.keyHint(), key.createdAt()));
	}

	@GetMapping("/api-keys")
	@PreAuthorize("hasRole('tenant-admin')")
	CursorPage<ApiKeyView> listApiKeys(@RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		return CursorPage.of(this.apiKeys.page(after, size + 1), size,
				(k) -> new CursorPage.Position(k.createdAt(), k.id()), ApiKeyView::of);
	}

	@ResponseStatus(HttpStatus.NO_CONTENT)
	@DeleteMapping("/api-keys/{id}")
	@PreAuthorize("hasRole('tenant-admin')")
	ResponseEntity<Void> revokeApiKey(@PathVariable UUID id) {
		this.apiKeys.revoke(id).orElseThrow(() -> Problems.notFound("API key", id));
		return ResponseEntity.noContent().build();
	}

}
