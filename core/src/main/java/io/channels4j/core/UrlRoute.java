package io.channels4j.core;

import java.util.List;
import java.util.Map;

/**
 * What URL routing captured for a connection: positional {@code args} and named {@code kwargs}, as in
 * Channels' {@code scope["url_route"]}.
 *
 * @param args unnamed regex groups, outermost router first
 * @param kwargs named groups and converted {@code path()} parameters; an inner router's value wins on a clash
 */
public record UrlRoute(List<Object> args, Map<String, Object> kwargs) {
    /** Nothing captured. */
    public static final UrlRoute EMPTY = new UrlRoute(List.of(), Map.of());

    /** Makes an immutable route. */
    public UrlRoute {
        args = List.copyOf(args);
        kwargs = Map.copyOf(kwargs);
    }

    /**
     * The named value {@code name}, as {@code type}.
     *
     * @throws IllegalArgumentException when the route captured no such name or it has another type
     */
    public <T> T kwarg(String name, Class<T> type) {
        Object value = kwargs.get(name);
        if (value == null) {
            throw new IllegalArgumentException("URL route has no kwarg '" + name + "' (captured: " + kwargs.keySet()
                    + "): name the group in the route, e.g. path(\"chat/<str:" + name + ">/\", ...).");
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("URL route kwarg '" + name + "' is a " + value.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName() + ".");
        }
        return type.cast(value);
    }

    /** The named value {@code name} as a string. */
    public String kwarg(String name) {
        return String.valueOf(kwarg(name, Object.class));
    }

    /**
     * The positional value at {@code index}.
     *
     * @throws IllegalArgumentException when there is no such position
     */
    public Object arg(int index) {
        if (index < 0 || index >= args.size()) {
            throw new IllegalArgumentException("URL route has " + args.size() + " positional args; there is no index " + index + ".");
        }
        return args.get(index);
    }
}
