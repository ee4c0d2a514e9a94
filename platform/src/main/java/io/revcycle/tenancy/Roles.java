package io.revcycle.tenancy;

import java.util.List;

/**
 * The roles of a tenant's users. Roles are per tenant: they are kept with the membership
 * in the platform (not as Keycloak realm roles), so one account may be a tenant admin in
 * one tenant and a marketer in another.
 */
public final class Roles {

	public static final String TENANT_ADMIN = "tenant-admin";

	public static final String MARKETING = "marketing";

	public static final String SDR = "sdr";

	public static final String AE = "ae";

	public static final String FINANCE = "finance";

	public static final String SUPPORT = "support";

	/** Every role, in the order the API documents them. */
	public static final List<String> ALL = List.of(TENANT_ADMIN, MARKETING, SDR, AE, FINANCE, SUPPORT);

	private Roles() {
	}

}
