package io.revcycle.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.revcycle.tenancy.TenantContext;
import io.revcycle.tenancy.TenantSlugs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-seals every sealed value under the current key, after a rotation: each feature's
 * {@link SealedValues}, tenant by tenant, each in a transaction of its own bound to the
 * tenant (the tables are under row-level security). Safe to repeat, and to run while the
 * platform serves: a value written meanwhile is not overwritten.
 */
@Component
class Resealing {

	private static final Logger log = LoggerFactory.getLogger(Resealing.class);

	private final SecretBox box;

	private final List<SealedValues> owners;

	private final TenantSlugs tenants;

	private final TransactionTemplate tx;

	Resealing(SecretBox box, List<SealedValues> owners, TenantSlugs tenants, TransactionTemplate tx) {
		this.box = box;
		this.owners = owners;
		this.tenants = tenants;
		this.tx = tx;
	}

	/**
	 * What a re-seal did.
	 *
	 * @param sealedWith the key everything is now sealed with
	 * @param tenants how many tenants were gone through
	 * @param values per kind of value, the rows written, already current and unreadable
	 * @param unreadable every row with a value that did not open, left as it was
	 */
	record Report(String sealedWith, int tenants, List<Values> values, List<Row> unreadable) {
	}

	/**
	 * One kind of value, over every tenant.
	 *
	 * @param name what they are
	 * @param resealed rows written
	 * @param current rows already sealed under the current key
	 * @param unreadable rows whose value did not open
	 */
	record Values(String name, int resealed, int current, int unreadable) {
	}

	/**
	 * A row whose value did not open.
	 *
	 * @param tenantId its tenant
	 * @param values what kind of value
	 * @param id the row
	 */
	record Row(UUID tenantId, String values, UUID id) {
	}

	Report resealAll() {
		List<UUID> all = this.tenants.active();
		log.info("Re-sealing the secrets of {} tenants with {}", all.size(), this.box.sealedWith());
		List<Values> values = new ArrayList<>();
		List<Row> unreadable = new ArrayList<>();
		for (SealedValues owner : this.owners) {
			int resealed = 0;
			int current = 0;
			int failed = 0;
			for (UUID tenant : all) {
				SealedValues.Resealed done = TenantContext.callAs(tenant,
						() -> this.tx.execute((status) -> owner.reseal(this.box)));
				resealed += done.resealed();
				current += done.current();
				failed += done.unreadable().size();
				done.unreadable().forEach((id) -> {
					log.warn("Tenant {}: {} of {} does not open, left as it was", tenant, owner.name(), id);
					unreadable.add(new Row(tenant, owner.name(), id));
				});
			}
			values.add(new Values(owner.name(), resealed, current, failed));
			log.info("Re-sealed {}: {} rows written, {} already current, {} unreadable", owner.name(), resealed,
					current, failed);
		}
		return new Report(this.box.sealedWith(), all.size(), List.copyOf(values), List.copyOf(unreadable));
	}

}
