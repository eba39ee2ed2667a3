package dev.tokenpose.kafka.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.kafka.SharedKafka;
import dev.tokenpose.kafka.broker.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
        assertThat(Topics.ensure(kafka.connection(), settings)).containsExactly("t1-frames", "t1-poses", "t1-dead");
        try (Admin admin = Topics.admin(kafka.connection())) {
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
        assertThat(Topics.ensure(kafka.connection(), settings)).hasSize(3);
        assertThat(Topics.ensure(kafka.connection(), settings)).isEmpty();
    }

    @Test
    void leavesAnExistingTopicAsItIsAndCreatesOnlyTheMissingOnes(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = Topics.admin(kafka.connection())) {
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

    @Test
    void waitsForTopicsSomeoneElseCreatesAndNamesThoseThatNeverCome(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = Topics.admin(kafka.connection())) {
            CompletableFuture<Void> operator = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(1_500);
                    admin.createTopics(List.of(new NewTopic("t4-late", 1, (short) 1)))
                            .all()
                            .get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            Topics.awaitExisting(admin, List.of("t4-late"), Duration.ofSeconds(30));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            operator.get();

            assertThatThrownBy(() -> Topics.awaitExisting(admin, List.of("t4-late", "t4-never"), Duration.ofSeconds(2)))
                    .isInstanceOf(Topics.AdminException.class)
                    .hasMessageContaining("[t4-never] do not exist");
            assertThat(admin.listTopics().names().get()).doesNotContain("t4-never");
        }
    }
}
