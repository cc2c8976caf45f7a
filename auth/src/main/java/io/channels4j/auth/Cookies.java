package io.channels4j.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses {@code Cookie} headers and formats {@code Set-Cookie} values. */
final class Cookies {
    // RFC 6265's sane-cookie-date: a two-digit day, unlike RFC_1123_DATE_TIME
    private static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private Cookies() {
    }

    /** The cookies in {@code headers}; malformed pairs are skipped one by one, the first of a name wins. */
    public static Map<String, String> parse(List<String> headers) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String header : headers) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!name.isEmpty() && isToken(name) && !value.contains("\"") && !value.contains(",") && !cookies.containsKey(name)) {
                    cookies.put(name, value);
                }
            }
        }
        return cookies.isEmpty() ? Map.of() : Collections.unmodifiableMap(cookies);
    }

    /**
     * A {@code Set-Cookie} value: HttpOnly, Path=/, with Max-Age and the matching Expires (older clients and
     * some proxies read only Expires), {@code sameSite}, and Secure when asked.
     */
    public static String setCookie(String name, String value, Duration maxAge, Instant now, SameSite sameSite, boolean secure) {
        return name + "=" + value + "; Max-Age=" + maxAge.toSeconds() + "; Expires=" + EXPIRES.format(now.plus(maxAge))
                + "; Path=/; HttpOnly; SameSite=" + sameSite.attribute() + (secure ? "; Secure" : "");
    }

    /**
     * A {@code Set-Cookie} value that deletes the cookie in the browser: empty, Max-Age=0 and an Expires in
     * the past, with the attributes it was set with (a browser ignores a SameSite=None cookie without Secure).
     */
    public static String deleteCookie(String name, SameSite sameSite, boolean secure) {
        return name + "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=" + sameSite.attribute()
                + (secure ? "; Secure" : "");
    }

    private static boolean isToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
