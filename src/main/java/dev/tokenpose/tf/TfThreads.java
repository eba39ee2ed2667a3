package dev.tokenpose.tf;

import org.tensorflow.proto.ConfigProto;

/**
 * TensorFlow thread settings for a session.
 *
 * @param intraOp threads inside one op (0: TensorFlow's default, one per core)
 * @param interOp ops run in parallel (0: TensorFlow's default)
 */
public record TfThreads(int intraOp, int interOp) {

    /** TensorFlow's defaults. */
    public static final TfThreads DEFAULT = new TfThreads(0, 0);

    public TfThreads {
        if (intraOp < 0 || interOp < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0, got " + intraOp + " and " + interOp);
        }
    }

    /** The session configuration these settings stand for. */
    public ConfigProto toConfigProto() {
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOp)
                .setInterOpParallelismThreads(interOp)
                .build();
    }
}
