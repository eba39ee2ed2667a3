package dev.tokenpose.flink;

import dev.tokenpose.ModelSpec;
import dev.tokenpose.Precision;
import dev.tokenpose.detect.PersonDetectors;
import dev.tokenpose.model.BundledStudent;
import dev.tokenpose.pipeline.PipelineSettings;
import dev.tokenpose.pipeline.PipelineSpec;
import dev.tokenpose.schema.codec.Topic;
import dev.tokenpose.schema.connect.KafkaConnection;
import dev.tokenpose.track.OneEuroSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Settings of the pose job, from command-line arguments and/or a properties file whose keys are
 * the long option names without dashes ({@code bootstrap-servers=...}); arguments win.
 */
@Command(
        name = "pose-job",
        mixinStandardHelpOptions = true,
        description = "TokenPose on video frames from Kafka, poses to Kafka.")
public final class PoseJobOptions {

    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    public static final long DEFAULT_CHECKPOINT_MS = 1000;
    public static final long DEFAULT_OUT_OF_ORDERNESS_MS = 500;
    /** Ten minutes: longer than any reconnect of a live camera, short enough that churned ids go. */
    public static final long DEFAULT_STREAM_IDLE_MS = 600_000;

    @Option(names = "--properties", paramLabel = "FILE", description = "Read settings from a properties file.")
    Path properties;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = DEFAULT_BOOTSTRAP,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    public String bootstrapServers;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description = "Kafka client settings for TLS/SASL (security.protocol, ssl.*, sasl.*) of the source and"
                    + " sinks (default: the file named by $" + KafkaConnection.ENV + ", else none).")
    public Path kafkaConfig;

    @Option(
            names = "--frames-topic",
            defaultValue = Topic.FRAMES_NAME,
            description = "Input topic of VideoFrame records (default: ${DEFAULT-VALUE}).")
    public String framesTopic;

    @Option(
            names = "--poses-topic",
            defaultValue = Topic.POSES_NAME,
            description = "Output topic of PoseFrame records (default: ${DEFAULT-VALUE}).")
    public String posesTopic;

    @Option(
            names = "--dead-letter-topic",
            defaultValue = Topic.DEAD_LETTERS_NAME,
            description = "Topic of DeadLetter records (default: ${DEFAULT-VALUE}).")
    public String deadLetterTopic;

    @Option(
            names = "--group-id",
            defaultValue = "tokenpose-pose-job",
            description = "Consumer group of the frames source (default: ${DEFAULT-VALUE}).")
    public String groupId;

    @Option(
            names = "--transactional-id-prefix",
            defaultValue = "tokenpose-pose-job",
            description = "Prefix of the sinks' Kafka transactional ids; unique per job (default: ${DEFAULT-VALUE}).")
    public String transactionalIdPrefix;

    @Option(
            names = "--starting-offsets",
            defaultValue = "committed",
            description = "committed (else earliest), earliest or latest (default: ${DEFAULT-VALUE}).")
    public String startingOffsets;

    @Option(
            names = "--config",
            defaultValue = BundledStudent.NAME,
            description =
                    "Model: an official experiment YAML, a preset, or 'student', the bundled trained model (default: ${DEFAULT-VALUE}).")
    public String config;

    @Option(
            names = "--weights",
            defaultValue = BundledStudent.NAME,
            description =
                    "Checkpoint (.pth) readable on every task manager, 'student' for the bundled model's, or seeded:<n> for untrained placeholder weights (default: ${DEFAULT-VALUE}).")
    public String weights;

    @Option(
            names = "--precision",
            defaultValue = "auto",
            description =
                    "CPU arithmetic, auto, fp32 or bf16: auto is bfloat16 for the bundled student on task managers"
                            + " whose CPU has native bfloat16 (AVX512_BF16, AMX), float32 otherwise (default: ${DEFAULT-VALUE}).")
    public Precision precision;

    @Option(
            names = "--flip-test",
            defaultValue = "false",
            description = "Official flip test (doubles the model cost; default: ${DEFAULT-VALUE}).")
    public boolean flipTest;

    @Option(names = "--no-dark", description = "Integer argmax decoding instead of DARK.")
    public boolean noDark;

    @Option(
            names = "--detector",
            defaultValue = PersonDetectors.DEFAULT,
            description =
                    "Person detector for frames without boxes: nanodet, hog, or none (the whole frame is one person) (default: ${DEFAULT-VALUE}).")
    public String detector;

    @Option(
            names = "--detect-every",
            defaultValue = "5",
            description =
                    "Run the detector every K frames of a stream; in between, boxes follow the keypoints (default: ${DEFAULT-VALUE}).")
    public int detectEvery;

    @Option(names = "--no-smoothing", description = "Publish raw keypoints (no One-Euro filter).")
    public boolean noSmoothing;

    @Option(
            names = "--batch-max-frames",
            defaultValue = "8",
            description = "Frames of different streams per model call (1: no batching; default: ${DEFAULT-VALUE}).")
    public int batchMaxFrames;

    @Option(
            names = "--batch-max-wait-ms",
            defaultValue = "20",
            description = "Longest a frame waits for others to join its batch (default: ${DEFAULT-VALUE}).")
    public long batchMaxWaitMs;

    @Option(
            names = "--stream-idle-ms",
            defaultValue = "" + DEFAULT_STREAM_IDLE_MS,
            description =
                    "A stream's tracks and state are dropped this long after its last frame (default: ${DEFAULT-VALUE}).")
    public long streamIdleMs;

    @Option(
            names = "--max-frame-bytes",
            defaultValue = "" + FrameLimits.DEFAULT_MAX_PAYLOAD_BYTES,
            description =
                    "Largest encoded image accepted; larger frames become dead letters (default: ${DEFAULT-VALUE}).")
    public int maxFrameBytes;

    @Option(
            names = "--max-persons",
            defaultValue = "" + FrameLimits.DEFAULT_MAX_PERSONS,
            description =
                    "Most persons estimated per frame: frames with more producer boxes become dead letters, and the"
                            + " detector keeps the highest-scoring ones (default: ${DEFAULT-VALUE}).")
    public int maxPersons;

    @Option(
            names = "--model-per-slot",
            description = "One model per task slot instead of one per task manager shared by its slots.")
    public boolean modelPerSlot;

    @Option(
            names = "--intra-op-threads",
            defaultValue = "0",
            description = "TensorFlow threads per model call (0: one per core; default: ${DEFAULT-VALUE}).")
    public int intraOpThreads;

    @Option(
            names = "--parallelism",
            defaultValue = "0",
            description = "Job parallelism (0: the environment's default; default: ${DEFAULT-VALUE}).")
    public int parallelism;

    @Option(
            names = "--checkpoint-interval-ms",
            paramLabel = "MS",
            description =
                    "Checkpoint interval; also bounds how late read_committed consumers see poses (default: the cluster's "
                            + "execution.checkpointing.interval, else " + DEFAULT_CHECKPOINT_MS + ").")
    public Long checkpointIntervalMs;

    @Option(
            names = "--max-out-of-orderness-ms",
            defaultValue = "" + DEFAULT_OUT_OF_ORDERNESS_MS,
            description = "Watermark bound on capture-time disorder (default: ${DEFAULT-VALUE}).")
    public long maxOutOfOrdernessMs;

    @Option(names = "--bounded", description = "Stop at the end offsets seen at start-up (tests, backfills).")
    public boolean bounded;

    /**
     * Parses arguments; with {@code --properties FILE}, the file's entries are the defaults of the
     * options they name, and arguments win. A key that names no option is an error, not ignored.
     */
    public static PoseJobOptions parse(String... args) throws IOException {
        PoseJobOptions probe = new PoseJobOptions();
        new CommandLine(probe).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        PoseJobOptions o = new PoseJobOptions();
        CommandLine cl = new CommandLine(o).setCaseInsensitiveEnumValuesAllowed(true);
        if (probe.properties != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(probe.properties)) {
                p.load(r);
            }
            Set<String> known = cl.getCommandSpec().options().stream()
                    .map(opt -> opt.longestName().replaceFirst("^--", ""))
                    .collect(Collectors.toSet());
            List<String> unknown = p.stringPropertyNames().stream()
                    .filter(k -> !known.contains(k))
                    .sorted()
                    .toList();
            if (!unknown.isEmpty()) {
                throw new CommandLine.ParameterException(
                        cl, probe.properties + ": no such setting: " + String.join(", ", unknown));
            }
            cl.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(p));
        }
        cl.parseArgs(args);
        return o;
    }

    /** The defaults, for local runs that set fields directly. */
    public static PoseJobOptions defaults() {
        try {
            return parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no file is read without --properties
        }
    }

    /** How the source and sinks reach the cluster, read when the job is built (on the client or JobManager). */
    public KafkaConnection kafka() {
        return KafkaConnection.of(
                bootstrapServers, kafkaConfig != null ? kafkaConfig : KafkaConnection.configFileFromEnvironment());
    }

    /** What a frame may ask of the job. */
    public FrameLimits frameLimits() {
        return new FrameLimits(maxFrameBytes, maxPersons);
    }

    /** The model the pose operator opens on each worker. */
    public ModelSpec modelSpec() {
        return new ModelSpec(config, weights, flipTest, !noDark, intraOpThreads, 0).withPrecision(precision);
    }

    /** Model, detector and tracking as the pose operator opens them on each worker. */
    public PipelineSpec pipelineSpec() {
        PipelineSettings settings =
                PipelineSettings.DEFAULTS.withDetectEvery(detectEvery).withMaxPersons(maxPersons);
        if (noSmoothing) {
            settings = settings.withTracker(settings.tracker().withSmoothing(OneEuroSettings.DISABLED));
        }
        return new PipelineSpec(modelSpec(), detector, settings);
    }
}
