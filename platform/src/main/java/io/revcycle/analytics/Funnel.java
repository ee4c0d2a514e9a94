package io.revcycle.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import io.revcycle.cycle.Cycle;
import io.revcycle.cycle.StageModelDefinition;
import io.revcycle.kernel.DaySpan;

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

	/** The stage model's order and its leak stages. */
	private record Shape(String[] order, String[] leaks) {
	}

	/** The owner of stays without one, in the rollups. */
	private static final UUID NO_OWNER = new UUID(0, 0);

	/** A stay still open, in the rollups: no next stage, no reason. */
	private static final List<String> OPEN = List.of("", "");

	/** The bucket of a stay's time in the stage, as the rollups count it. */
	private static final String BUCKET = "revcycle_stay_bucket(extract(epoch from left_at - entered_at))";

	Report report(Window window) {
		Shape shape = shape();
		Map<String, Map<UUID, Cell>> cells = tally(window);
		Map<UUID, String[]> directory = new LinkedHashMap<>();
		this.jdbc.query("select user_id, email, team from member_directory", (rs) -> {
			directory.put(rs.getObject(1, UUID.class), new String[] { rs.getString(2), rs.getString(3) });
		});
		Map<String, StageFigures> byStage = figures(cells, shape, (owner) -> true);
		List<StageFigures> stages = new ArrayList<>();
		for (String name : shape.order()) {
			stages.add(byStage.getOrDefault(name, new StageFigures(name, 0, 0, null, null, 0, List.of())));
		}
		Set<UUID> owners = new TreeSet<>();
		cells.values().forEach((byOwner) -> owners.addAll(byOwner.keySet()));
		owners.remove(NO_OWNER);
		List<OwnerFigures> perOwner = new ArrayList<>();
		for (UUID owner : owners) {
			Map<String, StageFigures> figures = figures(cells, shape, owner::equals);
			if (!figures.isEmpty()) {
				String[] who = directory.getOrDefault(owner, new String[2]);
				perOwner.add(new OwnerFigures(owner, who[0], who[1], ordered(figures, shape)));
			}
		}
		perOwner.sort(Comparator.comparing((OwnerFigures o) -> (o.email() != null) ? o.email() : "~")
			.thenComparing(OwnerFigures::ownerId));
		Set<String> teamNames = new TreeSet<>();
		directory.values().forEach((who) -> {
			if (who[1] != null) {
				teamNames.add(who[1]);
			}
		});
		List<TeamFigures> teams = new ArrayList<>();
		for (String team : teamNames) {
			Map<String, StageFigures> figures = figures(cells, shape,
					(owner) -> directory.containsKey(owner) && team.equals(directory.get(owner)[1]));
			if (!figures.isEmpty()) {
				teams.add(new TeamFigures(team, ordered(figures, shape)));
			}
		}
		return new Report(window.from(), window.to(), window.asOf(), stages, perOwner, teams);
	}

	/**
	 * Where the people who entered a stage in the window had gone by asOf.
	 *
	 * @param entered how many entered it in the window
	 * @param conversionRate the share of them that advanced, as the funnel counts it
	 * @param to of them, how many left it for each next stage
	 */
	record Flow(long entered, BigDecimal conversionRate, Map<String, Long> to) {
	}

	/**
	 * Per stage, where the people who entered it in the window went by asOf; stages
	 * nobody entered are left out.
	 */
	Map<String, Flow> flows(Window window) {
		Map<String, Flow> flows = new LinkedHashMap<>();
		measure(tally(window), shape(), (owner) -> true).forEach((stage, measured) -> flows.put(stage,
				new Flow(measured.figures().entered(), measured.figures().conversionRate(), measured.to())));
		return flows;
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

	/**
	 * The stays of one stage and owner entered in the window, as they stood at asOf: how
	 * many ended how (next stage and reason; '' and '' while open), and the times in the
	 * stage of those that ended, counted by bucket.
	 */
	private static final class Cell {

		private final Map<List<String>, Long> ends = new HashMap<>();

		private final TreeMap<Integer, Long> durations = new TreeMap<>();

		void add(Cell other) {
			other.ends.forEach((end, n) -> this.ends.merge(end, n, Long::sum));
			other.durations.forEach((bucket, n) -> this.durations.merge(bucket, n, Long::sum));
		}

	}

	/**
	 * The window's stays by stage and owner: whole days from the daily rollups, the head
	 * and tail of the window from the stays themselves; then the stays that left after
	 * asOf are counted as still there.
	 */
	private Map<String, Map<UUID, Cell>> tally(Window window) {
		DaySpan span = DaySpan.of(window.from(), window.seenUntil());
		// the correction's sort and hash stay in memory, and each statement is planned
		// for its own window and asOf (a generic plan read a year of stays where the
		// window needed days)
		CustomPlans.forThisTransaction(this.jdbc);
		Map<String, Map<UUID, Cell>> cells = new HashMap<>();
		this.jdbc.query("select stage, owner_id, next_stage, reason, sum(n) from (select stage, owner_id, next_stage, "
				+ "reason, stays as n from stay_days where " + DaySpan.days("day")
				+ " union all select stage, coalesce(owner_id, ?), coalesce(next_stage, ''), coalesce(reason, ''), "
				+ span.sign("entered_at") + " from stage_stays where " + DaySpan.edges("entered_at")
				+ ") x group by 1, 2, 3, 4 having sum(n) <> 0", (rs) -> {
					cell(cells, rs.getString(1), rs.getObject(2, UUID.class)).ends
						.merge(List.of(rs.getString(3), rs.getString(4)), rs.getLong(5), Long::sum);
				}, DaySpan.parameters(span.dayParameters(), NO_OWNER, span.signParameter(), span.edgeParameters()));
		this.jdbc.query("select stage, owner_id, bucket, sum(n) from (select stage, owner_id, bucket, stays as n "
				+ "from stay_durations where " + DaySpan.days("day")
				+ " union all select stage, coalesce(owner_id, ?), " + BUCKET + ", " + span.sign("entered_at")
				+ " from stage_stays where left_at is not null and " + DaySpan.edges("entered_at")
				+ ") x group by 1, 2, 3 having sum(n) <> 0", (rs) -> {
					cell(cells, rs.getString(1), rs.getObject(2, UUID.class)).durations.merge(rs.getInt(3),
							rs.getLong(4), Long::sum);
				}, DaySpan.parameters(span.dayParameters(), NO_OWNER, span.signParameter(), span.edgeParameters()));
		this.jdbc.query("select stage, coalesce(owner_id, ?), next_stage, coalesce(reason, ''), " + BUCKET
				+ ", count(*) from stage_stays where left_at > ? and entered_at >= ? and entered_at < ? "
				+ "group by 1, 2, 3, 4, 5", (rs) -> {
					Cell cell = cell(cells, rs.getString(1), rs.getObject(2, UUID.class));
					long n = rs.getLong(6);
					cell.ends.merge(List.of(rs.getString(3), rs.getString(4)), -n, Long::sum);
					cell.ends.merge(OPEN, n, Long::sum);
					cell.durations.merge(rs.getInt(5), -n, Long::sum);
				}, NO_OWNER, Timestamp.from(window.asOf()), Timestamp.from(window.from()),
				Timestamp.from(window.seenUntil()));
		return cells;
	}

	private static Cell cell(Map<String, Map<UUID, Cell>> cells, String stage, UUID owner) {
		return cells.computeIfAbsent(stage, (k) -> new HashMap<>()).computeIfAbsent(owner, (k) -> new Cell());
	}

	/**
	 * Per stage, the figures of the owners chosen; stages nobody entered are left out.
	 */
	private static Map<String, StageFigures> figures(Map<String, Map<UUID, Cell>> cells, Shape shape,
			java.util.function.Predicate<UUID> owners) {
		Map<String, StageFigures> figures = new LinkedHashMap<>();
		measure(cells, shape, owners).forEach((stage, measured) -> figures.put(stage, measured.figures()));
		return figures;
	}

	/** A stage's figures, and how many of those who entered left for each next stage. */
	private record Measured(StageFigures figures, Map<String, Long> to) {
	}

	private static Map<String, Measured> measure(Map<String, Map<UUID, Cell>> cells, Shape shape,
			java.util.function.Predicate<UUID> owners) {
		List<String> order = List.of(shape.order());
		Set<String> leaks = Set.of(shape.leaks());
		Map<String, Measured> figures = new LinkedHashMap<>();
		cells.forEach((stage, byOwner) -> {
			Cell cell = new Cell();
			byOwner.forEach((owner, c) -> {
				if (owners.test(owner)) {
					cell.add(c);
				}
			});
			long entered = 0;
			long advanced = 0;
			long leaked = 0;
			List<Leak> leaksOf = new ArrayList<>();
			Map<String, Long> to = new TreeMap<>();
			for (Map.Entry<List<String>, Long> end : cell.ends.entrySet()) {
				long n = end.getValue();
				if (n <= 0) {
					continue;
				}
				entered += n;
				String next = end.getKey().get(0);
				if (next.isEmpty()) {
					continue;
				}
				to.merge(next, n, Long::sum);
				if (leaks.contains(next)) {
					leaked += n;
					String reason = end.getKey().get(1);
					leaksOf.add(new Leak(next, reason.isEmpty() ? null : reason, n));
				}
				else if (advances(stage, next, order, leaks)) {
					advanced += n;
				}
			}
			if (entered == 0) {
				return;
			}
			// as the leaks were listed before the rollups: most first, then by stage and
			// reason, no reason last
			leaksOf.sort(Comparator.comparingLong(Leak::count)
				.reversed()
				.thenComparing(Leak::to)
				.thenComparing(Leak::reason, Comparator.nullsLast(Comparator.naturalOrder())));
			figures.put(stage, new Measured(new StageFigures(stage, entered, advanced, rate(advanced, entered),
					median(cell.durations), leaked, leaksOf), to));
		});
		return figures;
	}

	/**
	 * Whether leaving a stage for the next is advancing: to a later stage that is no
	 * leak, or out of a leak back into the cycle.
	 */
	private static boolean advances(String stage, String next, List<String> order, Set<String> leaks) {
		return !leaks.contains(next) && order.contains(stage) && order.contains(next)
				&& (leaks.contains(stage) || order.indexOf(next) > order.indexOf(stage));
	}

	/**
	 * The median hours of the times counted by bucket, as PostgreSQL's
	 * {@code percentile_cont(0.5)} would give over each bucket's lower bound: to the hour
	 * under 1,000 hours, within 1% above; null when none.
	 */
	static BigDecimal median(TreeMap<Integer, Long> durations) {
		long total = 0;
		for (long n : durations.values()) {
			total += Math.max(n, 0);
		}
		if (total == 0) {
			return null;
		}
		long low = (total - 1) / 2;
		long high = total / 2;
		double lowHours = Double.NaN;
		double highHours = Double.NaN;
		long seen = 0;
		for (Map.Entry<Integer, Long> bucket : durations.entrySet()) {
			long n = Math.max(bucket.getValue(), 0);
			if (n == 0) {
				continue;
			}
			if (Double.isNaN(lowHours) && low < seen + n) {
				lowHours = hours(bucket.getKey());
			}
			if (high < seen + n) {
				highHours = hours(bucket.getKey());
				break;
			}
			seen += n;
		}
		return BigDecimal.valueOf((lowHours + highHours) / 2).setScale(2, RoundingMode.HALF_UP);
	}

	/** The lower bound in hours of a bucket of {@code revcycle_stay_bucket}. */
	static double hours(int bucket) {
		return (bucket < 1000) ? bucket : 1000 * Math.pow(1.01, bucket - 1000);
	}

	static BigDecimal rate(long part, long whole) {
		return (whole == 0) ? null
				: BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
	}

}
