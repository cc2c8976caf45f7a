package io.channels4j.sample;

import io.channels4j.auth.Auth;
import java.util.Map;

/** {@code POST /auth/logout}: ends the session, and closes its WebSockets with 4401; its cookie authenticates nothing afterwards. */
public final class LogoutConsumer extends ApiConsumer {
    @Override
    protected void handle(byte[] body) {
        if (require("POST")) {
            Auth.logout(scope(), channelLayer());
            sendJson(200, Map.of("ok", true));
        }
    }
}
