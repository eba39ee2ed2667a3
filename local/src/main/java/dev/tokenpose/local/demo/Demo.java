package dev.tokenpose.local.demo;

import dev.tokenpose.ModelSpec;
import dev.tokenpose.cli.Errors;
import dev.tokenpose.flink.PoseJobOptions;
import dev.tokenpose.kafka.admin.Topics;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import dev.tokenpose.kafka.consume.PoseTopicReader;
import dev.tokenpose.kafka.dashboard.Dashboard;
import dev.tokenpose.kafka.dashboard.DashboardOptions;
import dev.tokenpose.kafka.produce.FrameProducer;
import dev.tokenpose.kafka.produce.FrameSource;
import dev.tokenpose.kafka.produce.Pacing;
import dev.tokenpose.kafka.produce.ProduceOptions;
import dev.tokenpose.kafka.produce.SampleClip;
import dev.tokenpose.kafka.produce.VideoStream;
import dev.tokenpose.local.LocalCommand;
import dev.tokenpose.local.LocalJob;
import dev.tokenpose.model.BundledStudent;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tokenpose demo}: the whole pipeline on one machine — an embedded Kafka broker (KRaft),
 * the topics, the pose job in a Flink MiniCluster, video producers and a pose reader — ending
 * with one summary line.
 *
 * <p>Exit codes: 0 when every frame has its result, 1 when waiting timed out or something failed
 * (one line on stderr; {@code TOKENPOSE_DEBUG=1} adds the stack trace), 2 for bad usage.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the pipeline locally: embedded Kafka, the Flink pose job, the sample clip as N streams.")
public final class Demo implements Callable<Integer> {

    @Option(
            names = "--video",
            paramLabel = "PATH|URL|DEVICE",
            description = "Video source (repeatable; default: the bundled sample clip).")
    List<String> videos = new ArrayList<>();

    @Option(
            names = "--streams",
            defaultValue = "3",
            description = "Number of streams, cycling over the videos (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(
            names = "--max-frames",
            defaultValue = "60",
            description = "Frames per stream; a shorter clip loops (default: ${DEFAULT-VALUE}).")
    long maxFrames;

    @Option(names = "--keep-running", description = "Keep streaming (clips loop) until Ctrl-C.")
    boolean keepRunning;

    @Option(
            names = "--realtime",
            description =
                    "Publish at the clips' frame rate instead of as fast as possible (always so with --keep-running).")
    boolean realtime;

    @Option(
            names = "--config",
            defaultValue = BundledStudent.NAME,
            description =
                    "Model configuration: YAML, preset, or 'student', the bundled trained model (default: ${DEFAULT-VALUE}).")
    String config;

    @Option(
            names = "--weights",
            defaultValue = BundledStudent.NAME,
            description =
                    "Checkpoint (.pth), 'student' for the bundled model's, or seeded:<n> for untrained placeholder weights (default: ${DEFAULT-VALUE}).")
    String weights;

    @Option(
            names = "--detector",
            defaultValue = "default",
            description = "Person detector: nanodet, hog, or none (whole frame) (default: nanodet).")
    String detector;

    @Option(
            names = "--detect-every",
            description =
                    "Run the detector every K frames (default: 5 with trained weights; 1 with placeholder weights, whose keypoints cannot carry a box to the next frame).")
    Integer detectEvery;

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description = "Pose job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--dashboard-port",
            defaultValue = "" + DashboardOptions.DEFAULT_PORT,
            description = "Port of the live dashboard on 127.0.0.1 (0: any free port; default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--no-dashboard", description = "Run without the live dashboard.")
    boolean noDashboard;

    @Option(
            names = "--timeout-s",
            defaultValue = "600",
            description = "Give up waiting for results after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    public static void main(String[] args) {
        System.exit(LocalCommand.execute(new Demo(), args));
    }

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        boolean placeholder = weights.startsWith(ModelSpec.SEEDED);
        if (placeholder) {
            System.err.println(
                    "demo: model weights are an untrained placeholder (" + weights
                            + "): the pipeline runs for real, but the keypoints mean nothing. Leave out --weights for the bundled trained model.");
        }
        try (EmbeddedKafka kafka = LocalJob.brokerWithTopics()) {
            KafkaConnection cluster = kafka.connection();
            PoseJobOptions options = LocalJob.options(cluster.bootstrapServers(), config, weights, parallelism);
            options.detector = detector;
            options.detectEvery = detectEvery != null ? detectEvery : placeholder ? 1 : options.detectEvery;
            // The broker is new: the dashboard reads every topic from its beginning.
            Dashboard dashboard = noDashboard
                    ? null
                    : Dashboard.start(DashboardOptions.defaults(cluster)
                            .withServer(DashboardOptions.DEFAULT_BIND, dashboardPort, null)
                            .withApplication(DashboardOptions.DEFAULT_APPLICATION_ID, true));
            try {
                if (dashboard != null) {
                    dashboard.awaitRunning(Duration.ofSeconds(60));
                    System.err.println("demo: live dashboard at " + dashboard.url());
                }
                return stream(start, cluster, options);
            } finally {
                if (dashboard != null) {
                    dashboard.close();
                }
            }
        }
    }

    /** Runs the job, publishes the streams and reads their results until every frame has one. */
    private int stream(long start, KafkaConnection cluster, PoseJobOptions options) throws Exception {
        JobClient job = LocalJob.start(options, "tokenpose-demo");
        System.err.printf(
                Locale.ROOT,
                "demo: broker %s, job %s started, publishing %d stream(s)%n",
                cluster.bootstrapServers(),
                job.getJobID(),
                streams);

        List<VideoStream> sources = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            FrameSource source =
                    videos.isEmpty() ? SampleClip.source() : FrameSource.parse(videos.get(i % videos.size()));
            sources.add(new VideoStream(source, "cam-" + (i + 1)));
        }
        ProduceOptions produce = ProduceOptions.DEFAULTS
                // A never-ending run is a live feed: unpaced, it would only grow the backlog.
                .withPacing(realtime || keepRunning ? Pacing.REALTIME : Pacing.AS_FAST_AS_POSSIBLE)
                .withLoop(true)
                .withMaxFrames(keepRunning ? ProduceOptions.NO_LIMIT : maxFrames)
                .withProgress(false);
        AtomicLong persons = new AtomicLong();
        try (FrameProducer producer = FrameProducer.create(cluster, options.framesTopic, produce);
                PoseTopicReader reader = new PoseTopicReader(cluster, options.posesTopic, options.deadLetterTopic)) {
            CompletableFuture<Map<String, Long>> published = CompletableFuture.supplyAsync(() -> {
                try {
                    return producer.publishAll(sources);
                } catch (Exception e) {
                    throw new IllegalStateException("publishing failed: " + e.getMessage(), e);
                }
            });
            if (keepRunning) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    producer.stop();
                    try {
                        System.out.println(
                                summary(framesOnTopic(cluster, options.framesTopic), reader, persons.get(), start));
                    } catch (Exception e) {
                        // No summary rather than one with a made-up frame count.
                        Errors.report(new PrintWriter(System.err, true), "tokenpose demo", e);
                    }
                }));
            }
            long lastReport = System.nanoTime();
            long deadline =
                    System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            while (true) {
                reader.poll(
                        Duration.ofMillis(250),
                        p -> persons.addAndGet(p.getPersons().size()));
                long seen = reader.poses().size() + reader.deadLetters().size();
                if (published.isDone()) {
                    long framesIn = published.join().values().stream()
                            .mapToLong(Long::longValue)
                            .sum();
                    if (seen >= framesIn) {
                        System.out.println(summary(framesIn, reader, persons.get(), start));
                        break;
                    }
                }
                if (System.nanoTime() - lastReport > Duration.ofSeconds(5).toNanos()) {
                    lastReport = System.nanoTime();
                    progress(reader, start);
                }
                if (!keepRunning && System.nanoTime() > deadline) {
                    System.err.println("demo: timed out after " + timeoutSeconds + " s with " + seen + " results");
                    return Errors.EXIT_FAILURE;
                }
            }
        } finally {
            job.cancel().get();
        }
        return 0;
    }

    /** Frames published so far: the end offsets of the frames topic (the demo's broker starts empty). */
    static long framesOnTopic(KafkaConnection cluster, String topic) throws ExecutionException, InterruptedException {
        try (Admin admin = Topics.admin(cluster)) {
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(request).all().get().values().stream()
                    .mapToLong(o -> o.offset())
                    .sum();
        }
    }

    private static void progress(PoseTopicReader reader, long start) {
        List<PoseFrame> poses = reader.poses();
        double wall = (System.nanoTime() - start) / 1e9;
        System.err.printf(
                Locale.ROOT,
                "demo: %.0f s: %d pose records, %d dead letters%n",
                wall,
                poses.size(),
                reader.deadLetters().size());
    }

    static String summary(long framesIn, PoseTopicReader reader, long persons, long start) {
        return String.format(
                Locale.ROOT,
                "DEMO frames_in=%d pose_records=%d persons=%d dead_letters=%d wall_s=%.1f",
                framesIn,
                reader.poses().size(),
                persons,
                reader.deadLetters().size(),
                (System.nanoTime() - start) / 1e9);
    }
}
