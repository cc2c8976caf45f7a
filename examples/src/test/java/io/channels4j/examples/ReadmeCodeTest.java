package io.channels4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's code is the quickstart's code: each Java or XML block in README.md is preceded by
 * {@code <!-- from path#tag -->} and must equal the region between {@code tag::tag[]} and {@code end::tag[]}
 * in that file, which the quickstart build compiles and tests. {@code -Dreadme.fix=true} rewrites the README's
 * blocks from the sources instead of failing.
 */
class ReadmeCodeTest {
    private static final Pattern MARKER = Pattern.compile("<!-- from (\\S+)#([\\w-]+) -->");
    private static final Path ROOT = Path.of(System.getProperty("channels4j.root", "..")).toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("channels4j.version");

    @Test
    void readmeBlocksAreTheQuickstartsCode() throws IOException {
        Path readme = ROOT.resolve("README.md");
        List<String> lines = new ArrayList<>(Files.readAllLines(readme, StandardCharsets.UTF_8));
        List<String> problems = new ArrayList<>();
        boolean fix = Boolean.getBoolean("readme.fix");
        int checked = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("```") || lines.get(i).length() == 3) {
                continue;
            }
            String language = lines.get(i).substring(3).trim();
            int end = closingFence(lines, i);
            Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1).trim()) : MARKER.matcher("");
            if (!marker.matches()) {
                if (language.equals("java")) {
                    problems.add("README.md line " + (i + 1) + ": a Java block that no build compiles. Put the code in "
                            + "examples/quickstart between // tag::name[] and // end::name[], and write "
                            + "<!-- from examples/quickstart/<file>#name --> on the line above the block.");
                }
                i = end;
                continue;
            }
            List<String> expected = region(ROOT.resolve(marker.group(1)), marker.group(2));
            List<String> actual = lines.subList(i + 1, end);
            checked++;
            if (!expected.equals(actual.stream().map(ReadmeCodeTest::stripTrailing).toList())) {
                if (fix) {
                    List<String> replaced = new ArrayList<>(lines.subList(0, i + 1));
                    replaced.addAll(expected);
                    replaced.addAll(lines.subList(end, lines.size()));
                    lines = replaced;
                    end = i + 1 + expected.size();
                } else {
                    problems.add("README.md line " + (i + 2) + " differs from " + marker.group(1) + "#" + marker.group(2)
                            + " (- README, + source):\n" + Diff.lines(actual, expected)
                            + "Fix: copy the source's region into the README, or run "
                            + "mvn -B -pl examples -am test -Dtest=ReadmeCodeTest -Dsurefire.failIfNoSpecifiedTests=false -Dreadme.fix=true");
                }
            }
            i = end;
        }
        if (fix) {
            Files.write(readme, lines, StandardCharsets.UTF_8);
        }
        assertTrue(checked >= 5, "Expected the README's guide to show the quickstart's code, found " + checked + " marked blocks.");
        if (!problems.isEmpty()) {
            fail(String.join("\n\n", problems));
        }
    }

    @Test
    void readmeAndQuickstartNameThisBuildsVersion() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher gradle = Pattern.compile("io\\.channels4j:channels4j-bom:([^\"')\\s]+)").matcher(readme);
        assertTrue(gradle.find(), "README.md: the Gradle snippet should import io.channels4j:channels4j-bom:" + VERSION);
        do {
            assertEquals(VERSION, gradle.group(1), "README.md names channels4j-bom " + gradle.group(1) + ": change it to " + VERSION);
        } while (gradle.find());

        String pom = Files.readString(ROOT.resolve("examples/quickstart/pom.xml"));
        assertEquals(VERSION, versionOf(pom, "channels4j-bom"),
                "examples/quickstart/pom.xml imports another channels4j-bom: set its <version> to " + VERSION);
        String junit = System.getProperty("junit.version");
        assertEquals(junit, versionOf(pom, "junit-jupiter"),
                "examples/quickstart/pom.xml uses another JUnit than the build: set junit-jupiter's <version> to " + junit);
    }

    private static String versionOf(String pom, String artifactId) {
        Matcher m = Pattern.compile("<artifactId>" + Pattern.quote(artifactId) + "</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        return m.find() ? m.group(1) : null;
    }

    private static int closingFence(List<String> lines, int open) {
        for (int j = open + 1; j < lines.size(); j++) {
            if (lines.get(j).trim().equals("```")) {
                return j;
            }
        }
        throw new AssertionError("README.md line " + (open + 1) + ": a code block that is never closed with ```.");
    }

    /** The lines between tag::name[] and end::name[], without other tag lines, de-indented. */
    static List<String> region(Path file, String name) throws IOException {
        if (!Files.exists(file)) {
            throw new AssertionError("README.md refers to " + ROOT.relativize(file) + ", which does not exist: fix the <!-- from ... --> line.");
        }
        List<String> region = new ArrayList<>();
        boolean inside = false;
        boolean found = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.contains("tag::" + name + "[]") && !line.contains("end::")) {
                inside = true;
                found = true;
            } else if (line.contains("end::" + name + "[]")) {
                inside = false;
            } else if (inside && !line.matches(".*(tag|end)::[\\w-]+\\[].*")) {
                region.add(stripTrailing(line));
            }
        }
        if (!found) {
            throw new AssertionError(ROOT.relativize(file) + " has no region 'tag::" + name + "[]': add the tag::/end:: comments, or fix the README's marker.");
        }
        int indent = region.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    private static String stripTrailing(String line) {
        return line.stripTrailing();
    }
}
