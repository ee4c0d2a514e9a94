package io.revcycle.tenancy.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Provisions tenants and users in Keycloak through the admin REST API, as the platform's
 * service account. Every removal is idempotent (a missing object counts as removed), so
 * compensation and clean-up can be retried.
 */
@Component
class KeycloakIdentities implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(KeycloakIdentities.class);

	/** The attribute of an organization that names the tenant that created it. */
	static final String TENANT_ATTRIBUTE = "revcycle-tenant-id";

	private static final Pattern ERROR_MESSAGE = Pattern.compile("\"errorMessage\"\\s*:\\s*\"([^\"]*)\"");

	private final KeycloakSettings settings;

	private volatile Keycloak client;

	KeycloakIdentities(KeycloakSettings settings) {
		this.settings = settings;
	}

	/** Raised when Keycloak already has what we asked it to create. */
	static final class AlreadyExists extends RuntimeException {

		AlreadyExists(String message) {
			super(message);
		}

	}

	/**
	 * Raised when Keycloak refuses what it was asked to create as invalid (for example a
	 * user name it does not accept).
	 */
	static final class Refused extends RuntimeException {

		private final String given;

		private final String reason;

		Refused(String given, String reason) {
			super("Keycloak refused the " + given + ": " + reason);
			this.given = given;
			this.reason = reason;
		}

		/** What was refused, for people: {@code email address 'x@y'}. */
		String given() {
			return this.given;
		}

		/** Keycloak's reason, such as {@code error-username-invalid-character}. */
		String reason() {
			return this.reason;
		}

	}

	/** Raised when Keycloak cannot be reached or refuses for another reason. */
	static final class Unavailable extends RuntimeException {

		Unavailable(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/**
	 * Creates the organization of a tenant, marked with the tenant's id (attribute
	 * {@value #TENANT_ATTRIBUTE}) so that clean-up can tell it from one it did not
	 * create.
	 * @return the organization id
	 * @throws AlreadyExists when the alias or name is taken
	 */
	String createOrganization(String slug, String company, UUID tenantId) {
		OrganizationRepresentation organization = new OrganizationRepresentation();
		organization.setAlias(slug);
		organization.setName(slug);
		organization.setDescription(company);
		organization.setEnabled(true);
		organization.setAttributes(Map.of(TENANT_ATTRIBUTE, List.of(tenantId.toString())));
		return created(() -> realm().organizations().create(organization), "organization " + slug,
				"slug '" + slug + "'");
	}

	/**
	 * Creates an enabled user whose user name is the email, with a permanent password.
	 * @return the user id
	 * @throws AlreadyExists when the email is taken in the realm
	 */
	String createUser(String email, String password) {
		CredentialRepresentation credential = new CredentialRepresentation();
		credential.setType(CredentialRepresentation.PASSWORD);
		credential.setValue(password);
		credential.setTemporary(false);
		UserRepresentation user = new UserRepresentation();
		user.setUsername(email);
		user.setEmail(email);
		user.setEmailVerified(true);
		user.setEnabled(true);
		user.setCredentials(List.of(credential));
		return created(() -> realm().users().create(user), "user " + email, "email address '" + email + "'");
	}

	/**
	 * The account with this email (or, failing that, this user name), if there is one.
	 * Emails are unique in the realm.
	 */
	Optional<String> findUser(String email) {
		return call(() -> {
			UsersResource users = realm().users();
			return users.searchByEmail(email, true)
				.stream()
				.filter((user) -> email.equalsIgnoreCase(user.getEmail()))
				.map(UserRepresentation::getId)
				.findFirst()
				.or(() -> users.search(email, true)
					.stream()
					.filter((user) -> email.equalsIgnoreCase(user.getUsername()))
					.map(UserRepresentation::getId)
					.findFirst());
		});
	}

	/** Whether the account is enabled; empty when there is no such account. */
	Optional<Boolean> enabled(String userId) {
		return call(() -> {
			try {
				return Optional.of(Boolean.TRUE.equals(realm().users().get(userId).toRepresentation().isEnabled()));
			}
			catch (NotFoundException ex) {
				return Optional.empty();
			}
		});
	}

	/** Enables or disables an account; a missing account is left missing. */
	void setEnabled(String userId, boolean enabled) {
		call(() -> {
			try {
				UserResource user = realm().users().get(userId);
				UserRepresentation representation = user.toRepresentation();
				if (!Boolean.valueOf(enabled).equals(representation.isEnabled())) {
					representation.setEnabled(enabled);
					user.update(representation);
				}
			}
			catch (NotFoundException ex) {
				log.debug("Account {} is gone; nothing to {}", userId, enabled ? "enable" : "disable");
			}
			return null;
		});
	}

	/**
	 * Enables a disabled account that belongs to no organization: the platform disables
	 * an account when it leaves its last tenant, and a tenant that adds it again lets it
	 * sign in again. An account disabled while it still belongs to an organization was
	 * disabled by someone else, for a reason of theirs: it stays disabled.
	 */
	void enableIfInNoOrganization(String userId) {
		if (Boolean.FALSE.equals(enabled(userId).orElse(null)) && organizationsOf(userId).isEmpty()) {
			setEnabled(userId, true);
		}
	}

	/**
	 * Creates an account again under its old id (the admin API's user creation always
	 * makes a new id; the realm's partial import keeps the one given). When an account
	 * with this user name or email exists, nothing is created.
	 * @param password the password, or null for none: the account then needs one (an
	 * administrator sets it, or the user resets it) before it can sign in
	 * @return whether the account was created
	 */
	boolean recreateUser(String userId, String email, String password) {
		UserRepresentation user = new UserRepresentation();
		user.setId(userId);
		user.setUsername(email);
		user.setEmail(email);
		user.setEmailVerified(true);
		user.setEnabled(true);
		if (password != null) {
			CredentialRepresentation credential = new CredentialRepresentation();
			credential.setType(CredentialRepresentation.PASSWORD);
			credential.setValue(password);
			credential.setTemporary(false);
			user.setCredentials(List.of(credential));
		}
		PartialImportRepresentation partial = new PartialImportRepresentation();
		partial.setIfResourceExists("SKIP");
		partial.setUsers(List.of(user));
		return call(() -> {
			try (Response response = realm().partialImport(partial)) {
				expectSuccess(response, "re-creation of user " + userId);
				return response.readEntity(String.class).contains("\"ADDED\"");
			}
		});
	}

	/**
	 * Makes an account a member of an organization, that is, of the tenant.
	 * @return whether it was added; false when it was a member already
	 */
	boolean addMember(String organizationId, String userId) {
		return call(() -> {
			try (Response response = realm().organizations().get(organizationId).members().addMember(userId)) {
				if (response.getStatus() == 409) {
					return false;
				}
				expectSuccess(response, "membership of " + userId + " in " + organizationId);
				return true;
			}
		});
	}

	/** Ends a membership; one that does not exist counts as ended. */
	void removeMember(String organizationId, String userId) {
		call(() -> {
			try (Response response = realm().organizations().get(organizationId).members().member(userId).delete()) {
				if (response.getStatus() != 404) {
					expectSuccess(response, "removal of " + userId + " from " + organizationId);
				}
			}
			catch (NotFoundException ex) {
				log.debug("{} was no member of {}", userId, organizationId);
			}
			return null;
		});
	}

	/**
	 * The ids of the organizations an account is a member of; none for a missing account.
	 */
	List<String> organizationsOf(String userId) {
		return call(() -> {
			try {
				return realm().organizations()
					.members()
					.getOrganizations(userId, true)
					.stream()
					.map(OrganizationRepresentation::getId)
					.toList();
			}
			catch (NotFoundException ex) {
				return List.of();
			}
		});
	}

	/** The alias of the organization with this id; empty when there is none. */
	Optional<String> organizationAlias(String organizationId) {
		return call(() -> {
			try {
				return Optional.ofNullable(realm().organizations().get(organizationId).toRepresentation().getAlias());
			}
			catch (NotFoundException ex) {
				return Optional.empty();
			}
		});
	}

	/** Every organization of the realm: id to alias. */
	Map<String, String> organizations() {
		return call(() -> {
			Map<String, String> found = new LinkedHashMap<>();
			int page = 200;
			for (int first = 0;; first += page) {
				List<OrganizationRepresentation> batch = realm().organizations().list(first, page);
				batch.forEach((organization) -> found.put(organization.getId(), organization.getAlias()));
				if (batch.size() < page) {
					return found;
				}
			}
		});
	}

	/** Removes a user; a missing one counts as removed. */
	void deleteUser(String userId) {
		call(() -> {
			try (Response response = realm().users().delete(userId)) {
				if (response.getStatus() != 404) {
					expectSuccess(response, "removal of user " + userId);
				}
			}
			return null;
		});
	}

	/** Removes an organization; a missing one counts as removed. */
	void deleteOrganization(String organizationId) {
		call(() -> {
			try (Response response = realm().organizations().get(organizationId).delete()) {
				if (response.getStatus() != 404) {
					expectSuccess(response, "removal of organization " + organizationId);
				}
			}
			return null;
		});
	}

	/** The id of the organization with this alias, if there is one. */
	Optional<String> findOrganization(String alias) {
		return organizationWithAlias(alias).map(OrganizationRepresentation::getId);
	}

	/** The id of the organization with this alias that this tenant created, if any. */
	Optional<String> findOrganization(String alias, UUID tenantId) {
		return organizationWithAlias(alias)
			.filter((organization) -> organization.getAttributes() != null
					&& List.of(tenantId.toString()).equals(organization.getAttributes().get(TENANT_ATTRIBUTE)))
			.map(OrganizationRepresentation::getId);
	}

	private Optional<OrganizationRepresentation> organizationWithAlias(String alias) {
		return call(() -> realm().organizations()
			.search(alias, true, 0, 2, false)
			.stream()
			.filter((organization) -> alias.equals(organization.getAlias()))
			.findFirst());
	}

	private String created(java.util.function.Supplier<Response> create, String what, String given) {
		return call(() -> {
			try (Response response = create.get()) {
				if (response.getStatus() == 409) {
					throw new AlreadyExists(what + " already exists");
				}
				if (response.getStatus() == 400) {
					String body = response.hasEntity() ? response.readEntity(String.class) : "";
					Matcher reason = ERROR_MESSAGE.matcher(body);
					throw new Refused(given, reason.find() ? reason.group(1) : "invalid");
				}
				expectSuccess(response, "creation of " + what);
				String location = response.getLocation().getPath();
				return location.substring(location.lastIndexOf('/') + 1);
			}
		});
	}

	private static void expectSuccess(Response response, String what) {
		if (response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
			String body = response.hasEntity() ? response.readEntity(String.class) : "";
			throw new Unavailable("Keycloak refused the " + what + ": " + response.getStatus() + " " + body, null);
		}
	}

	private <T> T call(java.util.function.Supplier<T> action) {
		try {
			return action.get();
		}
		catch (AlreadyExists | Refused | Unavailable ex) {
			throw ex;
		}
		catch (WebApplicationException ex) {
			if (ex.getResponse() != null && ex.getResponse().getStatus() == 409) {
				throw new AlreadyExists(ex.getMessage());
			}
			throw new Unavailable("Keycloak refused: " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			throw new Unavailable("Keycloak is unavailable: " + ex.getMessage(), ex);
		}
	}

	private RealmResource realm() {
		Keycloak keycloak = this.client;
		if (keycloak == null) {
			synchronized (this) {
				keycloak = this.client;
				if (keycloak == null) {
					keycloak = KeycloakBuilder.builder()
						.serverUrl(this.settings.url())
						.realm(this.settings.realm())
						.grantType(OAuth2Constants.CLIENT_CREDENTIALS)
						.clientId(this.settings.clientId())
						.clientSecret(this.settings.clientSecret())
						.build();
					this.client = keycloak;
				}
			}
		}
		return keycloak.realm(this.settings.realm());
	}

	@Override
	public void destroy() {
		Keycloak keycloak = this.client;
		if (keycloak != null) {
			try {
				keycloak.close();
			}
			catch (RuntimeException ex) {
				log.debug("Closing the Keycloak admin client failed", ex);
			}
		}
	}

}
