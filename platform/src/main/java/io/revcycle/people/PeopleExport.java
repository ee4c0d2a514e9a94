package io.revcycle.people;

import java.util.List;

import io.revcycle.kernel.Exported;

import org.springframework.stereotype.Component;

/**
 * What this feature gives to the tenant's export: people, accounts and the identities
 * resolution matches.
 */
@Component
class PeopleExport implements Exported {

	@Override
	public List<Table> tables() {
		// the lower-case keys the lookups use are derived, not data of the tenant's
		return List.of(new Exported.Table("people", "persons", "id").hiding("email_key"),
				new Exported.Table("accounts", "accounts", "id").hiding("domain_key"),
				new Exported.Table("identities", "person_identities", "kind", "value"));
	}

}
