package io.revcycle.tenancy.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
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

	/** Raised when Keycloak cannot be reached or refuses for another reason. */
	static final class Unavailable extends RuntimeException {

		Unavailable(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/**
	 * Creates the organization of a tenant.
	 * @return the organization id
	 * @throws AlreadyExists when the alias or name is taken
	 */
	String createOrganization(String slug, String company) {
		OrganizationRepresentation organization = new OrganizationRepresentation();
		organization.setAlias(slug);
		organization.setName(slug);
		organization.setDescription(company);
		organization.setEnabled(true);
		return created(() -> realm().organizations().create(organization), "organization " + slug);
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
		return created(() -> realm().users().create(user), "user " + email);
	}

	/** Makes a user a member of an organization, that is, of the tenant. */
	void addMember(String organizationId, String userId) {
		call(() -> {
			try (Response response = realm().organizations().get(organizationId).members().addMember(userId)) {
				expectSuccess(response, "membership of " + userId + " in " + organizationId);
			}
			return null;
		});
	}

	/** Grants realm roles to a user. */
	void grantRoles(String userId, Collection<String> roles) {
		call(() -> {
			RealmResource realm = realm();
			List<RoleRepresentation> representations = roles.stream()
				.map((role) -> realm.roles().get(role).toRepresentation())
				.toList();
			realm.users().get(userId).roles().realmLevel().add(representations);
			return null;
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
		return call(() -> realm().organizations()
			.search(alias, true, 0, 2)
			.stream()
			.filter((organization) -> alias.equals(organization.getAlias()))
			.map(OrganizationRepresentation::getId)
			.findFirst());
	}

	private String created(java.util.function.Supplier<Response> create, String what) {
		return call(() -> {
			try (Response response = create.get()) {
				if (response.getStatus() == 409) {
					throw new AlreadyExists(what + " already exists");
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
		catch (AlreadyExists | Unavailable ex) {
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
