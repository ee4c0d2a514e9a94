package io.revcycle.kernel;

import java.util.ArrayList;
import java.util.List;

import io.revcycle.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Items gathered in a transaction are written once, in order, inside it and just before
 * it commits; a rolled-back transaction writes none; outside a transaction each is
 * written at once. Runs on the platform's own transaction manager.
 */
class WrittenBeforeCommitTests extends ApiTest {

	@Autowired
	private TransactionTemplate tx;

	private final List<List<String>> writes = new ArrayList<>();

	private final List<Boolean> insideTransaction = new ArrayList<>();

	private final WrittenBeforeCommit<String> notes = new WrittenBeforeCommit<>((items) -> {
		this.writes.add(List.copyOf(items));
		this.insideTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
	});

	@Test
	void aTransactionsItemsAreWrittenOnceInOrderBeforeItCommits() {
		this.tx.executeWithoutResult((status) -> {
			this.notes.add("first");
			this.notes.add("second");
			this.notes.add("third");
			assertThat(this.writes).as("nothing before the commit").isEmpty();
		});
		assertThat(this.writes).containsExactly(List.of("first", "second", "third"));
		assertThat(this.insideTransaction).containsExactly(true);

		this.tx.executeWithoutResult((status) -> this.notes.add("next"));
		assertThat(this.writes).as("a new transaction starts empty").hasSize(2).last().isEqualTo(List.of("next"));
	}

	@Test
	void aRolledBackTransactionWritesNothing() {
		this.tx.executeWithoutResult((status) -> {
			this.notes.add("lost");
			status.setRollbackOnly();
		});
		assertThat(this.writes).isEmpty();
		this.tx.executeWithoutResult((status) -> this.notes.add("kept"));
		assertThat(this.writes).as("nothing of the rolled-back one").containsExactly(List.of("kept"));
	}

	@Test
	void outsideATransactionEachItemIsWrittenAtOnce() {
		this.notes.add("one");
		this.notes.add("two");
		assertThat(this.writes).containsExactly(List.of("one"), List.of("two"));
	}

}
