package dev.tokenpose.tf;

import dev.tokenpose.model.WeightSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The parameters of a graph built for training: one TensorFlow variable per official state-dict
 * entry, in PyTorch layout, so that what is trained is exported unchanged as an official
 * checkpoint. The graph reads each variable and converts layout in-graph (the inference graph does
 * the same once, in Java, on constants).
 *
 * <p>Buffers (BatchNorm running statistics, the fixed sine table) are variables too, so that
 * checkpoints carry them, but receive no gradient; BatchNorm's running-statistic updates are
 * collected in {@link #updates()} and run with every training step.
 */
public final class TrainableWeights {

    /** One state-dict entry. */
    public record Entry(String key, int[] shape, Variable<TFloat32> variable, boolean trainable) {}

    private final Ops root;
    private final WeightSource initial;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Operand<TFloat32>> reads = new LinkedHashMap<>();
    private final List<Op> updates = new ArrayList<>();

    /**
     * @param root the graph's root ops: variables are named from the root, whatever scope asks
     * @param initial the starting values (a checkpoint to fine-tune, or an initialisation)
     */
    public TrainableWeights(Ops root, WeightSource initial) {
        this.root = root;
        this.initial = initial;
    }

    /** A trainable parameter's value in the graph, PyTorch layout. */
    Operand<TFloat32> parameter(String key, int... shape) {
        return variable(key, shape, true);
    }

    /** A buffer: stored and checkpointed, never differentiated. */
    Operand<TFloat32> buffer(String key, int... shape) {
        return variable(key, shape, false);
    }

    /** The variable behind a key, for assignments such as running-statistic updates. */
    Variable<TFloat32> variableOf(String key) {
        return entries.get(key).variable();
    }

    void addUpdate(Op update) {
        updates.add(update);
    }

    private Operand<TFloat32> variable(String key, int[] shape, boolean trainable) {
        Operand<TFloat32> read = reads.get(key);
        if (read != null) {
            return read;
        }
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        float[] values = initial.get(key, shape);
        Ops scope = scopeOf(root, key);
        Ops init = scope.withInitScope();
        Variable<TFloat32> v = init.variable(init.constant(Shape.of(dims), DataBuffers.of(values, true, false)));
        entries.put(key, new Entry(key, shape.clone(), v, trainable));
        // Gradients are taken with respect to this read, not the reference-typed variable.
        read = scope.withName("read").identity(v);
        reads.put(key, read);
        return read;
    }

    /** Every entry in the order the graph asked for them (the official state-dict order). */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** The trainable entries' reads, in order, the points the loss is differentiated at. */
    public List<Operand<TFloat32>> trainableReads() {
        List<Operand<TFloat32>> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.trainable()) {
                out.add(reads.get(e.key()));
            }
        }
        return out;
    }

    /** The trainable entries, in the order of {@link #trainableReads()}. */
    public List<Entry> trainableEntries() {
        return entries.values().stream().filter(Entry::trainable).toList();
    }

    /** Running-statistic updates to run with each training step. */
    public List<Op> updates() {
        return Collections.unmodifiableList(updates);
    }

    /** Called by the graph builder once every entry was asked for. */
    void finish() {
        initial.finish();
    }

    /** The name scope of an entry's nodes: {@code weights/<state-dict key>} under {@code ops}. */
    static Ops scopeOf(Ops ops, String key) {
        return ops.withSubScope("weights").withSubScope(key);
    }
}
