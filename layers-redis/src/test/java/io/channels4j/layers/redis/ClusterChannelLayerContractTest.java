package io.channels4j.layers.redis;


import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ChannelNames;
import io.channels4j.testing.ChannelLayerContract;
import io.channels4j.testing.RedisProcesses;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The layer contract on a cluster of its own: three masters, groups on sharded pub/sub. */
@Tag("slow")
class ClusterChannelLayerContractTest extends ChannelLayerContract {
    private static RedisProcesses redis;
    private static String url;

    @BeforeAll
    static void start() {
        RedisProcesses.assumeInstalled();
        redis = new RedisProcesses(Path.of("target/redis-cluster-contract"));
        url = redis.cluster(3, 0);
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected ChannelLayer newLayer(int capacity, Duration expiry) {
        return RedisChannelLayer.builder().url(url).prefix("test" + ChannelNames.randomLetters(8)).capacity(capacity).expiry(expiry).build();
    }
}
