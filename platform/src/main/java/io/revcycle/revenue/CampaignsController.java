package io.revcycle.revenue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.kernel.Audited;
import io.revcycle.http.CursorPage;
import io.revcycle.http.Problems;
import io.revcycle.kernel.Money;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|POST /api/v1/campaigns}, {@code GET|PATCH /api/v1/campaigns/{id}},
 * {@code GET|PUT /api/v1/campaigns/{id}/costs} and
 * {@code GET|PUT /api/v1/revenue-settings}. Marketing, finance and admins read them;
 * marketing and admins write campaigns and costs, finance and admins the settings.
 */
@RestController
@Transactional
@PreAuthorize("hasAnyRole('tenant-admin', 'marketing', 'finance')")
class CampaignsController {

	private static final String WRITERS = "hasAnyRole('tenant-admin', 'marketing')";

	private final Campaigns campaigns;

	private final RevenueSettings settings;

	private final ApplicationEventPublisher events;

	CampaignsController(Campaigns campaigns, RevenueSettings settings, ApplicationEventPublisher events) {
		this.events = events;
		this.campaigns = campaigns;
		this.settings = settings;
	}

	record NewCampaign(
			@NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters") @Pattern(
					regexp = "\\S(.*\\S)?", message = "must not start or end with spaces") String key,
			@Size(max = 200, message = "must be at most 200 characters") String name,
			@Size(max = 100, message = "must be at most 100 characters") String channel) {
	}

	record CampaignChange(@Size(min = 1, max = 200, message = "must be 1 to 200 characters") String name,
			@Size(max = 100, message = "must be at most 100 characters") String channel) {
	}

	/**
	 * A month's cost.
	 *
	 * @param month the month, {@code 2026-11}
	 * @param amount what the campaign cost that month; zero removes the month's cost
	 */
	record MonthCost(@NotBlank(message = "is required, as 2026-11") String month,
			@NotNull(message = "is required, as {\"amount\": \"1200.00\", \"currency\": \"EUR\"}") Money amount) {
	}

	record Costs(@NotNull(message = "is required: a list of {\"month\", \"amount\"}") @Size(max = 240,
			message = "may name at most 240 months at once") List<@Valid @NotNull(
					message = "must be a month's cost") MonthCost> costs) {
	}

	record CostsView(UUID campaignId, List<Campaigns.Cost> costs) {
	}

	@ResponseStatus(HttpStatus.CREATED)
	@PostMapping("/api/v1/campaigns")
	@PreAuthorize(WRITERS)
	ResponseEntity<Campaigns.Campaign> create(@Valid @RequestBody NewCampaign request) {
		String name = (request.name() != null && !request.name().isBlank()) ? request.name().trim() : request.key();
		Campaigns.Campaign created = this.campaigns.create(request.key(), name, blankToNull(request.channel()));
		this.events.publishEvent(new Audited("campaign.created", "campaign:" + created.id(), null,
				java.util.Map.of("key", created.key(), "name", name)));
		return ResponseEntity.created(URI.create("/api/v1/campaigns/" + created.id())).body(created);
	}

	@GetMapping("/api/v1/campaigns")
	CursorPage<Campaigns.Campaign> list(@RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		int size = CursorPage.limit(limit);
		CursorPage.Position after = CursorPage.Position.decode(cursor);
		return CursorPage.of(this.campaigns.page((after != null) ? after.at() : null,
				(after != null) ? after.uuid() : null, size + 1), size,
				(c) -> new CursorPage.Position(c.createdAt(), c.id()), (c) -> c);
	}

	@GetMapping("/api/v1/campaigns/{id}")
	Campaigns.Campaign get(@PathVariable UUID id) {
		return this.campaigns.find(id).orElseThrow(() -> Problems.notFound("campaign", id));
	}

	@PatchMapping("/api/v1/campaigns/{id}")
	@PreAuthorize(WRITERS)
	Campaigns.Campaign change(@PathVariable UUID id, @Valid @RequestBody CampaignChange request) {
		Campaigns.Campaign before = get(id);
		Campaigns.Campaign after = this.campaigns
			.change(id, (request.name() != null) ? request.name().trim() : null,
					(request.channel() != null) ? request.channel().trim() : null)
			.orElseThrow(() -> Problems.notFound("campaign", id));
		this.events.publishEvent(new Audited("campaign.changed", "campaign:" + id, before, after));
		return after;
	}

	@GetMapping("/api/v1/campaigns/{id}/costs")
	CostsView costs(@PathVariable UUID id) {
		get(id);
		return new CostsView(id, this.campaigns.costs(id));
	}

	@PutMapping("/api/v1/campaigns/{id}/costs")
	@PreAuthorize(WRITERS)
	CostsView replaceCosts(@PathVariable UUID id, @Valid @RequestBody Costs request) {
		get(id);
		List<Campaigns.Cost> costs = Campaigns
			.checkCosts(request.costs().stream().map((cost) -> Map.entry(cost.month(), cost.amount())).toList());
		CostsView before = new CostsView(id, this.campaigns.costs(id));
		this.campaigns.replaceCosts(id, costs);
		CostsView after = new CostsView(id, this.campaigns.costs(id));
		this.events.publishEvent(new Audited("campaign.costs_changed", "campaign:" + id, before, after));
		return after;
	}

	@GetMapping("/api/v1/revenue-settings")
	RevenueSettings.View settings() {
		return this.settings.view();
	}

	/**
	 * The settings to change; what is left out keeps its value.
	 *
	 * @param reportingCurrency the currency reports are in
	 * @param fxRates per other currency, the reporting-currency units one unit is worth,
	 * replacing every rate
	 * @param attributionLookbackDays how many days before a payment a touch still earns
	 * credit, 1 to 3650
	 */
	record SettingsChange(String reportingCurrency, Map<String, String> fxRates, Integer attributionLookbackDays) {
	}

	@PutMapping("/api/v1/revenue-settings")
	@PreAuthorize("hasAnyRole('tenant-admin', 'finance')")
	RevenueSettings.View replaceSettings(@RequestBody SettingsChange request) {
		RevenueSettings.View before = this.settings.view();
		RevenueSettings.View after = this.settings.replace(new RevenueSettings.View(request.reportingCurrency(),
				request.fxRates(), request.attributionLookbackDays(), null));
		this.events.publishEvent(new Audited("revenue_settings.changed", "revenue-settings", before, after));
		return after;
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.trim();
	}

}
