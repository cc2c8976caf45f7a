package io.channels4j.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CookiesTest {
    @Test
    void skipsMalformedPairsOneByOne() {
        Map<String, String> cookies = Cookies.parse(List.of("a=1; garbage; =novalue; b=\"quoted\"; bad name=x; c=3", "a=ignored; d=4"));
        assertEquals(Map.of("a", "1", "b", "quoted", "c", "3", "d", "4"), cookies);
    }

    @Test
    void setCookieCarriesTheSafeAttributes() {
        Instant now = Instant.parse("2026-03-09T08:07:06Z");
        assertEquals("sessionid=v; Max-Age=60; Expires=Mon, 09 Mar 2026 08:08:06 GMT; Path=/; HttpOnly; SameSite=Lax",
                Cookies.setCookie("sessionid", "v", Duration.ofSeconds(60), now, SameSite.LAX, false));
        assertEquals("sessionid=v; Max-Age=60; Expires=Mon, 09 Mar 2026 08:08:06 GMT; Path=/; HttpOnly; SameSite=Strict; Secure",
                Cookies.setCookie("sessionid", "v", Duration.ofSeconds(60), now, SameSite.STRICT, true));
    }
}
