package dev.tokenpose.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The official OKS non-maximum suppression ({@code lib/nms/nms.py oks_nms}, default sigmas, no
 * visibility filter): greedily keep the best-scored pose and drop every remaining pose whose OKS
 * with it exceeds the threshold; repeat.
 *
 * <p>OKS here is symmetric in the two poses: squared distances over {@code (2σ)²} and the mean of
 * the two areas, averaged over all 17 joints whatever their scores. The coordinate differences are
 * taken in float32 as the official float32 predictions array gives them.
 */
public final class OksNms {

    /** {@code TEST.OKS_THRE} of every official config. */
    public static final double OKS_THRE = 0.9;

    private OksNms() {}

    /**
     * {@code oks_iou} of two poses.
     *
     * @param a the kept pose's keypoints, 17 × (x, y, score)
     * @param b the other pose's keypoints
     * @param areaA area of the kept pose
     * @param areaB area of the other pose
     * @return OKS in [0, 1]
     */
    public static double oks(float[] a, float[] b, double areaA, double areaB) {
        double[] similarity = new double[Oks.KEYPOINTS];
        double scale = (areaA + areaB) / 2 + NumpyMath.SPACING_1;
        for (int j = 0; j < Oks.KEYPOINTS; j++) {
            float dx = b[3 * j] - a[3 * j];
            float dy = b[3 * j + 1] - a[3 * j + 1];
            float squared = dx * dx + dy * dy;
            double e = squared / Oks.variance(j) / scale / 2;
            similarity[j] = Math.exp(-e);
        }
        return NumpyMath.sum(similarity) / Oks.KEYPOINTS;
    }

    /**
     * The poses of one image that survive suppression with the official threshold 0.9.
     *
     * @param poses the image's poses
     * @return indices into {@code poses} of the kept ones, best-scored first
     */
    public static int[] keep(List<PoseCandidate> poses) {
        return keep(poses, OKS_THRE);
    }

    /**
     * The poses of one image that survive suppression.
     *
     * <p>Poses are visited as {@code scores.argsort()[::-1]} visits them: equal scores in
     * descending index order. That is NumPy 1.x's order for up to 16 poses per image, as the
     * official code ran (its quicksort is then a stable insertion sort); for more poses, and in
     * NumPy 1.25+ on AVX-512 CPUs (SIMD argsort), NumPy itself orders ties differently.
     *
     * @param poses the image's poses
     * @param threshold a pose whose OKS with a kept one is above this is dropped; equal is kept
     * @return indices into {@code poses} of the kept ones, best-scored first
     */
    public static int[] keep(List<PoseCandidate> poses, double threshold) {
        Integer[] ascending = new Integer[poses.size()];
        for (int i = 0; i < ascending.length; i++) {
            ascending[i] = i;
        }
        Arrays.sort(
                ascending,
                (i, j) -> NumpyMath.compareAscending(
                        poses.get(i).score(), poses.get(j).score()));
        List<Integer> order = new ArrayList<>(Arrays.asList(ascending));
        Collections.reverse(order);
        List<Integer> kept = new ArrayList<>();
        while (!order.isEmpty()) {
            int i = order.get(0);
            kept.add(i);
            PoseCandidate best = poses.get(i);
            List<Integer> rest = new ArrayList<>();
            for (int r = 1; r < order.size(); r++) {
                PoseCandidate other = poses.get(order.get(r));
                if (oks(best.keypoints(), other.keypoints(), best.area(), other.area()) <= threshold) {
                    rest.add(order.get(r));
                }
            }
            order = rest;
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }
}
