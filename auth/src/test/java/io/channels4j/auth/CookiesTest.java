package io.channels4j.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals("sessionid=v; Max-Age=60; Path=/; HttpOnly; SameSite=Lax", Cookies.setCookie("sessionid", "v", 60, false));
        assertEquals("sessionid=v; Max-Age=60; Path=/; HttpOnly; SameSite=Lax; Secure", Cookies.setCookie("sessionid", "v", 60, true));
    }
}
