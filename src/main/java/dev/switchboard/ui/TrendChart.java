package dev.switchboard.ui;

import dev.switchboard.usage.TrendPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import javax.swing.UIManager;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartPanel;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The usage trend: requests per bucket as stacked bars (succeeded, failed) and tokens as a line on a second axis.
 * Colours and fonts come from the look and feel, and are taken again when the theme changes ({@link #updateUI}).
 */
final class TrendChart extends ChartPanel {
    /** A bucket on the x axis: keyed by its start (two buckets may read "02:00" on an autumn DST night). */
    record BucketKey(Instant start, String label) implements Comparable<BucketKey> {
        @Override
        public int compareTo(BucketKey o) {
            return start.compareTo(o.start);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final DefaultCategoryDataset requests;
    private final DefaultCategoryDataset tokens;
    private final String succeeded;
    private final String failed;
    private final String tokensSeries;

    private TrendChart(JFreeChart chart, DefaultCategoryDataset requests, DefaultCategoryDataset tokens,
                       String succeeded, String failed, String tokensSeries) {
        super(chart, false, false, false, false, true);
        this.requests = requests;
        this.tokens = tokens;
        this.succeeded = succeeded;
        this.failed = failed;
        this.tokensSeries = tokensSeries;
        setMouseWheelEnabled(false);
        setDomainZoomable(false);
        setRangeZoomable(false);
        setPopupMenu(null);
        setPreferredSize(new Dimension(900, 240));
        setMinimumDrawWidth(200);
        setMinimumDrawHeight(120);
        setMaximumDrawWidth(4000);
        setMaximumDrawHeight(2000);
        applyColours();
    }

    static TrendChart create(Messages text) {
        var requests = new DefaultCategoryDataset();
        var tokens = new DefaultCategoryDataset();
        var chart = ChartFactory.createStackedBarChart(null, null, text.get("usage.chart.requests"), requests,
                PlotOrientation.VERTICAL, true, true, false);
        var plot = chart.getCategoryPlot();
        var bars = (StackedBarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setMaximumBarWidth(0.06);
        bars.setItemMargin(0);
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());

        var tokenAxis = new NumberAxis(text.get("usage.chart.tokens"));
        tokenAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        tokenAxis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0") {
            @Override
            public StringBuffer format(long n, StringBuffer to, java.text.FieldPosition pos) {
                return to.append(UsagePresenter.compact(n));
            }

            @Override
            public StringBuffer format(double n, StringBuffer to, java.text.FieldPosition pos) {
                return to.append(UsagePresenter.compact(Math.round(n)));
            }
        });
        plot.setRangeAxis(1, tokenAxis);
        plot.setDataset(1, tokens);
        plot.mapDatasetToRangeAxis(1, 1);
        var line = new LineAndShapeRenderer(true, true);
        line.setDefaultToolTipGenerator(new org.jfree.chart.labels.StandardCategoryToolTipGenerator());
        line.setSeriesStroke(0, new BasicStroke(2f));
        plot.setRenderer(1, line);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setOutlineVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        chart.setPadding(new RectangleInsets(6, 4, 2, 4));
        return new TrendChart(chart, requests, tokens, text.get("usage.chart.succeeded"),
                text.get("usage.chart.failed"), text.get("usage.chart.tokens"));
    }

    /** Shows one point per bucket (empty buckets as zero: the gaps are the information). */
    void show(List<TrendPoint> points, Function<TrendPoint, String> label) {
        var chart = getChart();
        chart.setNotify(false);
        try {
            requests.clear();
            tokens.clear();
            for (var p : points) {
                var key = new BucketKey(p.start(), label.apply(p));
                requests.addValue(p.successes(), succeeded, key);
                requests.addValue(p.failures(), failed, key);
                tokens.addValue(p.tokens(), tokensSeries, key);
            }
            // Many buckets (a month by day, a day by hour): slant the labels rather than let them collide.
            chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(points.size() > 16
                    ? CategoryLabelPositions.UP_45 : CategoryLabelPositions.STANDARD);
        } finally {
            chart.setNotify(true);
        }
    }

    /** How many buckets the chart shows. */
    int pointCount() {
        return requests.getColumnCount();
    }

    /** Requests in bucket {@code i} (succeeded + failed), as drawn. */
    long requestsAt(int i) {
        long n = 0;
        for (int row = 0; row < requests.getRowCount(); row++) {
            var v = requests.getValue(row, i);
            n += v == null ? 0 : v.longValue();
        }
        return n;
    }

    @Override
    public void updateUI() {
        super.updateUI();
        if (getChart() != null) {
            applyColours();
        }
    }

    /** Light or dark: the look and feel's own background, text and grid colours. */
    private void applyColours() {
        var chart = getChart();
        var background = colour("Panel.background", Color.WHITE);
        var foreground = colour("Label.foreground", Color.DARK_GRAY);
        var muted = colour("Label.disabledForeground", Color.GRAY);
        var grid = colour("Separator.foreground", Color.LIGHT_GRAY);
        var base = UIManager.getFont("Label.font");
        var font = base == null ? new Font(Font.SANS_SERIF, Font.PLAIN, 12) : base;
        var small = font.deriveFont(font.getSize2D() - 1f);

        chart.setBackgroundPaint(background);
        var plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(background);
        plot.setRangeGridlinePaint(grid);
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setDomainGridlinesVisible(false);
        var bars = plot.getRenderer(0);
        bars.setSeriesPaint(0, Theme.ok());
        bars.setSeriesPaint(1, Theme.bad());
        plot.getRenderer(1).setSeriesPaint(0, colour("Component.accentColor", new Color(0x4a88c7)));
        style(plot.getDomainAxis(), foreground, muted, grid, small);
        for (int i = 0; i < plot.getRangeAxisCount(); i++) {
            style(plot.getRangeAxis(i), foreground, muted, grid, small);
        }
        var legend = chart.getLegend();
        if (legend != null) {
            legend.setBackgroundPaint(background);
            legend.setItemPaint(foreground);
            legend.setItemFont(small);
            legend.setFrame(BlockBorder.NONE);
        }
        setBackground(background);
    }

    private static void style(org.jfree.chart.axis.Axis axis, Color fg, Color muted, Color grid, Font font) {
        if (axis == null) {
            return;
        }
        axis.setLabelPaint(muted);
        axis.setLabelFont(font);
        axis.setTickLabelPaint(fg);
        axis.setTickLabelFont(font);
        axis.setAxisLinePaint(grid);
        axis.setTickMarkPaint(grid);
        if (axis instanceof CategoryAxis) {
            ((CategoryAxis) axis).setCategoryMargin(0.15);
            ((CategoryAxis) axis).setLowerMargin(0.01);
            ((CategoryAxis) axis).setUpperMargin(0.01);
        } else if (axis instanceof ValueAxis) {
            ((ValueAxis) axis).setUpperMargin(0.1);
        }
    }

    private static Color colour(String key, Color fallback) {
        var c = UIManager.getColor(key);
        return c == null ? fallback : c;
    }
}
