package io.revcycle.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rows a listener produces one at a time (one per move of a batch of thousands), gathered
 * in the current transaction and written together just before it commits, in the order
 * they were added. A rolled-back transaction writes nothing; outside a transaction each
 * item is written at once.
 *
 * @param <T> the items
 */
public final class WrittenBeforeCommit<T> {

	private final Object key = new Object();

	private final Consumer<List<T>> writer;

	/**
	 * Items written by {@code writer}, inside the transaction that gathered them.
	 * @param writer writes a list of items in one go
	 */
	public WrittenBeforeCommit(Consumer<List<T>> writer) {
		this.writer = writer;
	}

	/** Adds an item to write before the current transaction commits. */
	@SuppressWarnings("unchecked")
	public void add(T item) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			this.writer.accept(List.of(item));
			return;
		}
		List<T> pending = (List<T>) TransactionSynchronizationManager.getResource(this.key);
		if (pending == null) {
			List<T> items = new ArrayList<>();
			TransactionSynchronizationManager.bindResource(this.key, items);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void beforeCommit(boolean readOnly) {
					TransactionSynchronizationManager.unbindResourceIfPossible(WrittenBeforeCommit.this.key);
					if (!items.isEmpty()) {
						WrittenBeforeCommit.this.writer.accept(items);
					}
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(WrittenBeforeCommit.this.key);
				}
			});
			pending = items;
		}
		pending.add(item);
	}

}
