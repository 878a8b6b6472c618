package org.wsnn.examples.symmetry;

import org.knowm.xchart.BitmapEncoder;
import org.wsnn.core.group.Permutations;
import org.wsnn.train.checkpoint.AtomicFiles;
import org.wsnn.train.report.RepresentationReport;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * PNG heatmaps of representation stacks and fit coefficients, drawn with XChart.
 *
 * <p>A stack figure puts every element's d×d matrix side by side (learned stack on the top row, the ground
 * truth below, one blank cell between matrices); a coefficient figure shows the {@code [learned, true]}
 * coefficient matrix of the convex fit (rows learned elements, columns true elements).
 */
public final class Heatmaps {

    private static final Color[] WHITE_TO_BLUE = {new Color(255, 255, 255), new Color(120, 160, 220), new Color(8, 48, 107)};

    private Heatmaps() {
    }

    /**
     * Writes the learned stack above the ground truth.
     *
     * @param learned {@code [G][d][d]}
     * @param truth   {@code [K][d][d]}
     * @param title   chart title
     * @param file    PNG to write
     */
    public static void writeStacks(double[][][] learned, double[][][] truth, String title, File file) throws IOException {
        int d = learned[0].length;
        int columns = Math.max(learned.length, truth.length) * (d + 1) - 1;
        int rows = 2 * (d + 1) - 1;
        List<Number[]> cells = new ArrayList<>();
        addRow(cells, learned, d, d + 1);   // top row (y grows upwards in XChart)
        addRow(cells, truth, d, 0);
        HeatMapChart chart = new HeatMapChartBuilder().title(title)
                .width(Math.min(4000, Math.max(600, columns * 6 + 150)))
                .height(Math.min(1200, Math.max(300, rows * 6 + 120))).build();
        style(chart, 0, 1, false);
        chart.getStyler().setXAxisTitleVisible(true);
        chart.getStyler().setYAxisTitleVisible(true);
        chart.setXAxisTitle("elements 0.." + (Math.max(learned.length, truth.length) - 1) + ", each " + d + "x" + d);
        chart.setYAxisTitle("truth (bottom) | learned (top)");
        chart.addSeries("stack", range(columns), range(rows), cells);
        writePng(chart, file);
    }

    /**
     * Writes the coefficient matrix of a convex fit.
     *
     * @param coefficients {@code [n][K]}, rows on the simplex
     * @param title        chart title
     * @param file         PNG to write
     */
    public static void writeCoefficients(double[][] coefficients, String title, File file) throws IOException {
        int n = coefficients.length;
        int k = coefficients[0].length;
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                cells.add(new Number[]{j, n - 1 - i, coefficients[i][j]});   // learned element 0 on top
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().title(title)
                .width(Math.max(500, k * 32 + 200)).height(Math.max(400, n * 32 + 150)).build();
        style(chart, 0, 1, n <= 16 && k <= 16);
        chart.setXAxisTitle("true element");
        chart.setYAxisTitle("learned element (0 at the top)");
        List<Integer> ys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ys.add(n - 1 - i);
        }
        chart.addSeries("coefficients", range(k), ys, cells);
        writePng(chart, file);
    }

    /** Renders a chart to a PNG, atomically ({@link AtomicFiles}). */
    static void writePng(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, File file) throws IOException {
        java.awt.image.BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        AtomicFiles.write(file.toPath(), tmp -> {
            if (!javax.imageio.ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available for " + file);
            }
        });
    }

    private static void addRow(List<Number[]> cells, double[][][] stack, int d, int yOffset) {
        for (int e = 0; e < stack.length; e++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    // matrix row i drawn from the top of its block
                    cells.add(new Number[]{e * (d + 1) + j, yOffset + d - 1 - i, stack[e][i][j]});
                }
            }
        }
    }

    private static void style(HeatMapChart chart, double min, double max, boolean showValues) {
        chart.getStyler().setRangeColors(WHITE_TO_BLUE);
        chart.getStyler().setMin(min);
        chart.getStyler().setMax(max);
        chart.getStyler().setShowValue(showValues);
        chart.getStyler().setHeatMapValueDecimalPattern("0.00");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    /**
     * Writes PNG heatmaps of a report's learned layers: each lifting stack above the true C4 rotations
     * ({@code <layer>-stack-c4.png}) and every fit's coefficient matrix ({@code <layer>-coefficients-<truth>.png}).
     *
     * @return the files written
     */
    public static List<File> writeReport(RepresentationReport report, File dir) throws IOException {
        List<File> written = new ArrayList<>();
        for (RepresentationReport.Layer l : report.learnedLayers()) {
            String name = l.stacks().layerName();
            if (l.lifting()) {
                File f = new File(dir, name + "-stack-c4.png");
                Heatmaps.writeStacks(Permutations.toArray(l.stacks().representationStack()),
                        Permutations.toArray(Permutations.c4GridRotations(l.kernelSize())),
                        name + ": learned stack (top) and the C4 rotations (bottom)", f);
                written.add(f);
            }
            for (RepresentationReport.Fit fit : l.fits()) {
                File f = new File(dir, name + "-coefficients-" + fit.truth().name().toLowerCase(java.util.Locale.ROOT)
                        + ".png");
                Heatmaps.writeCoefficients(fit.fit().coefficients(), name + ": convex fit against " + fit.truthName()
                        + " (matched " + fit.match().matched() + "/" + fit.match().elements() + ")", f);
                written.add(f);
            }
        }
        return written;
    }
}
