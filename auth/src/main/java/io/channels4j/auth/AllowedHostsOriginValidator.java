package io.channels4j.auth;

import java.util.List;

/**
 * An {@link OriginValidator} from a list of allowed hosts, as Channels' {@code AllowedHostsOriginValidator}
 * does with Django's {@code ALLOWED_HOSTS}: {@code example.com}, {@code .example.com}, {@code *}.
 */
public final class AllowedHostsOriginValidator {
    private AllowedHostsOriginValidator() {
    }

    /** A validator allowing pages served from {@code allowedHosts}. */
    public static OriginValidator of(List<String> allowedHosts) {
        for (String host : allowedHosts) {
            if (host.contains("://")) {
                throw new IllegalArgumentException("Allowed host '" + host + "' has a scheme: list host names only, or use OriginValidator.");
            }
        }
        return OriginValidator.of(allowedHosts);
    }
}
