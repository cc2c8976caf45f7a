package io.channels4j.core;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Validation and generation of channel and group names, with Channels' rules but ASCII only (Channels'
 * Python regex lets Unicode digits through).
 */
public final class ChannelNames {
    /** Names must be shorter than this, as in Channels. */
    public static final int MAX_LENGTH = 100;
    private static final char[] LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

    private ChannelNames() {
    }

    /**
     * Checks a channel name: {@code [A-Za-z0-9-_.]+}, optionally followed by {@code !} and more of the same.
     *
     * @throws IllegalArgumentException naming the bad name
     */
    public static String requireValidChannel(String name) {
        if (!valid(name, true)) {
            throw new IllegalArgumentException("Invalid channel name " + quote(name)
                    + ": use ASCII letters, digits, '-', '_' or '.' (and at most one '!'), fewer than 100 characters.");
        }
        return name;
    }

    /**
     * Checks a group name: {@code [A-Za-z0-9-_.]+}.
     *
     * @throws IllegalArgumentException naming the bad name
     */
    public static String requireValidGroup(String name) {
        if (!valid(name, false)) {
            throw new IllegalArgumentException("Invalid group name " + quote(name)
                    + ": use ASCII letters, digits, '-', '_' or '.', fewer than 100 characters.");
        }
        return name;
    }

    /**
     * {@code length} random ASCII letters, for unique channel names. Names are not secrets (clients cannot
     * address channels), so a fast generator is enough, as Channels' own {@code random.choice}.
     */
    public static String randomLetters(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = LETTERS[random.nextInt(LETTERS.length)];
        }
        return new String(chars);
    }

    private static boolean valid(String name, boolean allowBang) {
        if (name == null || name.isEmpty() || name.length() >= MAX_LENGTH) {
            return false;
        }
        boolean seenBang = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '!' && allowBang && !seenBang && i > 0) {
                seenBang = true;
            } else if (!isNameChar(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    }

    private static String quote(String name) {
        if (name == null) {
            return "null";
        }
        String shown = name.length() > 120 ? name.substring(0, 120) + "..." : name;
        return "'" + shown + "'";
    }
}
