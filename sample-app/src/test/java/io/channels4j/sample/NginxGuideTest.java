package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The deployment guide shows docs/nginx/channels4j.conf verbatim, so the config BehindNginxTest runs is the one readers copy. */
class NginxGuideTest {
    @Test
    void guideShowsTheTestedConfigVerbatim() throws Exception {
        String guide = Files.readString(Nginx.repositoryRoot().resolve("docs/deploying-behind-nginx.md"));
        int start = guide.indexOf("```nginx\n");
        if (start < 0) {
            throw new AssertionError("docs/deploying-behind-nginx.md has no ```nginx block");
        }
        start += "```nginx\n".length();
        String block = guide.substring(start, guide.indexOf("```\n", start));
        assertEquals(Files.readString(Nginx.GUIDE_CONFIG), block,
                "docs/deploying-behind-nginx.md must show docs/nginx/channels4j.conf verbatim: copy the file into its ```nginx block");
    }

    @Test
    void everyLineTheTestSubstitutesIsInTheConfig() throws Exception {
        String site = Nginx.site(Files.readString(Nginx.GUIDE_CONFIG), 18443, Path.of("/tmp/c.pem"), Path.of("/tmp/k.pem"), 18000);
        assertTrue(site.contains("listen 127.0.0.1:18443 ssl;") && site.contains("server 127.0.0.1:18000;"), site);
    }
}
