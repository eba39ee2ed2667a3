package dev.tokenpose.track;

import java.io.Serializable;

/**
 * How alike two poses are, in [0, 1]: a weighted mean of box IoU and keypoint OKS.
 *
 * <p>{@code similarity = iouWeight · IoU + (1 − iouWeight) · OKS}. OKS is the COCO object keypoint
 * similarity over the joints visible in both poses (score above {@code minJointScore}), with the box
 * area as the object scale; when no joint is visible in both (or the joint counts differ) the
 * similarity is the IoU alone.
 */
public final class PoseSimilarity implements Serializable {

    private static final long serialVersionUID = 1L;

    /** COCO per-joint OKS constants: the official sigmas (.26, .25, … /10). */
    private static final double[] COCO_SIGMAS = {
        .026, .025, .025, .035, .035, .079, .079, .072, .072, .062, .062, .107, .107, .087, .087, .089, .089
    };

    /** Sigma for joint sets other than COCO's: the mean COCO sigma, as there is no official value. */
    private static final double DEFAULT_SIGMA = 0.0669;

    private final double iouWeight;
    private final double minJointScore;

    /**
     * Creates a similarity measure.
     *
     * @param iouWeight weight of IoU in [0, 1]; OKS gets the rest
     * @param minJointScore joints scoring at or below this in either pose are left out of OKS
     */
    public PoseSimilarity(double iouWeight, double minJointScore) {
        if (!(iouWeight >= 0 && iouWeight <= 1)) {
            throw new IllegalArgumentException("iouWeight must be in [0, 1], got " + iouWeight);
        }
        this.iouWeight = iouWeight;
        this.minJointScore = minJointScore;
    }

    /**
     * The combined similarity of two poses.
     *
     * @param boxA first box x, y, w, h
     * @param keypointsA first pose K × (x, y, score)
     * @param boxB second box x, y, w, h
     * @param keypointsB second pose K × (x, y, score)
     * @return similarity in [0, 1]
     */
    public double similarity(double[] boxA, float[] keypointsA, double[] boxB, float[] keypointsB) {
        double iou = iou(boxA, boxB);
        if (iouWeight == 1) {
            return iou;
        }
        double area = 0.5 * (area(boxA) + area(boxB));
        double oks = oks(keypointsA, keypointsB, area, minJointScore);
        return Double.isNaN(oks) ? iou : iouWeight * iou + (1 - iouWeight) * oks;
    }

    /**
     * Intersection over union of two boxes.
     *
     * @param a box x, y, w, h
     * @param b box x, y, w, h
     * @return IoU in [0, 1]; 0 if the union is empty
     */
    public static double iou(double[] a, double[] b) {
        double iw = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
        double ih = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        double union = area(a) + area(b) - inter;
        return union > 0 ? inter / union : 0;
    }

    /**
     * COCO object keypoint similarity of two poses, averaged over the joints visible in both.
     *
     * @param a first pose K × (x, y, score)
     * @param b second pose K × (x, y, score)
     * @param area object scale s² in square pixels (COCO uses the object area)
     * @param minJointScore joints scoring at or below this in either pose are left out
     * @return OKS in [0, 1], or NaN if no joint is visible in both or the joint counts differ
     */
    public static double oks(float[] a, float[] b, double area, double minJointScore) {
        if (a.length != b.length || a.length % 3 != 0) {
            return Double.NaN;
        }
        int k = a.length / 3;
        double sum = 0;
        int n = 0;
        for (int j = 0; j < k; j++) {
            if (a[3 * j + 2] <= minJointScore || b[3 * j + 2] <= minJointScore) {
                continue;
            }
            double dx = a[3 * j] - b[3 * j];
            double dy = a[3 * j + 1] - b[3 * j + 1];
            double sigma = k == COCO_SIGMAS.length ? COCO_SIGMAS[j] : DEFAULT_SIGMA;
            double variance = 4 * sigma * sigma;
            // Same expression as pycocotools: e = d² / (2σ)² / (area + eps) / 2.
            sum += Math.exp(-(dx * dx + dy * dy) / variance / (area + Math.ulp(1.0)) / 2);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double area(double[] box) {
        return Math.max(0, box[2]) * Math.max(0, box[3]);
    }
}
