package dev.tokenpose.kafka;

import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.admin.Topics;
import dev.tokenpose.kafka.produce.FrameEncoder;
import dev.tokenpose.kafka.produce.FrameProducer;
import dev.tokenpose.kafka.produce.FrameSource;
import dev.tokenpose.kafka.produce.Pacing;
import dev.tokenpose.kafka.produce.ProduceOptions;
import dev.tokenpose.kafka.produce.SampleClip;
import dev.tokenpose.kafka.produce.VideoStream;
import dev.tokenpose.schema.codec.Topic;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code produce}: publishes video files, network streams and webcams to the frames topic. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes video sources to the frames topic as JPEG VideoFrames keyed by stream id, one thread per source.",
            "A source is a video file, a URL (rtsp://, http://, ...), a webcam device (/dev/video0) or camera index (0),",
            "or the word 'sample' for the bundled pedestrian clip. Prints the frames published per stream."
        })
final class ProduceCommand implements Callable<Integer> {

    /** The {@code --source} word that names the bundled clip. */
    static final String SAMPLE = "sample";

    /** How long Ctrl-C waits for the frames in flight to be acknowledged. */
    private static final long STOP_WAIT_SECONDS = 30;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOption cluster;

    @Option(
            names = "--topic",
            defaultValue = Topic.FRAMES_NAME,
            description = "Frames topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--source",
            required = true,
            paramLabel = "SOURCE",
            description = "Video file, URL, /dev/videoN, camera index, or 'sample'; repeat for several streams.")
    List<String> sources;

    @Option(
            names = "--stream-id",
            paramLabel = "ID",
            description = "Stream id per --source, in the same order (default: derived from each source).")
    List<String> streamIds;

    @ArgGroup(exclusive = true)
    PacingChoice pacing = new PacingChoice();

    static final class PacingChoice {
        @Option(names = "--realtime", description = "Publish files at their frame rate (the default).")
        boolean realtime;

        @Option(names = "--as-fast-as-possible", description = "Publish files as fast as they decode.")
        boolean asFastAsPossible;
    }

    @Option(names = "--loop", description = "Start files again at their end (until --max-frames, or Ctrl-C).")
    boolean loop;

    @Option(
            names = "--max-frames",
            paramLabel = "N",
            defaultValue = "0",
            description = "Frames per stream at most; 0 for no limit (default: ${DEFAULT-VALUE}).")
    long maxFrames;

    @Option(
            names = "--jpeg-quality",
            paramLabel = "Q",
            defaultValue = "" + FrameEncoder.DEFAULT_JPEG_QUALITY,
            description = "JPEG quality 1-100 (default: ${DEFAULT-VALUE}).")
    int jpegQuality;

    @Option(
            names = "--max-width",
            paramLabel = "PX",
            defaultValue = "0",
            description =
                    "Scale wider frames down, keeping the aspect ratio; 0 for no limit (default: ${DEFAULT-VALUE}).")
    int maxWidth;

    @Option(
            names = "--max-height",
            paramLabel = "PX",
            defaultValue = "0",
            description =
                    "Scale taller frames down, keeping the aspect ratio; 0 for no limit (default: ${DEFAULT-VALUE}).")
    int maxHeight;

    @Option(names = "--no-progress", description = "No progress bars (they are shown only when stderr is a terminal).")
    boolean noProgress;

    @Option(
            names = "--no-create-topic",
            description = "Do not create the frames topic when it is missing (it is created with "
                    + TopicSettings.DEFAULT_FRAMES_PARTITIONS + " partitions otherwise).")
    boolean noCreateTopic;

    @Override
    public Integer call() throws Exception {
        List<VideoStream> streams = streams();
        ProduceOptions options = options();
        if (!noCreateTopic) {
            try (Admin admin = Topics.admin(cluster.connection())) {
                Topics.ensure(admin, List.of(Topics.framesTopic(topic, TopicSettings.DEFAULTS)));
            }
        }
        CountDownLatch finished = new CountDownLatch(1);
        try (FrameProducer producer = FrameProducer.create(cluster.connection(), topic, options)) {
            // Ctrl-C ends the streams after their current frame and lets the frames in flight be acknowledged.
            Thread hook = new Thread(
                    () -> {
                        producer.stop();
                        try {
                            finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "produce-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                Map<String, Long> counts = producer.publishAll(streams);
                PrintWriter out = spec.commandLine().getOut();
                counts.forEach((id, n) -> out.println(id + "\t" + n + " frames"));
                out.flush();
            } finally {
                removeHook(hook);
            }
        } finally {
            finished.countDown();
        }
        return 0;
    }

    ProduceOptions options() {
        return ProduceOptions.DEFAULTS
                .withPacing(pacing.asFastAsPossible ? Pacing.AS_FAST_AS_POSSIBLE : Pacing.REALTIME)
                .withLoop(loop)
                .withMaxFrames(require(maxFrames >= 0, maxFrames, "--max-frames must not be negative"))
                .withJpegQuality((int) require(
                        jpegQuality >= 1 && jpegQuality <= 100, jpegQuality, "--jpeg-quality must be within 1..100"))
                .withMaxSize((int) require(maxWidth >= 0, maxWidth, "--max-width must not be negative"), (int)
                        require(maxHeight >= 0, maxHeight, "--max-height must not be negative"))
                .withProgress(!noProgress);
    }

    List<VideoStream> streams() throws NoSuchFileException {
        if (streamIds != null && streamIds.size() != sources.size()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "give one --stream-id per --source (" + sources.size() + " sources, " + streamIds.size()
                            + " stream ids)");
        }
        List<VideoStream> streams = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            String given = sources.get(i);
            FrameSource source = SAMPLE.equals(given) ? SampleClip.source() : FrameSource.parse(given);
            // A mistyped file name is reported before anything is set up on the cluster.
            if (source.kind() == FrameSource.Kind.FILE && !Files.isRegularFile(Path.of(source.location()))) {
                throw new NoSuchFileException(source.location());
            }
            String id;
            if (streamIds != null) {
                id = streamIds.get(i);
                if (!used.add(id)) {
                    throw new ParameterException(spec.commandLine(), "stream id " + id + " is given twice");
                }
            } else {
                // The same file given twice becomes two streams: pedestrians, pedestrians-2.
                String base = source.defaultStreamId();
                id = base;
                for (int n = 2; !used.add(id); n++) {
                    id = base + "-" + n;
                }
            }
            streams.add(new VideoStream(source, id));
        }
        return streams;
    }

    private long require(boolean ok, long value, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
        return value;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and runs the hook.
        }
    }
}
