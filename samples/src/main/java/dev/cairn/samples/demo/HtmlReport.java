package dev.cairn.samples.demo;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's report as one self-contained HTML page: the invariant table and two charts drawn by XChart as inline SVG
 * (commits per second, projection lag), no external scripts or fonts.
 */
final class HtmlReport {

    private HtmlReport() {
    }

    static void write(DemoReport report, Path file) throws IOException {
        List<Timeline.Sample> samples = report.timeline();
        List<Double> time = new ArrayList<>();
        List<Double> rate = new ArrayList<>();
        List<Double> lag = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            Timeline.Sample previous = samples.get(i - 1);
            Timeline.Sample sample = samples.get(i);
            time.add(sample.seconds());
            rate.add((sample.commits() - previous.commits()) / Math.max(1e-3, sample.seconds() - previous.seconds()));
            lag.add((double) sample.lag());
        }
        if (time.isEmpty()) {
            time.add(0.0);
            rate.add(0.0);
            lag.add(0.0);
        }
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Cairn demo report</title>")
            .append("<style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 10px;text-align:left}")
            .append(".ok{color:#17663a}.fail{color:#b00020;font-weight:bold}</style></head><body>")
            .append("<h1>Cairn demo report</h1>")
            .append(String.format("<p>%,d orders in %.1f s: %,d confirmed, %,d cancelled %s; %,d events stored, "
                                          + "%,d snapshots taken.</p>", report.orders().placed(), report.seconds(),
                                  report.orders().confirmed(), report.orders().cancelled(),
                                  escape(String.valueOf(report.orders().cancelledBy())), report.store().events(),
                                  report.store().snapshotsTaken()))
            .append("<h2>Invariants</h2><table><tr><th>invariant</th><th>outcome</th><th>detail</th></tr>");
        for (DemoReport.Invariant invariant : report.invariants()) {
            html.append("<tr><td>").append(escape(invariant.name())).append("</td><td class=\"")
                .append(invariant.holds() ? "ok\">holds" : "fail\">BROKEN").append("</td><td>")
                .append(escape(invariant.detail())).append("</td></tr>");
        }
        html.append("</table><h2>Commits per second</h2>")
            .append(svg(chart("Commits per second", "commits/s", time, rate)))
            .append("<h2>Projection lag</h2>")
            .append(svg(chart("Largest projection lag", "events behind the head", time, lag)))
            .append("</body></html>\n");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    private static XYChart chart(String title, String yTitle, List<Double> x, List<Double> y) {
        XYChart chart = new XYChartBuilder().width(720).height(300).title(title).xAxisTitle("seconds")
                                            .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendVisible(false).setMarkerSize(0);
        chart.addSeries(yTitle, x, y);
        return chart;
    }

    private static String svg(XYChart chart) throws IOException {
        Path file = Files.createTempFile("cairn-chart", ".svg");
        try {
            String base = file.toString().substring(0, file.toString().length() - ".svg".length());
            VectorGraphicsEncoder.saveVectorGraphic(chart, base, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            String svg = Files.readString(file, StandardCharsets.UTF_8);
            int start = svg.indexOf("<svg");
            return start < 0 ? svg : svg.substring(start);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
