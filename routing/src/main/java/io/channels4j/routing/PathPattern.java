package io.channels4j.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code path()} pattern: literal text and {@code <converter:name>} parameters, matched from the start;
 * the whole path for an endpoint, a prefix for a nested router. Values are converted into kwargs.
 */
final class PathPattern implements RoutePattern {
    private static final Pattern PARAMETER = Pattern.compile("<(?:(?<converter>[^>:]+):)?(?<name>[^>]+)>");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String route;
    private final Pattern regex;
    private final List<String> names = new ArrayList<>();
    private final List<PathConverter> converters = new ArrayList<>();

    /**
     * Compiles {@code route}.
     *
     * @throws IllegalArgumentException with the reason, for routing to collect
     */
    PathPattern(String route, Map<String, PathConverter> registry) {
        this.route = route;
        StringBuilder regexText = new StringBuilder("^");
        Matcher m = PARAMETER.matcher(route);
        int last = 0;
        while (m.find()) {
            regexText.append(Pattern.quote(route.substring(last, m.start())));
            String converterName = m.group("converter") == null ? "str" : m.group("converter");
            String name = m.group("name");
            PathConverter converter = registry.get(converterName);
            if (converter == null) {
                throw new IllegalArgumentException("unknown converter '" + converterName + "' (known: " + String.join(", ", registry.keySet()) + ")");
            }
            if (!IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("parameter name '" + name + "' is not an identifier");
            }
            if (names.contains(name)) {
                throw new IllegalArgumentException("parameter '" + name + "' appears twice");
            }
            // Java group names cannot hold '_', so groups are numbered and names kept aside
            regexText.append("(?<g").append(names.size()).append('>').append(converter.regex()).append(')');
            names.add(name);
            converters.add(converter);
            last = m.end();
        }
        String tail = route.substring(last);
        if (tail.contains("<") || tail.contains(">")) {
            throw new IllegalArgumentException("unbalanced '<' or '>'");
        }
        regexText.append(Pattern.quote(tail));
        this.regex = Pattern.compile(regexText.toString());
    }

    @Override
    public Match match(String path, boolean prefix) {
        Matcher m = regex.matcher(path);
        if (prefix ? !m.lookingAt() : !m.matches()) {
            return null;
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                kwargs.put(names.get(i), converters.get(i).convert().apply(m.group("g" + i)));
            } catch (RuntimeException conversionFailed) {
                return null; // as in Django: a converter that refuses the value means this route does not match
            }
        }
        return new Match(List.of(), kwargs, path.substring(m.end()));
    }

    @Override
    public String toString() {
        return "path('" + route + "')";
    }
}
