package dev.tokenpose;

import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.postprocess.Keypoints;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.preprocess.CenterScale;
import dev.tokenpose.preprocess.CropBatch;
import dev.tokenpose.preprocess.CropExtractor;
import java.util.ArrayList;
import java.util.List;

/**
 * Poses of the persons in whole frames: crops every person box of a batch of frames, runs them
 * through the estimator in one call, and hands each frame its poses. A frame without boxes has no
 * poses; where boxes come from (given, detected, or the whole frame) is the caller's choice.
 */
public final class FramePoseEstimator implements AutoCloseable {

    /** One frame and its person boxes (x, y, w, h; with a score each). */
    public record FrameInput(BgrImage image, List<double[]> boxes, double[] boxScores) {}

    private final PoseEstimator estimator;

    public FramePoseEstimator(PoseEstimator estimator) {
        this.estimator = estimator;
    }

    public PoseEstimator estimator() {
        return estimator;
    }

    /**
     * @param frames frames with their boxes
     * @return per frame, its persons' poses in the order of its boxes
     */
    public List<List<PersonPose>> estimate(List<FrameInput> frames) {
        ModelConfig c = estimator.config();
        int per = 3 * c.imageHeight() * c.imageWidth();
        int total = frames.stream().mapToInt(f -> f.boxes().size()).sum();
        float[] input = new float[total * per];
        List<CenterScale> all = new ArrayList<>(total);
        int at = 0;
        for (FrameInput f : frames) {
            List<CenterScale> cs = new ArrayList<>();
            for (double[] b : f.boxes()) {
                cs.add(CenterScale.fromBox(b[0], b[1], b[2], b[3], c.imageWidth(), c.imageHeight()));
            }
            if (!cs.isEmpty()) {
                CropBatch crops = CropExtractor.extract(f.image(), cs, c.imageWidth(), c.imageHeight());
                System.arraycopy(crops.input(), 0, input, at * per, cs.size() * per);
            }
            all.addAll(cs);
            at += cs.size();
        }
        Keypoints kp = estimator.estimate(input, all);
        List<List<PersonPose>> out = new ArrayList<>(frames.size());
        int k = kp.joints();
        int first = 0;
        for (FrameInput f : frames) {
            int n = f.boxes().size();
            float[] values = java.util.Arrays.copyOfRange(kp.values(), first * k * 3, (first + n) * k * 3);
            out.add(PersonPose.of(f.boxes(), f.boxScores(), new Keypoints(n, k, values)));
            first += n;
        }
        return out;
    }

    @Override
    public void close() {
        estimator.close();
    }
}
