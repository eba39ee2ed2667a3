package dev.tokenpose.eval;

import static dev.tokenpose.eval.CocoCase.grid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading ground truth and results as pycocotools' COCO and loadRes do. */
class CocoDatasetTest {

    @TempDir
    Path tmp;

    @Test
    void shouldGiveKeypointResultsTheBoxAndAreaOfTheirExtentAndIdsInFileOrder() {
        CocoCase c = new CocoCase().image(7).image(3);
        c.person(7, grid(0, 0, 10), 2000);
        // grid(10, 20, 5): x 10 … 30, y 20 … 35 -> bbox (10, 20, 20, 15), area 300.
        c.result(7, grid(10, 20, 5), 0.5).result(3, grid(0, 0, 1), 0.25);
        List<CocoResult> r = c.loadedResults();
        assertThat(r).extracting(CocoResult::id).containsExactly(1L, 2L);
        assertThat(r.get(0).bbox()).containsExactly(10, 20, 20, 15);
        assertThat(r.get(0).area()).isEqualTo(300);
        assertThat(r.get(1).area()).isEqualTo(12);
        assertThat(c.dataset().imageIds()).containsExactly(3, 7);
    }

    @Test
    void shouldTakeAreaFromTheBoxWhenTheFirstResultHasOne() {
        // loadRes' bbox branch wins over the keypoint branch: area = w × h of the given box.
        CocoCase c = new CocoCase().image(1);
        c.result(1, grid(10, 20, 5), 0.5);
        ((ObjectNode) c.results.get(0)).putArray("bbox").add(0).add(0).add(40).add(50);
        CocoResult r = c.loadedResults().get(0);
        assertThat(r.area()).isEqualTo(2000);
        assertThat(r.bbox()).containsExactly(0, 0, 40, 50);
    }

    @Test
    void shouldEvaluateOnlyKnownImagesAndCategoriesInPycocotoolsOrder() {
        CocoCase c = new CocoCase().image(2).image(1);
        long a = c.person(2, grid(0, 0, 10), 2000);
        long b = c.person(1, grid(0, 0, 10), 2000);
        c.person(99, grid(0, 0, 10), 2000); // image not listed
        long d = c.person(2, grid(0, 0, 10), 2000);
        c.object(1, grid(0, 0, 10), 17, 2000, new double[4], false);
        ((ObjectNode) c.annotations.get(4)).put("category_id", 5); // category not listed
        assertThat(c.dataset().evaluated()).extracting(CocoAnnotation::id).containsExactly(b, a, d);
    }

    @Test
    void shouldRejectResultsForImagesTheGroundTruthLacks() {
        CocoCase c = new CocoCase().image(1);
        c.result(1, grid(0, 0, 1), 0.5).result(4, grid(0, 0, 1), 0.5);
        assertThatThrownBy(c::loadedResults)
                .isInstanceOf(CocoFormatException.class)
                .hasMessage("dt.json: results[1]: image_id 4 is not an image of the ground truth gt.json");
    }

    @Test
    void shouldNameTheEntryAndFieldOfMalformedInput() {
        CocoCase c = new CocoCase().image(1);
        c.person(1, grid(0, 0, 1), 100);
        ((ArrayNode) c.annotations.get(0).get("keypoints")).remove(50);
        assertThatThrownBy(c::dataset)
                .isInstanceOf(CocoFormatException.class)
                .hasMessage("gt.json: annotations[0]: 'keypoints' must be a list of 51 numbers, got 50 entries");

        CocoCase n = new CocoCase().image(1);
        n.person(1, grid(0, 0, 1), 100);
        ((ObjectNode) n.annotations.get(0)).remove("num_keypoints");
        assertThatThrownBy(n::dataset)
                .hasMessage("gt.json: annotations[0]: 'num_keypoints' must be a number, got nothing");

        CocoCase s = new CocoCase().image(1);
        s.result(1, grid(0, 0, 1), 0.5);
        ((ObjectNode) s.results.get(0)).put("score", "high");
        assertThatThrownBy(s::loadedResults).hasMessage("dt.json: results[0]: 'score' must be a number, got \"high\"");

        CocoDataset gt = new CocoCase().image(1).dataset();
        assertThatThrownBy(() -> gt.loadResults(CocoCase.JSON.createObjectNode(), "dt.json"))
                .hasMessageContaining("results must be a JSON list");
        assertThatThrownBy(() -> gt.loadResults(CocoCase.JSON.createArrayNode(), "dt.json"))
                .hasMessage("dt.json: the results list is empty");
        assertThatThrownBy(() -> CocoDataset.parse(CocoCase.JSON.createObjectNode(), "gt.json"))
                .hasMessage("gt.json: ground truth needs a 'images' list");
    }

    @Test
    void shouldReportFilesThatAreMissingOrNotJson() throws Exception {
        assertThatThrownBy(() -> CocoDataset.read(tmp.resolve("none.json"))).isInstanceOf(NoSuchFileException.class);
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"images\": [");
        assertThatThrownBy(() -> CocoDataset.read(bad))
                .isInstanceOf(CocoFormatException.class)
                .hasMessageStartingWith(bad + " is not valid JSON: ");
    }

    @Test
    void shouldReadNanScoresAsPythonsJsonDoes() throws Exception {
        CocoCase c = new CocoCase().image(1);
        c.person(1, grid(0, 0, 10), 2000);
        Path gt = tmp.resolve("gt.json");
        Path dt = tmp.resolve("dt.json");
        CocoCase.JSON.writeValue(gt.toFile(), c.gt);
        String kp = CocoCase.JSON.writeValueAsString(grid(0, 0, 10));
        Files.writeString(dt, "[{\"image_id\": 1, \"category_id\": 1, \"keypoints\": " + kp + ", \"score\": NaN}]");
        assertThat(CocoDataset.read(gt).loadResults(dt).get(0).score()).isNaN();
    }
}
