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
 * stopped with a savepoint, a second TaskManager added and the job restored at parallelism 2 — and
 * checks with a read_committed consumer that every frame has exactly one pose record.
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

    @Option(names = "--keep-running", description = "Leave the cluster running at the end, until Ctrl-C.")
    boolean keepRunning;

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
        Path jar = jobJar != null ? jobJar : defaultJobJar();
        if (!Files.isRegularFile(jar)) {
            throw new java.nio.file.NoSuchFileException(jar + " (build it with mvn -pl flink-job -am package)");
        }
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("tokenpose-cluster");
        Files.createDirectories(work.resolve("log"));
        String classpath = FlinkSessionCluster.clusterClasspath(jar);
        List<VideoFrame> clip = LocalJob.sampleClipFrames(20);
        long t0 = System.nanoTime();
        try (ChildJvm broker = startBroker(work);
                FlinkSessionCluster flink = FlinkSessionCluster.start(work.resolve("flink"), classpath)) {
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
            publish(cluster, clip, half, frames);
            long r0 = System.nanoTime();
            JobID second = flink.submit(jar, args, 2, savepoint);
            flink.awaitRunning(second, Duration.ofMinutes(3));
            double resumeSeconds = (System.nanoTime() - r0) / 1e9;
            String killed = null;
            double recoverySeconds = Double.NaN;
            if (killTaskManager) {
                killed = flink.taskManagers().get(0).name();
                recoverySeconds = killAndRecover(flink, second, cluster, (long) streams * half);
            }
            Check check = awaitRecords(cluster, (long) streams * frames);
            Outcome outcome = new Outcome(
                    (long) streams * frames,
                    check,
                    stopSeconds,
                    resumeSeconds,
                    killed,
                    recoverySeconds,
                    (System.nanoTime() - t0) / 1e9);
            if (keepRunning) {
                System.out.println(outcome.line());
                System.err.printf("cluster: running (Flink web/REST at %s); Ctrl-C stops it%n", flink.restUrl());
                Thread.currentThread().join();
            }
            flink.cancel(second);
            return outcome;
        }
    }

    /**
     * Waits for the restored job's first new poses, kills a TaskManager with SIGKILL, starts a
     * replacement, and returns the seconds from the kill until the job runs all its tasks again.
     */
    private double killAndRecover(FlinkSessionCluster flink, JobID job, KafkaConnection cluster, long before)
            throws Exception {
        try (PoseTopicReader reader = new PoseTopicReader(cluster, Topic.POSES_NAME, Topic.DEAD_LETTERS_NAME)) {
            reader.awaitTotal(before + 1, Duration.ofMinutes(3));
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

    /** What the committed output holds against what went in. */
    record Check(long records, long lost, long duplicated, long deadLetters) {}

    /** The rehearsal's result; {@code killed} is null and {@code recoverySeconds} NaN without a kill. */
    record Outcome(
            long framesIn,
            Check check,
            double stopSeconds,
            double resumeSeconds,
            String killed,
            double recoverySeconds,
            double wallSeconds) {

        boolean exactlyOnce() {
            return check.records == framesIn && check.lost == 0 && check.duplicated == 0 && check.deadLetters == 0;
        }

        /** The one-line report. */
        String line() {
            String recovery = killed == null
                    ? ""
                    : String.format(Locale.ROOT, " killed=%s recovery_s=%.1f", killed, recoverySeconds);
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
            reader.awaitTotal(expected, Duration.ofMinutes(5));
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
                    VideoFrame f =
                            VideoFrame.newBuilder(clip.get(seq % clip.size())).build();
                    f.setStreamId(stream(s));
                    f.setSequence(seq);
                    f.setCaptureTime(Instant.now());
                    f.setBoxes(List.of(BOX));
                    sender.send(f);
                }
            }
            sender.flush();
        }
    }

    private static String stream(int s) {
        return "cam-" + s;
    }

    /** The broker runs from the project's Kafka tools, on this process's class path; its data folder survives a restart. */
    private static ChildJvm startBroker(Path work) throws IOException {
        return ChildJvm.start(
                "broker",
                System.getProperty("java.class.path"),
                List.of("-Xmx1g"),
                "dev.tokenpose.kafka.KafkaTools",
                List.of(
                        "broker",
                        "--port",
                        "0",
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
        // local/target/tokenpose-local.jar -> flink-job/target/tokenpose-pose-job.jar
        try {
            Path self = Path.of(ClusterRehearsal.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return self.getParent().getParent().getParent().resolve("flink-job/target/tokenpose-pose-job.jar");
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
