package io.channels4j.routing;

import java.util.List;
import java.util.Map;

/** A compiled path pattern; {@code match} gives what it captured and the unmatched rest, or null. */
interface RoutePattern {
    /** What a successful match captured. */
    record Match(List<Object> args, Map<String, Object> kwargs, String remaining) {
    }

    /**
     * Matches {@code path} (no leading slash).
     *
     * @param prefix whether a prefix match is enough (the target is a nested router)
     */
    Match match(String path, boolean prefix);
}
