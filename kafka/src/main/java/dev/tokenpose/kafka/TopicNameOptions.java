package dev.tokenpose.kafka;

import dev.tokenpose.schema.codec.Topic;
import picocli.CommandLine.Option;

/** The names of the pose job's three topics, for the tools that handle all of them. */
final class TopicNameOptions {

    @Option(
            names = "--frames-topic",
            paramLabel = "NAME",
            defaultValue = Topic.FRAMES_NAME,
            description = "Frames topic (default: ${DEFAULT-VALUE}).")
    String framesTopic;

    @Option(
            names = "--poses-topic",
            paramLabel = "NAME",
            defaultValue = Topic.POSES_NAME,
            description = "Poses topic (default: ${DEFAULT-VALUE}).")
    String posesTopic;

    @Option(
            names = "--dead-letter-topic",
            paramLabel = "NAME",
            defaultValue = Topic.DEAD_LETTERS_NAME,
            description = "Dead-letter topic (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;
}
