package dev.tokenpose.kafka.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicSettingsTest {

    @Test
    void defaultsNameThePipelineTopics() {
        TopicSettings d = TopicSettings.DEFAULTS;
        assertThat(d.framesTopic()).isEqualTo("video-frames");
        assertThat(d.posesTopic()).isEqualTo("pose-frames");
        assertThat(d.deadLetterTopic()).isEqualTo("pose-dead-letters");
        assertThat(d.framesPartitions()).isEqualTo(6);
        assertThat(d.partitions()).isEqualTo(3);
        assertThat(d.replicationFactor()).isEqualTo((short) 1);
    }

    @Test
    void withersChangeOnlyTheirPart() {
        TopicSettings s = TopicSettings.DEFAULTS
                .withTopics("f", "p", "d")
                .withPartitions(2, 1)
                .withRetentionMs(-1);
        assertThat(s.framesTopic()).isEqualTo("f");
        assertThat(s.framesPartitions()).isEqualTo(2);
        assertThat(s.partitions()).isEqualTo(1);
        assertThat(s.retentionMs()).isEqualTo(-1);
        assertThat(s.replicationFactor()).isEqualTo(TopicSettings.DEFAULT_REPLICATION_FACTOR);
    }

    @Test
    void rejectsSharedNamesAndNonPositiveCounts() {
        assertThatThrownBy(() -> TopicSettings.DEFAULTS.withTopics("a", "a", "b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicSettings.DEFAULTS.withPartitions(0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicSettings.DEFAULTS.withReplicationFactor((short) 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicSettings.DEFAULTS.withRetentionMs(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicSettings.DEFAULTS.withTopics(" ", "p", "d"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
