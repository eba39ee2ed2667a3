package dev.tokenpose.pipeline;

import dev.tokenpose.FramePoseEstimator;
import dev.tokenpose.FramePoseEstimator.FrameInput;
import dev.tokenpose.PersonPose;
import dev.tokenpose.detect.Detection;
import dev.tokenpose.detect.PersonDetector;
import dev.tokenpose.pipeline.FrameResult.BoxSource;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.track.Track;
import dev.tokenpose.track.TrackedFrame;
import dev.tokenpose.track.Tracker;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-stream stages after decoding: person boxes (given, detected every k-th frame, or
 * propagated from the previous keypoints in between), poses, tracking and smoothing. Holds the
 * models, not the streams: each stream's memory is a {@link StreamState} passed in and returned,
 * so one pipeline serves many streams and the state can live in a stream processor's keyed state.
 */
public final class PersonPipeline implements AutoCloseable {

    /** Joint score above which a joint counts as seen when a box is propagated from keypoints. */
    static final float VISIBLE = 0.2f;
    /** Fewest visible joints that make a trustworthy propagated box. */
    static final int MIN_VISIBLE_JOINTS = 4;
    /** Keypoints hug the body; grow their box so the crop also holds the head and feet. */
    static final double KEYPOINT_BOX_GROWTH = 1.2;

    private final PersonDetector detector;
    private final FramePoseEstimator estimator;
    private final PipelineSettings settings;
    private final Tracker tracker;

    /**
     * @param detector finds people; null to treat frames without given boxes as one whole-frame person
     * @param estimator the pose model; closed with this pipeline, as is the detector
     * @param settings detection interval and tracking
     */
    public PersonPipeline(PersonDetector detector, FramePoseEstimator estimator, PipelineSettings settings) {
        this.detector = detector;
        this.estimator = estimator;
        this.settings = settings;
        this.tracker = new Tracker(settings.tracker());
    }

    public FramePoseEstimator estimator() {
        return estimator;
    }

    /**
     * Processes one frame of a stream.
     *
     * @param state the stream's state after its previous frame ({@link StreamState#INITIAL} at first)
     * @param image the decoded frame
     * @param givenBoxes person boxes that came with the frame (x, y, w, h), or null
     * @param givenScores their scores (same length), or null
     * @param timeSeconds the frame's capture time; a time not after the previous frame's is nudged forward
     * @return the persons and the new state
     */
    public FrameResult process(StreamState state, BgrImage image, List<double[]> givenBoxes, double[] givenScores,
            double timeSeconds) {
        double t = timeSeconds;
        double last = state.tracker().time();
        if (!Double.isNaN(last) && !(t > last)) {
            t = Math.nextUp(last);
        }
        long t0 = System.nanoTime();
        List<double[]> boxes;
        double[] scores;
        BoxSource source;
        if (givenBoxes != null && !givenBoxes.isEmpty()) {
            boxes = givenBoxes;
            scores = givenScores != null ? givenScores : ones(givenBoxes.size());
            source = BoxSource.GIVEN;
        } else if (detector == null) {
            boxes = List.of(new double[] {0, 0, image.width(), image.height()});
            scores = new double[] {1};
            source = BoxSource.WHOLE_FRAME;
        } else if (mustDetect(state)) {
            List<Detection> found = detector.detect(image);
            boxes = new ArrayList<>();
            List<Double> s = new ArrayList<>();
            for (Detection d : found) {
                if (d.score() >= settings.minDetectionScore()) {
                    boxes.add(new double[] {d.x(), d.y(), d.w(), d.h()});
                    s.add(d.score());
                }
            }
            scores = s.stream().mapToDouble(Double::doubleValue).toArray();
            source = BoxSource.DETECTOR;
        } else {
            boxes = new ArrayList<>();
            List<Double> s = new ArrayList<>();
            for (Track track : state.tracker().tracks()) {
                if (track.misses() == 0) {
                    boxes.add(propagatedBox(track, t, image));
                    s.add(1.0);
                }
            }
            scores = s.stream().mapToDouble(Double::doubleValue).toArray();
            source = BoxSource.PROPAGATED;
        }
        long t1 = System.nanoTime();
        List<PersonPose> poses = boxes.isEmpty() ? List.of()
                : estimator.estimate(List.of(new FrameInput(image, boxes, scores))).get(0);
        long t2 = System.nanoTime();
        TrackedFrame tracked = tracker.update(state.tracker(), poses, t);
        boolean redetect = source == BoxSource.PROPAGATED && poses.stream().anyMatch(p -> p.score() < settings.redetectBelow());
        StreamState next = new StreamState(tracked.state(), state.frames() + 1, redetect);
        return new FrameResult(next, tracked.persons(), source,
                new FrameResult.StageNanos(t1 - t0, t2 - t1, System.nanoTime() - t2));
    }

    private boolean mustDetect(StreamState state) {
        return state.redetect() || state.frames() % settings.detectEvery() == 0
                || state.tracker().tracks().stream().noneMatch(tr -> tr.misses() == 0);
    }

    /** The box of a track's expected keypoints, grown to hold the whole person; its predicted box when too few joints were seen. */
    static double[] propagatedBox(Track track, double t, BgrImage image) {
        float[] kp = track.predictedKeypoints(t);
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        int seen = 0;
        for (int j = 0; j + 2 < kp.length; j += 3) {
            if (kp[j + 2] > VISIBLE) {
                x0 = Math.min(x0, kp[j]);
                x1 = Math.max(x1, kp[j]);
                y0 = Math.min(y0, kp[j + 1]);
                y1 = Math.max(y1, kp[j + 1]);
                seen++;
            }
        }
        if (seen < MIN_VISIBLE_JOINTS || x1 - x0 < 1 || y1 - y0 < 1) {
            return track.predictedBox(t);
        }
        double cx = (x0 + x1) / 2;
        double cy = (y0 + y1) / 2;
        double w = (x1 - x0) * KEYPOINT_BOX_GROWTH;
        double h = (y1 - y0) * KEYPOINT_BOX_GROWTH;
        return new double[] {cx - w / 2, cy - h / 2, w, h};
    }

    private static double[] ones(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    @Override
    public void close() {
        try {
            estimator.close();
        } finally {
            if (detector != null) {
                detector.close();
            }
        }
    }
}
