package dev.tokenpose.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.ComputeDevice;
import dev.tokenpose.ModelSpec;
import dev.tokenpose.pipeline.PipelineSettings;
import dev.tokenpose.pipeline.PipelineSpec;
import dev.tokenpose.schema.PoseFrame;
import dev.tokenpose.tf.TokenPoseModels;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.externalresource.ExternalResourceInfoProvider;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.StreamTaskActionExecutor;
import org.apache.flink.streaming.runtime.tasks.mailbox.MailboxExecutorImpl;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.testutils.logging.LoggerAuditingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.event.Level;
import org.tensorflow.proto.ConfigProto;

/**
 * The pose operator's device: the GPU that Flink's external-resource framework assigned, passed
 * into the TensorFlow session options, or the CPU with one log line saying so.
 */
class PoseBatchOperatorDeviceHarnessTest {

    @RegisterExtension
    final LoggerAuditingExtension logs = new LoggerAuditingExtension(GpuAssignment.class, Level.INFO);

    @Test
    void shouldRunOnTheCpuAndSaySoWhenNoGpuIsAssigned() throws Exception {
        PoseBatchOperator operator = operator();
        try (var harness = harness(operator, ExternalResourceInfoProvider.NO_EXTERNAL_RESOURCES)) {
            harness.open();

            ModelSpec model = operator.openedSpec().model();
            assertThat(model.device()).isEqualTo(ComputeDevice.CPU);
            ConfigProto session = TokenPoseModels.sessionSettings(model).toConfigProto();
            assertThat(session.getDeviceCountMap()).containsEntry("GPU", 0);
            assertThat(session.hasGpuOptions()).isFalse();
            assertThat(logs.getMessages())
                    .singleElement()
                    .asString()
                    .contains("no GPU assigned")
                    .contains("external resource 'gpu'")
                    .contains("runs on the CPU");
        }
    }

    @Test
    void shouldPassTheAssignedGpuIndexIntoTheSessionOptions() throws Exception {
        PoseBatchOperator operator = operator();
        ExternalResourceInfoProvider oneGpu = name -> name.equals(GpuAssignment.RESOURCE) ? Set.of(gpu("1")) : Set.of();
        try (var harness = harness(operator, oneGpu)) {
            harness.open();

            ModelSpec model = operator.openedSpec().model();
            assertThat(model.device()).isEqualTo(ComputeDevice.gpu(1));
            ConfigProto session = TokenPoseModels.sessionSettings(model).toConfigProto();
            assertThat(session.getGpuOptions().getVisibleDeviceList()).isEqualTo("1");
            assertThat(session.getGpuOptions().getAllowGrowth()).isTrue();
            assertThat(session.getDeviceCountMap()).doesNotContainKey("GPU");
            assertThat(logs.getMessages()).singleElement().asString().contains("runs on GPU 1");

            // The CPU natives have no GPU device, so the same session still computes poses here.
            harness.processElement(new StreamRecord<>(PoseBatchOperatorHarnessTest.frame("a", 0), 0));
            harness.setProcessingTime(1000);
            while (harness.extractOutputValues().isEmpty()) {
                harness.getTaskMailbox().take(TaskMailbox.MIN_PRIORITY).run();
            }
            assertThat(harness.extractOutputValues())
                    .extracting(PoseFrame::getStreamId)
                    .containsExactly("a");
        }
    }

    @Test
    void shouldTakeTheLowestIndexAndWarnWhenGivenSeveralGpus() {
        assertThat(GpuAssignment.choose(List.of(gpu("3"), gpu("2")), "task")).isEqualTo(ComputeDevice.gpu(2));
        assertThat(logs.getMessages())
                .singleElement()
                .asString()
                .contains("GPUs [2, 3]")
                .contains("only GPU 2");
    }

    @Test
    void shouldRefuseAGpuWithoutAnIntegerIndex() {
        assertThatThrownBy(() -> GpuAssignment.choose(List.of(gpu("GPU-5f3c")), "task"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GPU-5f3c");
        Collection<ExternalResourceInfo> noIndex = List.of(new ExternalResourceInfo() {
            @Override
            public Optional<String> getProperty(String key) {
                return Optional.empty();
            }

            @Override
            public Collection<String> getKeys() {
                return List.of();
            }
        });
        assertThatThrownBy(() -> GpuAssignment.choose(noIndex, "task"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'index'");
    }

    private static PoseBatchOperator operator() {
        PipelineSpec spec =
                new PipelineSpec(new ModelSpec("T", "seeded:5", false, true, 1, 1), "none", PipelineSettings.DEFAULTS);
        return new PoseBatchOperator(spec, PoseJob.DEAD_LETTERS, 1, 0, false, 60_000);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameRecord, PoseFrame> harness(
            PoseBatchOperator operator, ExternalResourceInfoProvider resources) throws Exception {
        var environment = new MockEnvironmentBuilder()
                .setTaskName("pose")
                .setManagedMemorySize(3 * 1024 * 1024)
                .setMaxParallelism(1)
                .setParallelism(1)
                .setSubtaskIndex(0)
                .setExternalResourceInfoProvider(resources)
                .build();
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                operator, new StreamIdSelector(), Types.STRING, environment);
        // Built from an operator rather than a factory, the harness hands it no mailbox executor.
        operator.setMailboxExecutor(new MailboxExecutorImpl(
                harness.getTaskMailbox(), TaskMailbox.MIN_PRIORITY, StreamTaskActionExecutor.IMMEDIATE));
        return harness;
    }

    /** What the GPU driver reports for one device: its {@code nvidia-smi} index. */
    private static ExternalResourceInfo gpu(String index) {
        return new ExternalResourceInfo() {
            @Override
            public Optional<String> getProperty(String key) {
                return key.equals(GpuAssignment.INDEX) ? Optional.of(index) : Optional.empty();
            }

            @Override
            public Collection<String> getKeys() {
                return Set.of(GpuAssignment.INDEX);
            }

            @Override
            public String toString() {
                return "GPU " + index;
            }
        };
    }
}
