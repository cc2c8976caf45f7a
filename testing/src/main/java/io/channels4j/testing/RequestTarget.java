package io.channels4j.testing;

/**
 * What a server takes from a request URL, for the communicators: {@code ws://host/%E9%A6%96/?x=1#h} gives the
 * raw path {@code /%E9%A6%96/} (the scope decodes it), the raw query {@code x=1} and the scheme {@code ws};
 * the host and the fragment never reach an application.
 */
record RequestTarget(String scheme, String rawPath, String queryString) {
    static RequestTarget parse(String url, String defaultScheme) {
        String rest = url;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        String scheme = defaultScheme;
        int colon = rest.indexOf("://");
        if (colon > 0 && !rest.startsWith("/")) {
            scheme = rest.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
            int slash = rest.indexOf('/', colon + 3);
            int query = rest.indexOf('?', colon + 3);
            int pathStart = slash < 0 ? query : query < 0 ? slash : Math.min(slash, query);
            rest = pathStart < 0 ? "/" : rest.substring(pathStart);
        }
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        return new RequestTarget(scheme, path.isEmpty() ? "/" : path, q < 0 ? "" : rest.substring(q + 1));
    }
}
