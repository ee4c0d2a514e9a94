package io.revcycle.kernel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/**
 * Bulk writes as one statement with one array per column
 * ({@code insert ... select * from unnest(?, ?, ...)}): planned once whatever the row
 * count, several times faster than a batch of single-row or multi-row inserts.
 */
public final class PgArrays {

	private PgArrays() {
	}

	/**
	 * A column of a bulk write.
	 *
	 * @param type the PostgreSQL element type ({@code uuid}, {@code text},
	 * {@code timestamptz}, ...)
	 * @param value the column's value of a row
	 */
	public record Column<T>(String type, Function<T, Object> value) {
	}

	/** Binds one array per column, in order, from parameter {@code first} on. */
	@SafeVarargs
	public static <T> void bind(Connection connection, PreparedStatement statement, int first, List<T> rows,
			Column<T>... columns) throws SQLException {
		for (int c = 0; c < columns.length; c++) {
			Object[] values = new Object[rows.size()];
			for (int r = 0; r < values.length; r++) {
				values[r] = columns[c].value().apply(rows.get(r));
			}
			statement.setArray(first + c, connection.createArrayOf(columns[c].type(), values));
		}
	}

}
