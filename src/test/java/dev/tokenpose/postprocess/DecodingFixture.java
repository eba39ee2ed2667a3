package dev.tokenpose.postprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenpose.io.NpyArray;
import dev.tokenpose.preprocess.CenterScale;
import dev.tokenpose.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The heatmaps and boxes that a fixture's {@code preds_*} / {@code maxvals_*} were decoded from. */
record DecodingFixture(
        String name, Path dir, float[] heatmaps, int n, int k, int height, int width, List<CenterScale> boxes) {

    /** Every fixture with decoding references: the pipeline one and the four model ones. */
    static final String[] NAMES = {"pipeline-seed4", "tiny-S-seed21", "tiny-T-seed22", "S-v1-seed1", "T-seed2"};

    static Optional<DecodingFixture> load(String name) throws IOException {
        Optional<Path> found = Fixtures.folder(name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Path dir = found.get();
        JsonNode manifest =
                new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        List<CenterScale> boxes = new ArrayList<>();
        NpyArray hm;
        if (manifest.has("info")) {
            for (JsonNode crop : manifest.get("info").get("crops")) {
                boxes.add(centerScale(crop.get("center"), crop.get("scale")));
            }
            hm = NpyArray.read(dir.resolve("heatmaps.npy"));
        } else {
            JsonNode pp = manifest.get("extra").get("postprocess");
            for (int i = 0; i < pp.get("centers").size(); i++) {
                boxes.add(centerScale(pp.get("centers").get(i), pp.get("scales").get(i)));
            }
            hm = NpyArray.read(dir.resolve(pp.get("heatmaps_used").asText()));
        }
        int[] s = hm.shape();
        return Optional.of(new DecodingFixture(name, dir, hm.floats(), s[0], s[1], s[2], s[3], boxes));
    }

    float[] read(String file) throws IOException {
        return NpyArray.read(dir.resolve(file)).floats();
    }

    private static CenterScale centerScale(JsonNode center, JsonNode scale) {
        return new CenterScale(
                (float) center.get(0).asDouble(),
                (float) center.get(1).asDouble(),
                (float) scale.get(0).asDouble(),
                (float) scale.get(1).asDouble());
    }
}
