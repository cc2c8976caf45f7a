package io.channels4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which groups keep history, by exact name or by a pattern ending in {@code *} ({@code chat.*}); the first
 * rule that matches wins. Immutable; layers' builders hold one.
 */
public final class HistoryPolicies {
    /** No group keeps history. */
    public static final HistoryPolicies NONE = new HistoryPolicies(List.of());

    private final List<Rule> rules;

    private record Rule(String pattern, HistoryPolicy policy) {
        boolean matches(String group) {
            return pattern.endsWith("*") ? group.startsWith(pattern.substring(0, pattern.length() - 1)) : group.equals(pattern);
        }
    }

    private HistoryPolicies(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * These rules plus {@code policy} for groups named {@code pattern} (or starting with it, before a final {@code *}).
     *
     * @throws IllegalArgumentException when the pattern, without its {@code *}, is not a valid group name prefix
     */
    public HistoryPolicies with(String pattern, HistoryPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        String name = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (!name.isEmpty()) {
            ChannelNames.requireValidGroup(name.endsWith(".") ? name + "x" : name);
        }
        List<Rule> more = new ArrayList<>(rules);
        more.add(new Rule(pattern, policy));
        return new HistoryPolicies(more);
    }

    /** The policy of {@code group}; null when it keeps no history. */
    public HistoryPolicy policyFor(String group) {
        for (Rule rule : rules) {
            if (rule.matches(group)) {
                return rule.policy;
            }
        }
        return null;
    }

    /** Whether any group keeps history. */
    public boolean any() {
        return !rules.isEmpty();
    }

    @Override
    public String toString() {
        return "HistoryPolicies" + rules;
    }
}
