package dev.tokenpose.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PoseJobOptionsTest {

    @Test
    void shouldUseDocumentedDefaults() throws Exception {
        PoseJobOptions o = PoseJobOptions.parse();

        assertThat(o.bootstrapServers).isEqualTo("localhost:9092");
        assertThat(o.framesTopic).isEqualTo("video-frames");
        assertThat(o.posesTopic).isEqualTo("pose-frames");
        assertThat(o.checkpointIntervalMs).as("left to the cluster").isNull();
        assertThat(o.modelSpec().placeholder()).as("the bundled student").isFalse();
        assertThat(o.modelSpec().config()).isEqualTo("student");
        assertThat(o.frameLimits()).isEqualTo(FrameLimits.DEFAULTS);
        assertThat(o.pipelineSpec().settings().maxPersons()).isEqualTo(FrameLimits.DEFAULT_MAX_PERSONS);
        assertThat(o.modelSpec().dark()).isTrue();
        assertThat(o.modelSpec().precision()).isEqualTo(Precision.AUTO);
    }

    @Test
    void shouldReadAPropertiesFileAndLetArgumentsWin(@TempDir Path tmp) throws Exception {
        Path props = tmp.resolve("job.properties");
        Files.writeString(
                props,
                "bootstrap-servers=kafka:9093\nposes-topic=poses\nno-dark=true\nparallelism=4\nmodel-per-slot=true\n"
                        + "precision=fp32\n");

        PoseJobOptions o =
                PoseJobOptions.parse("--properties", props.toString(), "--parallelism", "2", "--weights", "/m/S.pth");

        assertThat(o.bootstrapServers).isEqualTo("kafka:9093");
        assertThat(o.posesTopic).isEqualTo("poses");
        assertThat(o.parallelism).isEqualTo(2);
        assertThat(o.noDark).isTrue();
        assertThat(o.modelPerSlot).isTrue();
        assertThat(o.modelSpec().placeholder()).isFalse();
        assertThat(o.modelSpec().weights()).isEqualTo("/m/S.pth");
        assertThat(o.modelSpec().precision()).isEqualTo(Precision.FP32);
    }

    @Test
    void shouldRefuseAPropertiesKeyThatNamesNoSetting(@TempDir Path tmp) throws Exception {
        Path props = tmp.resolve("job.properties");
        Files.writeString(props, "bootstrap-servers=kafka:9093\nposes_topic=poses\n");

        assertThatThrownBy(() -> PoseJobOptions.parse("--properties", props.toString()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("poses_topic");
    }

    @Test
    void shouldKeepTheClustersCheckpointIntervalUnlessTheOptionIsGiven() throws Exception {
        Configuration cluster = new Configuration();
        cluster.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(7));

        assertThat(builtInterval(cluster)).isEqualTo(7000);
        assertThat(builtInterval(cluster, "--checkpoint-interval-ms", "250")).isEqualTo(250);
        assertThat(builtInterval(new Configuration())).isEqualTo(PoseJobOptions.DEFAULT_CHECKPOINT_MS);
    }

    private static long builtInterval(Configuration cluster, String... args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        PoseJob.onKafka(PoseJobOptions.parse(args)).build(env);
        return env.getCheckpointInterval();
    }
}
