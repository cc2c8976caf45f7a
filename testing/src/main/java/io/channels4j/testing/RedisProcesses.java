package io.channels4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Private {@code redis-server} processes for a test: single servers, a Sentinel set or a cluster, on spare ports, with
 * their config files and logs under a directory of the test's (e.g. {@code target/redis}). {@link #close()} stops every
 * process it started, by its PID; nothing else is touched.
 * <pre>
 * try (RedisProcesses redis = new RedisProcesses(Path.of("target/redis"))) {
 *     String url = redis.sentinelSet("mymaster");   // redis-sentinel://127.0.0.1:p1,...#mymaster
 *     redis.cli(redis.sentinelPorts().get(0), "SENTINEL", "FAILOVER", "mymaster");
 * }
 * </pre>
 */
public final class RedisProcesses implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(15);

    private final Path dir;
    private final Map<Integer, Process> processes = new LinkedHashMap<>();
    private final List<Integer> sentinels = new ArrayList<>();
    private final List<Integer> clusterNodes = new ArrayList<>();

    /** Processes whose files go under {@code dir} (created when missing). */
    public RedisProcesses(Path dir) {
        this.dir = dir.toAbsolutePath();
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code redis-server} and {@code redis-cli} are on the PATH; tests assume it and skip otherwise. */
    public static boolean installed() {
        try {
            return new ProcessBuilder("redis-server", "--version").start().waitFor() == 0
                    && new ProcessBuilder("redis-cli", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Skips the calling test with a message when redis-server is missing, or fails it when {@code REDIS_REQUIRED} is
     * set (as the tests that use the shared Redis do).
     */
    public static void assumeInstalled() {
        boolean present = installed();
        if (!present && System.getenv("REDIS_REQUIRED") != null) {
            throw new AssertionError("REDIS_REQUIRED is set but redis-server or redis-cli is missing: apt-get install redis-server");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present, "Skipping: redis-server and redis-cli are not installed (set REDIS_REQUIRED to fail instead)");
    }

    /** A spare local TCP port. */
    public static int sparePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a redis-server with no persistence and the given extra config lines; returns its port. */
    public int server(String... configLines) {
        return start(sparePort(), false, configLines);
    }

    /** Starts a redis-server again on {@code port} (after {@link #kill(int)}), with the config file it had and no data. */
    public void restart(int port) {
        forgetData(port);
        launch(port, sentinels.contains(port));
    }

    // a port is reused across tests, and a replica's full sync leaves an RDB file behind: a server starts empty
    private void forgetData(int port) {
        try {
            Files.deleteIfExists(dir.resolve("dump-" + port + ".rdb"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One master, one replica and three sentinels watching the master as {@code masterName}; returns the layer's URL
     * {@code redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3/0#masterName}.
     */
    public String sentinelSet(String masterName) {
        int master = server();
        int replica = server("replicaof 127.0.0.1 " + master);
        Eventually.await(START, () -> cli(replica, "INFO", "replication").contains("master_link_status:up"), "the replica syncs");
        for (int i = 0; i < 3; i++) {
            int port = sparePort();
            sentinels.add(port);
            start(port, true, "sentinel monitor " + masterName + " 127.0.0.1 " + master + " 2",
                    "sentinel down-after-milliseconds " + masterName + " 1000",
                    "sentinel failover-timeout " + masterName + " 5000");
        }
        for (int port : sentinels) {
            Eventually.await(START, () -> cli(port, "SENTINEL", "REPLICAS", masterName).contains(String.valueOf(replica)),
                    "sentinel " + port + " knows the replica");
        }
        return "redis-sentinel://" + String.join(",", sentinels.stream().map(p -> "127.0.0.1:" + p).toList()) + "/0#" + masterName;
    }

    /** The sentinels' ports, in start order. */
    public List<Integer> sentinelPorts() {
        return List.copyOf(sentinels);
    }

    /** The port of the master the sentinels name now. */
    public int sentinelMaster(String masterName) {
        String[] reply = cli(sentinels.get(0), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName).trim().split("\\s+");
        return Integer.parseInt(reply[reply.length - 1]);
    }

    /**
     * A cluster of {@code masters} masters with {@code replicasPerMaster} replicas each, formed with
     * {@code redis-cli --cluster create}; returns the layer's URL {@code redis-cluster://127.0.0.1:p1,...}.
     */
    public String cluster(int masters, int replicasPerMaster) {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
            int port = sparePort();
            try {
                Files.deleteIfExists(dir.resolve("nodes-" + port + ".conf")); // a node would rejoin the cluster of an earlier run
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            start(port, false, "cluster-enabled yes", "cluster-config-file nodes-" + port + ".conf", "cluster-node-timeout 1000",
                    "cluster-replica-validity-factor 0"); // a replica may always take over: the tests kill masters on purpose
            clusterNodes.add(port);
            addresses.add("127.0.0.1:" + port);
        }
        List<String> create = new ArrayList<>(List.of("--cluster", "create"));
        create.addAll(addresses);
        create.addAll(List.of("--cluster-replicas", String.valueOf(replicasPerMaster), "--cluster-yes"));
        String out = run(create.toArray(new String[0]));
        if (!out.contains("All 16384 slots covered")) {
            throw new IllegalStateException("redis-cli --cluster create failed: " + out);
        }
        for (int port : clusterNodes) {
            Eventually.await(START, () -> cli(port, "CLUSTER", "INFO").contains("cluster_state:ok"), "node " + port + " sees the cluster ok");
        }
        return "redis-cluster://" + String.join(",", addresses.subList(0, masters));
    }

    /** The cluster's nodes that are masters now. */
    public List<Integer> clusterMasters() {
        return clusterNodes.stream().filter(p -> processes.get(p).isAlive() && cli(p, "ROLE").startsWith("master")).toList();
    }

    /** The cluster's nodes that are replicas now. */
    public List<Integer> clusterReplicas() {
        return clusterNodes.stream().filter(p -> processes.get(p).isAlive() && cli(p, "ROLE").startsWith("slave")).toList();
    }

    /** Kills the process on {@code port} at once (SIGKILL, by PID) and waits until it is gone. */
    public void kill(int port) {
        Process process = processes.get(port);
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends one command to the server on {@code port} and returns its reply as text, one value a line (an error reply
     * as {@code -ERR ...}, a missing value as an empty line).
     */
    public String cli(int port, String... args) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder reply = new StringBuilder();
            readReply(new java.io.BufferedInputStream(socket.getInputStream()), reply);
            return reply.toString();
        } catch (IOException e) {
            return "-ERR " + e.getMessage(); // down: callers wait for a reply that says what they need
        }
    }

    private static void readReply(java.io.InputStream in, StringBuilder out) throws IOException {
        String line = readLine(in);
        char kind = line.charAt(0);
        String rest = line.substring(1);
        switch (kind) {
            case '+', ':' -> out.append(rest).append('\n');
            case '-' -> out.append(line).append('\n');
            case '$' -> {
                int length = Integer.parseInt(rest);
                if (length >= 0) {
                    out.append(new String(in.readNBytes(length + 2), 0, length, StandardCharsets.UTF_8));
                }
                out.append('\n');
            }
            case '*' -> {
                for (int i = Integer.parseInt(rest); i > 0; i--) {
                    readReply(in, out);
                }
            }
            default -> throw new IOException("Unexpected Redis reply: " + line);
        }
    }

    private static String readLine(java.io.InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    private static String run(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1"));
        command.addAll(List.of(args));
        try {
            Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cli.waitFor(30, TimeUnit.SECONDS)) {
                cli.destroyForcibly();
                throw new IllegalStateException("redis-cli " + String.join(" ", args) + " did not finish in 30 s");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run redis-cli: install the redis-tools package.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int start(int port, boolean sentinel, String... configLines) {
        List<String> lines = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "save \"\"", "appendonly no",
                "dir " + dir, "logfile " + dir.resolve("redis-" + port + ".log"),
                // a replica's full sync writes an RDB file: one per server, or a later server in this dir would load it
                "dbfilename dump-" + port + ".rdb"));
        lines.addAll(List.of(configLines));
        try {
            Files.write(config(port), lines); // sentinels rewrite theirs, so it must be a file of their own
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        forgetData(port);
        launch(port, sentinel);
        return port;
    }

    private Path config(int port) {
        return dir.resolve("redis-" + port + ".conf");
    }

    private void launch(int port, boolean sentinel) {
        List<String> command = new ArrayList<>(List.of("redis-server", config(port).toString()));
        if (sentinel) {
            command.add("--sentinel");
        }
        try {
            processes.put(port, new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + port + ".out").toFile()).start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start redis-server: install the redis-server package.", e);
        }
        Process process = processes.get(port);
        // another process may have taken the spare port meanwhile: only our own process's answer counts
        Eventually.await(START, () -> !process.isAlive() || ownedBy(port, process),
                "redis on port " + port + " listens (log: " + dir.resolve("redis-" + port + ".log") + ")");
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " exited at start (the port was taken?): see "
                    + dir.resolve("redis-" + port + ".out") + " and " + dir.resolve("redis-" + port + ".log"));
        }
    }

    private boolean ownedBy(int port, Process process) {
        if (!listens(port)) {
            return false;
        }
        try {
            return cli(port, "INFO", "server").contains("process_id:" + process.pid() + "\r");
        } catch (RuntimeException notAnsweringYet) {
            return false;
        }
    }

    private static boolean listens(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Stops every process started here, by PID. */
    @Override
    public void close() {
        processes.values().forEach(Process::destroyForcibly);
        for (Process process : processes.values()) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
