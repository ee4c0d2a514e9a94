package io.revcycle.kernel;

import java.sql.SQLException;

import org.hibernate.TransactionException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures the API answers with 503 and Retry-After. The cases are the exceptions
 * the fault harness (docs/reliability.md) met while PostgreSQL restarted.
 */
class DatabaseUnavailableTests {

	@Test
	void aRollbackOnAConnectionThePoolClosedIsTheDatabaseGoneNotAFault() {
		// what TransactionTemplate threw when the rollback of a transaction whose
		// connection
		// PostgreSQL had dropped (08006) failed: the rollback's failure replaced the
		// first
		RuntimeException rollback = new JpaSystemException(new TransactionException(
				"Unable to rollback against JDBC Connection", new SQLException("Connection is closed")));
		assertThat(DatabaseUnavailable.is(rollback)).isTrue();
	}

	@Test
	void connectionFailuresByTheirState() {
		assertThat(DatabaseUnavailable.is(new SQLException("An I/O error occurred", "08006"))).isTrue();
		assertThat(DatabaseUnavailable
			.is(new RuntimeException(new SQLException("terminating connection due to administrator command", "57P01"))))
			.isTrue();
	}

	@Test
	void faultsInTheRequestOrTheCodeAreNot() {
		assertThat(DatabaseUnavailable.is(new SQLException("Connection is closed by the code", (String) null)))
			.isFalse();
		assertThat(DatabaseUnavailable.is(new SQLException("Connection is closed", "42601"))).isFalse();
		assertThat(DatabaseUnavailable.is(new DataIntegrityViolationException("duplicate key",
				new SQLException("duplicate key value violates unique constraint", "23505"))))
			.isFalse();
		assertThat(DatabaseUnavailable.is(new IllegalStateException("boom"))).isFalse();
	}

}
