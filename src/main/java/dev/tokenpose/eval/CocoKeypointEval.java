package dev.tokenpose.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * COCO keypoint evaluation exactly as pycocotools' {@code COCOeval(gt, dt, 'keypoints')} runs it:
 * {@code evaluate()} (OKS, per-image greedy matching), {@code accumulate()} (precision/recall
 * curves, 101-point interpolation) and {@code summarize()} (the ten numbers).
 *
 * <p>Every step keeps pycocotools' order of operations, tie-breaking and threshold values, so the
 * numbers agree to the last bit wherever the platform's {@code exp} agrees with NumPy's (the two
 * may differ in the last bit, which matters only for an OKS that lands exactly on a threshold).
 */
public final class CocoKeypointEval {

    /** {@code maxDets = [20]}: detections per image beyond the 20 best-scored are dropped. */
    public static final int MAX_DETECTIONS = 20;

    /** {@code np.linspace(.5, .95, 10)}: OKS thresholds, with its rounding (0.8999999999999999). */
    static final double[] IOU_THRESHOLDS = NumpyMath.linspace(.5, .95, 10);

    /** {@code np.linspace(0, 1, 101)}: recall points, with its rounding (0.7000000000000001). */
    static final double[] RECALL_THRESHOLDS = NumpyMath.linspace(0, 1, 101);

    /** A match needs OKS at least the threshold, but never more than this (so OKS 1 always can match). */
    private static final double MAX_MATCH_THRESHOLD = 1 - 1e-10;

    private static final AreaRange[] AREAS = AreaRange.values();

    private final long[] imageIds;
    private final long[] categoryIds;
    private final Map<ImageCategory, List<CocoAnnotation>> gts;
    private final Map<ImageCategory, List<CocoResult>> dts;
    private final Map<ImageCategory, double[][]> oks = new HashMap<>();

    /**
     * Prepares an evaluation ({@code COCOeval.__init__} and {@code _prepare}).
     *
     * @param groundTruth the objects; its images and categories are the ones evaluated
     * @param results the detections, as {@link CocoDataset#loadResults} returns them
     */
    public CocoKeypointEval(CocoDataset groundTruth, List<CocoResult> results) {
        imageIds = groundTruth.imageIds();
        categoryIds = groundTruth.categoryIds();
        gts = new HashMap<>();
        for (CocoAnnotation a : groundTruth.evaluated()) {
            gts.computeIfAbsent(new ImageCategory(a.imageId(), a.categoryId()), k -> new ArrayList<>())
                    .add(a);
        }
        dts = groupResults(results);
    }

    /**
     * Evaluates, accumulates and summarizes in one call.
     *
     * @param groundTruth the objects
     * @param results the detections
     * @return the ten numbers
     */
    public static KeypointStats evaluate(CocoDataset groundTruth, List<CocoResult> results) {
        CocoKeypointEval e = new CocoKeypointEval(groundTruth, results);
        return e.summarize(e.accumulate());
    }

    /** The detections COCOeval sees, by (image, category): images ascending, file order within one. */
    private Map<ImageCategory, List<CocoResult>> groupResults(List<CocoResult> results) {
        Map<Long, List<CocoResult>> byImage = new LinkedHashMap<>();
        for (CocoResult r : results) {
            byImage.computeIfAbsent(r.imageId(), k -> new ArrayList<>()).add(r);
        }
        Set<Long> categories = new HashSet<>();
        for (long c : categoryIds) {
            categories.add(c);
        }
        Map<ImageCategory, List<CocoResult>> out = new HashMap<>();
        for (long image : imageIds) {
            for (CocoResult r : byImage.getOrDefault(image, List.of())) {
                if (categories.contains(r.categoryId())) {
                    out.computeIfAbsent(new ImageCategory(image, r.categoryId()), k -> new ArrayList<>())
                            .add(r);
                }
            }
        }
        return out;
    }

    /** An image's detections ranked by score (stable), cut to the limit, as both computeOks and evaluateImg rank them. */
    private List<CocoResult> rankedDetections(ImageCategory key) {
        List<CocoResult> d = dts.getOrDefault(key, List.of());
        double[] scores = new double[d.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = d.get(i).score();
        }
        int[] order = NumpyMath.argsortDescendingStable(scores);
        List<CocoResult> ranked = new ArrayList<>();
        for (int i = 0; i < Math.min(order.length, MAX_DETECTIONS); i++) {
            ranked.add(d.get(order[i]));
        }
        return ranked;
    }

    /** {@code computeOks}: [ranked detection][object in ground-truth order], or null when either side is empty. */
    private double[][] oks(ImageCategory key) {
        return oks.computeIfAbsent(key, k -> {
            List<CocoAnnotation> g = gts.getOrDefault(k, List.of());
            List<CocoResult> d = rankedDetections(k);
            return g.isEmpty() || d.isEmpty() ? null : Oks.matrix(d, g);
        });
    }

    /**
     * {@code evaluateImg}: greedy matching of one image's ranked detections to its objects at each
     * OKS threshold.
     *
     * @return the matching, or null if the image has neither objects nor detections in the category
     */
    ImageEvaluation evaluateImage(long imageId, long categoryId, AreaRange range) {
        ImageCategory key = new ImageCategory(imageId, categoryId);
        List<CocoAnnotation> gtAll = gts.getOrDefault(key, List.of());
        if (gtAll.isEmpty() && dts.getOrDefault(key, List.of()).isEmpty()) {
            return null;
        }
        int numGt = gtAll.size();
        // Objects sorted ignored-last, stably; the OKS columns follow the same order.
        int[] gtOrder = new int[numGt];
        boolean[] gtIgnore = new boolean[numGt];
        int next = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 0; j < numGt; j++) {
                CocoAnnotation g = gtAll.get(j);
                boolean ignore = g.ignored() || range.excludes(g.area());
                if (ignore == (pass == 1)) {
                    gtIgnore[next] = ignore;
                    gtOrder[next++] = j;
                }
            }
        }
        List<CocoResult> dt = rankedDetections(key);
        double[][] ious = oks(key);
        int numThr = IOU_THRESHOLDS.length;
        int numDt = dt.size();
        long[][] gtMatches = new long[numThr][numGt];
        long[][] dtMatches = new long[numThr][numDt];
        boolean[][] dtIgnore = new boolean[numThr][numDt];
        if (ious != null) {
            for (int t = 0; t < numThr; t++) {
                for (int d = 0; d < numDt; d++) {
                    double best = Math.min(IOU_THRESHOLDS[t], MAX_MATCH_THRESHOLD);
                    int m = -1;
                    for (int g = 0; g < numGt; g++) {
                        CocoAnnotation gt = gtAll.get(gtOrder[g]);
                        // A crowd may absorb any number of detections; anyone else only one.
                        if (gtMatches[t][g] > 0 && !gt.crowd()) {
                            continue;
                        }
                        // Matched to a real object already: the ignored ones (all after it) cannot win.
                        if (m > -1 && !gtIgnore[m] && gtIgnore[g]) {
                            break;
                        }
                        double o = ious[d][gtOrder[g]];
                        if (o < best) {
                            continue;
                        }
                        best = o;
                        m = g;
                    }
                    if (m == -1) {
                        continue;
                    }
                    dtIgnore[t][d] = gtIgnore[m];
                    dtMatches[t][d] = gtAll.get(gtOrder[m]).id();
                    gtMatches[t][m] = dt.get(d).id();
                }
            }
        }
        double[] scores = new double[numDt];
        for (int d = 0; d < numDt; d++) {
            scores[d] = dt.get(d).score();
            // Unmatched detections outside the area range are neither right nor wrong there.
            if (range.excludes(dt.get(d).area())) {
                for (int t = 0; t < numThr; t++) {
                    dtIgnore[t][d] |= dtMatches[t][d] == 0;
                }
            }
        }
        return new ImageEvaluation(imageId, categoryId, range, scores, dtMatches, dtIgnore, gtIgnore);
    }

    /**
     * {@code accumulate}: per category and area range, all images' detections ranked together
     * (stable, so equal scores keep image order, then rank within the image), precision made
     * monotone from the right and read at the 101 recall points.
     *
     * @return the curves
     */
    Accumulation accumulate() {
        int numThr = IOU_THRESHOLDS.length;
        int numRec = RECALL_THRESHOLDS.length;
        int numCat = categoryIds.length;
        double[][][][] precision = new double[numThr][numRec][numCat][AREAS.length];
        double[][][] recall = new double[numThr][numCat][AREAS.length];
        for (double[][][] p : precision) {
            for (double[][] q : p) {
                for (double[] r : q) {
                    Arrays.fill(r, -1);
                }
            }
        }
        for (double[][] r : recall) {
            for (double[] q : r) {
                Arrays.fill(q, -1);
            }
        }
        for (int k = 0; k < numCat; k++) {
            for (int a = 0; a < AREAS.length; a++) {
                List<ImageEvaluation> evals = new ArrayList<>();
                for (long image : imageIds) {
                    ImageEvaluation e = evaluateImage(image, categoryIds[k], AREAS[a]);
                    if (e != null) {
                        evals.add(e);
                    }
                }
                if (evals.isEmpty()) {
                    continue;
                }
                int total = evals.stream().mapToInt(e -> e.dtScores().length).sum();
                double[] scores = new double[total];
                long[][] matches = new long[numThr][total];
                boolean[][] ignores = new boolean[numThr][total];
                int npig = 0;
                int at = 0;
                for (ImageEvaluation e : evals) {
                    int n = e.dtScores().length;
                    System.arraycopy(e.dtScores(), 0, scores, at, n);
                    for (int t = 0; t < numThr; t++) {
                        System.arraycopy(e.dtMatches()[t], 0, matches[t], at, n);
                        System.arraycopy(e.dtIgnore()[t], 0, ignores[t], at, n);
                    }
                    at += n;
                    for (boolean ig : e.gtIgnore()) {
                        npig += ig ? 0 : 1;
                    }
                }
                if (npig == 0) {
                    continue;
                }
                int[] order = NumpyMath.argsortDescendingStable(scores);
                for (int t = 0; t < numThr; t++) {
                    double[] rc = new double[total];
                    double[] pr = new double[total];
                    double tp = 0;
                    double fp = 0;
                    for (int i = 0; i < total; i++) {
                        int d = order[i];
                        if (!ignores[t][d]) {
                            // A match to gt id 0 counts as no match, as numpy's truth test of dtm does.
                            if (matches[t][d] != 0) {
                                tp++;
                            } else {
                                fp++;
                            }
                        }
                        rc[i] = tp / npig;
                        pr[i] = tp / (fp + tp + NumpyMath.SPACING_1);
                    }
                    recall[t][k][a] = total > 0 ? rc[total - 1] : 0;
                    for (int i = total - 1; i > 0; i--) {
                        if (pr[i] > pr[i - 1]) {
                            pr[i - 1] = pr[i];
                        }
                    }
                    for (int r = 0; r < numRec; r++) {
                        int i = NumpyMath.searchsortedLeft(rc, total, RECALL_THRESHOLDS[r]);
                        // Recall points beyond the last detection's keep precision 0.
                        precision[t][r][k][a] = i < total ? pr[i] : 0;
                    }
                }
            }
        }
        return new Accumulation(precision, recall);
    }

    /**
     * {@code summarizeKps}: each number is the mean of the entries above −1 (−1 if there is none),
     * summed in NumPy's pairwise order over (threshold, recall point, category).
     *
     * @param acc the accumulated curves
     * @return the ten numbers
     */
    KeypointStats summarize(Accumulation acc) {
        Double[] ious = {null, .5, .75, null, null};
        AreaRange[] areas = {AreaRange.ALL, AreaRange.ALL, AreaRange.ALL, AreaRange.MEDIUM, AreaRange.LARGE};
        double[] stats = new double[10];
        for (int i = 0; i < 5; i++) {
            int a = areas[i].ordinal();
            List<Double> ap = new ArrayList<>();
            List<Double> ar = new ArrayList<>();
            for (int t = 0; t < IOU_THRESHOLDS.length; t++) {
                // Exact comparison, as np.where(iouThr == p.iouThrs) does.
                if (ious[i] != null && IOU_THRESHOLDS[t] != ious[i]) {
                    continue;
                }
                for (double[][] atRecall : acc.precision()[t]) {
                    for (double[] perCategory : atRecall) {
                        ap.add(perCategory[a]);
                    }
                }
                for (double[] perCategory : acc.recall()[t]) {
                    ar.add(perCategory[a]);
                }
            }
            stats[i] = meanOfMeasured(ap);
            stats[i + 5] = meanOfMeasured(ar);
        }
        return new KeypointStats(stats);
    }

    private static double meanOfMeasured(List<Double> values) {
        double[] measured = values.stream()
                .mapToDouble(Double::doubleValue)
                .filter(v -> v > -1)
                .toArray();
        return measured.length == 0 ? -1 : NumpyMath.mean(measured);
    }
}
