package io.revcycle.tenancy;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The tenant the current thread works for.
 *
 * <p>
 * Inside a request it is the authenticated {@link TenantPrincipal}'s tenant. Background
 * work and sign-up name the tenant explicitly with {@link #callAs(UUID, Supplier)}, which
 * wins over the request's. Every transaction is bound to this tenant when it begins, in
 * Hibernate (the {@code @TenantId} filter) and in PostgreSQL ({@code app.tenant_id} for
 * row-level security); with no tenant, both see nothing.
 */
public final class TenantContext {

	private static final ThreadLocal<UUID> EXPLICIT = new ThreadLocal<>();

	private TenantContext() {
	}

	/** The current tenant, if any. */
	public static Optional<UUID> current() {
		UUID explicit = EXPLICIT.get();
		if (explicit != null) {
			return Optional.of(explicit);
		}
		return principal().map(TenantPrincipal::tenantId);
	}

	/** The authenticated caller, if the current request has one. */
	public static Optional<TenantPrincipal> principal() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof TenantPrincipal principal) {
			return Optional.of(principal);
		}
		return Optional.empty();
	}

	/** The current tenant; fails when there is none. */
	public static UUID require() {
		return current().orElseThrow(() -> new IllegalStateException("No tenant in context"));
	}

	/**
	 * Runs work for a tenant. Transactions must begin inside the work, so they are bound
	 * to this tenant.
	 * @param tenantId the tenant
	 * @param work the work
	 * @return what the work returns
	 */
	public static <T> T callAs(UUID tenantId, Supplier<T> work) {
		UUID previous = EXPLICIT.get();
		EXPLICIT.set(tenantId);
		try {
			return work.get();
		}
		finally {
			if (previous == null) {
				EXPLICIT.remove();
			}
			else {
				EXPLICIT.set(previous);
			}
		}
	}

	/** Runs work for a tenant, like {@link #callAs(UUID, Supplier)}. */
	public static void runAs(UUID tenantId, Runnable work) {
		callAs(tenantId, () -> {
			work.run();
			return null;
		});
	}

}
