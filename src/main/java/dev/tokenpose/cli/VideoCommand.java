package dev.tokenpose.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenpose.JointSet;
import dev.tokenpose.PersonPose;
import dev.tokenpose.detect.PersonDetectors;
import dev.tokenpose.io.ProgressBars;
import dev.tokenpose.pipeline.FrameResult;
import dev.tokenpose.pipeline.PersonPipeline;
import dev.tokenpose.pipeline.PipelineSettings;
import dev.tokenpose.pipeline.PipelineSpec;
import dev.tokenpose.pipeline.StreamState;
import dev.tokenpose.render.PoseRenderer;
import dev.tokenpose.track.OneEuroSettings;
import dev.tokenpose.track.TrackedPerson;
import dev.tokenpose.video.VideoReader;
import dev.tokenpose.video.VideoReader.VideoFrameImage;
import dev.tokenpose.video.VideoWriter;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tokenpose video}: the stream's stages on a video file, without Kafka or Flink — detection,
 * pose, tracking, smoothing — opened by the same {@link PipelineSpec} the stream job opens.
 */
@Command(
        name = "video",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description =
                "Detect, estimate, track and smooth the people of a video file; write JSON lines, optionally an annotated video.")
final class VideoCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--input", required = true, paramLabel = "VIDEO", description = "Video file.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "poses.jsonl", description = "One JSON line per frame.")
    Path output;

    @Option(
            names = "--render",
            paramLabel = "out.mp4",
            description = "Also write the video with boxes and skeletons, coloured by track.")
    Path render;

    @Option(
            names = "--every",
            defaultValue = "5",
            paramLabel = "K",
            description =
                    "Run the detector every K frames; propagate boxes from keypoints in between (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(
            names = "--detector",
            defaultValue = PersonDetectors.DEFAULT,
            paramLabel = "NAME",
            description = "Person detector: nanodet, hog, or none (whole frame) (default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--no-smoothing", description = "Report raw keypoints (no One-Euro filter).")
    boolean noSmoothing;

    @Option(names = "--flip-test", description = "Official flip test (twice the model cost).")
    boolean flipTest;

    @Option(
            names = "--max-frames",
            defaultValue = "0",
            paramLabel = "N",
            description = "Stop after N frames (0: the whole video).")
    long maxFrames;

    @Override
    public Integer call() throws Exception {
        if (every < 1) {
            throw new IllegalArgumentException("--every must be at least 1");
        }
        long start = System.nanoTime();
        PipelineSettings settings = PipelineSettings.DEFAULTS.withDetectEvery(every);
        if (noSmoothing) {
            settings = settings.withTracker(settings.tracker().withSmoothing(OneEuroSettings.DISABLED));
        }
        PipelineSpec spec = new PipelineSpec(model.spec(flipTest, true), detector, settings);
        long frames = 0;
        long persons = 0;
        long decodeNanos = 0;
        long detectNanos = 0;
        long poseNanos = 0;
        long trackNanos = 0;
        Set<Long> tracks = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        try (PersonPipeline pipeline = spec.open();
                VideoReader reader = VideoReader.open(input);
                BufferedWriter out = Files.newBufferedWriter(output);
                VideoWriter writer = render == null
                        ? null
                        : VideoWriter.open(render, reader.width(), reader.height(), reader.frameRate());
                ProgressBar bar = progress(reader)) {
            StreamState state = StreamState.INITIAL;
            VideoFrameImage frame;
            while (true) {
                long d0 = System.nanoTime();
                frame = maxFrames == 0 || frames < maxFrames ? reader.next() : null;
                decodeNanos += System.nanoTime() - d0;
                if (frame == null) {
                    break;
                }
                FrameResult result = pipeline.process(state, frame.image(), null, null, frame.timeSeconds());
                detectNanos += result.nanos().detect();
                poseNanos += result.nanos().pose();
                trackNanos += result.nanos().track();
                state = result.state();
                out.write(json.writeValueAsString(line(json, frame, result)));
                out.newLine();
                for (TrackedPerson p : result.persons()) {
                    if (p.trackId() != null) {
                        tracks.add(p.trackId());
                    }
                }
                persons += result.persons().size();
                frames++;
                if (writer != null) {
                    try (Mat annotated = annotate(frame, result)) {
                        writer.write(annotated);
                    }
                }
                if (bar != null) {
                    bar.step();
                }
            }
        }
        if (frames > 0) {
            System.err.printf(
                    Locale.ROOT,
                    "per frame: decode %.1f ms, detect %.1f ms, pose %.1f ms (%.1f persons), track+smooth %.2f ms%n",
                    decodeNanos / 1e6 / frames,
                    detectNanos / 1e6 / frames,
                    poseNanos / 1e6 / frames,
                    (double) persons / frames,
                    trackNanos / 1e6 / frames);
        }
        System.out.printf(
                Locale.ROOT,
                "VIDEO frames=%d persons=%d tracks=%d wall_s=%.1f%n",
                frames,
                persons,
                tracks.size(),
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private ProgressBar progress(VideoReader reader) {
        if (System.console() == null) {
            return null;
        }
        long total = maxFrames > 0 ? Math.min(maxFrames, reader.frameCount()) : reader.frameCount();
        return ProgressBars.builder(input.getFileName().toString(), total)
                .setUnit(" frames", 1)
                .build();
    }

    private static ObjectNode line(ObjectMapper json, VideoFrameImage frame, FrameResult result) {
        ObjectNode o = json.createObjectNode();
        o.put("frame", frame.index());
        o.put("time", frame.timeSeconds());
        o.put("boxes", result.boxSource().name().toLowerCase(Locale.ROOT));
        ArrayNode persons = o.putArray("persons");
        for (TrackedPerson tp : result.persons()) {
            PersonPose p = tp.smoothed();
            ObjectNode person = persons.addObject();
            if (tp.trackId() == null) {
                person.putNull("track_id");
            } else {
                person.put("track_id", tp.trackId());
            }
            ArrayNode box = person.putArray("box");
            for (double v : p.box()) {
                box.add(v);
            }
            person.put("score", p.score());
            ArrayNode kps = person.putArray("keypoints");
            JointSet set = JointSet.forJoints(p.joints());
            float[] k = p.keypoints();
            for (int j = 0; j < p.joints(); j++) {
                kps.addObject()
                        .put("name", set.names().get(j))
                        .put("x", k[3 * j])
                        .put("y", k[3 * j + 1])
                        .put("score", k[3 * j + 2]);
            }
        }
        return o;
    }

    private static Mat annotate(VideoFrameImage frame, FrameResult result) {
        Mat m;
        try (BytePointer pixels = new BytePointer(frame.image().pixels());
                Mat view = new Mat(frame.image().height(), frame.image().width(), opencv_core.CV_8UC3, pixels)) {
            m = view.clone();
        }
        for (TrackedPerson tp : result.persons()) {
            long id = tp.trackId() == null ? -1 : tp.trackId();
            PoseRenderer.draw(m, tp.smoothed(), id);
            if (tp.trackId() != null) {
                double[] b = tp.smoothed().box();
                opencv_imgproc.putText(
                        m,
                        "#" + id,
                        new Point((int) b[0], (int) Math.max(12, b[1] - 4)),
                        opencv_imgproc.FONT_HERSHEY_SIMPLEX,
                        0.5,
                        PoseRenderer.colour(id),
                        1,
                        opencv_imgproc.LINE_AA,
                        false);
            }
        }
        return m;
    }
}
