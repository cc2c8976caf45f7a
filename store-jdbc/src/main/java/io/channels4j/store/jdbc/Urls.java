package io.channels4j.store.jdbc;

/** JDBC URLs as they may appear in messages: without passwords. */
final class Urls {
    private Urls() {
    }

    /** {@code url} with any password parameter or {@code user:password@} replaced by {@code ***}. */
    static String redact(String url) {
        return "'" + url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*:[^/@]*@", "//***@") + "'";
    }
}
