package dev.tokenpose.tf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.io.NpyArray;
import dev.tokenpose.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Native memory stays flat over many calls: every input tensor and result is closed. A leak of
 * only the input tensor here (4 crops of 3×64×48 floats, 147 kB) would grow the process by 44 MB
 * over the measured calls.
 */
class TfHeatmapModelMemoryTest {

    static final int WARM_UP = 100;
    static final int CALLS = 300;
    static final long MAX_GROWTH_KB = 20 * 1024;

    @Test
    void shouldNotGrowNativeMemoryOverManyCalls() throws Exception {
        // Without this, the garbage collector would quietly free what a call forgot to close.
        assertThat(System.getProperty("org.bytedeco.javacpp.nopointergc")).isEqualTo("true");
        Path folder = Fixtures.folder("tiny-T-seed22").orElseThrow();
        float[] two = NpyArray.read(folder.resolve("input.npy")).floats();
        float[] input = new float[two.length * 2];
        System.arraycopy(two, 0, input, 0, two.length);
        System.arraycopy(two, 0, input, two.length, two.length);
        try (TfHeatmapModel model = TfHeatmapModelConformanceTest.open(folder)) {
            for (int i = 0; i < WARM_UP; i++) {
                model.heatmaps(input, 4);
            }
            long before = rssKb();
            for (int i = 0; i < CALLS; i++) {
                model.heatmaps(input, 4);
            }
            long growth = rssKb() - before;

            assertThat(growth).as("RSS growth over %d calls, kB", CALLS).isLessThan(MAX_GROWTH_KB);
        }
    }

    /** Resident set size of this process. */
    static long rssKb() {
        return org.bytedeco.javacpp.Pointer.physicalBytes() / 1024;
    }
}
