package io.channels4j.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code rePath} pattern, with Django's rules: it searches the path unless anchored with {@code ^};
 * named groups become kwargs (and unnamed ones are then ignored), otherwise unnamed groups become args.
 */
final class RegexPattern implements RoutePattern {
    private static final Pattern PYTHON_GROUP = Pattern.compile("\\(\\?P<([a-zA-Z][a-zA-Z0-9]*)>");
    private static final Pattern JAVA_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private final String source;
    private final Pattern pattern;
    private final List<String> groupNames;

    RegexPattern(String source) {
        this.source = source;
        String java = PYTHON_GROUP.matcher(source).replaceAll("(?<$1>");
        this.pattern = Pattern.compile(java);
        List<String> names = new ArrayList<>();
        Matcher m = JAVA_GROUP.matcher(java);
        while (m.find()) {
            names.add(m.group(1));
        }
        this.groupNames = List.copyOf(names);
    }

    @Override
    public Match match(String path, boolean prefix) {
        Matcher m = pattern.matcher(path);
        if (!m.find()) {
            return null;
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        List<Object> args = new ArrayList<>();
        if (!groupNames.isEmpty()) {
            for (String name : groupNames) {
                String value = m.group(name);
                if (value != null) {
                    kwargs.put(name, value);
                }
            }
        } else {
            for (int i = 1; i <= m.groupCount(); i++) {
                if (m.group(i) != null) {
                    args.add(m.group(i));
                }
            }
        }
        return new Match(args, kwargs, path.substring(m.end()));
    }

    @Override
    public String toString() {
        return "rePath('" + source + "')";
    }
}
