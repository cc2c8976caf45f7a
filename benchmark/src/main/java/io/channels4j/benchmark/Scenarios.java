package io.channels4j.benchmark;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The measured scenarios; each runs against one server and reports figures for the table. */
final class Scenarios {
    /** A 64-byte echo message: {"message":"..."} */
    static final String ECHO = "{\"message\":\"" + "x".repeat(50) + "\"}";
    private final LoadClient client;
    private final boolean quick;

    Scenarios(LoadClient client, boolean quick) {
        this.client = client;
        this.quick = quick;
    }

    record Echo(double messagesPerSecond, double p50Micros, double p99Micros, double p999Micros, double clientCpu, double serverCpu) {
    }

    record Broadcast(double p50Millis, double p99Millis, double deliveredPerSecond) {
    }

    static String token() {
        return token(0);
    }

    // every token its own: the server's verification cache must not make a reconnect storm look cheap
    static String token(long id) {
        return Jwts.builder().subject("alice").id(Long.toString(id)).expiration(Date.from(Instant.now().plusSeconds(3600)))
                .signWith(Keys.hmacShaKeyFor(BenchServer.JWT_SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
    }

    /** A 2 KB JSON event as a chat or trading app would broadcast it. */
    static String twoKilobyteEvent(int round) {
        StringBuilder json = new StringBuilder("{\"kind\":\"room.snapshot\",\"round\":").append(round).append(",\"members\":[");
        String[] names = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"};
        for (int i = 0; json.length() < 1900; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":").append(1000 + i * 37).append(",\"name\":\"").append(names[i % names.length])
                    .append(i).append("\",\"status\":\"").append(i % 3 == 0 ? "away" : "online").append("\",\"lastSeen\":\"2026-12-04T18:")
                    .append(10 + i % 50).append(":").append(10 + (i * 7) % 50).append("Z\",\"unread\":").append((i * 13) % 40).append("}");
        }
        return json.append("]}").toString();
    }

    record Compressed(double wireBytesPerDelivered, double serverCpuMicrosPerDelivered, double deliveredPerSecond) {
    }

    /**
     * A room whose members all negotiated permessage-deflate; 100 sends per second of a 2 KB JSON event. Reports the
     * bytes that reached the members per delivered message (frame headers included) and the server's CPU per delivery.
     */
    Compressed compressedBroadcast(ServerProcess server, int members) throws Exception {
        AtomicInteger got = new AtomicInteger();
        List<LoadClient.Conn> conns = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            InetSocketAddress local = new InetSocketAddress("127.0.0." + (2 + i / 20_000), 0);
            conns.add(client.connect(uri(server, "/room/"), local, true, (conn, text, now) -> got.incrementAndGet()).get(60, TimeUnit.SECONDS));
        }
        LoadClient.Conn sender = client.connect(uri(server, "/room/"), null, true, (conn, text, now) -> { }).get(60, TimeUnit.SECONDS);
        int seconds = quick ? 3 : 10;
        for (int warm = 0; warm < 2; warm++) { // the first seconds warm the JIT
            paced(sender, 100, 2);
        }
        TimeUnit.MILLISECONDS.sleep(500);
        client.group.submit(() -> got.set(0)).get();
        long wire0 = client.wireBytesIn.get();
        long cpu0 = server.cpuNanos();
        paced(sender, 100, seconds);
        TimeUnit.MILLISECONDS.sleep(500);
        long delivered = client.group.submit(() -> (long) got.get()).get();
        long wire = client.wireBytesIn.get() - wire0;
        long cpu = server.cpuNanos() - cpu0;
        conns.add(sender);
        closeAll(conns);
        return new Compressed((double) wire / delivered, cpu / 1e3 / delivered, delivered / (seconds + 0.5));
    }

    private void paced(LoadClient.Conn sender, int perSecond, int seconds) throws InterruptedException {
        long start = System.nanoTime();
        long interval = 1_000_000_000L / perSecond;
        for (int i = 0; i < seconds * perSecond; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String event = twoKilobyteEvent(i);
            client.group.execute(() -> sender.send(event));
        }
    }

    private static URI uri(ServerProcess server, String path) {
        return URI.create("ws://127.0.0.1:" + server.port + path);
    }

    private String roomPath(ServerProcess server, String room) {
        return server.kind.startsWith("channels4j") ? "/ws/chat/" + room + "/?token=" + token() : "/ws/chat/" + room + "/";
    }

    private List<LoadClient.Conn> open(ServerProcess server, String path, int count, LoadClient.Listener listener) throws Exception {
        List<CompletableFuture<LoadClient.Conn>> pending = new ArrayList<>();
        List<LoadClient.Conn> conns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // spread over source addresses so tens of thousands of connections do not run out of ports
            InetSocketAddress local = new InetSocketAddress("127.0.0." + (2 + i / 20_000), 0);
            pending.add(client.connect(uri(server, path), local, listener));
            if (pending.size() == 200) {
                for (CompletableFuture<LoadClient.Conn> f : pending) {
                    conns.add(f.get(60, TimeUnit.SECONDS));
                }
                pending.clear();
            }
        }
        for (CompletableFuture<LoadClient.Conn> f : pending) {
            conns.add(f.get(60, TimeUnit.SECONDS));
        }
        return conns;
    }

    Echo echo(ServerProcess server, int connections) throws Exception {
        Samples latencies = new Samples();
        AtomicLong replies = new AtomicLong();
        boolean[] measuring = {false};
        List<LoadClient.Conn> conns = open(server, "/ws/update/", connections, (conn, text, now) -> {
            if (measuring[0]) {
                latencies.add(now - conn.sentAt);
                replies.incrementAndGet();
            }
            conn.send(ECHO);
        });
        client.group.submit(() -> conns.forEach(c -> c.send(ECHO))).get();
        TimeUnit.SECONDS.sleep(quick ? 1 : 10); // warm-up: the JIT of both sides settles (3 s was not enough on one core)
        client.group.submit(() -> {
            latencies.clear();
            measuring[0] = true;
        }).get();
        long cpu0 = clientCpu();
        long serverCpu0 = server.cpuNanos();
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(quick ? 2 : 10);
        Echo result = client.group.submit(() -> {
            measuring[0] = false;
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Echo(replies.get() / seconds, latencies.percentile(50) / 1e3, latencies.percentile(99) / 1e3,
                    latencies.percentile(99.9) / 1e3, 0, 0);
        }).get();
        double seconds = (System.nanoTime() - start) / 1e9;
        result = new Echo(result.messagesPerSecond(), result.p50Micros(), result.p99Micros(), result.p999Micros(),
                (clientCpu() - cpu0) / 1e9 / seconds, (server.cpuNanos() - serverCpu0) / 1e9 / seconds);
        closeAll(conns);
        return result;
    }

    Broadcast broadcast(ServerProcess server, int members, String room) throws Exception {
        AtomicInteger got = new AtomicInteger();
        long[] sentAt = {0};
        Samples timeToLast = new Samples();
        CountDownLatch[] all = {new CountDownLatch(1)};
        List<LoadClient.Conn> conns = open(server, roomPath(server, room), members, (conn, text, now) -> {
            if (got.incrementAndGet() == members) {
                timeToLast.add(now - sentAt[0]);
                all[0].countDown();
            }
        });
        LoadClient.Conn sender = open(server, roomPath(server, room), 1, (conn, text, now) -> { }).get(0);
        int rounds = quick ? 5 : 30;
        for (int i = 0; i < rounds + 3; i++) {
            all[0] = new CountDownLatch(1);
            int round = i;
            client.group.submit(() -> {
                got.set(0);
                if (round == 3) {
                    timeToLast.clear(); // the first rounds warm up
                }
                sentAt[0] = System.nanoTime();
                sender.send("{\"message\":\"round " + round + "\"}");
            }).get();
            if (!all[0].await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(server.kind + ": broadcast " + i + " reached " + got.get() + " of " + members);
            }
        }
        double p50 = timeToLast.percentile(50) / 1e6;
        double p99 = timeToLast.percentile(99) / 1e6;
        double rate = steadyDeliveries(conns.size(), sender, got);
        conns.add(sender);
        closeAll(conns);
        return new Broadcast(p50, p99, rate);
    }

    // a steady 100 sends per second into the room; counts what reaches the members
    private double steadyDeliveries(int members, LoadClient.Conn sender, AtomicInteger got) throws Exception {
        client.group.submit(() -> got.set(0)).get();
        int seconds = quick ? 2 : 5;
        long start = System.nanoTime();
        for (int i = 0; i < seconds * 100; i++) {
            long due = start + i * 10_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            client.group.execute(() -> sender.send("{\"message\":\"steady\"}"));
        }
        TimeUnit.MILLISECONDS.sleep(500);
        return client.group.submit(() -> got.get()).get() / ((System.nanoTime() - start) / 1e9);
    }

    record Handshakes(double channels4j, double bare) {
    }

    /**
     * Handshakes per second of both servers, measured in alternating rounds after a long warm-up of each: on this
     * shared machine the rate drifts by tens of percent within minutes, and alternating puts both under the same drift.
     */
    Handshakes handshakes(ServerProcess channels4j, ServerProcess bare, int concurrency) throws Exception {
        int warmup = quick ? 1 : 30;
        int measured = quick ? 2 : 4;
        int rounds = quick ? 1 : 5;
        // minted ahead, one per connection: minting must not slow the load generator during the run
        Tokens tokens = new Tokens((warmup + rounds * measured) * 12_000L);
        java.util.function.Supplier<String> c4jPath = () -> "/ws/chat/handshakes/?token=" + tokens.next();
        java.util.function.Supplier<String> barePath = () -> "/ws/update/";
        // on one core the JIT compiler competes with the handshakes for half a minute (seen in profiles):
        // a long-running server is measured, not its start
        handshakeLoop(channels4j, c4jPath, concurrency, warmup);
        handshakeLoop(bare, barePath, concurrency, warmup);
        double[] a = new double[rounds];
        double[] b = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            TimeUnit.MILLISECONDS.sleep(500);
            a[i] = handshakeLoop(channels4j, c4jPath, concurrency, measured);
            TimeUnit.MILLISECONDS.sleep(500);
            b[i] = handshakeLoop(bare, barePath, concurrency, measured);
        }
        return new Handshakes(median(a), median(b));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Distinct valid JWTs, minted before the run; past the last one it starts over (reported, as that is a repeat). */
    private static final class Tokens {
        private final String[] tokens;
        private final AtomicLong next = new AtomicLong();

        Tokens(long count) {
            tokens = new String[(int) Math.min(count, 700_000)];
            java.util.stream.IntStream.range(0, tokens.length).parallel().forEach(i -> tokens[i] = token(i + 1));
        }

        String next() {
            long i = next.getAndIncrement();
            if (i == tokens.length) {
                System.err.println("handshakes: all " + tokens.length + " fresh tokens used; repeating from here");
            }
            return tokens[(int) (i % tokens.length)];
        }
    }

    private double handshakeLoop(ServerProcess server, java.util.function.Supplier<String> path, int concurrency, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> loops = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            // each loop its own source address, so closed connections waiting in TIME_WAIT do not use up the ports
            InetSocketAddress local = new InetSocketAddress("127.0.1." + (1 + i), 0);
            Thread loop = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        LoadClient.Conn conn = client.connect(uri(server, path.get()), local, (c, t, n) -> { }).get(30, TimeUnit.SECONDS);
                        done.incrementAndGet();
                        conn.channel.close().sync();
                    } catch (Exception e) {
                        throw new IllegalStateException(server.kind + " handshake failed: " + e, e);
                    }
                }
            });
            loop.start();
            loops.add(loop);
        }
        long start = System.nanoTime();
        for (Thread loop : loops) {
            loop.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    record Idle(double heapPerConnection, double rssPerConnection, int answering) {
    }

    Idle idle(ServerProcess server, int connections) throws Exception {
        long heap0 = server.heapAfterGc();
        long rss0 = server.rssBytes();
        AtomicInteger answered = new AtomicInteger();
        List<LoadClient.Conn> conns = open(server, "/ws/update/", connections, (conn, text, now) -> answered.incrementAndGet());
        TimeUnit.SECONDS.sleep(2);
        long heap = server.heapAfterGc() - heap0;
        long rss = server.rssBytes() - rss0;
        for (LoadClient.Conn conn : conns) {
            client.group.execute(() -> conn.send(ECHO));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (answered.get() < connections && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        closeAll(conns);
        return new Idle((double) heap / connections, (double) rss / connections, answered.get());
    }

    private void closeAll(List<LoadClient.Conn> conns) throws Exception {
        for (LoadClient.Conn conn : conns) {
            conn.close();
        }
        TimeUnit.MILLISECONDS.sleep(500);
    }

    private static long clientCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
