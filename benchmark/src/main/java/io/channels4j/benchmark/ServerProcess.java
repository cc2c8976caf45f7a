package io.channels4j.benchmark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A benchmark server in its own JVM, pinned to one core, with its CPU time, heap and RSS readable from outside. */
final class ServerProcess implements AutoCloseable {
    final String kind;
    final int port;
    final long pid;
    private final Process process;

    private ServerProcess(String kind, int port, Process process, long pid) {
        this.kind = kind;
        this.port = port;
        this.process = process;
        this.pid = pid;
    }

    static ServerProcess start(String kind, String core) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = new File(BenchServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/taskset").canExecute()) {
            command.addAll(List.of("taskset", "-c", core));
        }
        command.addAll(List.of(java, "-Xms1g", "-Xmx2g", "-XX:+UseG1GC", "-DLOG_LEVEL=WARN"));
        // e.g. BENCH_SERVER_OPTS="-XX:StartFlightRecording=filename=/tmp/{kind}.jfr" to profile the servers under load
        String extra = System.getenv().getOrDefault("BENCH_SERVER_OPTS", "").trim().replace("{kind}", kind);
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", jar, BenchServer.class.getName(), kind, String.valueOf(port)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                long pid = Long.parseLong(line.substring(6).trim());
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "drain-" + kind);
                drain.setDaemon(true);
                drain.start();
                return new ServerProcess(kind, port, process, pid);
            }
        }
        throw new IllegalStateException(kind + " server exited before it was ready");
    }

    /** User plus system CPU time of the server, in nanoseconds. */
    long cpuNanos() throws IOException {
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
        return ticks * 10_000_000L; // USER_HZ = 100
    }

    /** Resident set size in bytes. */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    /** Heap in use after a full collection, in bytes, read with jcmd. */
    long heapAfterGc() throws Exception {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        for (String line : info.split("\n")) {
            line = line.trim();
            if (line.startsWith("garbage-first heap")) {
                String used = line.substring(line.indexOf("used") + 4).trim();
                return Long.parseLong(used.substring(0, used.indexOf('K')).trim()) * 1024;
            }
        }
        throw new IllegalStateException("no heap line in: " + info);
    }

    private String jcmd(String command) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
