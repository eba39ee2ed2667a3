package dev.tokenpose.cli;

import picocli.CommandLine.Option;

/** TensorFlow's two thread pools, for every command that runs a model. */
final class ThreadOptions {

    @Option(
            names = "--intra-op-threads",
            defaultValue = "0",
            paramLabel = "N",
            description = "TensorFlow threads inside one op (0: one per core).")
    int intraOpThreads;

    @Option(
            names = "--inter-op-threads",
            defaultValue = "0",
            paramLabel = "N",
            description = "TensorFlow ops run in parallel (0: TensorFlow's default).")
    int interOpThreads;
}
