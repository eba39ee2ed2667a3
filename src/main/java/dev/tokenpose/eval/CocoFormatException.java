package dev.tokenpose.eval;

/**
 * Signals a ground-truth or results file that is not valid COCO keypoint JSON, or results that do
 * not belong to the ground truth.
 *
 * <p>Unchecked: an evaluation has nothing to recover from a bad file, and the message names the
 * file, the offending entry and the problem.
 */
public final class CocoFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one sentence naming the file, the entry and the problem
     */
    public CocoFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the parser error that caused it.
     *
     * @param message one sentence naming the file and the problem
     * @param cause the underlying error
     */
    public CocoFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
