package io.revcycle.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.revcycle.cycle.Cycle;
import io.revcycle.cycle.StageModelDefinition;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The funnel of a window, from the stays of people in stages: per stage, how many entered
 * it in the window, how many of them advanced (to a later stage, or out of a leak back
 * into the cycle), the conversion, the median time in the stage and the leaks by target
 * and reason; also per owner and per team. Everything is as it stood at {@code asOf}: a
 * stay entered or left after it counts as not entered or not left.
 */
@Component
class Funnel {

	private final JdbcTemplate jdbc;

	private final Cycle cycle;

	Funnel(JdbcTemplate jdbc, Cycle cycle) {
		this.jdbc = jdbc;
		this.cycle = cycle;
	}

	/**
	 * A leak: people who left a stage for a leak stage.
	 *
	 * @param to the leak stage
	 * @param reason the reason given, or null
	 * @param count how many
	 */
	record Leak(String to, String reason, long count) {
	}

	/**
	 * A stage of the funnel.
	 *
	 * @param stage the stage
	 * @param entered people who entered it in the window
	 * @param advanced of them, those who advanced by asOf
	 * @param conversionRate advanced / entered, null when nobody entered
	 * @param medianHoursInStage the median hours of those who left it by asOf, null when
	 * nobody did
	 * @param leaked of them, those who leaked by asOf
	 * @param leaks the leaks by target and reason
	 */
	record StageFigures(String stage, long entered, long advanced, BigDecimal conversionRate,
			BigDecimal medianHoursInStage, long leaked, List<Leak> leaks) {
	}

	/**
	 * The figures of one owner.
	 *
	 * @param ownerId the owner
	 * @param email the owner's email, when a user of the tenant
	 * @param team the owner's team, or null
	 * @param stages per stage the owner held people in
	 */
	record OwnerFigures(UUID ownerId, String email, String team, List<StageFigures> stages) {
	}

	/**
	 * The figures of one team.
	 *
	 * @param team the team
	 * @param stages per stage its members held people in
	 */
	record TeamFigures(String team, List<StageFigures> stages) {
	}

	/**
	 * The funnel.
	 *
	 * @param from the window's start
	 * @param to the window's end
	 * @param asOf as the data stood then
	 * @param stages per stage of the model, in funnel order
	 * @param owners per owner
	 * @param teams per team
	 */
	record Report(java.time.Instant from, java.time.Instant to, java.time.Instant asOf, List<StageFigures> stages,
			List<OwnerFigures> owners, List<TeamFigures> teams) {
	}

	/** The stage model's order and its leak stages, for the SQL. */
	private record Shape(String[] order, String[] leaks) {
	}

	Report report(Window window) {
		Shape shape = shape();
		Map<String, StageFigures> byStage = figures(window, shape, "null::text", null);
		List<StageFigures> stages = new ArrayList<>();
		for (String name : shape.order()) {
			stages.add(byStage.getOrDefault(name, new StageFigures(name, 0, 0, null, null, 0, List.of())));
		}
		Map<String, Map<String, StageFigures>> perOwner = grouped(window, shape, "s.owner_id::text",
				"s.owner_id is not null");
		Map<UUID, String[]> directory = new LinkedHashMap<>();
		this.jdbc.query("select user_id, email, team from member_directory", (rs) -> {
			directory.put(rs.getObject(1, UUID.class), new String[] { rs.getString(2), rs.getString(3) });
		});
		List<OwnerFigures> owners = new ArrayList<>();
		perOwner.forEach((owner, figures) -> {
			UUID id = UUID.fromString(owner);
			String[] who = directory.getOrDefault(id, new String[2]);
			owners.add(new OwnerFigures(id, who[0], who[1], ordered(figures, shape)));
		});
		owners.sort(Comparator.comparing((OwnerFigures o) -> (o.email() != null) ? o.email() : "~")
			.thenComparing(OwnerFigures::ownerId));
		Map<String, Map<String, StageFigures>> perTeam = grouped(window, shape, "m.team", "m.team is not null");
		List<TeamFigures> teams = new ArrayList<>();
		perTeam.forEach((team, figures) -> teams.add(new TeamFigures(team, ordered(figures, shape))));
		teams.sort(Comparator.comparing(TeamFigures::team));
		return new Report(window.from(), window.to(), window.asOf(), stages, owners, teams);
	}

	/**
	 * Per stage, of the people who entered it in the window: the share that advanced by
	 * asOf (null when nobody entered).
	 */
	Map<String, StageFigures> byStage(Window window) {
		return figures(window, shape(), "null::text", null);
	}

	/** The stage model's stage names in funnel order. */
	List<String> stageNames() {
		return List.of(shape().order());
	}

	/** The model's stages of a group, in funnel order. */
	List<String> stagesOf(String group) {
		return this.cycle.model()
			.stages()
			.stream()
			.filter((s) -> group.equals(s.group()))
			.map(StageModelDefinition.Stage::name)
			.toList();
	}

	private Shape shape() {
		Cycle.Model model = this.cycle.model();
		return new Shape(model.stages().stream().map(StageModelDefinition.Stage::name).toArray(String[]::new),
				model.stages()
					.stream()
					.filter((s) -> "leak".equals(s.group()))
					.map(StageModelDefinition.Stage::name)
					.toArray(String[]::new));
	}

	private static List<StageFigures> ordered(Map<String, StageFigures> figures, Shape shape) {
		List<StageFigures> ordered = new ArrayList<>();
		for (String name : shape.order()) {
			if (figures.containsKey(name)) {
				ordered.add(figures.get(name));
			}
		}
		return ordered;
	}

	private Map<String, StageFigures> figures(Window window, Shape shape, String key, String where) {
		return grouped(window, shape, key, where).getOrDefault("", Map.of());
	}

	/**
	 * The figures grouped by a key (an owner, a team, or nothing) and stage: one pass for
	 * the counts and medians, one for the leaks.
	 */
	private Map<String, Map<String, StageFigures>> grouped(Window window, Shape shape, String key, String where) {
		String join = key.startsWith("m.") ? " join member_directory m on m.user_id = s.owner_id" : "";
		String filter = " where s.entered_at >= ? and s.entered_at < ?" + ((where != null) ? " and " + where : "");
		Timestamp from = Timestamp.from(window.from());
		Timestamp end = Timestamp.from(window.seenUntil());
		Timestamp asOf = Timestamp.from(window.asOf());
		Map<String, Map<String, List<Leak>>> leaks = new LinkedHashMap<>();
		this.jdbc.query("select coalesce(" + key + ", ''), s.stage, s.next_stage, s.reason, count(*) "
				+ "from stage_stays s" + join + filter + " and s.left_at <= ? and s.next_stage = any(?::text[]) "
				+ "group by 1, 2, 3, 4 order by 5 desc, 3, 4", (rs) -> {
					leaks.computeIfAbsent(rs.getString(1), (k) -> new LinkedHashMap<>())
						.computeIfAbsent(rs.getString(2), (k) -> new ArrayList<>())
						.add(new Leak(rs.getString(3), rs.getString(4), rs.getLong(5)));
				}, from, end, asOf, shape.leaks());
		Map<String, Map<String, StageFigures>> grouped = new LinkedHashMap<>();
		this.jdbc.query("select coalesce(" + key + ", ''), s.stage, count(*), "
				+ "count(*) filter (where s.left_at <= ? and s.next_stage is not null "
				+ "and not (s.next_stage = any(?::text[])) and (s.stage = any(?::text[]) "
				+ "or array_position(?::text[], s.next_stage) > array_position(?::text[], s.stage))), "
				+ "count(*) filter (where s.left_at <= ? and s.next_stage = any(?::text[])), "
				+ "percentile_cont(0.5) within group (order by extract(epoch from s.left_at - s.entered_at) / 3600) "
				+ "filter (where s.left_at <= ?) from stage_stays s" + join + filter + " group by 1, 2", (rs) -> {
					String group = rs.getString(1);
					String stage = rs.getString(2);
					long entered = rs.getLong(3);
					long advanced = rs.getLong(4);
					long leaked = rs.getLong(5);
					BigDecimal median = rs.getBigDecimal(6);
					grouped.computeIfAbsent(group, (k) -> new LinkedHashMap<>())
						.put(stage,
								new StageFigures(stage, entered, advanced, rate(advanced, entered),
										(median != null) ? median.setScale(2, RoundingMode.HALF_UP) : null, leaked,
										leaks.getOrDefault(group, Map.of()).getOrDefault(stage, List.of())));
				}, asOf, shape.leaks(), shape.leaks(), shape.order(), shape.order(), asOf, shape.leaks(), asOf, from,
				end);
		return grouped;
	}

	static BigDecimal rate(long part, long whole) {
		return (whole == 0) ? null
				: BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
	}

}
