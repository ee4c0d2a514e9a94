package io.revcycle.kernel;

import java.util.UUID;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * An entity whose id the application assigns: new until it is persisted or loaded, so
 * saving it inserts at once instead of first selecting by id.
 */
@MappedSuperclass
public abstract class AssignedId implements Persistable<UUID> {

	@Transient
	private boolean isNew;

	/**
	 * Marks a just-constructed entity as new; call from the constructor that assigns the
	 * id.
	 */
	protected void markNew() {
		this.isNew = true;
	}

	@Override
	public boolean isNew() {
		return this.isNew;
	}

	@PostLoad
	@PostPersist
	void markStored() {
		this.isNew = false;
	}

}
