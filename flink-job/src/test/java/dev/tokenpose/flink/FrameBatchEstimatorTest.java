package dev.tokenpose.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.ModelSpec;
import dev.tokenpose.flink.FrameBatchEstimator.Outcome;
import dev.tokenpose.pipeline.PersonPipeline;
import dev.tokenpose.pipeline.PipelineSettings;
import dev.tokenpose.pipeline.PipelineSpec;
import dev.tokenpose.pipeline.StreamState;
import dev.tokenpose.schema.DeadLetterReason;
import dev.tokenpose.schema.FrameEncoding;
import dev.tokenpose.schema.VideoFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A batch of frames through a real pipeline, without Flink: each frame gets a result or its reason. */
class FrameBatchEstimatorTest {

    static PersonPipeline pipeline;

    @BeforeAll
    static void open() throws Exception {
        pipeline = new PipelineSpec(
                        new ModelSpec("T", "seeded:5", false, true, 1, 1), "none", PipelineSettings.DEFAULTS)
                .open();
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    @Test
    void shouldGiveEveryFrameOfABatchItsResultOrItsReason() {
        VideoFrame good = PoseBatchOperatorHarnessTest.frame("a", 0).frame;
        VideoFrame corrupt = PoseBatchOperatorHarnessTest.frame("b", 0).frame;
        corrupt.setEncoding(FrameEncoding.JPEG);

        List<Outcome> outcomes = new FrameBatchEstimator(pipeline)
                .estimate(
                        List.of(good, corrupt, good),
                        List.of(StreamState.INITIAL, StreamState.INITIAL, StreamState.INITIAL));

        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0).result().persons()).hasSize(1); // the producer's box
        assertThat(outcomes.get(1).reason()).isEqualTo(DeadLetterReason.UNDECODABLE_IMAGE);
        assertThat(outcomes.get(1).message()).isNotBlank();
        assertThat(outcomes.get(2).result().persons()).hasSize(1);
    }

    @Test
    void shouldRefuseAnImageWhoseSizeIsNotTheDeclaredOne() throws Exception {
        VideoFrame f = PoseBatchOperatorHarnessTest.frame("a", 0).frame;
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(f.getWidth() * 2, f.getHeight(), BufferedImage.TYPE_3BYTE_BGR), "png", png);
        f.setEncoding(FrameEncoding.PNG);
        f.setPayload(ByteBuffer.wrap(png.toByteArray()));

        Outcome o = new FrameBatchEstimator(pipeline)
                .estimate(List.of(f), List.of(StreamState.INITIAL))
                .get(0);

        assertThat(o.result()).isNull();
        assertThat(o.reason()).isEqualTo(DeadLetterReason.INVALID_FRAME);
        assertThat(o.message()).contains("128x48", "64x48");
    }

    @Test
    void shouldRefuseStatesThatDoNotMatchTheFrames() {
        VideoFrame f = PoseBatchOperatorHarnessTest.frame("a", 0).frame;
        assertThatThrownBy(() -> new FrameBatchEstimator(pipeline).estimate(List.of(f), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
