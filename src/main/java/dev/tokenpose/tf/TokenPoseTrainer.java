package dev.tokenpose.tf;

import dev.tokenpose.checkpoint.StateDict;
import dev.tokenpose.checkpoint.TensorData;
import dev.tokenpose.model.ModelConfig;
import dev.tokenpose.model.WeightSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Trains a TokenPose network in TensorFlow: the same graph as inference, with variables for
 * parameters (see {@link TrainableWeights}), the official heatmap loss (per-joint MSE with target
 * weights, × 0.5) and Adam. A step feeds one batch of crops, target heatmaps and joint weights
 * and a learning rate.
 *
 * <p>{@link #save(Path)} and {@link #restore(Path)} write and read TensorFlow checkpoints that
 * hold everything needed to resume: parameters, BatchNorm statistics, Adam's moments and the step
 * count. {@link #stateDict()} reads the parameters out under their official names.
 */
public final class TokenPoseTrainer implements AutoCloseable {

    /**
     * Adam's constants.
     *
     * @param beta1 first-moment decay
     * @param beta2 second-moment decay
     * @param epsilon denominator guard
     */
    public record Adam(double beta1, double beta2, double epsilon) {
        /** PyTorch's defaults, as the official training uses them. */
        public static final Adam DEFAULT = new Adam(0.9, 0.999, 1e-8);
    }

    private final ModelConfig config;
    private final Graph graph;
    private final Session session;
    private final TrainableWeights weights;
    private final Placeholder<TFloat32> input;
    private final Placeholder<TFloat32> targets;
    private final Placeholder<TFloat32> jointWeights;
    private final Placeholder<TFloat32> learningRate;
    private final Operand<TFloat32> heatmaps;
    private final Operand<TFloat32> loss;
    private final Op train;
    private final Variable<TInt64> step;

    private TokenPoseTrainer(
            ModelConfig config,
            Graph graph,
            Session session,
            TrainableWeights weights,
            Placeholder<TFloat32> input,
            Placeholder<TFloat32> targets,
            Placeholder<TFloat32> jointWeights,
            Placeholder<TFloat32> learningRate,
            Operand<TFloat32> heatmaps,
            Operand<TFloat32> loss,
            Op train,
            Variable<TInt64> step) {
        this.config = config;
        this.graph = graph;
        this.session = session;
        this.weights = weights;
        this.input = input;
        this.targets = targets;
        this.jointWeights = jointWeights;
        this.learningRate = learningRate;
        this.heatmaps = heatmaps;
        this.loss = loss;
        this.train = train;
        this.step = step;
    }

    /**
     * Builds the training graph and initialises its variables.
     *
     * @param config the network
     * @param initial starting parameters (a checkpoint to fine-tune, or an initialisation)
     * @param adam the optimizer's constants
     * @param settings TensorFlow session settings
     * @return the trainer; close it when done
     */
    public static TokenPoseTrainer create(
            ModelConfig config, WeightSource initial, Adam adam, TfSessionSettings settings) {
        Graph graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            int k = config.numJoints();
            int hh = config.heatmapHeight();
            int wh = config.heatmapWidth();
            Placeholder<TFloat32> in = tf.withName("input")
                    .placeholder(
                            TFloat32.class,
                            Placeholder.shape(Shape.of(-1, 3, config.imageHeight(), config.imageWidth())));
            Placeholder<TFloat32> target =
                    tf.withName("targets").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, k, hh, wh)));
            Placeholder<TFloat32> jointWeight =
                    tf.withName("target_weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, k)));
            Placeholder<TFloat32> lr =
                    tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

            TrainableWeights weights = new TrainableWeights(tf, initial);
            TokenPoseGraph net = TokenPoseGraph.buildTrainable(tf.withSubScope("net"), in, config, weights);

            // JointsMSELoss: mean over joints of 0.5·MSE(w·pred, w·gt), i.e. 0.5·mean of the squared weighted error.
            Ops l = tf.withSubScope("loss");
            Operand<TFloat32> w = l.reshape(jointWeight, l.constant(new int[] {-1, k, 1, 1}));
            Operand<TFloat32> diff = l.math.mul(l.math.sub(net.heatmaps(), target), w);
            Operand<TFloat32> mse = l.withName("value")
                    .math
                    .mul(l.math.mean(l.math.square(diff), l.constant(new int[] {0, 1, 2, 3})), l.constant(0.5f));

            List<Operand<TFloat32>> reads = weights.trainableReads();
            Output<?>[] xs = new Output<?>[reads.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = reads.get(i).asOutput();
            }
            Output<?>[] grads = graph.addGradients(mse.asOutput(), xs);

            Ops o = tf.withSubScope("adam");
            Ops init = o.withInitScope();
            Variable<TFloat32> beta1Power = init.withName("beta1_power").variable(init.constant((float) adam.beta1()));
            Variable<TFloat32> beta2Power = init.withName("beta2_power").variable(init.constant((float) adam.beta2()));
            Variable<TInt64> step = init.withName("step").variable(init.constant(0L));
            List<Op> applies = new ArrayList<>(weights.updates());
            List<TrainableWeights.Entry> entries = weights.trainableEntries();
            for (int i = 0; i < entries.size(); i++) {
                TrainableWeights.Entry e = entries.get(i);
                Ops slot = TrainableWeights.scopeOf(init, e.key());
                Variable<TFloat32> m = slot.withName("m")
                        .variable(slot.zeros(slot.constant(e.variable().shape().asArray()), TFloat32.class));
                Variable<TFloat32> v = slot.withName("v")
                        .variable(slot.zeros(slot.constant(e.variable().shape().asArray()), TFloat32.class));
                @SuppressWarnings("unchecked")
                Operand<TFloat32> g = (Operand<TFloat32>) grads[i];
                applies.add(o.train.applyAdam(
                        e.variable(),
                        m,
                        v,
                        beta1Power,
                        beta2Power,
                        lr,
                        o.constant((float) adam.beta1()),
                        o.constant((float) adam.beta2()),
                        o.constant((float) adam.epsilon()),
                        g));
            }
            Ops after = o.withControlDependencies(applies);
            Op trainOp = after.withName("train").noOp();
            Ops finish = o.withControlDependencies(List.of(trainOp));
            Op advance = finish.withName("advance").noOp();
            List<Op> tail = List.of(
                    finish.assign(beta1Power, finish.math.mul(beta1Power, finish.constant((float) adam.beta1()))),
                    finish.assign(beta2Power, finish.math.mul(beta2Power, finish.constant((float) adam.beta2()))),
                    finish.assignAdd(step, finish.constant(1L)));
            Op all = tf.withControlDependencies(tail).withName("step_all").noOp();

            Session session = new Session(graph, settings.toConfigProto());
            session.initialize();
            return new TokenPoseTrainer(
                    config, graph, session, weights, in, target, jointWeight, lr, net.heatmaps(), mse, all, step);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /** The network's configuration. */
    public ModelConfig config() {
        return config;
    }

    /**
     * One optimisation step.
     *
     * @param crops normalised crops, NCHW [batch, 3, H, W]
     * @param targetHeatmaps [batch, K, Hh, Wh]
     * @param targetWeights [batch, K]: 0 leaves a joint out of the loss
     * @param batch number of crops
     * @param lr learning rate of this step
     * @return the loss before the update
     */
    public float step(float[] crops, float[] targetHeatmaps, float[] targetWeights, int batch, double lr) {
        int k = config.numJoints();
        try (TFloat32 x = tensor(crops, batch, 3, config.imageHeight(), config.imageWidth());
                TFloat32 t = tensor(targetHeatmaps, batch, k, config.heatmapHeight(), config.heatmapWidth());
                TFloat32 w = tensor(targetWeights, batch, k);
                TFloat32 rate = TFloat32.scalarOf((float) lr);
                Result r = session.runner()
                        .feed(input, x)
                        .feed(targets, t)
                        .feed(jointWeights, w)
                        .feed(learningRate, rate)
                        .addTarget(train)
                        .fetch(loss)
                        .run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /**
     * The network's heatmaps for a batch, as the training graph computes them (BatchNorm on the
     * batch's statistics), without updating anything.
     */
    public float[] heatmaps(float[] crops, int batch) {
        try (TFloat32 x = tensor(crops, batch, 3, config.imageHeight(), config.imageWidth());
                Result r = session.runner().feed(input, x).fetch(heatmaps).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            float[] out = new float[(int) t.shape().size()];
            t.asRawTensor().data().asFloats().read(out);
            return out;
        }
    }

    /** Steps taken so far, restored checkpoints included. */
    public long steps() {
        try (Result r = session.runner().fetch(step).run()) {
            return ((TInt64) r.get(0)).getLong();
        }
    }

    /**
     * Writes a resumable checkpoint (TensorFlow format: {@code prefix.index} and data files).
     *
     * @param prefix the checkpoint's path prefix; its folder is created if missing
     */
    public void save(Path prefix) throws java.io.IOException {
        Files.createDirectories(prefix.toAbsolutePath().getParent());
        session.save(prefix.toString());
    }

    /** Reads a checkpoint written by {@link #save(Path)} with the same configuration. */
    public void restore(Path prefix) {
        session.restore(prefix.toString());
    }

    /** The parameters and buffers under their official state-dict names, PyTorch layout. */
    public Map<String, float[]> stateDict() {
        Map<String, float[]> out = new LinkedHashMap<>();
        List<TrainableWeights.Entry> entries = weights.entries();
        Session.Runner runner = session.runner();
        for (TrainableWeights.Entry e : entries) {
            runner.fetch(e.variable());
        }
        try (Result r = runner.run()) {
            for (int i = 0; i < entries.size(); i++) {
                TrainableWeights.Entry e = entries.get(i);
                TFloat32 t = (TFloat32) r.get(i);
                float[] values = new float[(int) t.shape().size()];
                t.asRawTensor().data().asFloats().read(values);
                out.put(e.key(), values);
            }
        }
        return out;
    }

    /**
     * The parameters and buffers as an official state dict, BatchNorm's {@code num_batches_tracked}
     * set to the steps taken, as PyTorch counts them.
     *
     * @param source a name for messages, e.g. the file it will be written to
     */
    public StateDict exportStateDict(String source) {
        Map<String, float[]> values = stateDict();
        long steps = steps();
        List<TensorData> tensors = new ArrayList<>();
        for (TrainableWeights.Entry e : weights.entries()) {
            long[] shape = java.util.Arrays.stream(e.shape()).asLongStream().toArray();
            tensors.add(TensorData.ofFloats(e.key(), shape, values.get(e.key())));
            if (e.key().endsWith(".running_var")) {
                String bn = e.key().substring(0, e.key().length() - ".running_var".length());
                tensors.add(TensorData.ofLongs(bn + ".num_batches_tracked", new long[0], new long[] {steps}));
            }
        }
        return StateDict.of(source, tensors);
    }

    /** Shapes of {@link #stateDict()}'s entries, PyTorch layout. */
    public Map<String, int[]> stateDictShapes() {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (TrainableWeights.Entry e : weights.entries()) {
            out.put(e.key(), e.shape());
        }
        return out;
    }

    private static TFloat32 tensor(float[] data, long... shape) {
        return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
