package io.revcycle.kernel;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells whether a failure means that the database cannot be reached for now (restarting,
 * failing over, out of connections), as opposed to a fault in the request or the code:
 * the API answers the first with 503 and {@code Retry-After}, since a retry of the same
 * request is safe (writes are idempotent) and will pass once the database is back.
 */
public final class DatabaseUnavailable {

	/** How long a client should wait before it retries. */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	/** What the API answers, in the client's words. */
	public static final String DETAIL = "The database is unavailable for a moment (restarting or overloaded); "
			+ "retry the same request after the seconds in Retry-After: a retry is safe.";

	private DatabaseUnavailable() {
	}

	/**
	 * Whether a failure, or any of its causes, says that the database cannot be reached
	 * for now.
	 */
	public static boolean is(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof CannotGetJdbcConnectionException || cause instanceof CannotCreateTransactionException
					|| cause instanceof DataAccessResourceFailureException
					|| cause instanceof TransientDataAccessResourceException || cause instanceof QueryTimeoutException
					|| cause instanceof SQLTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && (unavailable(sql.getSQLState()) || closedByThePool(sql))) {
				return true;
			}
			if (cause instanceof java.net.ConnectException || cause instanceof java.io.EOFException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The connection pool's answer to any call on a connection it already closed as
	 * broken: a bare SQLException, with no SQLSTATE. Seen when a transaction whose
	 * connection the database dropped is rolled back: the rollback's failure replaces the
	 * first one, whose SQLSTATE (08006) said what happened.
	 */
	static boolean closedByThePool(SQLException failure) {
		return failure.getSQLState() == null && "Connection is closed".equals(failure.getMessage());
	}

	/**
	 * SQLSTATE class 08 (connection exception), 57P01 to 57P03 (the server is shutting
	 * down, crashed or not yet accepting connections), 53300 (too many connections) and
	 * 57014 (statement cancelled, as a server stopping cancels them).
	 */
	static boolean unavailable(String state) {
		return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
				|| state.equals("57P03") || state.equals("53300") || state.equals("57014"));
	}

}
