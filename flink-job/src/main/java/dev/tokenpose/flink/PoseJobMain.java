package dev.tokenpose.flink;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Entry point of the job jar: {@code flink run tokenpose-flink-job.jar --bootstrap-servers ... --config ... --weights ...}. */
public final class PoseJobMain {

    private PoseJobMain() {}

    public static void main(String[] args) throws Exception {
        PoseJobOptions options = PoseJobOptions.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        PoseJob.onKafka(options).build(env);
        env.execute("tokenpose-poses");
    }
}
