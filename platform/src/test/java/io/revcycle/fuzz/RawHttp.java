package io.revcycle.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection: sends exactly the bytes a
 * test gives (malformed addresses, invalid UTF-8, broken content types), which higher
 * level clients refuse to send.
 */
final class RawHttp {

	private final String host;

	private final int port;

	RawHttp(String host, int port) {
		this.host = host;
		this.port = port;
	}

	/** A response: status, headers (lower-case names), body. */
	record Response(int status, Map<String, String> headers, byte[] body) {

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	Response send(String method, String target, List<String[]> headers, byte[] body) {
		try (Socket socket = new Socket(this.host, this.port)) {
			socket.setSoTimeout(60_000);
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request.write((method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
			request.write(("Host: " + this.host + ":" + this.port + "\r\n").getBytes(StandardCharsets.UTF_8));
			request.write("Connection: close\r\n".getBytes(StandardCharsets.UTF_8));
			for (String[] header : headers) {
				request.write((header[0] + ": " + header[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
			}
			if (body != null) {
				request.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.UTF_8));
			}
			request.write("\r\n".getBytes(StandardCharsets.UTF_8));
			if (body != null) {
				request.write(body);
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toByteArray());
			out.flush();
			return read(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + target + " failed", ex);
		}
	}

	private static Response read(InputStream in) throws IOException {
		String statusLine = line(in);
		String[] parts = statusLine.split(" ", 3);
		int status = Integer.parseInt(parts[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			int colon = header.indexOf(':');
			if (colon > 0) {
				headers.merge(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
						header.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
			}
		}
		byte[] body;
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			ByteArrayOutputStream chunks = new ByteArrayOutputStream();
			while (true) {
				String size = line(in);
				int semicolon = size.indexOf(';');
				int length = Integer.parseInt((semicolon >= 0) ? size.substring(0, semicolon).trim() : size.trim(), 16);
				if (length == 0) {
					break;
				}
				chunks.write(in.readNBytes(length));
				line(in);
			}
			body = chunks.toByteArray();
		}
		else if (headers.containsKey("content-length")) {
			body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
		}
		else {
			body = in.readAllBytes();
		}
		return new Response(status, headers, body);
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		for (int b = in.read(); b != -1; b = in.read()) {
			if (previous == '\r' && b == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
			}
			line.write(b);
			previous = b;
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

}
