package io.channels4j.layers.redis;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a layer's Redis is, parsed from its URL: one server ({@code redis://}, {@code rediss://}), a Sentinel set
 * ({@code redis-sentinel://[:password@]host:port[,host:port]/db#master}, Lettuce's form) or a cluster's seed nodes
 * ({@code redis-cluster://[:password@]host:port[,host:port]}).
 */
record RedisEndpoint(Kind kind, List<RedisURI> uris, String safeUrl) {
    enum Kind { SERVER, SENTINEL, CLUSTER }

    static final String FORMS = "redis://[:password@]host:port/db, rediss://..., redis-sentinel://[:password@]host:port[,host:port]/db#master"
            + " or redis-cluster://[:password@]host:port[,host:port]";

    static RedisEndpoint parse(String url) {
        if (url.startsWith("redis-cluster://")) {
            return cluster(url);
        }
        if (!url.startsWith("redis://") && !url.startsWith("rediss://") && !url.startsWith("redis-sentinel://")) {
            throw new IllegalArgumentException("Redis URL '" + hidePassword(url) + "' must have one of the forms " + FORMS + ".");
        }
        if (url.startsWith("redis-sentinel://") && (url.indexOf('#') < 0 || url.endsWith("#"))) {
            throw new IllegalArgumentException("Redis Sentinel URL '" + hidePassword(url) + "' names no master: end it with #<master name>.");
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Redis URL '" + hidePassword(url) + "' cannot be read (" + e.getMessage() + "); use " + FORMS + ".", e);
        }
        if (url.startsWith("redis-sentinel://")) {
            String sentinels = String.join(",", uri.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort()).toList());
            return new RedisEndpoint(Kind.SENTINEL, List.of(uri),
                    "redis-sentinel://" + sentinels + "/" + uri.getDatabase() + "#" + uri.getSentinelMasterId());
        }
        return new RedisEndpoint(Kind.SERVER, List.of(uri),
                (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase());
    }

    private static RedisEndpoint cluster(String url) {
        String rest = url.substring("redis-cluster://".length());
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String auth = rest.substring(0, at);
            password = auth.substring(auth.indexOf(':') + 1);
            rest = rest.substring(at + 1);
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash); // a cluster has only database 0
        }
        List<RedisURI> seeds = new ArrayList<>();
        for (String node : rest.split(",")) {
            int colon = node.lastIndexOf(':');
            if (node.isBlank() || colon < 0) {
                throw new IllegalArgumentException("Redis Cluster URL '" + hidePassword(url) + "' must list its seed nodes as host:port[,host:port].");
            }
            RedisURI.Builder seed = RedisURI.builder().withHost(node.substring(0, colon)).withPort(Integer.parseInt(node.substring(colon + 1)));
            if (password != null) {
                seed.withPassword(password.toCharArray());
            }
            seeds.add(seed.build());
        }
        return new RedisEndpoint(Kind.CLUSTER, List.copyOf(seeds), "redis-cluster://" + rest);
    }

    static String hidePassword(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
