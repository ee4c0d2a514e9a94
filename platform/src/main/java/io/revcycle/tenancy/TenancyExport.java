package io.revcycle.tenancy;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: users and roles, API keys (never their
 * hashes).
 */
@Component
class TenancyExport implements Exported {

	@Override
	public List<Table> tables() {
		return List.of(new Exported.Table("users", "tenant_users", "id"),
				new Exported.Table("api_keys", "api_keys", "id").hiding("key_hash"));
	}

}
