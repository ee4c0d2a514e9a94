package io.revcycle.people;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

/**
 * RFC 4180 CSV with FastCSV: records streamed from a reader (quoted fields may hold
 * commas, quotes and line breaks), and lines whose cells a spreadsheet never runs as
 * formulas.
 */
final class Csv {

	private Csv() {
	}

	/**
	 * A streaming reader of records; rows may have fewer or more fields than the header,
	 * blank lines are skipped, a byte order mark is dropped.
	 */
	static CsvReader<CsvRecord> reader(Reader in) {
		return CsvReader.builder()
			.allowExtraFields(true)
			.allowMissingFields(true)
			.skipEmptyLines(true)
			.detectBomHeader(false)
			.ofCsvRecord(in);
	}

	/** One CSV line (with its line break) of cells; null cells are empty. */
	static String line(Object... cells) {
		StringWriter out = new StringWriter();
		try (CsvWriter writer = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).build(out)) {
			String[] fields = new String[cells.length];
			for (int i = 0; i < cells.length; i++) {
				fields[i] = safe(cells[i]);
			}
			writer.writeRecord(fields);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

	/**
	 * A cell as text; one that starts with a formula character (and is not a number) gets
	 * a leading apostrophe, so a spreadsheet shows it instead of evaluating it.
	 */
	static String safe(Object cell) {
		String text = (cell != null) ? String.valueOf(cell) : "";
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !(cell instanceof Number)) {
			return "'" + text;
		}
		return text;
	}

}
