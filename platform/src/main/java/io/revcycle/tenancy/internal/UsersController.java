package io.revcycle.tenancy.internal;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import io.revcycle.tenancy.Members;
import io.revcycle.tenancy.Roles;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's users, for its tenant admins: {@code POST|GET /api/v1/users},
 * {@code GET|PATCH|DELETE /api/v1/users/{id}}. Another tenant's user answers 404, like
 * one that does not exist.
 */
@RestController
@RequestMapping("/api/v1/users")
@PreAuthorize("hasRole('tenant-admin')")
class UsersController {

	/** The fields {@code PATCH} accepts. */
	static final List<String> CHANGEABLE = List.of("roles", "team", "managerId", "away");

	private final Users users;

	private final Members members;

	UsersController(Users users, Members members) {
		this.users = users;
		this.members = members;
	}

	record NewUser(
			@NotBlank(message = "is required") @Email(message = "must be an email address") @Size(max = 254,
					message = "must be at most 254 characters") String email,
			@NotBlank(message = "is required") @Size(min = 8, max = 128,
					message = "must be 8 to 128 characters") String password,
			List<String> roles, @Size(max = 100, message = "must be at most 100 characters") String team,
			UUID managerId) {
	}

	record UserCreated(UUID id) {
	}

	/**
	 * A user of the tenant.
	 *
	 * @param id the user id (the same in every tenant the account belongs to)
	 * @param email the email
	 * @param roles the roles in this tenant
	 * @param team the team, or null
	 * @param managerId the manager, or null
	 * @param away whether routing skips the user
	 * @param status {@code active} or {@code deactivated}
	 * @param createdAt when the user joined the tenant
	 */
	record UserView(UUID id, String email, List<String> roles, String team, UUID managerId, boolean away, String status,
			Instant createdAt) {

		static UserView of(TenantUser user) {
			return new UserView(user.id(), user.email(), user.roles(), user.team(), user.managerId(), user.away(),
					user.status(), user.createdAt());
		}

	}

	/**
	 * Adds a user. An email that already has an account, in any tenant, makes that
	 * account a member: the answer is the same as for a new one, and its password is not
	 * changed.
	 */
	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping
	ResponseEntity<UserCreated> create(@Valid @RequestBody NewUser request) {
		List<String> roles = roles(request.roles());
		if (request.managerId() != null && !this.members.exists(request.managerId())) {
			throw Problems.badRequest("managerId: no active user " + request.managerId() + " in this tenant.");
		}
		UUID id = this.users.add(request.email().trim().toLowerCase(Locale.ROOT), request.password(), roles,
				team(request.team()), request.managerId());
		return ResponseEntity.created(URI.create("/api/v1/users/" + id)).body(new UserCreated(id));
	}

	@GetMapping
	CursorPage<UserView> list(@RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		CursorPage<TenantUser> page = this.users.list(CursorPage.limit(limit), cursor);
		return new CursorPage<>(page.items().stream().map(UserView::of).toList(), page.nextCursor());
	}

	@GetMapping("/{id}")
	UserView get(@PathVariable UUID id) {
		return this.users.get(id).map(UserView::of).orElseThrow(() -> Problems.notFound("user", id));
	}

	/**
	 * What {@code PATCH} takes, for the API documentation: the body is read as JSON so
	 * that a field left out (unchanged) differs from a field sent as null (cleared).
	 *
	 * @param roles the roles in this tenant, any of {@link Roles#ALL}
	 * @param team the team, null to clear it
	 * @param managerId an active user of this tenant other than this one, null to clear
	 * it
	 * @param away whether routing skips the user
	 */
	record UserChanges(List<String> roles, String team, UUID managerId, Boolean away) {
	}

	/**
	 * Changes a user's {@code roles}, {@code team} (null clears it), {@code managerId}
	 * (null clears it) or {@code away}; fields left out stay as they are, any other field
	 * is refused.
	 */
	@PatchMapping("/{id}")
	UserView change(@PathVariable UUID id, @io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(schema = @Schema(implementation = UserChanges.class))) @RequestBody JsonNode body) {
		return UserView.of(this.users.change(id, changes(body)));
	}

	/**
	 * Deactivates a user: out of the tenant's organization, out of routing, its open MQLs
	 * reassigned; its account is disabled only when it belongs to no other tenant.
	 */
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@DeleteMapping("/{id}")
	ResponseEntity<Void> deactivate(@PathVariable UUID id) {
		this.users.deactivate(id);
		return ResponseEntity.noContent().build();
	}

	private static Users.Changes changes(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw Problems.badRequest("The body must be a JSON object with any of " + CHANGEABLE + ".");
		}
		List<String> unknown = new ArrayList<>(body.propertyNames());
		unknown.removeAll(CHANGEABLE);
		if (!unknown.isEmpty()) {
			throw Problems.badRequest("Unknown field(s) " + unknown + "; a user's changeable fields are " + CHANGEABLE
					+ " (email and password belong to the account, not to the tenant).");
		}
		List<String> roles = null;
		if (body.has("roles")) {
			JsonNode given = body.get("roles");
			if (!given.isArray()) {
				throw Problems.badRequest("roles: must be an array of roles, any of " + Roles.ALL + ".");
			}
			List<String> names = new ArrayList<>();
			for (JsonNode role : given.values()) {
				if (!role.isString()) {
					throw Problems.badRequest("roles: must be an array of roles, any of " + Roles.ALL + ".");
				}
				names.add(role.stringValue());
			}
			roles = roles(names);
		}
		String team = null;
		if (body.has("team") && !body.get("team").isNull()) {
			if (!body.get("team").isString()) {
				throw Problems.badRequest("team: must be a string, or null to clear it.");
			}
			if (body.get("team").stringValue().length() > 100) {
				throw Problems.badRequest("team: must be at most 100 characters.");
			}
			team = team(body.get("team").stringValue());
		}
		UUID managerId = null;
		if (body.has("managerId") && !body.get("managerId").isNull()) {
			try {
				managerId = UUID.fromString(body.get("managerId").asString());
			}
			catch (IllegalArgumentException ex) {
				throw Problems.badRequest("managerId: must be a user id, or null to clear it.");
			}
		}
		Boolean away = null;
		if (body.has("away")) {
			if (!body.get("away").isBoolean()) {
				throw Problems.badRequest("away: must be true or false.");
			}
			away = body.get("away").booleanValue();
		}
		return new Users.Changes(roles, body.has("team"), team, body.has("managerId"), managerId, away);
	}

	private static List<String> roles(List<String> given) {
		Set<String> roles = new LinkedHashSet<>((given != null) ? given : List.of());
		List<String> unknown = new ArrayList<>(roles);
		unknown.removeAll(Roles.ALL);
		if (!unknown.isEmpty()) {
			throw Problems.badRequest("roles: unknown role(s) " + unknown + "; allowed: " + Roles.ALL + ".");
		}
		return List.copyOf(roles);
	}

	private static String team(String team) {
		return (team != null && !team.isBlank()) ? team.trim() : null;
	}

}
