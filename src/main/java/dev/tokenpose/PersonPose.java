package dev.tokenpose;

import dev.tokenpose.eval.Rescoring;
import dev.tokenpose.postprocess.Keypoints;
import java.util.ArrayList;
import java.util.List;

/**
 * One person's pose in image pixels.
 *
 * @param box the person box x, y, w, h
 * @param boxScore the detector's confidence in the box (1 for given boxes)
 * @param keypoints K × (x, y, score)
 * @param score pose score: mean of the joint scores above {@link #VISIBLE_SCORE}, times the box score
 */
public record PersonPose(double[] box, double boxScore, float[] keypoints, double score) {

    /** Joint score above which a joint counts as visible (official {@code TEST.IN_VIS_THRE}). */
    public static final double VISIBLE_SCORE = Rescoring.IN_VIS_THRE;

    /** The poses of a batch, rescored as the official COCO evaluation does. */
    public static List<PersonPose> of(List<double[]> boxes, double[] boxScores, Keypoints kp) {
        List<PersonPose> out = new ArrayList<>(kp.count());
        int k = kp.joints();
        for (int i = 0; i < kp.count(); i++) {
            float[] joints = new float[k * 3];
            System.arraycopy(kp.values(), i * k * 3, joints, 0, k * 3);
            out.add(new PersonPose(boxes.get(i).clone(), boxScores[i], joints, poseScore(joints) * boxScores[i]));
        }
        return out;
    }

    /** Mean score of the visible joints, 0 if none is visible. */
    public static double poseScore(float[] joints) {
        return Rescoring.meanVisibleScore(joints, VISIBLE_SCORE);
    }

    public int joints() {
        return keypoints.length / 3;
    }
}
