package dev.tokenpose.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tokenpose.model.Family;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.preprocess.AffineMatrix;
import dev.tokenpose.preprocess.AffineTransforms;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.CenterScale;
import dev.tokenpose.preprocess.CropExtractor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The training crop is the inference crop, and its targets sit where the labels say, flipped or not. */
class CropSamplerTest {

    /** A 128×96 input with a 32×24 heatmap, so that most Gaussians lie whole on the map. */
    private static final ModelConfig C = new ModelConfig(
            "crop-test", Family.T, 96, 128, 24, 32, 8, 8, 32, 1, 2, 3, 17, 3, -1, "sine-full", null, null);

    private static final double[] BOX = {60, 40, 50, 110};

    private static BgrImage image() {
        SplittableRandom r = new SplittableRandom(5);
        byte[] px = new byte[200 * 160 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) r.nextInt(256);
        }
        return new BgrImage(200, 160, px);
    }

    private static float[] keypoints() {
        float[] kp = new float[51];
        for (int j = 0; j < 17; j++) {
            kp[3 * j] = (float) (BOX[0] + 18 + (j % 3) * 5 + (j % 2 == 0 ? 0 : 3));
            kp[3 * j + 1] = (float) (BOX[1] + 30 + j * 3.1);
            kp[3 * j + 2] = 0.9f;
        }
        return kp;
    }

    private record Example(byte[] rgb, float[] input, float[] targets, float[] weights) {}

    private static Example sample(Augmentation aug, float[] kp) {
        int k = C.numJoints();
        float[] input = new float[3 * C.imageHeight() * C.imageWidth()];
        float[] targets = new float[k * C.heatmapHeight() * C.heatmapWidth()];
        float[] weights = new float[k];
        byte[] rgb = new CropSampler(C).sample(image(), BOX, kp, aug, input, targets, weights, 0);
        return new Example(rgb, input, targets, weights);
    }

    /** The centre of mass of one joint's target, heatmap pixels. */
    private static double[] centroid(float[] targets, int joint) {
        int w = C.heatmapWidth();
        int plane = w * C.heatmapHeight();
        double sx = 0;
        double sy = 0;
        double s = 0;
        for (int i = 0; i < plane; i++) {
            double v = targets[joint * plane + i];
            sx += v * (i % w);
            sy += v * (i / w);
            s += v;
        }
        return new double[] {sx / s, sy / s};
    }

    @Test
    void withoutAugmentationTheCropIsTheInferenceCropAndTargetsSitOnTheProjectedJoints() {
        float[] kp = keypoints();
        Example e = sample(Augmentation.NONE, kp);
        CenterScale cs = CenterScale.fromBox(BOX[0], BOX[1], BOX[2], BOX[3], C.imageWidth(), C.imageHeight());
        assertThat(e.rgb())
                .containsExactly(CropExtractor.cropRgb(image(), List.of(cs), C.imageWidth(), C.imageHeight()));
        AffineMatrix m = AffineTransforms.crop(cs, C.imageWidth(), C.imageHeight());
        double scale = (double) C.heatmapWidth() / C.imageWidth();
        int checked = 0;
        for (int j = 0; j < 17; j++) {
            double[] c = centroid(e.targets(), j);
            double x = m.applyX(kp[3 * j], kp[3 * j + 1]) * scale;
            double y = m.applyY(kp[3 * j], kp[3 * j + 1]) * scale;
            if (x > 7 && y > 7 && x < C.heatmapWidth() - 8 && y < C.heatmapHeight() - 8) { // whole 3σ window on the map
                assertThat(c[0]).as("joint %d x", j).isCloseTo(x, within(0.02));
                assertThat(c[1]).as("joint %d y", j).isCloseTo(y, within(0.02));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    @Test
    void aFlipMirrorsTheCropAndSwapsLeftAndRightTargets() {
        float[] kp = keypoints();
        Augmentation flip = new Augmentation(1, 0, true, false, false, 1, 1, 1, null, 0, 0);
        Example plain = sample(Augmentation.NONE, kp);
        Example flipped = sample(flip, kp);
        int w = C.imageWidth();
        for (int y = 0; y < C.imageHeight(); y++) {
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < 3; ch++) {
                    assertThat(flipped.rgb()[3 * (y * w + x) + ch])
                            .isEqualTo(plain.rgb()[3 * (y * w + w - 1 - x) + ch]);
                }
            }
        }
        double scale = (double) C.heatmapWidth() / w;
        int[][] pairs = {{5, 6}, {9, 10}, {15, 16}};
        int checked = 0;
        for (int[] p : pairs) {
            for (int side = 0; side < 2; side++) {
                int a = p[side];
                int b = p[1 - side];
                double[] fa = centroid(flipped.targets(), a);
                double[] pb = centroid(plain.targets(), b);
                if (pb[0] < 7 || pb[0] > C.heatmapWidth() - 8 || pb[1] < 7 || pb[1] > C.heatmapHeight() - 8) {
                    continue; // a window cut by the map's edge moves the centroid
                }
                // Joint b at crop x lands at w-1-x after the mirror, under joint a's name.
                assertThat(fa[0]).isCloseTo((w - 1 - pb[0] / scale) * scale, within(0.05));
                assertThat(fa[1]).isCloseTo(pb[1], within(0.05));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(4);
    }

    @Test
    void unsureTeacherJointsGetNoWeight() {
        float[] kp = keypoints();
        kp[3 * 4 + 2] = 0.1f;
        Example e = sample(Augmentation.NONE, kp);
        assertThat(e.weights()[4]).isZero();
        assertThat(e.weights()[3]).isEqualTo(1f);
    }

    @Test
    void colourJitterAndOccluderOnlyChangePixels() {
        Augmentation a = new Augmentation(
                1, 0, false, false, false, 1.2f, 0.8f, 0.5f, new double[] {0.1, 0.1, 0.3, 0.2}, 0x808080, 9);
        Example plain = sample(Augmentation.NONE, keypoints());
        Example coloured = sample(a, keypoints());
        assertThat(coloured.targets()).containsExactly(plain.targets());
        assertThat(coloured.rgb()).isNotEqualTo(plain.rgb());
        // Inside the occluder: grey 128 ± 20 on every channel.
        int w = C.imageWidth();
        int x = (int) (0.2 * w);
        int y = (int) (0.15 * C.imageHeight());
        int v = coloured.rgb()[3 * (y * w + x)] & 0xff;
        assertThat(v).isBetween(108, 148);
    }
}
