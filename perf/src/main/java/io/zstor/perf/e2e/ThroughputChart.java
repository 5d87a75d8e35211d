package io.zstor.perf.e2e;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The throughput chart (PNG, rendered headless with JFreeChart): one pair of horizontal bars per case and
 * direction, the I/O ceiling next to zstor, in MB/s of user data.
 */
final class ThroughputChart {

    private ThroughputChart() {
    }

    static void write(Path png, List<CaseResult> cases) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (CaseResult c : cases) {
            data.addValue(c.ceilingMbps(), "I/O ceiling (bare zdb client)", c.label());
            data.addValue(c.zstorMbps(), "zstor CLI", c.label());
        }
        JFreeChart chart = ChartFactory.createBarChart("zstor end to end vs I/O ceiling (same run, same cluster)",
                "case", "MB/s of user data (process wall time)", data, PlotOrientation.HORIZONTAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, new Color(0x9E, 0x9E, 0x9E));
        renderer.setSeriesPaint(1, new Color(0x1F, 0x77, 0xB4));
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 160 + 44 * cases.size());
    }
}
