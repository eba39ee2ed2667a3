package dev.tokenpose.local;

import dev.tokenpose.flink.PoseJob;
import dev.tokenpose.flink.PoseJobOptions;
import dev.tokenpose.kafka.admin.TopicSettings;
import dev.tokenpose.kafka.admin.Topics;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import dev.tokenpose.kafka.produce.FrameEncoder;
import dev.tokenpose.kafka.produce.SampleClip;
import dev.tokenpose.schema.VideoFrame;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** The pose job on an embedded Kafka broker, in an in-process Flink MiniCluster (demo, benchmarks). */
public final class LocalJob {

    private LocalJob() {}

    /**
     * Starts an embedded broker with the pipeline's topics.
     *
     * @return the broker; the caller closes it
     */
    public static EmbeddedKafka brokerWithTopics() {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            Topics.ensure(kafka.connection(), TopicSettings.DEFAULTS);
            return kafka;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /**
     * The job's defaults for a broker whose topics are new, so the job reads them from their start.
     *
     * @param bootstrapServers the broker
     * @param config the model configuration (YAML or preset)
     * @param weights the checkpoint, or {@code seeded:<n>}
     * @param parallelism the job's parallelism
     * @return options the caller may change further
     */
    public static PoseJobOptions options(String bootstrapServers, String config, String weights, int parallelism) {
        PoseJobOptions options = PoseJobOptions.defaults();
        options.bootstrapServers = bootstrapServers;
        options.config = config;
        options.weights = weights;
        options.parallelism = parallelism;
        options.startingOffsets = "earliest";
        return options;
    }

    /**
     * @param options the job's settings; {@code parallelism} sizes the MiniCluster
     * @param name the job's name
     * @return the running job
     */
    public static JobClient start(PoseJobOptions options, String name) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0"); // any free port: several local clusters may run at once
        // Checkpoints hold the frames waiting for a batch; the JobManager's in-memory storage takes 5 MB at most.
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                Files.createTempDirectory("tokenpose-checkpoints").toUri().toString());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(Math.max(1, options.parallelism), conf);
        PoseJob.onKafka(options).build(env);
        return env.executeAsync(name);
    }

    /**
     * The first frames of the bundled sample clip as JPEG frame records (stream "clip"), for
     * publishers that vary the stream, sequence and time.
     *
     * @param n how many frames, at most the clip's
     */
    public static List<VideoFrame> sampleClipFrames(int n) throws Exception {
        List<VideoFrame> out = new ArrayList<>();
        FrameEncoder encoder = FrameEncoder.defaults();
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber grabber =
                new FFmpegFrameGrabber(SampleClip.path().toFile())) {
            grabber.start();
            Frame f;
            while ((f = grabber.grabImage()) != null && out.size() < n) {
                out.add(encoder.encode(f, "clip", out.size(), Instant.now(), null));
            }
            grabber.stop();
        }
        return out;
    }
}
