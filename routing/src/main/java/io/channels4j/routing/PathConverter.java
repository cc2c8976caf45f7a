package io.channels4j.routing;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * A {@code path()} converter such as {@code <int:id>}: the regex a segment must match and how its text
 * becomes a value. A conversion that throws means the route does not match, as in Django.
 *
 * @param regex what the parameter matches
 * @param convert turns the matched text into the kwarg's value
 */
public record PathConverter(String regex, Function<String, Object> convert) {
    /** {@code <str:x>} and {@code <x>}: any text without a slash. */
    public static final PathConverter STR = new PathConverter("[^/]+", s -> s);
    /** {@code <int:x>}: digits, as an Integer (a Long when larger). */
    public static final PathConverter INT = new PathConverter("[0-9]+", PathConverter::toInteger);
    /** {@code <slug:x>}: ASCII letters, digits, hyphens and underscores. */
    public static final PathConverter SLUG = new PathConverter("[-a-zA-Z0-9_]+", s -> s);
    /** {@code <uuid:x>}: a lowercase UUID, as a java.util.UUID. */
    public static final PathConverter UUID_CONVERTER = new PathConverter(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", UUID::fromString);
    /** {@code <path:x>}: any non-empty text, slashes included. */
    public static final PathConverter PATH = new PathConverter(".+", s -> s);

    /** Checks the parts. */
    public PathConverter {
        Objects.requireNonNull(regex, "regex");
        Objects.requireNonNull(convert, "convert");
    }

    private static Object toInteger(String digits) {
        long value = Long.parseLong(digits); // beyond Long: NumberFormatException, so no match
        return value <= Integer.MAX_VALUE ? (Object) (int) value : (Object) value;
    }
}
