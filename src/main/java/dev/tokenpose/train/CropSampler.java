package dev.tokenpose.train;

import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.postprocess.FlipPairs;
import dev.tokenpose.preprocess.AffineMatrix;
import dev.tokenpose.preprocess.AffineTransforms;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.CenterScale;
import dev.tokenpose.preprocess.CropExtractor;
import dev.tokenpose.preprocess.InputNormalizer;
import java.util.List;

/**
 * Turns a labelled person into one training example: the (augmented) crop, exactly as the
 * official top-down pipeline cuts it, its Gaussian heatmap targets and its joint weights.
 */
public final class CropSampler {

    /** Teacher scores below this leave a joint out of the loss. */
    public static final double MIN_SCORE = 0.25;
    /** Teacher scores from this on give a joint full weight. */
    public static final double FULL_SCORE = 0.5;
    /** The official half-body crop is this much larger than the joints' extent. */
    private static final double HALF_BODY_PADDING = 1.5;

    private static final int UPPER_BODY_JOINTS = 11;

    private final ModelConfig config;
    private final int[][] flipPairs;

    /** @param config the student's input and heatmap sizes */
    public CropSampler(ModelConfig config) {
        this.config = config;
        this.flipPairs = config.numJoints() == FlipPairs.COCO.numJoints() ? FlipPairs.COCO.pairs() : new int[0][];
    }

    /**
     * Writes example {@code index} of a batch.
     *
     * @param image the person's image
     * @param box x, y, w, h of the person box
     * @param keypoints K × (x, y, score) in image pixels
     * @param aug how to vary the crop
     * @param input batch input [B, 3, H, W]
     * @param targets batch targets [B, K, Hh, Wh]
     * @param weights batch joint weights [B, K]
     * @param index the example's place in the batch
     * @return the crop as RGB bytes [H, W, 3]
     */
    public byte[] sample(
            BgrImage image,
            double[] box,
            float[] keypoints,
            Augmentation aug,
            float[] input,
            float[] targets,
            float[] weights,
            int index) {
        int w = config.imageWidth();
        int h = config.imageHeight();
        int k = config.numJoints();
        float[] jointWeight = new float[k];
        for (int j = 0; j < k; j++) {
            jointWeight[j] = HeatmapTargets.weight(keypoints[3 * j + 2], MIN_SCORE, FULL_SCORE);
        }
        CenterScale cs = aug.halfBody() ? halfBody(keypoints, jointWeight, aug.upperBody()) : null;
        if (cs == null) {
            cs = CenterScale.fromBox(box[0], box[1], box[2], box[3], w, h);
        }
        cs = new CenterScale(
                cs.centerX(), cs.centerY(), (float) (cs.scaleX() * aug.scale()), (float) (cs.scaleY() * aug.scale()));
        AffineMatrix m = AffineTransforms.imageToOutput(cs, aug.rotation(), w, h);
        byte[] rgb = CropExtractor.warpRgb(image, List.of(m), w, h);

        float[] joints = new float[2 * k];
        double sx = (double) config.heatmapWidth() / w;
        double sy = (double) config.heatmapHeight() / h;
        for (int j = 0; j < k; j++) {
            double x = m.applyX(keypoints[3 * j], keypoints[3 * j + 1]);
            double y = m.applyY(keypoints[3 * j], keypoints[3 * j + 1]);
            if (aug.flip()) {
                x = w - 1 - x;
            }
            joints[2 * j] = (float) (x * sx);
            joints[2 * j + 1] = (float) (y * sy);
        }
        if (aug.flip()) {
            mirror(rgb, h, w);
            for (int[] p : flipPairs) {
                swap(joints, 2 * p[0], 2 * p[1]);
                swap(joints, 2 * p[0] + 1, 2 * p[1] + 1);
                float t = jointWeight[p[0]];
                jointWeight[p[0]] = jointWeight[p[1]];
                jointWeight[p[1]] = t;
            }
        }
        aug.recolour(rgb, h, w);

        float[] normalized = InputNormalizer.normalize(rgb, 1, h, w);
        System.arraycopy(normalized, 0, input, index * normalized.length, normalized.length);
        int plane = k * config.heatmapHeight() * config.heatmapWidth();
        float[] t = new float[plane];
        HeatmapTargets.gaussians(
                joints, jointWeight, config.heatmapHeight(), config.heatmapWidth(), HeatmapTargets.SIGMA, t);
        System.arraycopy(t, 0, targets, index * plane, plane);
        System.arraycopy(jointWeight, 0, weights, index * k, k);
        return rgb;
    }

    /**
     * The official half-body box: the labelled joints of one half, their mean as centre, their
     * extent at the model's aspect ratio, padded 1.5×; null when that half has fewer than 3.
     */
    private CenterScale halfBody(float[] keypoints, float[] weight, boolean upper) {
        int k = config.numJoints();
        int labelled = 0;
        for (float wj : weight) {
            labelled += wj > 0 ? 1 : 0;
        }
        if (k != FlipPairs.COCO.numJoints() || labelled <= 8) {
            return null;
        }
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        double cx = 0;
        double cy = 0;
        int n = 0;
        for (int j = 0; j < k; j++) {
            if (weight[j] > 0 && (j < UPPER_BODY_JOINTS) == upper) {
                double x = keypoints[3 * j];
                double y = keypoints[3 * j + 1];
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                cx += x;
                cy += y;
                n++;
            }
        }
        if (n < 3) {
            return null;
        }
        double bw = maxX - minX;
        double bh = maxY - minY;
        double aspect = (double) config.imageWidth() / config.imageHeight();
        if (bw > aspect * bh) {
            bh = bw / aspect;
        } else {
            bw = bh * aspect;
        }
        return new CenterScale(
                (float) (cx / n), (float) (cy / n), (float) (bw / CenterScale.PIXEL_STD * HALF_BODY_PADDING), (float)
                        (bh / CenterScale.PIXEL_STD * HALF_BODY_PADDING));
    }

    /** Mirrors a 3-byte-per-pixel image [h, w, 3] left to right, in place. */
    static void mirror(byte[] rgb, int h, int w) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w / 2; x++) {
                int a = 3 * (y * w + x);
                int b = 3 * (y * w + (w - 1 - x));
                for (int ch = 0; ch < 3; ch++) {
                    byte t = rgb[a + ch];
                    rgb[a + ch] = rgb[b + ch];
                    rgb[b + ch] = t;
                }
            }
        }
    }

    private static void swap(float[] a, int i, int j) {
        float t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
