package dev.tokenpose.track;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One live track: what the tracker remembers about one person between frames.
 *
 * <p>An immutable value: arrays are copied in and out, and equality compares contents, so a restored
 * snapshot equals the state it was taken from.
 *
 * @param id the published track id, or null while the track is tentative (not yet confirmed)
 * @param box the last observed box x, y, w, h, image pixels
 * @param center the box center as estimated by the motion filter, cx, cy, image pixels
 * @param velocity the box center's estimated velocity vx, vy, pixels per second
 * @param keypoints the last observed raw keypoints K × (x, y, score)
 * @param time when the track was last observed, seconds
 * @param hits how many frames the track has been observed in
 * @param misses consecutive frames without an observation since the last one
 * @param smoother the keypoint filter state, see {@link PoseSmoother}
 */
public record Track(
        Long id,
        double[] box,
        double[] center,
        double[] velocity,
        float[] keypoints,
        double time,
        int hits,
        int misses,
        List<OneEuroState> smoother)
        implements Serializable {

    /** Copies the arrays and checks their shapes. */
    public Track {
        if (box.length != 4 || center.length != 2 || velocity.length != 2) {
            throw new IllegalArgumentException("box needs 4 values, center and velocity 2, got " + box.length + ", "
                    + center.length + " and " + velocity.length);
        }
        box = box.clone();
        center = center.clone();
        velocity = velocity.clone();
        keypoints = keypoints.clone();
        smoother = List.copyOf(smoother);
    }

    /**
     * Whether the track has been confirmed and so has a published id.
     *
     * @return true once the track has an id
     */
    public boolean confirmed() {
        return id != null;
    }

    /**
     * The box of the last observation's size, centred where the center moving at constant velocity
     * is at time {@code t}.
     *
     * @param t time, seconds
     * @return predicted box x, y, w, h
     */
    public double[] predictedBox(double t) {
        double dt = t - time;
        return new double[] {
            center[0] + velocity[0] * dt - box[2] / 2, center[1] + velocity[1] * dt - box[3] / 2, box[2], box[3]
        };
    }

    /**
     * The last observed keypoints moved with the predicted box; scores are kept.
     *
     * @param t time, seconds
     * @return predicted keypoints K × (x, y, score)
     */
    public float[] predictedKeypoints(double t) {
        double[] predicted = predictedBox(t);
        float dx = (float) (predicted[0] - box[0]);
        float dy = (float) (predicted[1] - box[1]);
        float[] out = keypoints.clone();
        for (int j = 0; j + 2 < out.length; j += 3) {
            out[j] += dx;
            out[j + 1] += dy;
        }
        return out;
    }

    /**
     * A copy of the last observed box.
     *
     * @return the last observed box
     */
    @Override
    public double[] box() {
        return box.clone();
    }

    /**
     * A copy of the filtered box center.
     *
     * @return the filtered box center
     */
    @Override
    public double[] center() {
        return center.clone();
    }

    /**
     * A copy of the center velocity.
     *
     * @return the center velocity
     */
    @Override
    public double[] velocity() {
        return velocity.clone();
    }

    /**
     * A copy of the last observed raw keypoints.
     *
     * @return the last observed raw keypoints
     */
    @Override
    public float[] keypoints() {
        return keypoints.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Track t
                && Objects.equals(id, t.id)
                && Arrays.equals(box, t.box)
                && Arrays.equals(center, t.center)
                && Arrays.equals(velocity, t.velocity)
                && Arrays.equals(keypoints, t.keypoints)
                && Double.compare(time, t.time) == 0
                && hits == t.hits
                && misses == t.misses
                && smoother.equals(t.smoother);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(id, time, hits, misses, smoother);
        h = 31 * h + Arrays.hashCode(box);
        h = 31 * h + Arrays.hashCode(center);
        h = 31 * h + Arrays.hashCode(velocity);
        return 31 * h + Arrays.hashCode(keypoints);
    }

    @Override
    public String toString() {
        return "Track[id=" + id + ", box=" + Arrays.toString(box) + ", center=" + Arrays.toString(center)
                + ", velocity=" + Arrays.toString(velocity)
                + ", time=" + time + ", hits=" + hits + ", misses=" + misses + "]";
    }
}
