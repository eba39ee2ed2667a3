package dev.tokenpose.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.io.NpyArray;
import dev.tokenpose.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InputNormalizerTest {

    @Test
    void fixtureCropsNormaliseToTheOfficialInput() throws IOException {
        Path dir = Fixtures.folder("pipeline-seed4").orElseThrow();
        byte[] crops = NpyArray.read(dir.resolve("crops_rgb_uint8.npy")).bytes();
        float[] expected = NpyArray.read(dir.resolve("input.npy")).floats();
        float[] got = InputNormalizer.normalize(crops, 2, 256, 192);
        assertThat(maxAbsDiff(got, expected)).as("max |Δ| vs input.npy").isLessThanOrEqualTo(1e-6);
    }

    @Test
    void channelsArePlanarInRgbOrderWithImageNetStatistics() {
        // One 1x2 crop: pixel 0 = (R 255, G 0, B 128), pixel 1 = (0, 255, 0).
        byte[] rgb = {(byte) 255, 0, (byte) 128, 0, (byte) 255, 0};
        float[] out = InputNormalizer.normalize(rgb, 1, 1, 2);
        assertThat(out)
                .containsExactly(
                        (1f - 0.485f) / 0.229f, (0f - 0.485f) / 0.229f,
                        (0f - 0.456f) / 0.224f, (1f - 0.456f) / 0.224f,
                        (128f / 255f - 0.406f) / 0.225f, (0f - 0.406f) / 0.225f);
    }

    @Test
    void wrongBufferLengthIsRejected() {
        assertThatThrownBy(() -> InputNormalizer.normalize(new byte[5], 1, 1, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
