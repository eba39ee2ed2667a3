package dev.tokenpose.bench;

import dev.tokenpose.tf.TfSessionSettings;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The machine's practical fp32 ceiling: GFLOP/s of one large square MatMul through the same
 * TensorFlow runtime and thread settings the model uses.
 */
public final class MatMulRoofline {

    /** Side of the square matrices: large enough that oneDNN runs at its peak. */
    public static final int SIDE = 2048;

    private MatMulRoofline() {}

    /**
     * @param settings TensorFlow session settings
     * @param seconds how long to measure, after one warm-up call
     * @return achieved GFLOP/s (2·n³ per product)
     */
    public static double measure(TfSessionSettings settings, double seconds) {
        float[] values = new float[SIDE * SIDE];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (r.nextDouble() - 0.5);
        }
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(SIDE, SIDE)));
            Operand<TFloat32> b = tf.constant(Shape.of(SIDE, SIDE), DataBuffers.of(values, true, false));
            // Sum the product so that only a scalar crosses back to Java.
            Operand<TFloat32> out = tf.reduceSum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
            try (Session s = new Session(g, settings.toConfigProto());
                    TFloat32 x = TFloat32.tensorOf(Shape.of(SIDE, SIDE), DataBuffers.of(values, true, false))) {
                run(s, a, x, out);
                long start = System.nanoTime();
                int n = 0;
                while (n == 0 || System.nanoTime() - start < seconds * 1e9) {
                    run(s, a, x, out);
                    n++;
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                return n * 2.0 * SIDE * SIDE * SIDE / elapsed / 1e9;
            }
        }
    }

    private static void run(Session s, Placeholder<TFloat32> a, TFloat32 x, Operand<TFloat32> out) {
        try (Result r = s.runner().feed(a, x).fetch(out).run()) {
            if (r.size() != 1) {
                throw new IllegalStateException("MatMul returned " + r.size() + " outputs");
            }
        }
    }
}
