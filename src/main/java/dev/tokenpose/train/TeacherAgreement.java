package dev.tokenpose.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenpose.HeatmapModel;
import dev.tokenpose.eval.CocoDataset;
import dev.tokenpose.eval.CocoKeypointEval;
import dev.tokenpose.eval.KeypointStats;
import dev.tokenpose.eval.Rescoring;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.postprocess.FlipPairs;
import dev.tokenpose.postprocess.HeatmapDecoder;
import dev.tokenpose.postprocess.Keypoints;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.CenterScale;
import dev.tokenpose.teacher.MoveNet;
import dev.tokenpose.teacher.TeacherLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Measures pose estimators against the teacher's labels, all on the same person boxes: COCO
 * keypoint AP (exactly as pycocotools, with the teacher's joints scored at
 * {@value #LABELLED_SCORE} or more as the labelled ones and the box area as the person's area),
 * mean OKS, and PCK@0.1 of the box's longer side.
 */
public final class TeacherAgreement {

    /** Teacher joints scored at least this count as labelled (visible) ground truth. */
    public static final double LABELLED_SCORE = 0.3;

    /** Estimates the poses of a chunk of labelled persons, one K × (x, y, score) array each. */
    @FunctionalInterface
    public interface Estimator {
        /** The poses, image pixels, in the chunk's order. */
        float[][] estimate(List<TeacherLabel> persons);
    }

    /**
     * The agreement.
     *
     * @param persons how many were measured
     * @param stats pycocotools' ten numbers
     * @param meanOks mean OKS
     * @param pck share of labelled joints within 0.1 × the box's longer side
     */
    public record Result(int persons, KeypointStats stats, double meanOks, double pck) {
        /** OKS-AP @[.50:.95]. */
        public double ap() {
            return stats.get("AP");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 16;

    private TeacherAgreement() {}

    /** Runs the estimator on every labelled person and compares. */
    public static Result measure(List<TeacherLabel> labels, Estimator estimator) {
        List<float[]> poses = new ArrayList<>();
        for (int from = 0; from < labels.size(); from += CHUNK) {
            poses.addAll(List.of(estimator.estimate(labels.subList(from, Math.min(labels.size(), from + CHUNK)))));
        }
        double oks = 0;
        double pck = 0;
        int n = 0;
        for (int i = 0; i < labels.size(); i++) {
            TeacherLabel l = labels.get(i);
            double o = PoseAgreement.oks(poses.get(i), l.keypoints(), LABELLED_SCORE, l.box()[2] * l.box()[3]);
            if (!Double.isNaN(o)) {
                oks += o;
                pck += PoseAgreement.pck(
                        poses.get(i), l.keypoints(), LABELLED_SCORE, 0.1, Math.max(l.box()[2], l.box()[3]));
                n++;
            }
        }
        CocoDataset gt = CocoDataset.parse(groundTruth(labels), "teacher labels");
        KeypointStats stats = CocoKeypointEval.evaluate(gt, gt.loadResults(results(poses), "estimates"));
        return new Result(n, stats, n == 0 ? Double.NaN : oks / n, n == 0 ? Double.NaN : pck / n);
    }

    /** The labels as a COCO keypoint ground truth: one image per person, the box area as its area. */
    public static ObjectNode groundTruth(List<TeacherLabel> labels) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode images = root.putArray("images");
        ArrayNode annotations = root.putArray("annotations");
        root.putArray("categories").addObject().put("id", 1).put("name", "person");
        for (int i = 0; i < labels.size(); i++) {
            TeacherLabel l = labels.get(i);
            images.addObject().put("id", i + 1).put("file_name", l.image());
            ObjectNode a = annotations
                    .addObject()
                    .put("id", i + 1)
                    .put("image_id", i + 1)
                    .put("category_id", 1)
                    .put("iscrowd", 0)
                    .put("area", l.box()[2] * l.box()[3]);
            ArrayNode box = a.putArray("bbox");
            for (double v : l.box()) {
                box.add(v);
            }
            ArrayNode kp = a.putArray("keypoints");
            int visible = 0;
            for (int j = 0; j < l.keypoints().length / 3; j++) {
                boolean labelled = l.keypoints()[3 * j + 2] >= LABELLED_SCORE;
                kp.add(labelled ? l.keypoints()[3 * j] : 0)
                        .add(labelled ? l.keypoints()[3 * j + 1] : 0)
                        .add(labelled ? 2 : 0);
                visible += labelled ? 1 : 0;
            }
            a.put("num_keypoints", visible);
        }
        return root;
    }

    /** Estimates as COCO results, scored by the official rescoring (box score 1: the boxes are shared). */
    public static ArrayNode results(List<float[]> poses) {
        ArrayNode out = JSON.createArrayNode();
        for (int i = 0; i < poses.size(); i++) {
            ObjectNode r = out.addObject()
                    .put("image_id", i + 1)
                    .put("category_id", 1)
                    .put("score", Rescoring.rescore(poses.get(i), 1.0));
            ArrayNode kp = r.putArray("keypoints");
            for (float v : poses.get(i)) {
                kp.add(v);
            }
        }
        return out;
    }

    /** A TokenPose model on each person's test-time crop, decoded with DARK. */
    public static Estimator of(HeatmapModel model, Function<TeacherLabel, BgrImage> images) {
        ModelConfig c = model.config();
        CropSampler sampler = new CropSampler(c);
        int k = c.numJoints();
        return chunk -> {
            float[] input = new float[chunk.size() * 3 * c.imageHeight() * c.imageWidth()];
            float[] targets = new float[chunk.size() * k * c.heatmapHeight() * c.heatmapWidth()];
            float[] weights = new float[chunk.size() * k];
            List<CenterScale> boxes = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                TeacherLabel l = chunk.get(i);
                sampler.sample(images.apply(l), l.box(), l.keypoints(), Augmentation.NONE, input, targets, weights, i);
                boxes.add(CenterScale.fromBox(
                        l.box()[0], l.box()[1], l.box()[2], l.box()[3], c.imageWidth(), c.imageHeight()));
            }
            Keypoints kp = HeatmapDecoder.decode(
                    model.heatmaps(input, chunk.size()),
                    chunk.size(),
                    k,
                    c.heatmapHeight(),
                    c.heatmapWidth(),
                    boxes,
                    true);
            float[][] out = new float[chunk.size()][3 * k];
            for (int i = 0; i < chunk.size(); i++) {
                for (int j = 0; j < k; j++) {
                    out[i][3 * j] = kp.x(i, j);
                    out[i][3 * j + 1] = kp.y(i, j);
                    out[i][3 * j + 2] = kp.score(i, j);
                }
            }
            return out;
        };
    }

    /**
     * MoveNet on each person's box; {@code mirrored} runs it on the mirrored image and maps the
     * answer back (left and right swapped), which against the unmirrored teacher gives the ceiling
     * of agreement: how far the teacher agrees with itself.
     */
    public static Estimator of(MoveNet movenet, Function<TeacherLabel, BgrImage> images, boolean mirrored) {
        int[][] pairs = FlipPairs.COCO.pairs();
        return chunk -> {
            float[][] out = new float[chunk.size()][];
            for (int i = 0; i < chunk.size(); i++) {
                TeacherLabel l = chunk.get(i);
                BgrImage image = images.apply(l);
                double[] b = l.box();
                if (!mirrored) {
                    out[i] = movenet.estimate(image, b[0], b[1], b[2], b[3]);
                    continue;
                }
                float[] kp = movenet.estimate(mirror(image), image.width() - 1 - (b[0] + b[2] - 1), b[1], b[2], b[3]);
                for (int j = 0; j < kp.length / 3; j++) {
                    kp[3 * j] = image.width() - 1 - kp[3 * j];
                }
                for (int[] p : pairs) {
                    for (int d = 0; d < 3; d++) {
                        float t = kp[3 * p[0] + d];
                        kp[3 * p[0] + d] = kp[3 * p[1] + d];
                        kp[3 * p[1] + d] = t;
                    }
                }
                out[i] = kp;
            }
            return out;
        };
    }

    private static BgrImage mirror(BgrImage image) {
        byte[] pixels = image.pixels().clone();
        CropSampler.mirror(pixels, image.height(), image.width());
        return new BgrImage(image.width(), image.height(), pixels);
    }
}
