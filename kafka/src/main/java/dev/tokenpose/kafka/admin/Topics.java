package dev.tokenpose.kafka.admin;

import dev.tokenpose.schema.connect.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the pipeline's topics where they are missing and leaves existing ones as they are. */
public final class Topics {

    /** Longest wait for the cluster to answer an administrative request. */
    public static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private Topics() {}

    /**
     * The three topics as {@code settings} describes them.
     *
     * @param settings names and layout
     * @return frames, poses and dead-letter topics, in that order
     */
    public static List<NewTopic> newTopics(TopicSettings settings) {
        return List.of(
                framesTopic(settings.framesTopic(), settings),
                outputTopic(settings.posesTopic(), settings),
                outputTopic(settings.deadLetterTopic(), settings));
    }

    /**
     * A frames topic named {@code name} with the frames layout of {@code settings}.
     *
     * @param name the topic name
     * @param settings partitions, replication, retention and record size
     * @return the topic
     */
    public static NewTopic framesTopic(String name, TopicSettings settings) {
        Map<String, String> configs = retention(settings);
        configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(settings.framesMaxMessageBytes()));
        return new NewTopic(name, settings.framesPartitions(), settings.replicationFactor()).configs(configs);
    }

    /**
     * A poses or dead-letter topic named {@code name} with the layout of {@code settings}.
     *
     * @param name the topic name
     * @param settings partitions, replication and retention
     * @return the topic
     */
    public static NewTopic outputTopic(String name, TopicSettings settings) {
        return new NewTopic(name, settings.partitions(), settings.replicationFactor()).configs(retention(settings));
    }

    private static Map<String, String> retention(TopicSettings settings) {
        Map<String, String> configs = new HashMap<>();
        if (settings.retentionMs() > 0) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(settings.retentionMs()));
        }
        return configs;
    }

    /**
     * Creates whichever of the three topics is missing.
     *
     * @param kafka the cluster
     * @param settings names and layout
     * @return the names of the topics this call created (empty when all existed)
     */
    public static List<String> ensure(KafkaConnection kafka, TopicSettings settings) {
        try (Admin admin = admin(kafka)) {
            return ensure(admin, settings);
        }
    }

    /**
     * Creates whichever of the three topics is missing.
     *
     * @param admin a client of the cluster
     * @param settings names and layout
     * @return the names of the topics this call created (empty when all existed)
     */
    public static List<String> ensure(Admin admin, TopicSettings settings) {
        return ensure(admin, newTopics(settings));
    }

    /**
     * Creates whichever of {@code topics} is missing; an existing topic keeps its partitions and
     * configuration even when they differ from the requested ones.
     *
     * @param admin a client of the cluster
     * @param topics the topics wanted
     * @return the names of the topics this call created
     */
    public static List<String> ensure(Admin admin, Collection<NewTopic> topics) {
        Set<String> existing = await(admin.listTopics().names(), "list the topics");
        List<NewTopic> missing =
                topics.stream().filter(t -> !existing.contains(t.name())).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        CreateTopicsResult result = admin.createTopics(missing);
        List<String> created = new ArrayList<>();
        for (NewTopic topic : missing) {
            try {
                await(result.values().get(topic.name()), "create topic " + topic.name());
                created.add(topic.name());
            } catch (AdminException e) {
                // Another client may have created it since the listing: that is what we wanted.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        awaitWritable(admin, missing.stream().map(NewTopic::name).toList());
        return List.copyOf(created);
    }

    /**
     * Returns once all of {@code topics} exist, for clients that must not create them (on Kubernetes
     * the topic operator does, a moment after everything starts).
     *
     * @param admin a client of the cluster
     * @param topics the names wanted
     * @param timeout how long to wait for the last of them
     * @throws AdminException if some are still missing after {@code timeout}
     */
    public static void awaitExisting(Admin admin, Collection<String> topics, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> existing = await(admin.listTopics().names(), "list the topics");
            List<String> missing =
                    topics.stream().filter(t -> !existing.contains(t)).toList();
            if (missing.isEmpty()) {
                awaitWritable(admin, topics);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AdminException(
                        "topics " + missing + " do not exist after " + timeout.toSeconds()
                                + " s; create them (deploy/k8s/base/kafka-topics.yaml) or let this client do it",
                        null);
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AdminException("interrupted while waiting for topics " + missing, e);
            }
        }
    }

    /**
     * Returns once every partition of {@code topics} is served by its leader. A topic is listed as
     * soon as the controller has committed it, a moment before its leaders can take writes; an
     * idempotent producer whose first batch lands in that moment gets it refused while later
     * in-flight batches are accepted, and then cannot deliver the first one at all.
     *
     * @param admin a client of the cluster
     * @param topics existing topics
     */
    public static void awaitWritable(Admin admin, Collection<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                List<TopicPartition> partitions = new ArrayList<>();
                admin.describeTopics(topics)
                        .allTopicNames()
                        .get()
                        .forEach((name, description) -> description
                                .partitions()
                                .forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
                // Answered by each partition's leader replica, so it succeeds only once the leaders are up.
                admin.describeProducers(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof AuthorizationException) {
                    return;
                }
                if (!(cause instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new AdminException(
                            "topics " + topics + " did not become writable: " + cause.getMessage(), cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AdminException("interrupted while waiting for topics " + topics, e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AdminException("interrupted while waiting for topics " + topics, e);
            }
        }
    }

    /**
     * An admin client whose requests give up after {@link #ADMIN_TIMEOUT}.
     *
     * @param kafka the cluster
     * @return a new client; the caller closes it
     */
    public static Admin admin(KafkaConnection kafka) {
        Properties p = kafka.clientProperties();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(ADMIN_TIMEOUT.toMillis(), 15_000));
        return Admin.create(p);
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while trying to " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String message = cause instanceof org.apache.kafka.common.errors.TimeoutException
                    ? "no answer from the Kafka cluster within " + ADMIN_TIMEOUT.toSeconds() + " s"
                    : cause.getMessage();
            throw new AdminException("cannot " + what + ": " + message, cause);
        } catch (TimeoutException e) {
            throw new AdminException(
                    "cannot " + what + ": no answer from the Kafka cluster within " + ADMIN_TIMEOUT.toSeconds() + " s",
                    e);
        }
    }

    /** An administrative request that failed; the cause is Kafka's error. */
    public static final class AdminException extends RuntimeException {
        AdminException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
