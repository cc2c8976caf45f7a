package io.channels4j.routing;

import io.channels4j.core.Application;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The converters a {@code path()} route may name: Django's five, plus any you add. Immutable, and owned by
 * the code that builds the routes with it, so two routers in one process cannot change each other's.
 * <pre>
 * PathConverters converters = PathConverters.defaults().with("year", "[0-9]{4}", Integer::valueOf);
 * URLRouter.of(converters.path("archive/&lt;year:y&gt;/", consumers.of(ArchiveConsumer.class)));
 * </pre>
 */
public final class PathConverters {
    private static final PathConverters DEFAULTS = new PathConverters(Map.of(
            "str", PathConverter.STR, "int", PathConverter.INT, "slug", PathConverter.SLUG,
            "uuid", PathConverter.UUID_CONVERTER, "path", PathConverter.PATH));

    private final Map<String, PathConverter> byName;

    private PathConverters(Map<String, PathConverter> byName) {
        this.byName = byName;
    }

    /** {@code str}, {@code int}, {@code slug}, {@code uuid} and {@code path}, as in Django. */
    public static PathConverters defaults() {
        return DEFAULTS;
    }

    /** These converters and {@code name}, e.g. {@code with("year", "[0-9]{4}", Integer::valueOf)}; Django's {@code register_converter}. */
    public PathConverters with(String name, String regex, Function<String, Object> convert) {
        Map<String, PathConverter> more = new LinkedHashMap<>(byName);
        more.put(Objects.requireNonNull(name, "name"), new PathConverter(regex, convert));
        return new PathConverters(Map.copyOf(more));
    }

    /** A {@code path()} route that may name these converters; see {@link Routes#path(String, Application)}. */
    public Route path(String route, Application application) {
        return path(route, application, Map.of());
    }

    /** A {@code path()} route with default kwargs that may name these converters. */
    public Route path(String route, Application application, Map<String, Object> defaults) {
        Objects.requireNonNull(route, "route");
        return new Route(Routes.compile(route, () -> new PathPattern(route, byName), "path"), Objects.requireNonNull(application, "application"), defaults);
    }
}
