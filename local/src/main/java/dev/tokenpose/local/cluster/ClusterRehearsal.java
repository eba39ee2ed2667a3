package dev.tokenpose.local.cluster;

import dev.tokenpose.kafka.consume.PoseTopicReader;
import dev.tokenpose.kafka.produce.FrameSender;
import dev.tokenpose.local.LocalCommand;
import dev.tokenpose.local.LocalJob;
import dev.tokenpose.schema.Box;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.schema.VideoFrame;
import dev.tokenpose.schema.codec.Topic;
import dev.tokenpose.schema.connect.KafkaConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tokenpose cluster}: the deployment rehearsed on one machine without Kubernetes — a Kafka
 * broker in its own process, a Flink session cluster of separate JVMs (a JobManager, TaskManagers)
 * that takes the shaded job jar through its REST API, the sample clip streamed in, then the job
 * stopped with a savepoint, a second TaskManager added and the job restored at parallelism 2, and,
 * while the rest of the frames stream in, a TaskManager and the broker killed and replaced if asked
 * — and checks with a read_committed consumer that every frame has exactly one pose record, again
 * with a client that shares no code with the project where one is installed ({@link
 * IndependentCheck}).
 */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description =
                "Rehearse the deployment: broker and Flink as separate processes, submit over REST, rescale 1 -> 2"
                        + " TaskManagers from a savepoint, check exactly once.")
public final class ClusterRehearsal implements Callable<Integer> {

    /** A person box inside the sample clip's frames: the producer's, so no detector runs. */
    private static final Box BOX = new Box(200f, 100f, 300f, 350f, 0.9f);

    @Option(
            names = "--streams",
            defaultValue = "3",
            description = "Streams of the sample clip (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(
            names = "--frames",
            defaultValue = "40",
            description = "Frames per stream, half before and half after the rescale (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(
            names = "--job-jar",
            paramLabel = "JAR",
            description = "The shaded job jar (default: flink-job/target/tokenpose-pose-job.jar of this checkout).")
    Path jobJar;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Folder for configuration, logs, checkpoints and savepoints (default: a new temporary one).")
    Path dir;

    @Option(
            names = "--kill-task-manager",
            description = "After the rescale, SIGKILL the first TaskManager while the job works and start a"
                    + " replacement; report the time until poses flow again.")
    boolean killTaskManager;

    @Option(
            names = "--restart-broker",
            description = "After the rescale (and the TaskManager kill), SIGKILL the broker while frames stream in"
                    + " and start it again on its port and data; report the time until poses flow again.")
    boolean restartBroker;

    @Option(
            names = "--rate",
            defaultValue = "40",
            description = "Frames per second (all streams) published after the rescale while the faults happen;"
                    + " the rest follow at once (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--independent-check",
            defaultValue = "auto",
            description = "Check again with Python, librdkafka and Apache Avro: auto (where installed), required,"
                    + " off (default: ${DEFAULT-VALUE}).")
    String independentCheck;

    @Option(names = "--keep-running", description = "Leave the cluster running at the end, until Ctrl-C.")
    boolean keepRunning;

    private ChildJvm broker;

    public static void main(String[] args) {
        System.exit(LocalCommand.execute(new ClusterRehearsal(), args));
    }

    @Override
    public Integer call() throws Exception {
        Outcome outcome = rehearse();
        System.out.println(outcome.line());
        return outcome.exactlyOnce() ? 0 : 1;
    }

    /**
     * Runs the rehearsal: cluster up, job submitted, stopped with a savepoint, restored at parallelism
     * 2 (and a TaskManager killed, if asked), every frame's record checked.
     *
     * @return what the committed output holds and how long each step took
     */
    Outcome rehearse() throws Exception {
        if (streams < 1 || frames < 2) {
            throw new IllegalArgumentException("--streams must be at least 1 and --frames at least 2");
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        IndependentCheck verifier = independentCheck();
        Path jar = jobJar != null ? jobJar : defaultJobJar();
        if (!Files.isRegularFile(jar)) {
            throw new java.nio.file.NoSuchFileException(jar + " (build it with mvn -pl flink-job -am package)");
        }
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("tokenpose-cluster");
        Files.createDirectories(work.resolve("log"));
        String classpath = FlinkSessionCluster.clusterClasspath(jar);
        List<VideoFrame> clip = LocalJob.sampleClipFrames(20);
        long t0 = System.nanoTime();
        broker = startBroker(work, 0, 1);
        try (FlinkSessionCluster flink = FlinkSessionCluster.start(work.resolve("flink"), classpath)) {
            KafkaConnection cluster = KafkaConnection.plaintext(bootstrapOf(broker));
            System.err.printf("cluster: broker at %s; Flink at %s; logs in %s%n", cluster, flink.restUrl(), work);
            flink.addTaskManager();
            List<String> args = List.of(
                    "--bootstrap-servers", cluster.bootstrapServers(),
                    "--starting-offsets", "earliest",
                    "--checkpoint-interval-ms", "1000",
                    "--detector", "none");
            int half = frames / 2;
            publish(cluster, clip, 0, half);
            JobID first = flink.submit(jar, args, 1, null);
            flink.awaitRunning(first, Duration.ofMinutes(3));
            awaitRecords(cluster, (long) streams * half);
            long s0 = System.nanoTime();
            String savepoint = flink.stopWithSavepoint(first);
            double stopSeconds = (System.nanoTime() - s0) / 1e9;

            flink.addTaskManager();
            long r0 = System.nanoTime();
            JobID second = flink.submit(jar, args, 2, savepoint);
            flink.awaitRunning(second, Duration.ofMinutes(3));
            double resumeSeconds = (System.nanoTime() - r0) / 1e9;
            // The second half streams in at --rate while the faults happen.
            Publisher publisher = new Publisher(cluster, clip, half, frames);
            publisher.start();
            String killed = null;
            double recoverySeconds = Double.NaN;
            if (killTaskManager) {
                killed = flink.taskManagers().get(0).name();
                recoverySeconds = killAndRecover(flink, second, cluster);
            }
            double brokerSeconds = Double.NaN;
            if (restartBroker) {
                brokerSeconds = restartBroker(work, cluster);
            }
            if (!publisher.isAlive()) {
                System.err.println("cluster: the last frame went out before the faults were over; lower --rate");
            }
            publisher.finish();
            Check check = awaitRecords(cluster, (long) streams * frames);
            String independent = null;
            if (verifier != null) {
                IndependentCheck.Result r = verifier.run(cluster.bootstrapServers());
                independent = r.exactlyOnce() && r.framesIn() == (long) streams * frames && r.deadLetters() == 0
                        ? "ok"
                        : "FAILED " + r.line();
                System.err.println("cluster: independent check (python, librdkafka, avro): " + r.line());
            }
            Outcome outcome = new Outcome(
                    (long) streams * frames,
                    check,
                    stopSeconds,
                    resumeSeconds,
                    killed,
                    recoverySeconds,
                    brokerSeconds,
                    independent,
                    (System.nanoTime() - t0) / 1e9);
            if (keepRunning) {
                System.out.println(outcome.line());
                System.err.printf("cluster: running (Flink web/REST at %s); Ctrl-C stops it%n", flink.restUrl());
                Thread.currentThread().join();
            }
            flink.cancel(second);
            return outcome;
        } finally {
            broker.close();
        }
    }

    private IndependentCheck independentCheck() {
        return switch (independentCheck.toLowerCase(Locale.ROOT)) {
            case "off" -> null;
            case "auto", "required" -> {
                StringBuilder why = new StringBuilder();
                IndependentCheck found = IndependentCheck.find(checkout(), why);
                if (found == null && independentCheck.equalsIgnoreCase("required")) {
                    throw new IllegalStateException("--independent-check required, but " + why);
                }
                if (found == null) {
                    System.err.println("cluster: no independent check: " + why);
                }
                yield found;
            }
            default ->
                throw new IllegalArgumentException(
                        "--independent-check must be auto, required or off, got " + independentCheck);
        };
    }

    /**
     * Waits for the restored job's first new poses, kills a TaskManager with SIGKILL, starts a
     * replacement, and returns the seconds from the kill until the job runs all its tasks again.
     */
    private double killAndRecover(FlinkSessionCluster flink, JobID job, KafkaConnection cluster) throws Exception {
        try (PoseTopicReader reader = new PoseTopicReader(cluster, Topic.POSES_NAME, Topic.DEAD_LETTERS_NAME)) {
            // Mid-stream: once the restored job has committed poses of the second half.
            reader.awaitTotal((long) streams * (frames / 2) + streams, Duration.ofMinutes(3));
            ChildJvm victim = flink.taskManagers().get(0);
            victim.kill();
            long k0 = System.nanoTime();
            System.err.printf("cluster: killed %s with SIGKILL%n", victim);
            flink.addTaskManager();
            flink.awaitRestart(job, Duration.ofMinutes(1));
            flink.awaitRunning(job, Duration.ofMinutes(5));
            return (System.nanoTime() - k0) / 1e9;
        }
    }

    /**
     * Kills the broker with SIGKILL once poses flow, starts it again on the same port and data, and
     * returns the seconds from the kill until the job has committed new poses.
     */
    private double restartBroker(Path work, KafkaConnection cluster) throws Exception {
        int port = Integer.parseInt(
                cluster.bootstrapServers().substring(cluster.bootstrapServers().lastIndexOf(':') + 1));
        long before;
        try (PoseTopicReader reader = new PoseTopicReader(cluster, Topic.POSES_NAME, Topic.DEAD_LETTERS_NAME)) {
            reader.poll(Duration.ofSeconds(2), p -> {});
            before = reader.poses().size();
            reader.awaitTotal(before + streams, Duration.ofMinutes(3)); // the job is working
            before = reader.poses().size();
        }
        broker.kill();
        long k0 = System.nanoTime();
        System.err.printf("cluster: killed the broker (%s) with SIGKILL%n", broker);
        broker = startBroker(work, port, 2);
        bootstrapOf(broker);
        try (PoseTopicReader reader = new PoseTopicReader(cluster, Topic.POSES_NAME, Topic.DEAD_LETTERS_NAME)) {
            if (!reader.awaitTotal(before + 1, Duration.ofMinutes(5))) {
                throw new IllegalStateException("no new poses within 5 minutes of the broker's restart");
            }
        }
        return (System.nanoTime() - k0) / 1e9;
    }

    /**
     * Publishes frames {@code from..to} of every stream in the background, at {@link #rate} until
     * {@link #finish()}, then the rest at once: frames stream in while the faults happen.
     */
    private final class Publisher extends Thread {
        private final KafkaConnection cluster;
        private final List<VideoFrame> clip;
        private final int from;
        private final int to;
        private volatile Exception failure;
        private volatile boolean hurry;

        Publisher(KafkaConnection cluster, List<VideoFrame> clip, int from, int to) {
            super("cluster-publisher");
            setDaemon(true);
            this.cluster = cluster;
            this.clip = clip;
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            try {
                long start = System.nanoTime();
                long sent = 0;
                try (FrameSender sender = FrameSender.open(cluster, Topic.FRAMES_NAME)) {
                    for (int seq = from; seq < to; seq++) {
                        for (int s = 0; s < streams; s++) {
                            sender.send(frame(clip, s, seq));
                            sent++;
                        }
                        long due = start + (long) (sent / rate * 1e9);
                        long wait = due - System.nanoTime();
                        if (wait > 0 && !hurry) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    sender.flush();
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        /** Publishes the rest at once and waits until every frame is acknowledged; rethrows what went wrong. */
        void finish() throws Exception {
            hurry = true;
            join();
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** What the committed output holds against what went in. */
    record Check(long records, long lost, long duplicated, long deadLetters) {}

    /**
     * The rehearsal's result; {@code killed} is null and {@code recoverySeconds} NaN without a kill,
     * {@code brokerRestartSeconds} NaN without a broker restart, {@code independent} null without
     * the independent check, else "ok" or what it found.
     */
    record Outcome(
            long framesIn,
            Check check,
            double stopSeconds,
            double resumeSeconds,
            String killed,
            double recoverySeconds,
            double brokerRestartSeconds,
            String independent,
            double wallSeconds) {

        boolean exactlyOnce() {
            return check.records == framesIn
                    && check.lost == 0
                    && check.duplicated == 0
                    && check.deadLetters == 0
                    && (independent == null || independent.equals("ok"));
        }

        /** The one-line report. */
        String line() {
            String recovery = killed == null
                    ? ""
                    : String.format(Locale.ROOT, " killed=%s recovery_s=%.1f", killed, recoverySeconds);
            if (!Double.isNaN(brokerRestartSeconds)) {
                recovery += String.format(Locale.ROOT, " broker_restart_recovery_s=%.1f", brokerRestartSeconds);
            }
            if (independent != null) {
                recovery += " independent_check=" + (independent.equals("ok") ? "ok" : "'" + independent + "'");
            }
            return String.format(
                    Locale.ROOT,
                    "CLUSTER task_managers=1->2 parallelism=1->2 frames_in=%d pose_records=%d lost=%d duplicated=%d"
                            + " dead_letters=%d stop_with_savepoint_s=%.1f restore_to_running_s=%.1f%s wall_s=%.1f",
                    framesIn,
                    check.records,
                    check.lost,
                    check.duplicated,
                    check.deadLetters,
                    stopSeconds,
                    resumeSeconds,
                    recovery,
                    wallSeconds);
        }
    }

    private Check awaitRecords(KafkaConnection cluster, long expected) {
        try (PoseTopicReader reader = new PoseTopicReader(cluster, Topic.POSES_NAME, Topic.DEAD_LETTERS_NAME)) {
            reader.awaitTotal(expected, Duration.ofMinutes(5).plusSeconds(expected / 10));
            reader.poll(Duration.ofSeconds(3), p -> {}); // anything beyond: duplicates
            Map<String, Integer> seen = new HashMap<>();
            for (PoseFrame p : reader.poses()) {
                seen.merge(p.getStreamId() + "#" + p.getSequence(), 1, Integer::sum);
            }
            long frames = expected / streams;
            long lost = 0;
            for (int s = 0; s < streams; s++) {
                for (long q = 0; q < frames; q++) {
                    if (!seen.containsKey(stream(s) + "#" + q)) {
                        lost++;
                    }
                }
            }
            long duplicated = seen.values().stream().mapToLong(n -> n - 1).sum();
            return new Check(
                    reader.poses().size(),
                    lost,
                    duplicated,
                    reader.deadLetters().size());
        }
    }

    private void publish(KafkaConnection cluster, List<VideoFrame> clip, int from, int to) {
        try (FrameSender sender = FrameSender.open(cluster, Topic.FRAMES_NAME)) {
            for (int seq = from; seq < to; seq++) {
                for (int s = 0; s < streams; s++) {
                    sender.send(frame(clip, s, seq));
                }
            }
            sender.flush();
        }
    }

    private static VideoFrame frame(List<VideoFrame> clip, int stream, int seq) {
        VideoFrame f = VideoFrame.newBuilder(clip.get(seq % clip.size())).build();
        f.setStreamId(stream(stream));
        f.setSequence(seq);
        f.setCaptureTime(Instant.now());
        f.setBoxes(List.of(BOX));
        return f;
    }

    private static String stream(int s) {
        return "cam-" + s;
    }

    /** The broker runs from the project's Kafka tools, on this process's class path; its data folder survives a restart. */
    private static ChildJvm startBroker(Path work, int port, int run) throws IOException {
        return ChildJvm.start(
                run == 1 ? "broker" : "broker-" + run,
                System.getProperty("java.class.path"),
                List.of("-Xmx1g"),
                "dev.tokenpose.kafka.KafkaTools",
                List.of(
                        "broker",
                        "--port",
                        String.valueOf(port),
                        "--data-dir",
                        work.resolve("kafka").toString(),
                        "--create-topics"),
                work.resolve("log"));
    }

    /** The broker prints its bootstrap address as the first line of its output. */
    private static String bootstrapOf(ChildJvm broker) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end) {
            if (!broker.alive()) {
                throw new IllegalStateException("the broker exited; see " + broker.log());
            }
            try (BufferedReader r = Files.newBufferedReader(broker.log(), StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.matches("[0-9.]+:[0-9]+")) {
                        return line;
                    }
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the broker gave no address; see " + broker.log());
    }

    private static Path defaultJobJar() {
        return checkout().resolve("flink-job/target/tokenpose-pose-job.jar");
    }

    /** The source checkout this class was built in: local/target/(classes|tokenpose-local.jar) -> the root. */
    private static Path checkout() {
        try {
            Path self = Path.of(ClusterRehearsal.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return self.toAbsolutePath().getParent().getParent().getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
