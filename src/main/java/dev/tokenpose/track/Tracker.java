package dev.tokenpose.track;

import dev.tokenpose.PersonPose;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Multi-person tracker with persistent ids: a pure, deterministic function from (state, frame) to
 * (next state, tracked poses).
 *
 * <p>Per frame, each live track's box and keypoints are predicted at the frame time (constant center
 * velocity, estimated by an alpha-beta filter), scored against every pose with {@link PoseSimilarity}
 * and assigned optimally ({@link Hungarian}): first the confirmed tracks, then the tentative ones with
 * the poses left over, so a fresh track cannot take a pose from an established one. Pairs below
 * {@link TrackerSettings#minSimilarity()} are never matched.
 *
 * <p>Track life cycle and id policy:
 * <ul>
 *   <li>Birth: every unmatched pose starts a tentative track. Tentative tracks have no id
 *       ({@link TrackedPerson#trackId()} is null) and die on their first unmatched frame. Tracks born in
 *       the same frame are ordered by box (left edge first), so ids do not depend on detection order.</li>
 *   <li>Confirmation: in the frame where a track reaches {@link TrackerSettings#minHits()} matches it
 *       takes the next id of the stream; that id then stays with the track.</li>
 *   <li>Death: a confirmed track dies in its ({@code maxMisses} + 1)-th consecutive unmatched frame.
 *       Ids come from a counter in the state that only grows, so a dead track's id is never reused.</li>
 * </ul>
 * The tracker holds only settings; all memory is in the {@link TrackerState} passed in and returned.
 */
public final class Tracker implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Gains of the alpha-beta filter on the box center. With alpha 0.5 and the paired
     * beta = alpha² / (2 − alpha) (Kalata 1984) the velocity noise is a seventh of a raw frame-difference
     * estimate's, yet a change of pace is followed within a few frames.
     */
    private static final double ALPHA = 0.5;

    private static final double BETA = ALPHA * ALPHA / (2 - ALPHA);

    private final TrackerSettings settings;
    private final PoseSimilarity similarity;
    private final PoseSmoother smoother;

    /**
     * Creates a tracker.
     *
     * @param settings tuning, see {@link TrackerSettings#DEFAULTS}
     */
    public Tracker(TrackerSettings settings) {
        this.settings = settings;
        this.similarity = new PoseSimilarity(settings.iouWeight(), settings.minJointScore());
        this.smoother = new PoseSmoother(settings.smoothing());
    }

    /**
     * The settings of this tracker.
     *
     * @return the settings
     */
    public TrackerSettings settings() {
        return settings;
    }

    /**
     * Tracks one frame.
     *
     * @param state the state returned for the previous frame of this stream, or {@link TrackerState#INITIAL}
     * @param detections the frame's poses, in any order
     * @param timeSeconds the frame time, after the previous frame's
     * @return the next state and, for each detection in input order, its track id and smoothed pose
     * @throws IllegalArgumentException if the time is not finite or not after the previous frame's
     */
    public TrackedFrame update(TrackerState state, List<PersonPose> detections, double timeSeconds) {
        if (!Double.isFinite(timeSeconds) || !(Double.isNaN(state.time()) || timeSeconds > state.time())) {
            throw new IllegalArgumentException(
                    "frame time " + timeSeconds + " is not after the previous " + state.time());
        }
        List<Track> tracks = state.tracks();
        int[] trackOfDetection = new int[detections.size()];
        Arrays.fill(trackOfDetection, -1);
        int[] detectionOfTrack = new int[tracks.size()];
        Arrays.fill(detectionOfTrack, -1);
        double[][] predictedBoxes = new double[tracks.size()][];
        float[][] predictedKeypoints = new float[tracks.size()][];
        for (int i = 0; i < tracks.size(); i++) {
            predictedBoxes[i] = tracks.get(i).predictedBox(timeSeconds);
            predictedKeypoints[i] = tracks.get(i).predictedKeypoints(timeSeconds);
        }
        for (boolean confirmedStage : new boolean[] {true, false}) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < tracks.size(); i++) {
                if (tracks.get(i).confirmed() == confirmedStage) {
                    rows.add(i);
                }
            }
            List<Integer> cols = new ArrayList<>();
            for (int d = 0; d < detections.size(); d++) {
                if (trackOfDetection[d] < 0) {
                    cols.add(d);
                }
            }
            match(rows, cols, predictedBoxes, predictedKeypoints, detections, trackOfDetection, detectionOfTrack);
        }

        long nextId = state.nextId();
        List<Track> next = new ArrayList<>(tracks.size() + detections.size());
        Track[] trackFor = new Track[detections.size()];
        SmoothedKeypoints[] smoothedFor = new SmoothedKeypoints[detections.size()];
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            int d = detectionOfTrack[i];
            if (d >= 0) {
                PersonPose pose = detections.get(d);
                SmoothedKeypoints s = smoother.smooth(t.smoother(), pose.keypoints(), timeSeconds);
                Long id = t.id();
                if (id == null && t.hits() + 1 >= settings.minHits()) {
                    id = nextId++;
                }
                double[][] motion = motion(t, pose.box(), timeSeconds);
                Track updated = new Track(
                        id,
                        pose.box(),
                        motion[0],
                        motion[1],
                        pose.keypoints(),
                        timeSeconds,
                        t.hits() + 1,
                        0,
                        s.state());
                next.add(updated);
                trackFor[d] = updated;
                smoothedFor[d] = s;
            } else if (t.confirmed() && t.misses() < settings.maxMisses()) {
                next.add(new Track(
                        t.id(),
                        t.box(),
                        t.center(),
                        t.velocity(),
                        t.keypoints(),
                        t.time(),
                        t.hits(),
                        t.misses() + 1,
                        t.smoother()));
            }
        }
        List<Integer> unmatched = new ArrayList<>();
        for (int d = 0; d < detections.size(); d++) {
            if (trackOfDetection[d] < 0) {
                unmatched.add(d);
            }
        }
        // New tracks are ordered by box, not by input position, so the ids they get do not depend on the order
        // of the detections.
        unmatched.sort(Comparator.comparing((Integer d) -> detections.get(d).box(), Arrays::compare));
        for (int d : unmatched) {
            PersonPose pose = detections.get(d);
            SmoothedKeypoints s = smoother.smooth(List.of(), pose.keypoints(), timeSeconds);
            Long id = settings.minHits() <= 1 ? nextId++ : null;
            Track born = new Track(
                    id, pose.box(), center(pose.box()), new double[2], pose.keypoints(), timeSeconds, 1, 0, s.state());
            next.add(born);
            trackFor[d] = born;
            smoothedFor[d] = s;
        }

        List<TrackedPerson> persons = new ArrayList<>(detections.size());
        for (int d = 0; d < detections.size(); d++) {
            PersonPose pose = detections.get(d);
            PersonPose smoothed =
                    new PersonPose(pose.box().clone(), pose.boxScore(), smoothedFor[d].smoothed(), pose.score());
            persons.add(new TrackedPerson(trackFor[d].id(), smoothed, smoothedFor[d].raw()));
        }
        return new TrackedFrame(new TrackerState(next, nextId, timeSeconds), persons);
    }

    /**
     * The boxes of all live tracks predicted at a time, for propagating boxes between detector runs.
     *
     * @param state the tracker state
     * @param timeSeconds the time to predict at, seconds
     * @return one entry per live track in state order, tentative tracks with a null id
     */
    public List<PredictedBox> predict(TrackerState state, double timeSeconds) {
        List<PredictedBox> out = new ArrayList<>(state.tracks().size());
        for (Track t : state.tracks()) {
            out.add(new PredictedBox(t.id(), t.predictedBox(timeSeconds), t.misses()));
        }
        return out;
    }

    /** Assigns the given tracks to the given detections, keeping only pairs similar enough. */
    private void match(
            List<Integer> rows,
            List<Integer> cols,
            double[][] boxes,
            float[][] keypoints,
            List<PersonPose> detections,
            int[] trackOfDetection,
            int[] detectionOfTrack) {
        if (rows.isEmpty() || cols.isEmpty()) {
            return;
        }
        double[][] sim = new double[rows.size()][cols.size()];
        double[][] cost = new double[rows.size()][cols.size()];
        for (int r = 0; r < rows.size(); r++) {
            int t = rows.get(r);
            for (int c = 0; c < cols.size(); c++) {
                PersonPose p = detections.get(cols.get(c));
                sim[r][c] = similarity.similarity(boxes[t], keypoints[t], p.box(), p.keypoints());
                // A gated pair costs as much as leaving both out, so it never displaces a real match.
                cost[r][c] = sim[r][c] >= settings.minSimilarity() ? 1 - sim[r][c] : 1;
            }
        }
        int[] assigned = Hungarian.assign(cost);
        for (int r = 0; r < rows.size(); r++) {
            int c = assigned[r];
            if (c >= 0 && sim[r][c] >= settings.minSimilarity()) {
                detectionOfTrack[rows.get(r)] = cols.get(c);
                trackOfDetection[cols.get(c)] = rows.get(r);
            }
        }
    }

    /**
     * The track's center and velocity after observing {@code box} at time {@code t}: one alpha-beta step.
     * A new track starts at rest; its velocity builds up over the next frames, so a noisy first frame
     * difference cannot throw the prediction of a newborn track off.
     */
    private static double[][] motion(Track track, double[] box, double t) {
        double[] z = center(box);
        double dt = t - track.time();
        double[] c = track.center();
        double[] v = track.velocity();
        double[] center = new double[2];
        double[] velocity = new double[2];
        for (int i = 0; i < 2; i++) {
            double predicted = c[i] + v[i] * dt;
            double residual = z[i] - predicted;
            center[i] = predicted + ALPHA * residual;
            velocity[i] = v[i] + BETA * residual / dt;
        }
        return new double[][] {center, velocity};
    }

    private static double[] center(double[] box) {
        return new double[] {box[0] + box[2] / 2, box[1] + box[3] / 2};
    }
}
