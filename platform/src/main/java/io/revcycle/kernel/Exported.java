package io.revcycle.kernel;

import java.util.List;

/**
 * The tables a feature lets the tenant export, on a bean of the feature: the export reads
 * each as records of one kind, in the order of its key, so that it can resume after any
 * record. Only the owner names its tables, here as everywhere.
 */
public interface Exported {

	/** The kinds of records this feature holds, each read from one of its tables. */
	List<Table> tables();

	/**
	 * One kind of record.
	 *
	 * @param kind the name of the kind in the export, for example {@code people}
	 * @param table the feature's table, with a {@code tenant_id} column
	 * @param key the columns that order and identify its rows (without {@code tenant_id})
	 * @param hidden the columns never exported (secrets, key hashes)
	 */
	record Table(String kind, String table, List<String> key, List<String> hidden) {

		public Table(String kind, String table, String... key) {
			this(kind, table, List.of(key), List.of());
		}

		/** The same kind without these columns. */
		public Table hiding(String... columns) {
			return new Table(this.kind, this.table, this.key, List.of(columns));
		}

	}

}
