package io.revcycle.tenancy.internal;

import java.sql.PreparedStatement;
import java.util.UUID;

import io.revcycle.tenancy.TenantContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import org.hibernate.Session;
import org.hibernate.cfg.MultiTenancySettings;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Binds every transaction to the current tenant, twice: Hibernate's {@code @TenantId}
 * filter (through the tenant identifier resolver) and PostgreSQL row-level security
 * (through {@code app.tenant_id}, set transaction-locally right after BEGIN so it can
 * never leak to the next borrower of a pooled connection). Both fail closed: without a
 * tenant, Hibernate filters on a tenant id that matches nothing and PostgreSQL's policies
 * match no row.
 */
@Configuration(proxyBeanMethods = false)
class TenantIsolation {

	/** The tenant id used when there is none: no row carries it. */
	static final UUID NO_TENANT = new UUID(0, 0);

	@Bean
	HibernatePropertiesCustomizer tenantIdentifierResolver() {
		CurrentTenantIdentifierResolver<UUID> resolver = new CurrentTenantIdentifierResolver<>() {

			@Override
			public UUID resolveCurrentTenantIdentifier() {
				return TenantContext.current().orElse(NO_TENANT);
			}

			@Override
			public boolean validateExistingCurrentSessions() {
				return true;
			}

		};
		return (properties) -> properties.put(MultiTenancySettings.MULTI_TENANT_IDENTIFIER_RESOLVER, resolver);
	}

	@Bean
	JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new TenantBoundTransactionManager(entityManagerFactory);
	}

	static final class TenantBoundTransactionManager extends JpaTransactionManager {

		TenantBoundTransactionManager(EntityManagerFactory entityManagerFactory) {
			super(entityManagerFactory);
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
			super.doBegin(transaction, definition);
			EntityManagerHolder holder = (EntityManagerHolder) TransactionSynchronizationManager
				.getResource(obtainEntityManagerFactory());
			EntityManager entityManager = holder.getEntityManager();
			String tenant = TenantContext.current().map(UUID::toString).orElse("");
			try {
				entityManager.unwrap(Session.class).doWork((connection) -> {
					try (PreparedStatement statement = connection
						.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
						statement.setString(1, tenant);
						statement.execute();
					}
				});
			}
			catch (RuntimeException ex) {
				// the connection failed between BEGIN and the tenant (the database
				// restarting): the transaction never started for the caller, so nothing
				// would end it; end it here, or this thread keeps a dead connection bound
				try {
					EntityTransaction begun = entityManager.getTransaction();
					if (begun.isActive()) {
						begun.rollback();
					}
				}
				catch (RuntimeException rollback) {
					ex.addSuppressed(rollback);
				}
				finally {
					doCleanupAfterCompletion(transaction);
				}
				throw new CannotCreateTransactionException("Could not set the tenant of the transaction", ex);
			}
		}

	}

}
