package io.revcycle.console;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's landing page.
 */
@RestController
class LandingController {

	@GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
	String landing() {
		return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Revcycle</title></head>"
				+ "<body><h1>Revcycle</h1><p>The revenue-cycle console. The API is served under "
				+ "<a href=\"/swagger-ui.html\">/api/v1</a>.</p></body></html>";
	}

}
