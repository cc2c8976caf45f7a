package io.channels4j.layers.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/** Consistent hashing of names onto shards, with virtual nodes so shards share the load evenly. */
final class HashRing<T> {
    private static final int VIRTUAL_NODES = 160;
    private final TreeMap<Long, T> ring = new TreeMap<>();

    HashRing(List<T> shards) {
        for (int s = 0; s < shards.size(); s++) {
            for (int v = 0; v < VIRTUAL_NODES; v++) {
                ring.put(hash("shard-" + s + "-" + v), shards.get(s));
            }
        }
    }

    T shardFor(String name) {
        Map.Entry<Long, T> entry = ring.ceilingEntry(hash(name));
        return entry != null ? entry.getValue() : ring.firstEntry().getValue();
    }

    private static long hash(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        long h = crc.getValue();
        return (h * 0x9E3779B97F4A7C15L) >>> 16; // spread CRC32's clustered values around the ring
    }
}
