package dev.tokenpose.tf;

import dev.tokenpose.checkpoint.PthReader;
import dev.tokenpose.checkpoint.StateDict;
import dev.tokenpose.model.CheckpointWeights;
import dev.tokenpose.model.ModelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Opens TokenPose models from an official configuration and checkpoint. */
public final class TokenPoseModels {

    /** Hex digits of the weights' SHA-256 kept in a model identity. */
    private static final int DIGEST_CHARS = 12;

    private TokenPoseModels() {}

    /**
     * Builds a model from a configuration and an official checkpoint.
     *
     * @param config the network configuration
     * @param weights a {@code .pth} state dict or training checkpoint
     * @param threads TensorFlow thread settings
     * @return the model, identified as {@code <config name>@sha256:<12 hex digits of the file>}
     * @throws dev.tokenpose.checkpoint.CheckpointException if the file is not a usable checkpoint for this configuration
     */
    public static TfHeatmapModel open(ModelConfig config, Path weights, TfThreads threads) {
        StateDict stateDict = PthReader.read(weights);
        String identity = config.name() + "@sha256:" + sha256(weights).substring(0, DIGEST_CHARS);
        return TfHeatmapModel.create(config, new CheckpointWeights(stateDict), identity, threads);
    }

    /** The SHA-256 of a file, in lowercase hex. */
    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
