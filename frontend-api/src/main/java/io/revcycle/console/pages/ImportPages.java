package io.revcycle.console.pages;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import io.revcycle.console.api.ApiProblem;
import io.revcycle.console.api.Json;
import io.revcycle.console.api.PlatformApi;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The import of people from a CSV file, as the platform's background job: the file is
 * sent with {@code Prefer: respond-async}, then the page polls the job ({@code GET
 * /api/v1/jobs/{id}}) for its progress bar until it ends, and shows the counts and the
 * rejected rows with their line and reason.
 */
@Controller
class ImportPages {

	/**
	 * The largest file taken: the gateway takes request bodies of at most 5 MB
	 * ({@code revcycle.gateway.max-body}), to the console and to the API alike.
	 */
	static final long MAX_BYTES = 5L * 1024 * 1024;

	/** Room for the multipart envelope around the file in the browser's request. */
	static final long ENVELOPE_BYTES = 16 * 1024;

	private final PlatformApi api;

	ImportPages(PlatformApi api) {
		this.api = api;
	}

	@GetMapping("/import")
	String importForm(Model model) {
		model.addAttribute("nav", "import");
		model.addAttribute("maxBytes", MAX_BYTES - ENVELOPE_BYTES);
		return "import";
	}

	/**
	 * Sends the file to the platform's import as a job and answers its progress: in place
	 * for htmx, else as the job's page.
	 */
	@PostMapping("/import")
	String importCsv(@RequestParam(name = "file", required = false) MultipartFile file,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) throws IOException {
		if (file == null || file.isEmpty()) {
			throw new ApiProblem(400, "No file",
					"Choose a CSV file with a header row that names an email column, then import it.", List.of());
		}
		if (file.getSize() > MAX_BYTES - ENVELOPE_BYTES) {
			throw tooLarge(file.getSize());
		}
		String name = file.getOriginalFilename();
		if (name != null && !name.isBlank() && !name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")
				&& !name.toLowerCase(java.util.Locale.ROOT).endsWith(".txt")) {
			throw new ApiProblem(400, "Not a CSV file",
					"'" + name + "' is not a CSV file: export the people as CSV "
							+ "(comma-separated, UTF-8, a header row naming an email column) and import that.",
					List.of());
		}
		var job = this.api.postForJob(this.api.path("/api/v1/people/import"), file.getBytes(),
				MediaType.valueOf("text/csv"));
		String id = job.path("id").asString();
		if (!"true".equals(htmx)) {
			return "redirect:/import/jobs/" + id;
		}
		model.addAttribute("job", Json.map(job));
		return "import :: job";
	}

	/** A job's progress: the fragment polled by the progress bar, or the whole page. */
	@GetMapping("/import/jobs/{id}")
	String job(@PathVariable UUID id, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		model.addAttribute("job", Json.map(this.api.get(this.api.path("/api/v1/jobs/{id}", id))));
		if ("true".equals(htmx)) {
			return "import :: job";
		}
		return importForm(model);
	}

	static ApiProblem tooLarge(long bytes) {
		return new ApiProblem(413, "File too large",
				"The file has " + megabytes(bytes) + "; the console takes files of up to 5 MB. "
						+ "Split it into several files of fewer rows and import each.",
				List.of());
	}

	private static String megabytes(long bytes) {
		return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
	}

}
