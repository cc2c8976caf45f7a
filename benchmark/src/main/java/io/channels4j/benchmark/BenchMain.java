package io.channels4j.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs channels4j and bare Undertow side by side, each server in its own JVM pinned to core 1, the load
 * generator on core 0, and prints a Markdown table with the ratios channels4j / bare Undertow.
 * <pre>
 * taskset -c 0 java -jar benchmark/target/benchmark.jar [--quick] [--runs N] [--only echo,broadcast,handshakes,compressed,idle,groupsend,presence,history]
 * </pre>
 * Every scenario runs {@code --runs} times (default 3), the two servers alternating within each run; the table gives
 * the median and the range of the runs.
 */
public final class BenchMain {
    private final Table table = new Table("channels4j", "bare Undertow");
    private final Table compression = new Table("compress once (SHARED)", "per member (PER_CONNECTION)");

    private BenchMain() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        List<String> list = Arrays.asList(args);
        boolean quick = list.contains("--quick");
        Set<String> only = Set.of("echo", "broadcast", "handshakes", "compressed", "idle", "groupsend", "presence", "history");
        int at = list.indexOf("--only");
        if (at >= 0 && at + 1 < list.size()) {
            only = Set.of(list.get(at + 1).split(","));
        }
        int runsAt = list.indexOf("--runs");
        int runs = runsAt >= 0 && runsAt + 1 < list.size() ? Integer.parseInt(list.get(runsAt + 1)) : 3;
        BenchMain bench = new BenchMain();
        System.out.printf("machine: %d cores (%s), %d GiB; JDK %s (%s); load generator on core 0, each server on core 1 (taskset)%n",
                cores(), cpuModel(), memoryGiB(), System.getProperty("java.version"), System.getProperty("java.vm.name"));
        System.out.println("command: bash benchmark/run " + String.join(" ", args) + "; " + runs + " runs, each figure the median (min-max)");
        for (int run = 1; run <= runs; run++) {
            System.err.println("run " + run + " of " + runs);
            bench.run(quick, only);
        }
        bench.print(only, quick);
    }

    private void run(boolean quick, Set<String> only) throws Exception {
        if (only.contains("compressed")) {
            compressed(quick);
        }
        if (!only.contains("echo") && !only.contains("broadcast") && !only.contains("handshakes") && !only.contains("idle")) {
            return;
        }
        try (LoadClient client = new LoadClient();
             ServerProcess c4j = ServerProcess.start("channels4j", "1");
             ServerProcess bare = ServerProcess.start("undertow", "1")) {
            Scenarios scenarios = new Scenarios(client, quick);
            if (only.contains("echo")) {
                if (!quick) {
                    // each server pinned to one core compiles for tens of seconds (a quarter of its CPU in profiles),
                    // stalling its IO thread meanwhile: one unmeasured echo run first, so the first rows are not its start
                    scenarios.echo(c4j, 50);
                    settle(c4j);
                    scenarios.echo(bare, 50);
                    settle(bare);
                }
                for (int connections : new int[] {1, 50, 500}) {
                    Scenarios.Echo a = scenarios.echo(c4j, connections);
                    settle(c4j);
                    Scenarios.Echo b = scenarios.echo(bare, connections);
                    settle(bare);
                    row("echo " + connections + " conn", "messages/s", a.messagesPerSecond(), b.messagesPerSecond(), "%.0f");
                    row("echo " + connections + " conn", "p50 latency (µs)", a.p50Micros(), b.p50Micros(), "%.0f");
                    row("echo " + connections + " conn", "p99 latency (µs)", a.p99Micros(), b.p99Micros(), "%.0f");
                    row("echo " + connections + " conn", "p99.9 latency (µs)", a.p999Micros(), b.p999Micros(), "%.0f");
                    row("echo " + connections + " conn", "server CPU (cores)", a.serverCpu(), b.serverCpu(), "%.2f");
                    row("echo " + connections + " conn", "load generator CPU (cores)", a.clientCpu(), b.clientCpu(), "%.2f");
                }
            }
            if (only.contains("broadcast")) {
                for (int members : quick ? new int[] {1000} : new int[] {1000, 10_000}) {
                    Scenarios.Broadcast a = scenarios.broadcast(c4j, members, "room" + members);
                    settle(c4j);
                    Scenarios.Broadcast b = scenarios.broadcast(bare, members, "room" + members);
                    settle(bare);
                    row("broadcast " + members, "time to last member p50 (ms)", a.p50Millis(), b.p50Millis(), "%.1f");
                    row("broadcast " + members, "time to last member p99 (ms)", a.p99Millis(), b.p99Millis(), "%.1f");
                    row("broadcast " + members, "delivered/s at 100 sends/s", a.deliveredPerSecond(), b.deliveredPerSecond(), "%.0f");
                }
            }
            if (only.contains("handshakes")) {
                for (int concurrency : new int[] {16, 64}) {
                    Scenarios.Handshakes h = scenarios.handshakes(c4j, bare, concurrency);
                    row("handshakes, concurrency " + concurrency,
                            "per second, median of alternating rounds (channels4j with a fresh JWT each, Undertow without auth)",
                            h.channels4j(), h.bare(), "%.0f");
                }
            }
        }
        if (only.contains("idle")) {
            for (int connections : quick ? new int[] {1000} : new int[] {10_000, 18_000}) {
                Scenarios.Idle a;
                Scenarios.Idle b;
                try (LoadClient client = new LoadClient(); ServerProcess server = ServerProcess.start("channels4j", "1")) {
                    a = new Scenarios(client, quick).idle(server, connections);
                }
                try (LoadClient client = new LoadClient(); ServerProcess server = ServerProcess.start("undertow", "1")) {
                    b = new Scenarios(client, quick).idle(server, connections);
                }
                row("idle " + connections, "heap per connection (bytes)", a.heapPerConnection(), b.heapPerConnection(), "%.0f");
                row("idle " + connections, "RSS per connection (bytes)", a.rssPerConnection(), b.rssPerConnection(), "%.0f");
                row("idle " + connections, "connections answering at the end", a.answering(), b.answering(), "%.0f");
            }
        }
    }

    private void print(Set<String> only, boolean quick) throws Exception {
        table.print("scenario", "channels4j / Undertow");
        if (!compression.isEmpty()) {
            compression.print("compressed broadcast, 2 KB JSON, 100 sends/s", "once / per member");
        }
        if (only.contains("groupsend")) {
            groupSend(quick);
        }
        if (only.contains("presence")) {
            presence(quick);
        }
        if (only.contains("history")) {
            history(quick);
        }
    }

    private void presence(boolean quick) throws Exception {
        System.out.println();
        try (LoadClient client = new LoadClient();
             ServerProcess on = ServerProcess.start("channels4j", "1");
             ServerProcess off = ServerProcess.start("channels4j-nopresence", "1")) {
            Scenarios.Handshakes h = new Scenarios(client, quick).handshakes(on, off, 16);
            System.out.println("| chat handshakes, concurrency 16, in-memory layer | presence on | presence off | on / off |");
            System.out.println("|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| per second, median of %d alternating rounds | %.0f | %.0f | %.2f |%n",
                    quick ? 1 : 5, h.channels4j(), h.bare(), h.channels4j() / h.bare());
        }
        String url = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379/0");
        System.out.println();
        System.out.println("| Redis presence, room on two nodes | commands per join | commands per heartbeat (with sweep) |");
        System.out.println("|---|---|---|");
        try {
            for (int members : new int[] {10, 1000}) {
                PresenceBench.Result r = PresenceBench.redis(url, members);
                System.out.printf(Locale.ROOT, "| %,d members | %.1f | %.1f |%n", members, r.commandsPerJoin(), r.commandsPerHeartbeat());
            }
        } catch (RuntimeException e) {
            System.out.println("| not measured | " + e.getMessage() + " | |");
        }
    }

    // both servers are channels4j: one deflates a group message once, the other once per member
    private void compressed(boolean quick) throws Exception {
        for (int members : quick ? new int[] {200} : new int[] {1000}) {
            Scenarios.Compressed once;
            Scenarios.Compressed each;
            try (LoadClient client = new LoadClient(); ServerProcess server = ServerProcess.start("deflate-shared", "1")) {
                once = new Scenarios(client, quick).compressedBroadcast(server, members);
            }
            try (LoadClient client = new LoadClient(); ServerProcess server = ServerProcess.start("deflate-per-connection", "1")) {
                each = new Scenarios(client, quick).compressedBroadcast(server, members);
            }
            String scenario = members + " members";
            compression.add(scenario, "wire bytes per delivered message", once.wireBytesPerDelivered(), each.wireBytesPerDelivered(), "%.0f");
            compression.add(scenario, "server CPU per delivered message (µs)", once.serverCpuMicrosPerDelivered(),
                    each.serverCpuMicrosPerDelivered(), "%.2f");
            compression.add(scenario, "delivered/s", once.deliveredPerSecond(), each.deliveredPerSecond(), "%.0f");
        }
    }

    private void groupSend(boolean quick) throws Exception {
        String url = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379/0");
        int rounds = quick ? 50 : 300;
        System.out.println();
        System.out.println("| groupSend to 1,000 members | p50 (µs) | p99 (µs) |");
        System.out.println("|---|---|---|");
        GroupSendBench.Result memory = GroupSendBench.inMemory(1000, rounds);
        System.out.printf(Locale.ROOT, "| in-memory layer, one process | %.0f | %.0f |%n", memory.p50Micros(), memory.p99Micros());
        try {
            GroupSendBench.Result redis = GroupSendBench.redis(url, 1000, rounds);
            System.out.printf(Locale.ROOT, "| Redis layer, members on two nodes | %.0f | %.0f |%n", redis.p50Micros(), redis.p99Micros());
            System.out.println();
            System.out.printf(Locale.ROOT, "Redis commands per groupSend (INFO stats): %.1f at 10 members, %.1f at 1,000 members%n",
                    GroupSendBench.redisCommandsPerGroupSend(url, 10), GroupSendBench.redisCommandsPerGroupSend(url, 1000));
        } catch (RuntimeException e) {
            System.out.println("| Redis layer | not measured: " + e.getMessage() + " | |");
        }
        groupSendOnACluster(rounds);
    }

    // a private cluster of three masters (no replicas), started here and stopped by PID
    private void groupSendOnACluster(int rounds) throws Exception {
        if (!io.channels4j.testing.RedisProcesses.installed()) {
            System.out.println("| Redis Cluster layer | not measured: redis-server is not installed | |");
            return;
        }
        try (io.channels4j.testing.RedisProcesses redis = new io.channels4j.testing.RedisProcesses(java.nio.file.Path.of("benchmark/target/redis-cluster"))) {
            String url = redis.cluster(3, 0);
            java.util.List<Integer> masters = redis.clusterMasters();
            java.util.function.LongSupplier commands = () -> masters.stream().mapToLong(port -> {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("total_commands_processed:(\\d+)").matcher(redis.cli(port, "INFO", "stats"));
                return m.find() ? Long.parseLong(m.group(1)) : 0;
            }).sum() - masters.size(); // each INFO counts itself
            GroupSendBench.Result cluster = GroupSendBench.redis(url, 1000, rounds);
            System.out.println();
            System.out.println("| groupSend to 1,000 members | p50 (µs) | p99 (µs) |");
            System.out.println("|---|---|---|");
            System.out.printf(Locale.ROOT, "| Redis Cluster layer (3 masters, sharded pub/sub), members on two nodes | %.0f | %.0f |%n",
                    cluster.p50Micros(), cluster.p99Micros());
            System.out.println();
            System.out.printf(Locale.ROOT, "Redis Cluster commands per groupSend (INFO stats, all masters): %.1f at 10 members, %.1f at 1,000 members%n",
                    GroupSendBench.redisCommandsPerGroupSend(url, 10, commands), GroupSendBench.redisCommandsPerGroupSend(url, 1000, commands));
            System.out.println("Masters that ran SPUBLISH: " + masters.stream()
                    .filter(port -> redis.cli(port, "INFO", "commandstats").contains("cmdstat_spublish")).count() + " of " + masters.size());
        }
    }

    // the cost of keeping history: the same broadcast with and without, in alternating runs so that drift and
    // the JIT hit both alike; each cell is the median of the runs' percentiles
    private void history(boolean quick) throws Exception {
        String url = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379/0");
        int rounds = quick ? 50 : 300;
        int runs = quick ? 3 : 5;
        System.out.println();
        System.out.println("| groupSend to 1,000 members, time to the last member | without history p50 / p99 (µs) | with history p50 / p99 (µs) |");
        System.out.println("|---|---|---|");
        GroupSendBench.inMemory(1000, rounds, true); // warm-up, unmeasured
        List<GroupSendBench.Result> plain = new java.util.ArrayList<>();
        List<GroupSendBench.Result> kept = new java.util.ArrayList<>();
        for (int run = 0; run < runs; run++) {
            plain.add(GroupSendBench.inMemory(1000, rounds, false));
            kept.add(GroupSendBench.inMemory(1000, rounds, true));
        }
        historyRow("in-memory layer, one process", plain, kept);
        try {
            GroupSendBench.redis(url, 1000, rounds, true); // warm-up, unmeasured
            plain.clear();
            kept.clear();
            for (int run = 0; run < runs; run++) {
                plain.add(GroupSendBench.redis(url, 1000, rounds, false));
                kept.add(GroupSendBench.redis(url, 1000, rounds, true));
            }
            historyRow("Redis layer, members on two nodes", plain, kept);
        } catch (RuntimeException e) {
            System.out.println("| Redis layer | not measured: " + e.getMessage() + " | |");
        }
    }

    private static void historyRow(String layer, List<GroupSendBench.Result> plain, List<GroupSendBench.Result> kept) {
        System.out.printf(Locale.ROOT, "| %s | %.0f / %.0f | %.0f / %.0f |%n", layer,
                median(plain.stream().mapToDouble(GroupSendBench.Result::p50Micros).toArray()),
                median(plain.stream().mapToDouble(GroupSendBench.Result::p99Micros).toArray()),
                median(kept.stream().mapToDouble(GroupSendBench.Result::p50Micros).toArray()),
                median(kept.stream().mapToDouble(GroupSendBench.Result::p99Micros).toArray()));
    }

    private static double median(double[] values) {
        java.util.Arrays.sort(values);
        return values[values.length / 2];
    }

    // a scenario's thousands of closing connections must not be measured as the next scenario's work
    private static void settle(ServerProcess server) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            long before = server.cpuNanos();
            java.util.concurrent.TimeUnit.MILLISECONDS.sleep(500);
            if (server.cpuNanos() - before < 25_000_000L) {
                return;
            }
        }
    }

    private void row(String scenario, String metric, double channels4j, double bare, String format) {
        table.add(scenario, metric, channels4j, bare, format);
    }

    // this process is itself pinned to one core, so availableProcessors() would say 1
    private static long cores() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
        } catch (java.io.IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static long memoryGiB() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 30;
    }

    private static String cpuModel() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (java.io.IOException e) {
            return "unknown CPU";
        }
    }
}
