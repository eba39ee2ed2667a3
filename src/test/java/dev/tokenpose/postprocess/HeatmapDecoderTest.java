package dev.tokenpose.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.getGaussianKernel;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tokenpose.preprocess.CenterScale;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class HeatmapDecoderTest {

    /** The fixtures' tolerance for coordinates: |Δ| ≤ 1e-4 · max(1, |ref|). */
    private static final double COORD_TOLERANCE = 1e-4;

    private static final String[] NAMES = DecodingFixture.NAMES;

    @Test
    void argmaxMatchesOfficialGetMaxPredsIncludingTheMaskedNegativeMap() throws IOException {
        DecodingFixture f = DecodingFixture.load("pipeline-seed4").orElseThrow();
        float[] expected = f.read("argmax_heatmap_coords.npy");
        Keypoints got = HeatmapDecoder.argmax(f.heatmaps(), f.n(), f.k(), f.height(), f.width());
        assertThat(xy(got)).containsExactly(expected);
        // Sample 0, joint 2 is entirely negative: (0, 0) with its negative maximum as score.
        assertThat(got.x(0, 2)).isZero();
        assertThat(got.y(0, 2)).isZero();
        assertThat(got.score(0, 2)).isNegative();
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void darkPredictionsMatchOfficialGetFinalPredsWithinTolerance(String name) throws IOException {
        DecodingFixture f = loadOrSkip(name);
        Keypoints got = HeatmapDecoder.decode(f.heatmaps(), f.n(), f.k(), f.height(), f.width(), f.boxes(), true);
        assertThat(worstRelative(xy(got), f.read("preds_dark.npy")))
                .as(name + " worst relative coordinate error")
                .isLessThanOrEqualTo(COORD_TOLERANCE);
        assertThat(worstAbsolute(scores(got), f.read("maxvals_dark.npy")))
                .as(name + " worst maxval error")
                .isLessThanOrEqualTo(1e-4);
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void argmaxPredictionsMatchOfficialGetFinalPredsWithinTolerance(String name) throws IOException {
        DecodingFixture f = loadOrSkip(name);
        Keypoints got = HeatmapDecoder.decode(f.heatmaps(), f.n(), f.k(), f.height(), f.width(), f.boxes(), false);
        assertThat(worstRelative(xy(got), f.read("preds_argmax.npy")))
                .as(name + " worst relative coordinate error")
                .isLessThanOrEqualTo(COORD_TOLERANCE);
        assertThat(worstAbsolute(scores(got), f.read("maxvals_argmax.npy")))
                .as(name + " worst maxval error")
                .isLessThanOrEqualTo(1e-4);
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void officialFloatSemanticsAreReproducedBitForBit(String name) throws IOException {
        DecodingFixture f = loadOrSkip(name);
        Keypoints dark = HeatmapDecoder.decode(f.heatmaps(), f.n(), f.k(), f.height(), f.width(), f.boxes(), true);
        Keypoints plain = HeatmapDecoder.decode(f.heatmaps(), f.n(), f.k(), f.height(), f.width(), f.boxes(), false);
        assertThat(xy(dark)).containsExactly(f.read("preds_dark.npy"));
        assertThat(xy(plain)).containsExactly(f.read("preds_argmax.npy"));
        assertThat(scores(dark)).containsExactly(f.read("maxvals_dark.npy"));
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void fixturesWouldRejectADecoderWithoutDark(String name) throws IOException {
        DecodingFixture f = loadOrSkip(name);
        Keypoints plain = HeatmapDecoder.decode(f.heatmaps(), f.n(), f.k(), f.height(), f.width(), f.boxes(), false);
        assertThat(worstRelative(xy(plain), f.read("preds_dark.npy"))).isGreaterThan(100 * COORD_TOLERANCE);
    }

    @Test
    void peaksWithinTwoPixelsOfTheBorderAreNotRefined() throws IOException {
        DecodingFixture f = DecodingFixture.load("pipeline-seed4").orElseThrow();
        Keypoints argmax = HeatmapDecoder.argmax(f.heatmaps(), f.n(), f.k(), f.height(), f.width());
        Keypoints dark = HeatmapDecoder.decodeHeatmaps(f.heatmaps(), f.n(), f.k(), f.height(), f.width(), true);
        for (int i = 0; i < f.n(); i++) {
            for (int joint : new int[] {0, 1}) {
                assertThat(dark.x(i, joint)).isEqualTo(argmax.x(i, joint));
                assertThat(dark.y(i, joint)).isEqualTo(argmax.y(i, joint));
            }
        }
        // An interior peak does move.
        assertThat(dark.x(1, 5)).isNotEqualTo(argmax.x(1, 5));
    }

    @Test
    void heatmapSpaceDecodingThenBackProjectionEqualsFullDecoding() throws IOException {
        DecodingFixture f = DecodingFixture.load("tiny-S-seed21").orElseThrow();
        Keypoints heatmapSpace = HeatmapDecoder.decodeHeatmaps(f.heatmaps(), f.n(), f.k(), f.height(), f.width(), true);
        Keypoints image = HeatmapDecoder.toImage(heatmapSpace, f.boxes(), f.height(), f.width());
        Keypoints full = HeatmapDecoder.decode(f.heatmaps(), f.n(), f.k(), f.height(), f.width(), f.boxes(), true);
        assertThat(image.values()).containsExactly(full.values());
    }

    @Test
    void blurEqualsOpenCvGaussianBlurOnTheZeroPaddedMap() throws IOException {
        DecodingFixture f = DecodingFixture.load("pipeline-seed4").orElseThrow();
        int plane = f.height() * f.width();
        float[] mine = new float[plane];
        for (int m = 0; m < f.n() * f.k(); m++) {
            HeatmapDecoder.blur(f.heatmaps(), m * plane, f.height(), f.width(), mine);
            assertThat(mine).as("map " + m).containsExactly(openCvBlur(f.heatmaps(), m * plane, f.height(), f.width()));
        }
        Random random = new Random(7);
        float[] noise = new float[9 * 13];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextGaussian();
        }
        float[] small = new float[noise.length];
        HeatmapDecoder.blur(noise, 0, 9, 13, small);
        assertThat(small).containsExactly(openCvBlur(noise, 0, 9, 13));
    }

    @Test
    void kernelEqualsOpenCvElevenTapKernelBitForBit() {
        try (PointerScope scope = new PointerScope()) {
            Mat k = getGaussianKernel(11, 0, CV_64F);
            double[] expected = new double[11];
            new DoublePointer(k.data()).get(expected);
            assertThat(HeatmapDecoder.kernel()).containsExactly(expected);
        }
    }

    @Test
    void tiesResolveToTheFirstMaximumAndNonPositiveMapsToTheOrigin() {
        float[] maps = {
            0f, 2f, 0f, 2f, 0f, 0f, // first 2 at index 1
            0f, 0f, 0f, 0f, 0f, 0f, // all zero → masked
        };
        Keypoints k = HeatmapDecoder.argmax(maps, 1, 2, 2, 3);
        assertThat(k.values()).containsExactly(1f, 0f, 2f, 0f, 0f, 0f);
    }

    @Test
    void singularHessianLeavesThePeakWhereItIs() {
        // A map that is constant along x: dxx = dxy = 0, so the determinant is zero.
        int h = 9;
        int w = 9;
        float[] map = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                map[y * w + x] = y == 4 ? 1f : 0.5f;
            }
        }
        float[] logMap = new float[h * w];
        for (int i = 0; i < logMap.length; i++) {
            logMap[i] = (float) Math.log(map[i]);
        }
        float[] coords = {4f, 4f, 1f};
        HeatmapDecoder.taylorStep(logMap, h, w, coords, 0);
        assertThat(coords).containsExactly(4f, 4f, 1f);
    }

    @Test
    void twoByTwoInverseIsAnInverse() {
        double[][] cases = {{2, 1, 1, 3}, {0.5, 4, 4, -1}, {-3e-3, 1e-3, 1e-3, -2e-3}};
        for (double[] m : cases) {
            double[] inv = HeatmapDecoder.inverse2x2(m[0], m[1], m[2], m[3]);
            assertThat(m[0] * inv[0] + m[1] * inv[2]).isCloseTo(1, within(1e-12));
            assertThat(m[0] * inv[1] + m[1] * inv[3]).isCloseTo(0, within(1e-12));
            assertThat(m[2] * inv[0] + m[3] * inv[2]).isCloseTo(0, within(1e-12));
            assertThat(m[2] * inv[1] + m[3] * inv[3]).isCloseTo(1, within(1e-12));
        }
    }

    @Test
    void oneBoxPerBatchEntryIsRequired() {
        Keypoints k = new Keypoints(2, 1, new float[6]);
        assertThatThrownBy(() -> HeatmapDecoder.toImage(k, List.of(new CenterScale(0, 0, 1, 1)), 64, 48))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrongHeatmapLengthIsRejected() {
        assertThatThrownBy(() -> HeatmapDecoder.argmax(new float[10], 1, 1, 3, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static DecodingFixture loadOrSkip(String name) throws IOException {
        Optional<DecodingFixture> f = DecodingFixture.load(name);
        assumeTrue(f.isPresent(), name + " is not available");
        return f.get();
    }

    private static float[] openCvBlur(float[] maps, int offset, int height, int width) {
        try (PointerScope scope = new PointerScope()) {
            int pw = width + 10;
            double[] padded = new double[(height + 10) * pw];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    padded[(y + 5) * pw + x + 5] = maps[offset + y * width + x];
                }
            }
            Mat src = new Mat(height + 10, pw, CV_64F, new Scalar(0.0));
            new DoublePointer(src.data()).put(padded);
            Mat dst = new Mat();
            GaussianBlur(src, dst, new Size(11, 11), 0);
            double[] blurred = new double[padded.length];
            new DoublePointer(dst.data()).get(blurred);
            float[] out = new float[height * width];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    out[y * width + x] = (float) blurred[(y + 5) * pw + x + 5];
                }
            }
            return out;
        }
    }

    static float[] xy(Keypoints k) {
        float[] out = new float[k.count() * k.joints() * 2];
        for (int i = 0; i < out.length / 2; i++) {
            out[2 * i] = k.values()[3 * i];
            out[2 * i + 1] = k.values()[3 * i + 1];
        }
        return out;
    }

    static float[] scores(Keypoints k) {
        float[] out = new float[k.count() * k.joints()];
        for (int i = 0; i < out.length; i++) {
            out[i] = k.values()[3 * i + 2];
        }
        return out;
    }

    static double worstRelative(float[] got, float[] expected) {
        assertThat(got).hasSameSizeAs(expected);
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
        }
        return worst;
    }

    static double worstAbsolute(float[] got, float[] expected) {
        assertThat(got).hasSameSizeAs(expected);
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - expected[i]));
        }
        return worst;
    }
}
