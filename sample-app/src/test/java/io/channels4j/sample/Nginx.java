package io.channels4j.sample;

import io.channels4j.testing.Eventually;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private nginx (Debian's, as root or not) in front of one app, running the guide's config: a non-daemon single
 * process with its pid file, logs and temp files under {@code target/}, stopped by its PID. It never binds port 80 or
 * 443 and never writes to /var/log.
 */
final class Nginx implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/nginx");
    /** The config the deployment guide shows, verbatim. */
    static final Path GUIDE_CONFIG = repositoryRoot().resolve("docs/nginx/channels4j.conf");

    private final Path dir;
    private final Process process;
    final int port;
    final Path certificate;

    private Nginx(Path dir, Process process, int port, Path certificate) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.certificate = certificate;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isExecutable(Path.of("/usr/bin/openssl"));
    }

    /**
     * Serves the guide's config on 127.0.0.1:{@code port} with a fresh self-signed certificate, proxying to the app
     * nodes on {@code upstreamPorts} (round-robin, as the guide's upstream does with several server lines).
     */
    static Nginx start(int port, int... upstreamPorts) throws Exception {
        Path dir = Path.of("target", "nginx-" + port).toAbsolutePath();
        Files.createDirectories(dir.resolve("temp"));
        Path certificate = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        run(dir, List.of("/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", certificate.toString(), "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1"));
        Files.writeString(dir.resolve("channels4j.conf"), site(Files.readString(GUIDE_CONFIG), port, certificate, key, upstreamPorts));
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "daemon off;",
                "master_process off;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + " info;",
                "events { worker_connections 128; }",
                "http {",
                "    access_log " + dir.resolve("access.log") + ";",
                "    client_body_temp_path " + dir.resolve("temp/body") + ";",
                "    proxy_temp_path " + dir.resolve("temp/proxy") + ";",
                "    fastcgi_temp_path " + dir.resolve("temp/fastcgi") + ";",
                "    uwsgi_temp_path " + dir.resolve("temp/uwsgi") + ";",
                "    scgi_temp_path " + dir.resolve("temp/scgi") + ";",
                "    include " + dir.resolve("channels4j.conf") + ";",
                "}", ""));
        Process process = new ProcessBuilder(BINARY.toString(), "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Nginx nginx = new Nginx(dir, process, port, certificate);
        try {
            Eventually.await(Duration.ofSeconds(20), () -> !process.isAlive() || accepts(port), "nginx listening on " + port);
            if (!process.isAlive()) {
                throw new AssertionError("nginx exited with " + process.exitValue() + ":\n" + nginx.log());
            }
        } catch (RuntimeException | AssertionError e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    /** The guide's config for this test: its own ports and certificate, every other line as published. */
    static String site(String config, int port, Path certificate, Path key, int... upstreamPorts) {
        StringBuilder servers = new StringBuilder();
        for (int upstream : upstreamPorts) {
            servers.append(servers.isEmpty() ? "" : "\n    ").append("server 127.0.0.1:").append(upstream).append(';');
        }
        config = replaceOnce(config, "server 127.0.0.1:8000;", servers.toString());
        config = replaceOnce(config, "listen 443 ssl;", "listen 127.0.0.1:" + port + " ssl;");
        config = replaceOnce(config, "/etc/ssl/certs/example.com.pem", certificate.toString());
        return replaceOnce(config, "/etc/ssl/private/example.com.key", key.toString());
    }

    private static String replaceOnce(String text, String target, String replacement) {
        int at = text.indexOf(target);
        if (at < 0 || text.indexOf(target, at + 1) >= 0) {
            throw new AssertionError("docs/nginx/channels4j.conf must contain '" + target + "' exactly once: the test substitutes it");
        }
        return text.substring(0, at) + replacement + text.substring(at + target.length());
    }

    String log() {
        try {
            String out = Files.exists(dir.resolve("nginx.out")) ? Files.readString(dir.resolve("nginx.out")) : "";
            String error = Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : "";
            return out + error;
        } catch (IOException e) {
            return "(could not read nginx's logs: " + e + ")";
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(Path dir, List<String> command) throws Exception {
        Path out = dir.resolve("openssl.out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed:\n" + Files.readString(out, StandardCharsets.UTF_8));
        }
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs/nginx"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("no docs/nginx above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Stops nginx by its PID (SIGTERM: a fast shutdown), forcibly if it lingers. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
