package dev.tokenpose.local;

import dev.tokenpose.flink.PoseJob;
import dev.tokenpose.flink.PoseJobOptions;
import java.nio.file.Files;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Starts the pose job on Kafka in an in-process Flink MiniCluster (demo, benchmarks). */
public final class LocalJob {

    private LocalJob() {}

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
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, Files.createTempDirectory("tokenpose-checkpoints").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(Math.max(1, options.parallelism), conf);
        PoseJob.onKafka(options).build(env);
        return env.executeAsync(name);
    }
}
