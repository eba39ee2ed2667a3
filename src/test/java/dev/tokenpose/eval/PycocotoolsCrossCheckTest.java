package dev.tokenpose.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeded random cases against the reference implementations' own output, stored by
 * {@code test/resources/eval/make_fixtures.py}: pycocotools' COCOeval, and the official oks_nms.
 */
class PycocotoolsCrossCheckTest {

    static final Path DIR = Path.of("test", "resources", "eval");

    @Test
    void shouldMatchPycocotoolsToTheLastBit() throws Exception {
        // 50 images, 144 objects (crowds, objects without keypoints, all area ranges, two categories),
        // 217 results (misses, duplicates, 100+ tied scores, two images over the 20-detection limit).
        CocoDataset gt = CocoDataset.read(DIR.resolve("crosscheck_gt.json"));
        KeypointStats stats = CocoKeypointEval.evaluate(gt, gt.loadResults(DIR.resolve("crosscheck_dt.json")));

        JsonNode expected =
                CocoCase.JSON.readTree(DIR.resolve("crosscheck_expected.json").toFile());
        double[] reference = new double[10];
        for (int i = 0; i < 10; i++) {
            reference[i] = expected.get("stats").get(i).doubleValue();
        }
        assertThat(stats.values()).containsExactly(reference);
        List<String> lines = new ArrayList<>();
        expected.get("summary").forEach(l -> lines.add(l.asText()));
        assertThat(stats.summaryLines()).containsExactlyElementsOf(lines);
    }

    @Test
    void shouldKeepThePosesTheOfficialOksNmsKeeps() throws Exception {
        // 25 images of up to 15 float32 poses around three people, jittered by 0.5 to 6 px,
        // thresholds 0.5, 0.8 and 0.9. Scores are distinct: the order of ties is NumPy-version
        // dependent (see OksNmsTest).
        JsonNode cases = CocoCase.JSON.readTree(DIR.resolve("oks_nms.json").toFile());
        for (JsonNode c : cases) {
            List<PoseCandidate> poses = new ArrayList<>();
            for (int i = 0; i < c.get("scores").size(); i++) {
                float[] kp = new float[51];
                for (int k = 0; k < 51; k++) {
                    kp[k] = (float) c.get("keypoints").get(i).get(k).doubleValue();
                }
                poses.add(new PoseCandidate(
                        kp,
                        c.get("areas").get(i).doubleValue(),
                        c.get("scores").get(i).doubleValue()));
            }
            int[] keep = new int[c.get("keep").size()];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = c.get("keep").get(i).intValue();
            }
            assertThat(OksNms.keep(poses, c.get("threshold").doubleValue()))
                    .as(c.get("keep").toString())
                    .containsExactly(keep);
        }
    }
}
