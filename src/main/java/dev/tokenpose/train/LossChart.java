package dev.tokenpose.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a run's curves as a PNG: training loss (log scale, left axis) and validation OKS-AP and
 * PCK@0.1 against the teacher (right axis, 0..1), both over training hours.
 */
public final class LossChart {

    private static final int W = 720;
    private static final int H = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 60;
    private static final int TOP = 30;
    private static final int BOTTOM = 45;

    private LossChart() {}

    /**
     * Reads {@code loss.csv} and {@code validation.csv} of a run folder and writes the chart.
     *
     * @param run the run's folder
     * @param png where to write
     * @throws IOException if a log cannot be read or the image written
     */
    public static void write(Path run, Path png) throws IOException {
        List<double[]> loss = columns(run.resolve(StudentTrainer.LOSS_LOG), "training_hours", "loss");
        List<double[]> ap = columns(run.resolve(StudentTrainer.VALIDATION_LOG), "training_hours", "oks_ap");
        List<double[]> pck = columns(run.resolve(StudentTrainer.VALIDATION_LOG), "training_hours", "pck01");
        if (loss.isEmpty()) {
            throw new IOException("no loss logged yet in " + run);
        }
        double maxHours = loss.get(loss.size() - 1)[0];
        for (double[] p : ap) {
            maxHours = Math.max(maxHours, p[0]);
        }
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (double[] p : loss) {
            lo = Math.min(lo, p[1]);
            hi = Math.max(hi, p[1]);
        }
        double logLo = Math.floor(Math.log10(lo) * 4) / 4;
        double logHi = Math.ceil(Math.log10(hi) * 4) / 4 + 1e-9;

        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        g.setColor(new Color(230, 230, 230));
        for (int i = 0; i <= 4; i++) {
            int y = TOP + ph * i / 4;
            g.drawLine(LEFT, y, LEFT + pw, y);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(LEFT, TOP, pw, ph);
        for (int i = 0; i <= 4; i++) {
            double hours = maxHours * i / 4;
            int x = LEFT + pw * i / 4;
            g.drawString(String.format(Locale.ROOT, "%.2f", hours), x - 12, TOP + ph + 16);
            double logV = logHi - (logHi - logLo) * i / 4;
            g.drawString(String.format(Locale.ROOT, "%.1e", Math.pow(10, logV)), 4, TOP + ph * i / 4 + 4);
            g.drawString(String.format(Locale.ROOT, "%.2f", 1 - i / 4.0), LEFT + pw + 8, TOP + ph * i / 4 + 4);
        }
        g.drawString("training hours", LEFT + pw / 2 - 40, H - 8);
        double span = logHi - logLo;
        double hoursSpan = maxHours;
        plot(
                g,
                loss,
                new Color(31, 119, 180),
                p -> LEFT + (int) (pw * p[0] / hoursSpan),
                p -> TOP + (int) (ph * (logHi - Math.log10(p[1])) / span));
        plot(
                g,
                ap,
                new Color(214, 39, 40),
                p -> LEFT + (int) (pw * p[0] / hoursSpan),
                p -> TOP + (int) (ph * (1 - p[1])));
        plot(
                g,
                pck,
                new Color(44, 160, 44),
                p -> LEFT + (int) (pw * p[0] / hoursSpan),
                p -> TOP + (int) (ph * (1 - p[1])));
        legend(g, new Color(31, 119, 180), "loss (left, log)", LEFT + 10, TOP + 16);
        legend(g, new Color(214, 39, 40), "OKS-AP vs teacher (right)", LEFT + 180, TOP + 16);
        legend(g, new Color(44, 160, 44), "PCK@0.1 (right)", LEFT + 400, TOP + 16);
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private interface Coordinate {
        int of(double[] point);
    }

    private static void plot(Graphics2D g, List<double[]> points, Color c, Coordinate x, Coordinate y) {
        g.setColor(c);
        g.setStroke(new BasicStroke(1.6f));
        for (int i = 1; i < points.size(); i++) {
            g.drawLine(x.of(points.get(i - 1)), y.of(points.get(i - 1)), x.of(points.get(i)), y.of(points.get(i)));
        }
        for (double[] p : points.size() < 40 ? points : List.<double[]>of()) {
            g.fillOval(x.of(p) - 3, y.of(p) - 3, 6, 6);
        }
    }

    private static void legend(Graphics2D g, Color c, String text, int x, int y) {
        g.setColor(c);
        g.fillRect(x, y - 8, 14, 4);
        g.setColor(Color.DARK_GRAY);
        g.drawString(text, x + 18, y - 3);
    }

    /** Two named columns of a CSV log with a header line; rows without them are skipped. */
    static List<double[]> columns(Path csv, String xName, String yName) throws IOException {
        List<double[]> out = new ArrayList<>();
        if (!Files.exists(csv)) {
            return out;
        }
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            return out;
        }
        List<String> header = List.of(lines.get(0).split(","));
        int xi = header.indexOf(xName);
        int yi = header.indexOf(yName);
        if (xi < 0 || yi < 0) {
            return out;
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length > Math.max(xi, yi)) {
                double y = Double.parseDouble(f[yi]);
                if (Double.isFinite(y) && y > 0) {
                    out.add(new double[] {Double.parseDouble(f[xi]), y});
                }
            }
        }
        return out;
    }
}
