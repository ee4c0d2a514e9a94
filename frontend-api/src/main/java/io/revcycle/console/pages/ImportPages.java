package io.revcycle.console.pages;

import java.util.List;

import io.revcycle.console.api.ApiProblem;
import io.revcycle.console.api.Json;
import io.revcycle.console.api.PlatformApi;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * A tenant admin's import of people from a CSV file.
 */
@Controller
class ImportPages {

	private final PlatformApi api;

	ImportPages(PlatformApi api) {
		this.api = api;
	}

	@GetMapping("/import")
	String importForm(Model model) {
		model.addAttribute("nav", "import");
		return "import";
	}

	/**
	 * Sends the file to the platform's import and shows what it accepted and rejected.
	 */
	@PostMapping("/import")
	String importCsv(@RequestParam("file") MultipartFile file, Model model) throws java.io.IOException {
		if (file.isEmpty()) {
			throw new ApiProblem(400, "No file", "Choose a CSV file with a header row that names an email column.",
					List.of());
		}
		String csv = new String(file.getBytes(), java.nio.charset.StandardCharsets.UTF_8);
		model.addAttribute("report", Json
			.map(this.api.postText(this.api.path("/api/v1/people/import"), csv, MediaType.valueOf("text/csv"))));
		return "import :: report";
	}

}
