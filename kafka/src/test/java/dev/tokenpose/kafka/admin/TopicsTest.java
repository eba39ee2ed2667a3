package dev.tokenpose.kafka.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenpose.kafka.SharedKafka;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafka.class)
class TopicsTest {

    @Test
    void createsTheThreeTopicsWithTheirPartitionCountsAndRetention(EmbeddedKafka kafka) throws Exception {
        TopicSettings settings = TopicSettings.DEFAULTS.withTopics("t1-frames", "t1-poses", "t1-dead");
        assertThat(Topics.ensure(kafka.bootstrapServers(), settings))
                .containsExactly("t1-frames", "t1-poses", "t1-dead");
        try (Admin admin = Topics.admin(kafka.bootstrapServers())) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("t1-frames", "t1-poses", "t1-dead"))
                    .allTopicNames()
                    .get();
            assertThat(topics.get("t1-frames").partitions()).hasSize(6);
            assertThat(topics.get("t1-poses").partitions()).hasSize(3);
            assertThat(topics.get("t1-dead").partitions()).hasSize(3);
            ConfigResource frames = new ConfigResource(ConfigResource.Type.TOPIC, "t1-frames");
            Config config = admin.describeConfigs(List.of(frames)).all().get().get(frames);
            assertThat(config.get("retention.ms").value())
                    .isEqualTo(String.valueOf(TopicSettings.DEFAULT_RETENTION_MS));
            assertThat(config.get("max.message.bytes").value())
                    .isEqualTo(String.valueOf(TopicSettings.DEFAULT_FRAMES_MAX_MESSAGE_BYTES));
        }
    }

    @Test
    void ensuringTwiceCreatesNothingTheSecondTime(EmbeddedKafka kafka) {
        TopicSettings settings = TopicSettings.DEFAULTS.withTopics("t2-frames", "t2-poses", "t2-dead");
        assertThat(Topics.ensure(kafka.bootstrapServers(), settings)).hasSize(3);
        assertThat(Topics.ensure(kafka.bootstrapServers(), settings)).isEmpty();
    }

    @Test
    void leavesAnExistingTopicAsItIsAndCreatesOnlyTheMissingOnes(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = Topics.admin(kafka.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic("t3-frames", 2, (short) 1)))
                    .all()
                    .get();
            TopicSettings settings = TopicSettings.DEFAULTS.withTopics("t3-frames", "t3-poses", "t3-dead");
            assertThat(Topics.ensure(admin, settings)).containsExactly("t3-poses", "t3-dead");
            assertThat(admin.describeTopics(List.of("t3-frames"))
                            .allTopicNames()
                            .get()
                            .get("t3-frames")
                            .partitions())
                    .hasSize(2);
        }
    }
}
