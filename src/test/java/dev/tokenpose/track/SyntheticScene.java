package dev.tokenpose.track;

import dev.tokenpose.PersonPose;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** People walking straight lines past a noisy detector: generated frames with known identities. */
final class SyntheticScene {

    /** A standing COCO pose in box-relative coordinates (0..1 across, 0..1 down). */
    private static final double[][] TEMPLATE = {
        {.50, .08}, {.54, .06}, {.46, .06}, {.58, .08}, {.42, .08}, {.65, .22}, {.35, .22}, {.70, .38},
        {.30, .38}, {.72, .52}, {.28, .52}, {.60, .55}, {.40, .55}, {.60, .75}, {.40, .75}, {.60, .95},
        {.40, .95}
    };

    /**
     * One person: a box of fixed size moving at constant velocity while present.
     *
     * @param identity ground-truth identity
     * @param x0 box left at time 0
     * @param y0 box top at time 0
     * @param vx px/s
     * @param vy px/s
     * @param width box width
     * @param height box height
     * @param enterFrame first frame the person is in view
     * @param leaveFrame first frame the person is out of view again
     */
    record Walker(
            int identity,
            double x0,
            double y0,
            double vx,
            double vy,
            double width,
            double height,
            int enterFrame,
            int leaveFrame) {

        double[] box(double t) {
            return new double[] {x0 + vx * t, y0 + vy * t, width, height};
        }

        boolean present(int frame) {
            return frame >= enterFrame && frame < leaveFrame;
        }
    }

    /**
     * A generated frame.
     *
     * @param index frame number from 0
     * @param time seconds
     * @param identities ground-truth identity of each pose
     * @param poses the detections, in shuffled order
     */
    record Frame(int index, double time, List<Integer> identities, List<PersonPose> poses) {}

    private final double fps;
    private final double noise;
    private final long seed;
    private final List<Walker> walkers = new ArrayList<>();
    private final List<int[]> hidden = new ArrayList<>();
    private final Set<Integer> blinking = new HashSet<>();
    private int clutterPerFrame;

    SyntheticScene(double fps, double noisePx, long seed) {
        this.fps = fps;
        this.noise = noisePx;
        this.seed = seed;
    }

    SyntheticScene walker(int identity, double x0, double y0, double vx, double vy, double w, double h) {
        return walker(identity, x0, y0, vx, vy, w, h, 0, Integer.MAX_VALUE);
    }

    SyntheticScene walker(
            int identity,
            double x0,
            double y0,
            double vx,
            double vy,
            double w,
            double h,
            int enterFrame,
            int leaveFrame) {
        walkers.add(new Walker(identity, x0, y0, vx, vy, w, h, enterFrame, leaveFrame));
        return this;
    }

    /** The detector misses {@code identity} in frames [from, to). */
    SyntheticScene hide(int identity, int from, int to) {
        hidden.add(new int[] {identity, from, to});
        return this;
    }

    /** The detector sees {@code identity} only in even frames. */
    SyntheticScene blink(int identity) {
        blinking.add(identity);
        return this;
    }

    /** Adds this many one-frame false detections at random places off the walkers to every frame (identity -1). */
    SyntheticScene clutter(int perFrame) {
        this.clutterPerFrame = perFrame;
        return this;
    }

    List<Walker> walkers() {
        return List.copyOf(walkers);
    }

    List<Frame> frames(int count) {
        Random rng = new Random(seed);
        List<Frame> out = new ArrayList<>(count);
        for (int f = 0; f < count; f++) {
            double t = f / fps;
            List<Integer> ids = new ArrayList<>();
            List<PersonPose> poses = new ArrayList<>();
            for (Walker w : walkers) {
                if (!w.present(f) || isHidden(w.identity(), f) || (blinking.contains(w.identity()) && f % 2 == 1)) {
                    continue;
                }
                ids.add(w.identity());
                poses.add(observe(w.box(t), rng));
            }
            for (int c = 0; c < clutterPerFrame; c++) {
                double[] box;
                do {
                    box = new double[] {
                        rng.nextDouble() * 1800,
                        rng.nextDouble() * 900,
                        40 + rng.nextDouble() * 60,
                        100 + rng.nextDouble() * 100
                    };
                } while (touchesAWalker(box, t));
                ids.add(-1);
                poses.add(observe(box, rng));
            }
            // The tracker must not depend on detection order, so shuffle the frame's poses.
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, rng);
            List<Integer> sIds = new ArrayList<>();
            List<PersonPose> sPoses = new ArrayList<>();
            for (int i : order) {
                sIds.add(ids.get(i));
                sPoses.add(poses.get(i));
            }
            out.add(new Frame(f, t, sIds, sPoses));
        }
        return out;
    }

    /** A noisy detection of a person whose true box is {@code box}. */
    PersonPose observe(double[] box, Random rng) {
        double[] b = new double[4];
        for (int i = 0; i < 4; i++) {
            b[i] = box[i] + rng.nextGaussian() * noise;
        }
        return new PersonPose(b, 0.9, keypoints(box, rng), 0.9);
    }

    /** The template pose in {@code box}, with Gaussian noise on every coordinate. */
    float[] keypoints(double[] box, Random rng) {
        float[] kp = new float[TEMPLATE.length * 3];
        for (int j = 0; j < TEMPLATE.length; j++) {
            kp[3 * j] = (float) (box[0] + TEMPLATE[j][0] * box[2] + (rng == null ? 0 : rng.nextGaussian() * noise));
            kp[3 * j + 1] = (float) (box[1] + TEMPLATE[j][1] * box[3] + (rng == null ? 0 : rng.nextGaussian() * noise));
            kp[3 * j + 2] = 0.9f;
        }
        return kp;
    }

    private boolean touchesAWalker(double[] box, double t) {
        for (Walker w : walkers) {
            if (PoseSimilarity.iou(box, w.box(t)) > 0) {
                return true;
            }
        }
        return false;
    }

    private boolean isHidden(int identity, int frame) {
        for (int[] h : hidden) {
            if (h[0] == identity && frame >= h[1] && frame < h[2]) {
                return true;
            }
        }
        return false;
    }
}
