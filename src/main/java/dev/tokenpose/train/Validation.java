package dev.tokenpose.train;

import dev.tokenpose.HeatmapModel;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.postprocess.HeatmapDecoder;
import dev.tokenpose.postprocess.Keypoints;
import dev.tokenpose.preprocess.CenterScale;
import dev.tokenpose.teacher.TeacherLabel;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures a model against the teacher on held-back persons: each crop cut as at test time, decoded
 * with DARK, compared by OKS (box area as the person's area) and PCK@0.1 of the box's longer side.
 */
public final class Validation {

    /**
     * The agreement with the teacher.
     *
     * @param persons how many were measured
     * @param meanOks mean OKS
     * @param pck share of joints within 0.1 × box size
     */
    public record Result(int persons, double meanOks, double pck) {}

    private static final int BATCH = 16;

    private Validation() {}

    /** Runs the model on every label and compares. */
    public static Result measure(HeatmapModel model, TrainingSet data, List<TeacherLabel> labels) {
        ModelConfig c = model.config();
        CropSampler sampler = new CropSampler(c);
        int k = c.numJoints();
        int per = 3 * c.imageHeight() * c.imageWidth();
        double oks = 0;
        double pck = 0;
        int n = 0;
        for (int from = 0; from < labels.size(); from += BATCH) {
            List<TeacherLabel> chunk = labels.subList(from, Math.min(labels.size(), from + BATCH));
            float[] input = new float[chunk.size() * per];
            float[] targets = new float[chunk.size() * k * c.heatmapHeight() * c.heatmapWidth()];
            float[] weights = new float[chunk.size() * k];
            List<CenterScale> boxes = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                TeacherLabel l = chunk.get(i);
                sampler.sample(data.image(l), l.box(), l.keypoints(), Augmentation.NONE, input, targets, weights, i);
                boxes.add(CenterScale.fromBox(l.box()[0], l.box()[1], l.box()[2], l.box()[3], c.imageWidth(), c.imageHeight()));
            }
            float[] heatmaps = model.heatmaps(input, chunk.size());
            Keypoints kp = HeatmapDecoder.decode(heatmaps, chunk.size(), k, c.heatmapHeight(), c.heatmapWidth(), boxes, true);
            for (int i = 0; i < chunk.size(); i++) {
                TeacherLabel l = chunk.get(i);
                float[] pose = new float[3 * k];
                for (int j = 0; j < k; j++) {
                    pose[3 * j] = kp.x(i, j);
                    pose[3 * j + 1] = kp.y(i, j);
                    pose[3 * j + 2] = kp.score(i, j);
                }
                double area = l.box()[2] * l.box()[3];
                oks += PoseAgreement.oks(pose, l.keypoints(), CropSampler.MIN_SCORE, area);
                pck += PoseAgreement.pck(pose, l.keypoints(), CropSampler.MIN_SCORE, 0.1, Math.max(l.box()[2], l.box()[3]));
                n++;
            }
        }
        return new Result(n, n == 0 ? Double.NaN : oks / n, n == 0 ? Double.NaN : pck / n);
    }
}
