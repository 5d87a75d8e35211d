package io.zstor.perf.e2e;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * A line chart (PNG, rendered headless with JFreeChart) of one knob of the tuning sweep: store and retrieve
 * MB/s of user data against the knob's values. It plots the "net" figures (process wall time minus the fixed
 * start-up cost of {@code zstor test}) when every point has one, the plain wall-time figures otherwise (files
 * too small for start-up to be taken off); the axis label says which.
 */
final class SweepChart {

    private SweepChart() {
    }

    /** Writes the chart of the points whose knob is {@code knob}; does nothing when there are none. */
    static void write(Path png, String knob, List<SweepPoint> all) throws IOException {
        List<SweepPoint> points = all.stream().filter(p -> p.knob().equals(knob)).toList();
        if (points.isEmpty()) {
            return;
        }
        System.setProperty("java.awt.headless", "true");
        boolean net = points.stream().noneMatch(p -> Double.isNaN(p.storeNetMbps()) || Double.isNaN(p.retrieveNetMbps()));
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (SweepPoint p : points) {
            data.addValue(net ? p.storeNetMbps() : p.storeMbps(), "store", p.valueLabel());
            data.addValue(net ? p.retrieveNetMbps() : p.retrieveMbps(), "retrieve", p.valueLabel());
        }
        SweepPoint first = points.get(0);
        String title = String.format("zstor throughput against %s (%d MiB random file, %d+%d)",
                knob, first.fileBytes() >> 20, first.k(), first.m());
        JFreeChart chart = ChartFactory.createLineChart(title, knob,
                net ? "MB/s of user data (wall minus zstor test start-up)" : "MB/s of user data (process wall time)",
                data, PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        LineAndShapeRenderer renderer = (LineAndShapeRenderer) plot.getRenderer();
        renderer.setDefaultShapesVisible(true);
        renderer.setSeriesPaint(0, new Color(0x1F, 0x77, 0xB4));
        renderer.setSeriesPaint(1, new Color(0xFF, 0x7F, 0x0E));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 520);
    }
}
