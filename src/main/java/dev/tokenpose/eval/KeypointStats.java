package dev.tokenpose.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ten numbers of pycocotools' keypoint summary ({@code COCOeval.stats}): AP over OKS
 * .50:.95, at .50 and .75, for medium and large people, and the same five for AR; −1 where
 * nothing could be measured.
 *
 * @param values the ten numbers in {@link #NAMES} order
 */
public record KeypointStats(double[] values) {

    /** The names the official evaluation reports them under, in order. */
    public static final List<String> NAMES =
            List.of("AP", "AP .5", "AP .75", "AP (M)", "AP (L)", "AR", "AR .5", "AR .75", "AR (M)", "AR (L)");

    /** The detection limit every number is reported at. */
    private static final int MAX_DETS = CocoKeypointEval.MAX_DETECTIONS;

    /**
     * Checks the count.
     *
     * @param values ten numbers in {@link #NAMES} order
     * @throws IllegalArgumentException if there are not ten
     */
    public KeypointStats {
        if (values.length != NAMES.size()) {
            throw new IllegalArgumentException("keypoint stats are " + NAMES.size() + " numbers, got " + values.length);
        }
        values = values.clone();
    }

    /**
     * One number by name.
     *
     * @param name one of {@link #NAMES}
     * @return its value
     * @throws IllegalArgumentException for an unknown name
     */
    public double get(String name) {
        int i = NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown stat '" + name + "'; expected one of " + NAMES);
        }
        return values[i];
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** @return name → value, in {@link #NAMES} order */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(NAMES.get(i), values[i]);
        }
        return m;
    }

    /**
     * The ten lines {@code COCOeval.summarize()} prints, character for character, e.g.
     * {@code " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.713"}.
     *
     * @return the lines
     */
    public List<String> summaryLines() {
        double[] t = CocoKeypointEval.IOU_THRESHOLDS;
        String all = fixed(t[0], 2) + ":" + fixed(t[t.length - 1], 2);
        String[] ious = {all, fixed(.5, 2), fixed(.75, 2), all, all};
        AreaRange[] areas = {AreaRange.ALL, AreaRange.ALL, AreaRange.ALL, AreaRange.MEDIUM, AreaRange.LARGE};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            boolean ap = i < 5;
            lines.add(String.format(
                    " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %s",
                    ap ? "Average Precision" : "Average Recall",
                    ap ? "(AP)" : "(AR)",
                    ious[i % 5],
                    areas[i % 5].label(),
                    MAX_DETS,
                    fixed(values[i], 3)));
        }
        return lines;
    }

    /** Python's {@code '{:0.Nf}'}: the exact binary value rounded half-to-even. */
    private static String fixed(double v, int digits) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }
}
