package dev.tokenpose.model;

/** A model configuration that cannot be read or describes no buildable TokenPose network. */
public class ModelConfigException extends RuntimeException {

    public ModelConfigException(String message) {
        super(message);
    }

    public ModelConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
