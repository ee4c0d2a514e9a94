package io.revcycle.kernel;

import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A value computed once per transaction (settings read by listeners that run for every
 * one of thousands of events in one transaction), and forgotten when it ends. Outside a
 * transaction the value is computed every time.
 */
public final class PerTransaction<T> {

	private final Object key = new Object();

	/** The value of the current transaction, computing it on first use. */
	@SuppressWarnings("unchecked")
	public T get(Supplier<T> compute) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return compute.get();
		}
		Object cached = TransactionSynchronizationManager.getResource(this.key);
		if (cached != null) {
			return (T) cached;
		}
		T value = compute.get();
		TransactionSynchronizationManager.bindResource(this.key, value);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(PerTransaction.this.key);
			}
		});
		return value;
	}

	/** Forgets the current transaction's value (after a change within it). */
	public void forget() {
		TransactionSynchronizationManager.unbindResourceIfPossible(this.key);
	}

}
