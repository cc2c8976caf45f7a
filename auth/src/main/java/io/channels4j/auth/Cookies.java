package io.channels4j.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses {@code Cookie} headers and formats {@code Set-Cookie} values. */
public final class Cookies {
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
        return cookies;
    }

    /** A {@code Set-Cookie} value: HttpOnly, SameSite=Lax, Path=/, with Max-Age, and Secure when asked. */
    public static String setCookie(String name, String value, long maxAgeSeconds, boolean secure) {
        return name + "=" + value + "; Max-Age=" + maxAgeSeconds + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** A {@code Set-Cookie} value that deletes the cookie. */
    public static String deleteCookie(String name, boolean secure) {
        return name + "=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
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
