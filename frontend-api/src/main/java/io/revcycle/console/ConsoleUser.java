package io.revcycle.console;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * Who is signed in, as the platform answers it for their token ({@code GET /api/v1/me}):
 * the tenant and the roles held there. Kept in the session; it decides which navigation
 * the console shows, never what the user may do (the platform decides that).
 *
 * @param id the user id
 * @param name the display name
 * @param email the email
 * @param tenant the tenant's slug
 * @param roles the roles in the tenant
 */
public record ConsoleUser(String id, String name, String email, String tenant,
		List<String> roles) implements Serializable {

	public boolean has(String role) {
		return this.roles.contains(role);
	}

	public boolean hasAny(String... names) {
		return Set.of(names).stream().anyMatch(this.roles::contains);
	}

	public boolean admin() {
		return has("tenant-admin");
	}

	public String initials() {
		String source = (this.name != null && !this.name.isBlank()) ? this.name : this.email;
		String[] parts = source.split("[ .@_-]+");
		StringBuilder initials = new StringBuilder();
		for (int i = 0; i < parts.length && initials.length() < 2; i++) {
			if (!parts[i].isEmpty()) {
				initials.append(Character.toUpperCase(parts[i].charAt(0)));
			}
		}
		return initials.toString();
	}

}
