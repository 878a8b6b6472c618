package org.wsnn.examples.bench;

import org.wsnn.train.checkpoint.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.Styler;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The results of {@code wsnn benchmark-layer}: a markdown table (one row per case) and a PNG with, per
 * layer, time against (G, k) and memory against (G, k) for the fixed and the learned stack.
 */
final class LayerBenchmarkReport {

    private static final double MIB = 1024.0 * 1024.0;

    /**
     * One row: a case and its measurement, or why it has none.
     *
     * @param c       the case
     * @param result  the measurement, null when it failed
     * @param failure the failure's one-line reason, null when measured
     */
    record Row(LayerCase c, LayerMeasurement result, String failure) {
    }

    private LayerBenchmarkReport() {
    }

    /** The markdown table. */
    static List<String> table(List<Row> rows) {
        List<String> lines = new ArrayList<>();
        lines.add("| layer | G | k | d | stack | parameters | cold ms (filters built) | warm ms (cached filters)"
                + " | filters ms | peak RSS Δ MiB | tensors MiB |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            LayerCase c = r.c();
            String head = String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %,d | ", c.layer().cliName(),
                    c.groupSize(), c.kernelSize(), c.tapDimension(), c.stackName(), c.parameters());
            String tensors = String.format(Locale.ROOT, "%.1f", c.tensorBytes() / MIB);
            LayerMeasurement m = r.result();
            lines.add(m == null
                    ? head + "failed: " + r.failure().replace('|', '/') + " | | | | " + tensors + " |"
                    : head + String.format(Locale.ROOT, "%.1f | %.1f | %.1f | %.0f | %s |", m.coldMs(), m.warmMs(),
                    m.filtersMs(), m.peakBytes() / MIB, tensors));
        }
        return lines;
    }

    /** Writes the PNG: one row of two panels (time, memory) per layer present in {@code rows}. */
    static void writePng(List<Row> rows, String title, File file) throws IOException {
        List<CategoryChart> charts = new ArrayList<>();
        for (LayerCase.Kind kind : LayerCase.Kind.values()) {
            List<Row> mine = rows.stream().filter(r -> r.c().layer() == kind).toList();
            if (mine.isEmpty()) {
                continue;
            }
            String layer = kind == LayerCase.Kind.GROUP ? "group convolution" : "lifting";
            CategoryChart time = chart(title + " — " + layer + ": time", "median ms (log scale)");
            addSeries(time, mine, false, "fixed, cold", LayerMeasurement::coldMs);
            addSeries(time, mine, true, "learned, cold", LayerMeasurement::coldMs);
            addSeries(time, mine, false, "fixed, warm", LayerMeasurement::warmMs);
            addSeries(time, mine, true, "learned, warm", LayerMeasurement::warmMs);
            CategoryChart memory = chart(title + " — " + layer + ": memory", "MiB (log scale)");
            addSeries(memory, mine, false, "fixed, peak RSS Δ", m -> m.peakBytes() / MIB);
            addSeries(memory, mine, true, "learned, peak RSS Δ", m -> m.peakBytes() / MIB);
            addTensorSeries(memory, mine, false, "fixed, tensors");
            addTensorSeries(memory, mine, true, "learned, tensors");
            charts.add(time);
            charts.add(memory);
        }
        AtomicFiles.write(file.toPath(), tmp -> {
            // XChart appends ".png" to a name without it: render beside the temporary file, then move it there
            java.nio.file.Path png = tmp.resolveSibling(tmp.getFileName() + ".png");
            try {
                BitmapEncoder.saveBitmap(charts, charts.size() / 2, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
                java.nio.file.Files.move(png, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                java.nio.file.Files.deleteIfExists(png);
            }
        });
    }

    private static CategoryChart chart(String title, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(760).height(460).title(title)
                .xAxisTitle("G, k").yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setXAxisLabelRotation(45);
        return chart;
    }

    private static List<String> labels(List<Row> rows, boolean learned) {
        return rows.stream().filter(r -> r.c().learned() == learned)
                .map(r -> "G" + r.c().groupSize() + " k" + r.c().kernelSize()).toList();
    }

    /** Values below 0.01 (a failed case, or a peak within the sampling noise) are drawn at 0.01: log axis. */
    private static void addSeries(CategoryChart chart, List<Row> rows, boolean learned, String name,
                                  ToDoubleFunction<LayerMeasurement> value) {
        List<Double> ys = rows.stream().filter(r -> r.c().learned() == learned)
                .map(r -> r.result() == null ? 0.01 : Math.max(0.01, value.applyAsDouble(r.result()))).toList();
        if (!ys.isEmpty()) {
            chart.addSeries(name, labels(rows, learned), ys);
        }
    }

    private static void addTensorSeries(CategoryChart chart, List<Row> rows, boolean learned, String name) {
        List<Double> ys = rows.stream().filter(r -> r.c().learned() == learned)
                .map(r -> Math.max(0.01, r.c().tensorBytes() / MIB)).toList();
        if (!ys.isEmpty()) {
            chart.addSeries(name, labels(rows, learned), ys);
        }
    }
}
