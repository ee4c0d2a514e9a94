package io.revcycle.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: reading records one at a time from a stream (quoted fields may hold
 * commas, quotes and line breaks), and writing cells so that a spreadsheet never runs
 * them as formulas.
 */
public final class Csv {

	private Csv() {
	}

	/**
	 * Reads the next record.
	 * @return the fields, or null at the end of the input
	 * @throws IllegalArgumentException when a quoted field is not closed
	 */
	public static List<String> read(BufferedReader in) throws IOException {
		int c = in.read();
		if (c == -1) {
			return null;
		}
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		boolean wasQuoted = false;
		while (true) {
			if (quoted) {
				if (c == -1) {
					throw new IllegalArgumentException("a quoted field is not closed");
				}
				if (c == '"') {
					in.mark(1);
					int next = in.read();
					if (next == '"') {
						field.append('"');
					}
					else {
						quoted = false;
						if (next != -1) {
							in.reset();
						}
					}
				}
				else {
					field.append((char) c);
				}
			}
			else if (c == '"' && field.isEmpty() && !wasQuoted) {
				quoted = true;
				wasQuoted = true;
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
				wasQuoted = false;
			}
			else if (c == '\n' || c == -1) {
				fields.add(field.toString());
				return fields;
			}
			else if (c == '\r') {
				in.mark(1);
				if (in.read() != '\n') {
					in.reset();
				}
				fields.add(field.toString());
				return fields;
			}
			else {
				field.append((char) c);
			}
			c = in.read();
		}
	}

	/** One CSV line (with its line break) of cells; null cells are empty. */
	public static String line(Object... cells) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < cells.length; i++) {
			if (i > 0) {
				line.append(',');
			}
			String cell = (cells[i] != null) ? String.valueOf(cells[i]) : "";
			if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 && !(cells[i] instanceof Number)) {
				// a leading formula character would make a spreadsheet evaluate the cell
				cell = "'" + cell;
			}
			if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
				cell = "\"" + cell.replace("\"", "\"\"") + "\"";
			}
			line.append(cell);
		}
		return line.append("\r\n").toString();
	}

}
