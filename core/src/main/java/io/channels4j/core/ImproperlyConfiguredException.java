package io.channels4j.core;

import java.util.List;

/** Configuration that cannot work, found at build or start-up; lists every problem at once, numbered. */
public class ImproperlyConfiguredException extends RuntimeException {
    private final List<String> problems;

    /** Makes the exception from one or more problems. */
    public ImproperlyConfiguredException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** Makes the exception from one problem. */
    public ImproperlyConfiguredException(String problem) {
        this(List.of(problem));
    }

    /** The problems, one sentence each. */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        StringBuilder text = new StringBuilder("Improperly configured, see the following problems:");
        for (int i = 0; i < problems.size(); i++) {
            text.append('\n').append(i + 1).append(") ").append(problems.get(i));
        }
        return text.toString();
    }
}
