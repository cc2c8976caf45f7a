package io.channels4j.layers.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisEndpointTest {
    @Test
    void readsASentinelSetWithItsMasterAndHidesThePassword() {
        RedisEndpoint sentinel = RedisEndpoint.parse("redis-sentinel://:secret@10.0.0.1:26379,10.0.0.2:26380/2#mymaster");
        assertEquals(RedisEndpoint.Kind.SENTINEL, sentinel.kind());
        assertEquals("mymaster", sentinel.uris().get(0).getSentinelMasterId());
        assertEquals(2, sentinel.uris().get(0).getSentinels().size());
        assertEquals("redis-sentinel://10.0.0.1:26379,10.0.0.2:26380/2#mymaster", sentinel.safeUrl());
    }

    @Test
    void readsAClustersSeedNodes() {
        RedisEndpoint cluster = RedisEndpoint.parse("redis-cluster://:secret@10.0.0.1:7000,10.0.0.2:7001");
        assertEquals(RedisEndpoint.Kind.CLUSTER, cluster.kind());
        assertEquals(2, cluster.uris().size());
        assertEquals(7001, cluster.uris().get(1).getPort());
        assertEquals("redis-cluster://10.0.0.1:7000,10.0.0.2:7001", cluster.safeUrl());
        assertFalse(cluster.safeUrl().contains("secret"));
    }

    @Test
    void rejectsASentinelUrlWithoutAMasterAndAnUnknownSchemeNamingTheForms() {
        IllegalArgumentException noMaster = assertThrows(IllegalArgumentException.class,
                () -> RedisEndpoint.parse("redis-sentinel://10.0.0.1:26379/0"));
        assertTrue(noMaster.getMessage().contains("#<master name>"), noMaster.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> RedisChannelLayer.builder().url("http://:pw@host:6379"));
        assertTrue(unknown.getMessage().contains("redis-cluster://") && !unknown.getMessage().contains("pw"), unknown.getMessage());
    }
}
