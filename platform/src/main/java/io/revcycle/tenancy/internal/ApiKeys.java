package io.revcycle.tenancy.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.revcycle.kernel.Audited;
import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantPrincipal;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, lists, revokes and authenticates tenant API keys. An API key acts for its
 * tenant with no user role: it can use the engine's API but not administer the tenant
 * (users, keys).
 */
@Component
class ApiKeys {

	private final StoredApiKeys keys;

	private final TenantDirectory directory;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	ApiKeys(StoredApiKeys keys, TenantDirectory directory, TransactionTemplate tx, Clock clock,
			ApplicationEventPublisher events) {
		this.events = events;
		this.keys = keys;
		this.directory = directory;
		this.tx = tx;
		this.clock = clock;
	}

	/** A new key, with the only copy of the key itself. */
	record Created(ApiKey apiKey, String key) {
	}

	/** Creates a key for the current tenant. */
	Created create(String name, String createdBy) {
		UUID id = UUID.randomUUID();
		UUID tenantId = TenantContext.require();
		String slug = this.directory.activeSlug(tenantId)
			.orElseThrow(() -> new IllegalStateException("Tenant " + tenantId + " is not active"));
		String key = ApiKeySecrets.generate(slug, tenantId, id);
		ApiKey apiKey = this.tx.execute((status) -> {
			ApiKey saved = this.keys.save(new ApiKey(id, name, ApiKeySecrets.hash(key), ApiKeySecrets.hint(key),
					createdBy, this.clock.instant()));
			this.events.publishEvent(new Audited("api_key.created", "api-key:" + id, null,
					java.util.Map.of("name", name, "hint", saved.keyHint())));
			return saved;
		});
		return new Created(apiKey, key);
	}

	/**
	 * A page of the current tenant's keys, newest first, after a position (or from the
	 * start).
	 */
	List<ApiKey> page(io.revcycle.http.CursorPage.Position after, int limit) {
		return this.tx
			.execute((status) -> (after == null) ? this.keys.firstPage(org.springframework.data.domain.Limit.of(limit))
					: this.keys.pageAfter(after.at(), after.uuid(), org.springframework.data.domain.Limit.of(limit)));
	}

	/** Revokes a key of the current tenant; empty when the tenant has no such key. */
	Optional<ApiKey> revoke(UUID id) {
		return this.tx.execute((status) -> this.keys.findById(id).map((key) -> {
			if (key.active()) {
				this.events.publishEvent(Audited.of("api_key.revoked", "api-key:" + id));
			}
			key.revoke(this.clock.instant());
			return key;
		}));
	}

	/**
	 * Authenticates a presented key: it must parse, belong to an active tenant, exist
	 * there unrevoked, and match.
	 * @return the caller, or empty when the key is not valid
	 */
	Optional<TenantPrincipal> authenticate(String presented) {
		Optional<ApiKeySecrets.Parsed> parsed = ApiKeySecrets.parse(presented);
		if (parsed.isEmpty()) {
			return Optional.empty();
		}
		UUID tenantId = parsed.get().tenantId();
		Optional<String> slug = this.directory.activeSlug(tenantId);
		if (slug.isEmpty() || !slug.get().equals(parsed.get().slug())) {
			return Optional.empty();
		}
		Optional<ApiKey> key = TenantContext.callAs(tenantId,
				() -> this.tx.execute((status) -> this.keys.findById(parsed.get().keyId())));
		return key.filter(ApiKey::active)
			.filter((k) -> ApiKeySecrets.matches(presented, k.keyHash()))
			.map((k) -> new TenantPrincipal(tenantId, slug.get(), "api-key:" + k.id(), Set.of()));
	}

}
