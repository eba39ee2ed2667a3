package dev.tokenpose.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.io.NpyArray;
import dev.tokenpose.postprocess.HeatmapDecoder;
import dev.tokenpose.testing.Arrays2;
import dev.tokenpose.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedModelExportTest {

    @Test
    void shouldReloadAnExportWithTheSameOutputs(@TempDir Path tmp) throws Exception {
        Path folder = Fixtures.folder("tiny-S-seed21").orElseThrow();
        NpyArray input = NpyArray.read(folder.resolve("input.npy"));
        int n = input.dim(0);
        Path dir = tmp.resolve("saved");
        float[] direct;
        String identity;
        try (TfHeatmapModel model = TfHeatmapModelConformanceTest.open(folder)) {
            direct = model.heatmaps(input.floats(), n);
            identity = model.identity();
            SavedModelExport.export(model, dir);
        }
        assertThat(dir.resolve("saved_model.pb")).exists();

        try (SavedModelHeatmapModel reloaded = SavedModelHeatmapModel.load(dir)) {
            var c = reloaded.config();
            float[] heatmaps = reloaded.heatmaps(input.floats(), n);
            float[] keypoints = reloaded.keypoints(input.floats(), n);

            assertThat(reloaded.identity()).isEqualTo(identity);
            assertThat(c.name()).isEqualTo("config");
            assertThat(Arrays2.maxAbsDiff(heatmaps, direct)).isLessThanOrEqualTo(1e-6);
            TfHeatmapModelConformanceTest.assertClose(heatmaps, folder.resolve("output.npy"));
            float[] expected = HeatmapDecoder.argmax(heatmaps, n, c.numJoints(), c.heatmapHeight(), c.heatmapWidth())
                    .values();
            assertThat(keypoints).containsExactly(expected);
        }
    }

    @Test
    void shouldRefuseANonEmptyFolder(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("something"), "x");
        try (TfHeatmapModel model = TfHeatmapModelConformanceTest.open(
                Fixtures.folder("tiny-T-seed22").orElseThrow())) {
            assertThatThrownBy(() -> SavedModelExport.export(model, tmp))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("not empty");
        }
    }
}
