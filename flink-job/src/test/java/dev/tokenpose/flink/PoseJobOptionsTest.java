package dev.tokenpose.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoseJobOptionsTest {

    @Test
    void shouldUseDocumentedDefaults() throws Exception {
        PoseJobOptions o = PoseJobOptions.parse();

        assertThat(o.bootstrapServers).isEqualTo("localhost:9092");
        assertThat(o.framesTopic).isEqualTo("video-frames");
        assertThat(o.posesTopic).isEqualTo("pose-frames");
        assertThat(o.checkpointIntervalMs).isEqualTo(1000);
        assertThat(o.modelSpec().placeholder()).isTrue();
        assertThat(o.modelSpec().dark()).isTrue();
    }

    @Test
    void shouldReadAPropertiesFileAndLetArgumentsWin(@TempDir Path tmp) throws Exception {
        Path props = tmp.resolve("job.properties");
        Files.writeString(props, "bootstrap-servers=kafka:9093\nposes-topic=poses\nno-dark=true\nparallelism=4\n");

        PoseJobOptions o = PoseJobOptions.parse("--properties", props.toString(), "--parallelism", "2", "--weights", "/m/S.pth");

        assertThat(o.bootstrapServers).isEqualTo("kafka:9093");
        assertThat(o.posesTopic).isEqualTo("poses");
        assertThat(o.parallelism).isEqualTo(2);
        assertThat(o.noDark).isTrue();
        assertThat(o.modelSpec().placeholder()).isFalse();
        assertThat(o.modelSpec().weights()).isEqualTo("/m/S.pth");
    }
}
