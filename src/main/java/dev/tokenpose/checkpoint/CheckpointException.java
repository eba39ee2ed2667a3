package dev.tokenpose.checkpoint;

/**
 * Signals a checkpoint that cannot be read or does not match the model that should use it.
 *
 * <p>Unchecked, like the other failures of loading a model: callers that build a network from a
 * checkpoint have nothing to recover, and the message already names the file and the problem.
 */
public final class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one sentence naming the file (or state dict) and the problem
     */
    public CheckpointException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the low-level error that caused it.
     *
     * @param message one sentence naming the file (or state dict) and the problem
     * @param cause the underlying error
     */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
