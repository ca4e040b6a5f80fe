package ai.traceable.tme.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The benchmark's charts and the soak's, drawn with JFreeChart into PNG files. Stateless. */
final class Plots {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 520;
  private static final Color[] COLORS = {
    new Color(0x1f77b4),
    new Color(0xd62728),
    new Color(0x2ca02c),
    new Color(0x9467bd),
    new Color(0xff7f0e)
  };

  private Plots() {}

  /**
   * Latency percentiles against achieved throughput, one point per open-loop rate step.
   *
   * @param steps the open-loop runs, in increasing rate
   */
  static void latencyVsThroughput(String title, List<LoadResult> steps, Path png)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    XYSeries p50 = new XYSeries("p50");
    XYSeries p99 = new XYSeries("p99");
    XYSeries p999 = new XYSeries("p99.9");
    for (LoadResult r : steps) {
      p50.add(r.throughput(), millis(r.latencyMicros().p50()));
      p99.add(r.throughput(), millis(r.latencyMicros().p99()));
      p999.add(r.throughput(), millis(r.latencyMicros().p999()));
    }
    data.addSeries(p50);
    data.addSeries(p99);
    data.addSeries(p999);
    write(latencyChart(title, "achieved checks/s", data), png);
  }

  /**
   * Latency by percentile for several runs; the x axis counts nines (90%, 99%, 99.9%, ...).
   *
   * @param names series names, one per run
   */
  static void percentiles(String title, List<String> names, List<LoadResult> runs, Path png)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (int i = 0; i < runs.size(); i++) {
      XYSeries series = new XYSeries(names.get(i));
      for (LoadResult.Percentile p : runs.get(i).distributionMicros()) {
        if (p.percentile() < 100) {
          series.add(-Math.log10(1 - p.percentile() / 100), millis(p.micros()));
        }
      }
      data.addSeries(series);
    }
    JFreeChart chart = latencyChart(title, "percentile", data);
    NumberAxis x = new NumberAxis("percentile");
    x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1));
    x.setNumberFormatOverride(new NinesFormat());
    x.setRange(0, 5);
    chart.getXYPlot().setDomainAxis(x);
    write(chart, png);
  }

  /**
   * A soak over time: live heap, Java threads and open fds, and the p50 and p99 of each interval,
   * stacked on one time axis (minutes). The baseline sample has no latency and is left out of the
   * latency panel.
   */
  static void soak(String title, List<SoakSample> samples, Path png) throws IOException {
    XYSeries heap = new XYSeries("live heap after GC (MiB)");
    XYSeries threads = new XYSeries("Java threads");
    XYSeries fds = new XYSeries("open fds");
    XYSeries p50 = new XYSeries("p50 (ms)");
    XYSeries p99 = new XYSeries("p99 (ms)");
    for (SoakSample s : samples) {
      double minutes = s.seconds() / 60;
      heap.add(minutes, s.server().liveHeapMiB());
      threads.add(minutes, s.server().threads());
      fds.add(minutes, s.server().openFds());
      if (s.ok() + s.denied() > 0) {
        p50.add(minutes, s.p50Micros() / 1000.0);
        p99.add(minutes, s.p99Micros() / 1000.0);
      }
    }
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("minutes"));
    plot.add(panel("MiB", from(heap), true), 1);
    plot.add(panel("count", from(threads, fds), true), 1);
    plot.add(panel("latency (ms)", from(p50, p99), false), 1);
    plot.setGap(12);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    write(chart, png, WIDTH, HEIGHT * 3 / 2);
  }

  private static XYSeriesCollection from(XYSeries... series) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (XYSeries s : series) {
      data.addSeries(s);
    }
    return data;
  }

  /**
   * One panel of a stacked chart; {@code fromZero} keeps zero on the axis, so drift is to scale.
   */
  private static XYPlot panel(String label, XYSeriesCollection data, boolean fromZero) {
    NumberAxis y = new NumberAxis(label);
    y.setAutoRangeIncludesZero(fromZero);
    XYPlot panel = new XYPlot(data, null, y, null);
    style(panel, data.getSeriesCount());
    return panel;
  }

  /** A line chart of latency (log scale, ms) against {@code xLabel}. */
  private static JFreeChart latencyChart(String title, String xLabel, XYSeriesCollection data) {
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, xLabel, "latency (ms)", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    LogAxis y = new LogAxis("latency (ms, log scale)");
    decades(y);
    plot.setRangeAxis(y);
    style(plot, data.getSeriesCount());
    return chart;
  }

  /** Ticks at 0.01, 0.1, 1, 10, ... ms, labelled plainly. */
  private static void decades(LogAxis axis) {
    axis.setSmallestValue(0.01);
    axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1));
    axis.setMinorTickCount(9);
    axis.setNumberFormatOverride(NumberFormat.getNumberInstance(Locale.ROOT));
  }

  private static double millis(long micros) {
    return Math.max(0.01, micros / 1000.0);
  }

  private static void style(XYPlot plot, int series) {
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, series <= 3);
    for (int i = 0; i < series; i++) {
      renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
  }

  private static void write(JFreeChart chart, Path png) throws IOException {
    write(chart, png, WIDTH, HEIGHT);
  }

  private static void write(JFreeChart chart, Path png, int width, int height) throws IOException {
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
  }

  /** Labels 0, 1, 2, 3 nines as 0%, 90%, 99%, 99.9%. */
  private static final class NinesFormat extends NumberFormat {
    @Override
    public StringBuffer format(double nines, StringBuffer out, FieldPosition pos) {
      double percentile = 100 * (1 - Math.pow(10, -nines));
      String text =
          nines < 1
              ? String.format(Locale.ROOT, "%.0f%%", percentile)
              : String.format(
                  Locale.ROOT, "%." + Math.max(0, (int) Math.round(nines) - 2) + "f%%", percentile);
      return out.append(text);
    }

    @Override
    public StringBuffer format(long nines, StringBuffer out, FieldPosition pos) {
      return format((double) nines, out, pos);
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
      throw new UnsupportedOperationException("labels only");
    }
  }
}
