package dev.tokenpose.pipeline;

import dev.tokenpose.FramePoseEstimator;
import dev.tokenpose.FramePoseEstimator.FrameInput;
import dev.tokenpose.PersonPose;
import dev.tokenpose.detect.Detection;
import dev.tokenpose.detect.PersonDetector;
import dev.tokenpose.detect.WholeFrameDetector;
import dev.tokenpose.pipeline.FrameResult.BoxSource;
import dev.tokenpose.preprocess.BgrImage;
import dev.tokenpose.track.Track;
import dev.tokenpose.track.TrackedFrame;
import dev.tokenpose.track.Tracker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The per-stream stages after decoding: person boxes (given, detected every k-th frame, or
 * propagated from the previous keypoints in between), poses, tracking and smoothing. Holds the
 * models, not the streams: each stream's memory is a {@link StreamState} passed in and returned,
 * so one pipeline serves many streams and the state can live in a stream processor's keyed state.
 */
public final class PersonPipeline implements AutoCloseable {

    /** Fewest visible joints that make a trustworthy propagated box. */
    static final int MIN_VISIBLE_JOINTS = 4;
    /** Keypoints hug the body; grow their box so the crop also holds the head and feet. */
    static final double KEYPOINT_BOX_GROWTH = 1.2;

    private final PersonDetector detector;
    private final boolean wholeFrame;
    private final FramePoseEstimator estimator;
    private final PipelineSettings settings;
    private final Tracker tracker;

    /**
     * @param detector finds people; a {@link WholeFrameDetector} makes each frame without given
     *     boxes one whole-frame person
     * @param estimator the pose model; closed with this pipeline, as is the detector
     * @param settings detection interval and tracking
     */
    public PersonPipeline(PersonDetector detector, FramePoseEstimator estimator, PipelineSettings settings) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.wholeFrame = detector instanceof WholeFrameDetector;
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.settings = settings;
        this.tracker = new Tracker(settings.tracker());
    }

    public FramePoseEstimator estimator() {
        return estimator;
    }

    /**
     * One frame of one stream to process.
     *
     * @param state the stream's state after its previous frame ({@link StreamState#INITIAL} at first)
     * @param image the decoded frame
     * @param givenBoxes person boxes that came with the frame (x, y, w, h), or null
     * @param givenScores their scores (same length), or null
     * @param timeSeconds the frame's capture time; a time not after the previous frame's is nudged forward
     */
    public record FrameRequest(
            StreamState state, BgrImage image, List<double[]> givenBoxes, double[] givenScores, double timeSeconds) {}

    /**
     * Processes one frame of a stream.
     *
     * @return the persons and the new state
     */
    public FrameResult process(
            StreamState state, BgrImage image, List<double[]> givenBoxes, double[] givenScores, double timeSeconds) {
        return processAll(List.of(new FrameRequest(state, image, givenBoxes, givenScores, timeSeconds)))
                .get(0);
    }

    /**
     * Processes frames of different streams together: the frames that need the detector go to it in
     * one call, and every person crop of every frame goes to the pose model in one batch.
     *
     * @param requests at most one frame per stream (a stream's next frame depends on this one's result)
     * @return one result per request, in order
     */
    public List<FrameResult> processAll(List<FrameRequest> requests) {
        int n = requests.size();
        long t0 = System.nanoTime();
        double[] times = new double[n];
        List<double[]>[] boxes = newListArray(n);
        double[][] scores = new double[n][];
        BoxSource[] sources = new BoxSource[n];
        List<BgrImage> toDetect = new ArrayList<>();
        List<Integer> detectIndex = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FrameRequest r = requests.get(i);
            times[i] = frameTime(r.state(), r.timeSeconds());
            if (r.givenBoxes() != null && !r.givenBoxes().isEmpty()) {
                boxes[i] = r.givenBoxes();
                scores[i] = r.givenScores() != null
                        ? r.givenScores()
                        : ones(r.givenBoxes().size());
                sources[i] = BoxSource.GIVEN;
            } else if (wholeFrame) {
                Detection whole = WholeFrameDetector.wholeFrame(r.image());
                boxes[i] = List.of(box(whole));
                scores[i] = new double[] {whole.score()};
                sources[i] = BoxSource.WHOLE_FRAME;
            } else if (mustDetect(r.state())) {
                toDetect.add(r.image());
                detectIndex.add(i);
                sources[i] = BoxSource.DETECTOR;
            } else {
                List<double[]> b = new ArrayList<>();
                for (Track track : r.state().tracker().tracks()) {
                    if (track.misses() == 0) {
                        b.add(propagatedBox(track, times[i], r.image()));
                    }
                }
                boxes[i] = b;
                scores[i] = ones(b.size());
                sources[i] = BoxSource.PROPAGATED;
            }
        }
        if (!toDetect.isEmpty()) {
            List<List<Detection>> found = detector.detect(toDetect);
            for (int j = 0; j < found.size(); j++) {
                List<double[]> b = new ArrayList<>();
                List<Double> s = new ArrayList<>();
                // The most confident first, and no more than the limit: a crowd must not stall every stream behind it.
                List<Detection> kept = found.get(j).stream()
                        .filter(d -> d.score() >= settings.minDetectionScore())
                        .sorted(Comparator.comparingDouble(Detection::score).reversed())
                        .limit(settings.maxPersons())
                        .toList();
                for (Detection d : kept) {
                    b.add(box(d));
                    s.add(d.score());
                }
                boxes[detectIndex.get(j)] = b;
                scores[detectIndex.get(j)] =
                        s.stream().mapToDouble(Double::doubleValue).toArray();
            }
        }
        long t1 = System.nanoTime();
        List<FrameInput> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inputs.add(new FrameInput(requests.get(i).image(), boxes[i], scores[i]));
        }
        List<List<PersonPose>> poses = estimator.estimate(inputs);
        long t2 = System.nanoTime();
        List<FrameResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long s0 = System.nanoTime();
            StreamState state = requests.get(i).state();
            List<PersonPose> p = poses.get(i);
            TrackedFrame tracked = tracker.update(state.tracker(), p, times[i]);
            boolean redetect = sources[i] == BoxSource.PROPAGATED
                    && p.stream().anyMatch(q -> q.score() < settings.redetectBelow());
            StreamState next = new StreamState(tracked.state(), state.frames() + 1, redetect);
            // A batch's shared stages are charged to its frames in equal parts.
            out.add(new FrameResult(
                    next,
                    tracked.persons(),
                    sources[i],
                    new FrameResult.StageNanos((t1 - t0) / n, (t2 - t1) / n, System.nanoTime() - s0)));
        }
        return out;
    }

    private static double frameTime(StreamState state, double t) {
        double last = state.tracker().time();
        return !Double.isNaN(last) && !(t > last) ? Math.nextUp(last) : t;
    }

    @SuppressWarnings("unchecked")
    private static List<double[]>[] newListArray(int n) {
        return (List<double[]>[]) new List<?>[n];
    }

    private boolean mustDetect(StreamState state) {
        return state.redetect()
                || state.frames() % settings.detectEvery() == 0
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
            // Seen as PersonPose's score counts a joint visible.
            if (kp[j + 2] > PersonPose.VISIBLE_SCORE) {
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

    private static double[] box(Detection d) {
        return new double[] {d.x(), d.y(), d.w(), d.h()};
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
            detector.close();
        }
    }
}
