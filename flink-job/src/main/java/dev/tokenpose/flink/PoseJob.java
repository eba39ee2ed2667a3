package dev.tokenpose.flink;

import dev.tokenpose.schema.DeadLetter;
import dev.tokenpose.schema.PoseFrame;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * The pose pipeline's topology: frames source → dead-letter split → keyBy(stream) → pose
 * operator → poses sink, with every rejected record on the dead-letter sink. Sources and sinks are
 * given from outside, so the same topology runs against Kafka in production and in tests.
 */
public final class PoseJob {

    static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final Source<FrameRecord, ?, ?> frames;
    private final Sink<PoseFrame> poses;
    private final Sink<DeadLetter> deadLetters;
    private final PoseJobOptions options;

    public PoseJob(
            Source<FrameRecord, ?, ?> frames,
            Sink<PoseFrame> poses,
            Sink<DeadLetter> deadLetters,
            PoseJobOptions options) {
        this.frames = frames;
        this.poses = poses;
        this.deadLetters = deadLetters;
        this.options = options;
    }

    /** The job on the Kafka topics its options name, exactly once. */
    public static PoseJob onKafka(PoseJobOptions options) {
        return new PoseJob(
                KafkaEndpoints.frames(options),
                KafkaEndpoints.poses(options),
                KafkaEndpoints.deadLetters(options),
                options);
    }

    /** Adds the topology to an environment and configures checkpointing. */
    public void build(StreamExecutionEnvironment env) {
        // The option wins; else the cluster's configured interval; else the job's default.
        long interval = options.checkpointIntervalMs != null
                ? options.checkpointIntervalMs
                : env.getCheckpointInterval() > 0 ? env.getCheckpointInterval() : PoseJobOptions.DEFAULT_CHECKPOINT_MS;
        env.enableCheckpointing(interval, CheckpointingMode.EXACTLY_ONCE);
        if (options.parallelism > 0) {
            env.setParallelism(options.parallelism);
        }
        WatermarkStrategy<FrameRecord> watermarks = WatermarkStrategy.<FrameRecord>forBoundedOutOfOrderness(
                        Duration.ofMillis(options.maxOutOfOrdernessMs))
                .withTimestampAssigner((record, kafkaTime) -> record.eventTimeMillis())
                // Streams need not cover every partition; idle ones must not hold event time back.
                .withIdleness(Duration.ofSeconds(5));
        SingleOutputStreamOperator<FrameRecord> decoded = env.fromSource(frames, watermarks, "frames")
                .uid("frames-source")
                .process(new DeadLetterSplitter(DEAD_LETTERS))
                .name("split-dead-letters")
                .uid("split-dead-letters");
        SingleOutputStreamOperator<PoseFrame> estimated = decoded.keyBy(new StreamIdSelector())
                .transform(
                        "pose-estimation",
                        TypeInformation.of(PoseFrame.class),
                        new PoseBatchOperator(
                                options.pipelineSpec(),
                                DEAD_LETTERS,
                                options.batchMaxFrames,
                                options.batchMaxWaitMs,
                                !options.modelPerSlot,
                                options.streamIdleMs))
                .uid("pose-estimation");
        estimated.sinkTo(poses).name("poses-sink").uid("poses-sink");
        DataStream<DeadLetter> rejected =
                decoded.getSideOutput(DEAD_LETTERS).union(estimated.getSideOutput(DEAD_LETTERS));
        rejected.sinkTo(deadLetters).name("dead-letter-sink").uid("dead-letter-sink");
    }
}
