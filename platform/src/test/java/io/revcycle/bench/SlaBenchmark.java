package io.revcycle.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.revcycle.testsupport.ApiClient;
import io.revcycle.testsupport.AppProcess;
import io.revcycle.testsupport.RevcycleDatabase;
import io.revcycle.testsupport.TestServices;
import io.revcycle.testsupport.TestTenants;
import io.revcycle.testsupport.TestTenants.SignedUp;

/**
 * The SLA clock's benchmark (run by {@code docs/benchmarks/sla-bench.sh}): a tenant with
 * N open timers that are not due, plus D timers coming due over a window (all at once
 * when the window is 0), handled by two platform processes on the same database; measures
 * the lag between each timer's due time and its breach step running (the breach's
 * {@code at}) and being committed (a deferred trigger the benchmark adds to
 * {@code sla_breaches} notes the time at commit), and the throughput.
 */
public final class SlaBenchmark {

	private SlaBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int open = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		int due = (args.length > 1) ? Integer.parseInt(args[1]) : 20_000;
		int windowSeconds = (args.length > 2) ? Integer.parseInt(args[2]) : 60;
		Path root = AppProcess.projectRoot();
		RevcycleDatabase database = TestServices.postgres().createDatabase("revcycle_sla_bench", true);
		Map<String, Object> properties = new LinkedHashMap<>(database.springProperties());
		properties.putAll(TestServices.keycloak().springProperties());
		properties.putAll(TestServices.redis().springProperties());
		List<AppProcess> instances = new ArrayList<>();
		try {
			for (int i = 0; i < 2; i++) {
				int port;
				try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
					port = socket.getLocalPort();
				}
				// each instance names its connections, so the breaches it commits can be
				// counted
				Map<String, Object> own = new LinkedHashMap<>(properties);
				own.put("spring.datasource.hikari.data-source-properties.ApplicationName", "platform-" + i);
				instances.add(AppProcess.start("platform-" + i, AppProcess.jar(root, "platform"), port, own,
						root.resolve("platform/target/sla-bench")));
			}
			SignedUp tenant = TestTenants.signUp(new ApiClient(instances.get(0).url()), "slabench");
			try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.ownerUser(),
					database.ownerPassword()); Statement st = c.createStatement()) {
				st.execute("select set_config('app.tenant_id', '" + tenant.id() + "', false)");
				Instant loading = Instant.now();
				st.execute("insert into persons (tenant_id, id, email, stage, created_at, updated_at) select '"
						+ tenant.id() + "', gen_random_uuid(), case when i <= " + open + " then 'o' else 'd' end || i "
						+ "|| '@sla.example', 'MQL', now(), now() from generate_series(1, " + (open + due) + ") i");
				String ladder = "'[{\"afterMinutes\": 0, \"action\": \"notify_owner\"}]'";
				st.execute(
						"insert into sla_timers (tenant_id, id, person_id, stage, opened_at, due_at, status, ladder, "
								+ "next_step, next_step_at) select tenant_id, gen_random_uuid(), id, 'MQL', now(), "
								+ "now() + interval '30 days', 'OPEN', " + ladder + ", 0, now() + interval '30 days' "
								+ "from persons where email like 'o%'");
				st.execute("analyze persons; analyze sla_timers");
				// the moment each breach commits: a deferred trigger fires at commit
				st.execute("drop table if exists bench_breach_commits");
				st.execute("create table bench_breach_commits (breach_id uuid primary key, "
						+ "committed_at timestamptz not null, instance text)");
				st.execute("create or replace function bench_breach_committed() returns trigger language plpgsql as "
						+ "$$ begin insert into bench_breach_commits values (new.id, clock_timestamp(), "
						+ "current_setting('application_name')); return null; end $$");
				st.execute("drop trigger if exists bench_breach_committed on sla_breaches");
				st.execute("create constraint trigger bench_breach_committed after insert on sla_breaches "
						+ "deferrable initially deferred for each row execute function bench_breach_committed()");
				st.execute("grant insert on bench_breach_commits to " + database.appUser());
				System.out.printf("Loaded %d open timers in %.1f s%n", open,
						Duration.between(loading, Instant.now()).toMillis() / 1000d);
				// the timers under measurement come due over the window, starting a few
				// seconds from now
				st.execute(
						"insert into sla_timers (tenant_id, id, person_id, stage, opened_at, due_at, status, ladder, "
								+ "next_step, next_step_at) select tenant_id, gen_random_uuid(), id, 'MQL', now(), d, 'OPEN', "
								+ ladder
								+ ", 0, d from (select tenant_id, id, clock_timestamp() + interval '5 seconds' + "
								+ "(random() * " + windowSeconds + ") * interval '1 second' as d from persons "
								+ "where email like 'd%') s");
				Thread.sleep((windowSeconds + 10) * 1000L);
				for (int wait = 0; wait < 600; wait++) {
					try (ResultSet rs = st.executeQuery("select count(*) from sla_breaches")) {
						rs.next();
						if (rs.getInt(1) >= due) {
							break;
						}
					}
					Thread.sleep(1000);
				}
				try (ResultSet rs = st.executeQuery("select count(*), count(distinct b.timer_id), "
						+ "percentile_cont(0.5) within group (order by extract(epoch from b.at - b.due_at)), "
						+ "percentile_cont(0.99) within group (order by extract(epoch from b.at - b.due_at)), "
						+ "max(extract(epoch from b.at - b.due_at)), "
						+ "percentile_cont(0.5) within group (order by extract(epoch from c.committed_at - b.due_at)), "
						+ "percentile_cont(0.99) within group (order by extract(epoch from c.committed_at - b.due_at)), "
						+ "max(extract(epoch from c.committed_at - b.due_at)), "
						+ "extract(epoch from max(c.committed_at) - min(b.due_at)), count(c.breach_id) "
						+ "from sla_breaches b left join bench_breach_commits c on c.breach_id = b.id")) {
					rs.next();
					System.out.printf("%nSLA clock, 2 instances, %d open timers not due, %d coming due over %d s:%n",
							open, due, windowSeconds);
					System.out.printf("  breaches recorded: %d (distinct timers %d, commit times %d)%n", rs.getInt(1),
							rs.getInt(2), rs.getInt(10));
					System.out.printf("  lag from due to step run:   p50 %.3f s, p99 %.3f s, max %.3f s%n",
							rs.getDouble(3), rs.getDouble(4), rs.getDouble(5));
					System.out.printf("  lag from due to committed:  p50 %.3f s, p99 %.3f s, max %.3f s%n",
							rs.getDouble(6), rs.getDouble(7), rs.getDouble(8));
					System.out.printf("  first due to last commit: %.1f s, %.0f breaches/s%n", rs.getDouble(9),
							rs.getInt(1) / Math.max(rs.getDouble(9), 0.001));
				}
				try (ResultSet rs = st.executeQuery("select instance, count(*) from bench_breach_commits "
						+ "group by instance order by instance")) {
					while (rs.next()) {
						System.out.printf("  committed by %s: %d%n", rs.getString(1), rs.getInt(2));
					}
				}
			}
		}
		finally {
			instances.forEach(AppProcess::close);
		}
	}

}
