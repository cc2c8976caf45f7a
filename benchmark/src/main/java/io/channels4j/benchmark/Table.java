package io.channels4j.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Figures of two servers over several runs, printed as a Markdown table of medians and ranges, ready to paste. */
final class Table {
    private final String first;
    private final String second;
    private final Map<String, Row> rows = new LinkedHashMap<>();

    private static final class Row {
        final String scenario;
        final String metric;
        final String format;
        final List<Double> a = new ArrayList<>();
        final List<Double> b = new ArrayList<>();

        Row(String scenario, String metric, String format) {
            this.scenario = scenario;
            this.metric = metric;
            this.format = format;
        }
    }

    Table(String first, String second) {
        this.first = first;
        this.second = second;
    }

    /** One run's figure of each server for a scenario's metric. */
    void add(String scenario, String metric, double a, double b, String format) {
        Row row = rows.computeIfAbsent(scenario + "\u0000" + metric, k -> new Row(scenario, metric, format));
        row.a.add(a);
        row.b.add(b);
        System.err.printf(Locale.ROOT, "| %s | %s | " + format + " | " + format + " |%n", scenario, metric, a, b);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(String scenarioHeader, String ratioHeader) {
        System.out.println();
        System.out.println("| " + scenarioHeader + " | metric | " + first + " | " + second + " | " + ratioHeader + " |");
        System.out.println("|---|---|---|---|---|");
        for (Row row : rows.values()) {
            double[] ratios = new double[row.a.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = row.b.get(i) == 0 ? Double.NaN : row.a.get(i) / row.b.get(i);
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", row.scenario, row.metric, spread(values(row.a), row.format),
                    spread(values(row.b), row.format), spread(ratios, "%.2f"));
        }
    }

    private static double[] values(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // the median, then the range when there was more than one run
    private static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        String median = String.format(Locale.ROOT, format, sorted[sorted.length / 2]);
        if (sorted.length == 1) {
            return median;
        }
        return median + String.format(Locale.ROOT, " (" + format + "–" + format + ")", sorted[0], sorted[sorted.length - 1]);
    }
}
