package dev.tokenpose.flink;

import dev.tokenpose.ComputeDevice;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device of the pose operator's model, from the GPUs that Flink's external-resource framework
 * gave this task manager (resource {@value #RESOURCE}, the {@code flink-external-resource-gpu}
 * driver): the first of them by index, else the CPU.
 *
 * <p>Flink hands every slot of a task manager the same GPUs; it does not divide them among slots.
 * GPU task managers therefore run one slot with one GPU (see {@code deploy/}), and the slots of a
 * task manager with several GPUs would all use the first.
 */
public final class GpuAssignment {

    /** The external resource name the job reads, as in {@code external-resources: gpu}. */
    public static final String RESOURCE = "gpu";

    /** The GPU driver's property with the device index ({@code nvidia-smi}'s numbering). */
    static final String INDEX = "index";

    private static final Logger LOG = LoggerFactory.getLogger(GpuAssignment.class);

    private GpuAssignment() {}

    /**
     * Chooses the device and says which in one log line.
     *
     * @param gpus the task manager's {@value #RESOURCE} resources, as
     *     {@code RuntimeContext#getExternalResourceInfos} returns them
     * @param task the task, for the log line
     * @return the GPU with the lowest index, or {@link ComputeDevice#CPU} if there is none
     * @throws IllegalArgumentException if a GPU has no integer {@value #INDEX} property
     */
    public static ComputeDevice choose(Collection<? extends ExternalResourceInfo> gpus, String task) {
        if (gpus.isEmpty()) {
            LOG.info("{}: no GPU assigned (external resource '{}'), so the pose model runs on the CPU", task, RESOURCE);
            return ComputeDevice.CPU;
        }
        List<Integer> indices = gpus.stream()
                .map(GpuAssignment::index)
                .sorted(Comparator.naturalOrder())
                .toList();
        ComputeDevice device = ComputeDevice.gpu(indices.get(0));
        if (indices.size() > 1) {
            LOG.warn(
                    "{}: GPUs {} assigned; the pose model uses only GPU {} (run one slot and one GPU per task manager)",
                    task,
                    indices,
                    device.gpuIndex());
        } else {
            LOG.info("{}: the pose model runs on GPU {} (external resource '{}')", task, device.gpuIndex(), RESOURCE);
        }
        return device;
    }

    private static int index(ExternalResourceInfo gpu) {
        String value = gpu.getProperty(INDEX)
                .orElseThrow(() -> new IllegalArgumentException("a GPU without an '" + INDEX + "' property: " + gpu));
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GPU index '" + value + "' is not an integer", e);
        }
    }
}
