package dev.tokenpose.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Builds small ground-truth and results files in memory for hand-checked evaluation cases. */
final class CocoCase {

    static final ObjectMapper JSON = new ObjectMapper();

    final ObjectNode gt = JSON.createObjectNode();
    final ArrayNode images = gt.putArray("images");
    final ArrayNode annotations = gt.putArray("annotations");
    final ArrayNode results = JSON.createArrayNode();
    private long nextId = 1;

    CocoCase() {
        gt.putArray("categories").addObject().put("id", 1).put("name", "person");
    }

    /**
     * A pose of 17 distinct points on a 5 × 4 grid with spacing {@code s} from (x, y): its
     * keypoint extent is 4s × 3s, so a detection of it has area 12 s².
     */
    static double[] grid(double x, double y, double s) {
        double[] kp = new double[51];
        for (int j = 0; j < 17; j++) {
            kp[3 * j] = x + s * (j % 5);
            kp[3 * j + 1] = y + s * (j / 5);
            kp[3 * j + 2] = 2;
        }
        return kp;
    }

    /** The same pose moved by (dx, dy). */
    static double[] shifted(double[] kp, double dx, double dy) {
        double[] out = kp.clone();
        for (int j = 0; j < 17; j++) {
            out[3 * j] += dx;
            out[3 * j + 1] += dy;
        }
        return out;
    }

    CocoCase image(long id) {
        images.addObject().put("id", id);
        return this;
    }

    /** A person with every keypoint labelled; returns its annotation id. */
    long person(long image, double[] kp, double area) {
        int labelled = 0;
        for (int j = 0; j < 17; j++) {
            labelled += kp[3 * j + 2] > 0 ? 1 : 0;
        }
        return object(image, kp, labelled, area, new double[] {kp[0], kp[1], 10, 10}, false);
    }

    /** Any ground-truth object; returns its annotation id. */
    long object(long image, double[] kp, int numKeypoints, double area, double[] bbox, boolean crowd) {
        return object(nextId, image, kp, numKeypoints, area, bbox, crowd);
    }

    long object(long id, long image, double[] kp, int numKeypoints, double area, double[] bbox, boolean crowd) {
        ObjectNode a = annotations.addObject();
        a.put("id", id)
                .put("image_id", image)
                .put("category_id", 1)
                .put("num_keypoints", numKeypoints)
                .put("area", area)
                .put("iscrowd", crowd ? 1 : 0);
        ArrayNode k = a.putArray("keypoints");
        for (double v : kp) {
            k.add(v);
        }
        ArrayNode b = a.putArray("bbox");
        for (double v : bbox) {
            b.add(v);
        }
        nextId = Math.max(nextId, id) + 1;
        return id;
    }

    CocoCase result(long image, double[] kp, double score) {
        ObjectNode r = results.addObject();
        r.put("image_id", image).put("category_id", 1).put("score", score);
        ArrayNode k = r.putArray("keypoints");
        for (double v : kp) {
            k.add(v);
        }
        return this;
    }

    CocoDataset dataset() {
        return CocoDataset.parse(gt, "gt.json");
    }

    List<CocoResult> loadedResults() {
        return dataset().loadResults(results, "dt.json");
    }

    CocoKeypointEval evaluation() {
        return new CocoKeypointEval(dataset(), loadedResults());
    }

    KeypointStats stats() {
        return CocoKeypointEval.evaluate(dataset(), loadedResults());
    }

    void write(Path gtFile, Path dtFile) throws IOException {
        JSON.writeValue(gtFile.toFile(), gt);
        JSON.writeValue(dtFile.toFile(), results);
    }
}
