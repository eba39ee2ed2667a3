package dev.tokenpose.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.StepStats;

/**
 * Where a model call's time goes, by {@link OpGroup}: the summed durations of the nodes TensorFlow
 * executed, averaged over traced calls, each group's share of all nodes' summed time, and its
 * achieved GFLOP/s where its FLOPs are known. Nodes run in parallel on the inter-op pool, so the
 * summed time can exceed the wall time of a call; a node's duration is from its start to the end
 * of its outputs' bookkeeping ({@code all_end_rel}), with its intra-op threads inside.
 *
 * @param calls traced calls averaged
 * @param wallMsPerCall wall time of one traced call, as the caller measured it
 * @param opMsPerCall summed duration of every executed node per call
 * @param rows one per group, in {@link OpGroup} order
 */
public record OpProfile(int calls, double wallMsPerCall, double opMsPerCall, List<Row> rows) {

    /**
     * One group's part.
     *
     * @param group the group
     * @param msPerCall summed duration of its nodes per call
     * @param share {@code msPerCall} as a fraction of {@link OpProfile#opMsPerCall()}; the shares add up to 1
     * @param gflopPerCall its floating-point operations per call in GFLOP, or null where they are not counted
     * @param gflops achieved rate, {@code gflopPerCall / msPerCall}, or null where FLOPs are not counted or no time was taken
     * @param opsPerCall executed nodes per call by op type, the type with most time first
     * @param fusedPerCall nodes per call of this group's fused ops whose name places them in another group
     *     (a GELU that oneDNN folded into the MatMul before it), by that group's label
     */
    public record Row(
            OpGroup group,
            double msPerCall,
            double share,
            Double gflopPerCall,
            Double gflops,
            Map<String, Long> opsPerCall,
            Map<String, Long> fusedPerCall) {}

    public OpProfile {
        rows = List.copyOf(rows);
    }

    /**
     * Groups traced calls.
     *
     * @param calls the step statistics of each traced call (full trace: the op types come from the timeline labels)
     * @param wallMsPerCall wall time of one traced call
     * @param flopsPerCall floating-point operations per call of the groups whose FLOPs are known (2 per multiply-accumulate)
     * @return the profile
     * @throws IllegalArgumentException if there are no calls
     */
    public static OpProfile of(List<StepStats> calls, double wallMsPerCall, Map<OpGroup, Double> flopsPerCall) {
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("no traced calls to profile");
        }
        Map<OpGroup, Long> nanos = new EnumMap<>(OpGroup.class);
        Map<OpGroup, Map<String, Long>> typeNanos = new EnumMap<>(OpGroup.class);
        Map<OpGroup, Map<String, Long>> typeCounts = new EnumMap<>(OpGroup.class);
        Map<OpGroup, Map<String, Long>> fused = new EnumMap<>(OpGroup.class);
        long total = 0;
        for (StepStats call : calls) {
            for (DeviceStepStats device : call.getDevStatsList()) {
                for (NodeExecStats node : device.getNodeStatsList()) {
                    String type = opType(node);
                    OpGroup group = OpGroup.of(type, node.getNodeName());
                    long d = durationNanos(node);
                    total += d;
                    nanos.merge(group, d, Long::sum);
                    typeNanos.computeIfAbsent(group, g -> new HashMap<>()).merge(type, d, Long::sum);
                    typeCounts.computeIfAbsent(group, g -> new HashMap<>()).merge(type, 1L, Long::sum);
                    OpGroup scope = OpGroup.byScope(node.getNodeName());
                    if (type.contains("Fused") && scope != null && scope != group) {
                        fused.computeIfAbsent(group, g -> new LinkedHashMap<>()).merge(scope.label(), 1L, Long::sum);
                    }
                }
            }
        }
        int n = calls.size();
        List<Row> rows = new ArrayList<>();
        for (OpGroup group : OpGroup.values()) {
            double ms = nanos.getOrDefault(group, 0L) / 1e6 / n;
            Double flops = flopsPerCall.get(group);
            Double gflop = flops == null ? null : flops / 1e9;
            Double rate = gflop == null || ms <= 0 ? null : gflop / (ms / 1e3);
            Map<String, Long> types = typeNanos.getOrDefault(group, Map.of());
            Map<String, Long> counts = new LinkedHashMap<>();
            types.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e ->
                            counts.put(e.getKey(), perCall(typeCounts.get(group).get(e.getKey()), n)));
            Map<String, Long> fusedCounts = new LinkedHashMap<>();
            fused.getOrDefault(group, Map.of()).forEach((label, c) -> fusedCounts.put(label, perCall(c, n)));
            rows.add(new Row(
                    group,
                    ms,
                    total > 0 ? nanos.getOrDefault(group, 0L) / (double) total : 0,
                    gflop,
                    rate,
                    Collections.unmodifiableMap(counts),
                    Collections.unmodifiableMap(fusedCounts)));
        }
        return new OpProfile(n, wallMsPerCall, total / 1e6 / n, rows);
    }

    /** The row of one group. */
    public Row row(OpGroup group) {
        return rows.get(group.ordinal());
    }

    /** How many nodes ran at once on average: summed node time over wall time (1 when they ran one after another). */
    public double parallelism() {
        return wallMsPerCall > 0 ? opMsPerCall / wallMsPerCall : Double.NaN;
    }

    private static long perCall(long count, int calls) {
        return Math.round(count / (double) calls);
    }

    /**
     * The op type a node ran as, from its timeline label {@code [allocator ...] name = Type(inputs)}.
     *
     * @return the type, or {@code unknown} where the label does not name one (a trace below FULL_TRACE)
     */
    static String opType(NodeExecStats node) {
        String label = node.getTimelineLabel();
        int at = label.indexOf(node.getNodeName() + " = ");
        int start = at >= 0 ? at + node.getNodeName().length() + 3 : label.indexOf(" = ") + 3;
        if (start < 3) {
            return "unknown";
        }
        int paren = label.indexOf('(', start);
        String type = (paren < 0 ? label.substring(start) : label.substring(start, paren)).strip();
        return type.isEmpty() ? "unknown" : type;
    }

    /** From the node's start to the end of its outputs' bookkeeping; microseconds where the trace has no nanoseconds. */
    static long durationNanos(NodeExecStats node) {
        return node.getAllEndRelNanos() > 0 ? node.getAllEndRelNanos() : node.getAllEndRelMicros() * 1000;
    }
}
