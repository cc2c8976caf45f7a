package io.channels4j.examples;

import java.util.List;

/** A line diff (longest common subsequence) for failure messages; the blocks compared are short. */
final class Diff {
    private Diff() {
    }

    /** {@code from} turned into {@code to}: "- " lines only in {@code from}, "+ " lines only in {@code to}, "  " both. */
    static String lines(List<String> from, List<String> to) {
        int[][] common = new int[from.size() + 1][to.size() + 1];
        for (int i = from.size() - 1; i >= 0; i--) {
            for (int j = to.size() - 1; j >= 0; j--) {
                common[i][j] = from.get(i).stripTrailing().equals(to.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < from.size() || j < to.size()) {
            if (i < from.size() && j < to.size() && from.get(i).stripTrailing().equals(to.get(j))) {
                out.append("  ").append(to.get(j)).append('\n');
                i++;
                j++;
            } else if (i < from.size() && (j == to.size() || common[i + 1][j] >= common[i][j + 1])) {
                out.append("- ").append(from.get(i++)).append('\n');
            } else {
                out.append("+ ").append(to.get(j++)).append('\n');
            }
        }
        return out.toString();
    }
}
