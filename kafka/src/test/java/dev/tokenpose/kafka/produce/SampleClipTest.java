package dev.tokenpose.kafka.produce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleClipTest {

    @Test
    void isFoundInTheRepositoryFromTheWorkingDirectory() {
        assertThat(SampleClip.path()).isRegularFile().endsWith(Path.of(SampleClip.REPOSITORY_PATH));
    }

    @Test
    void isFoundFromADirectoryDeepInsideTheRepository() {
        Path repo = SampleClip.path().getParent().getParent().getParent();
        assertThat(SampleClip.findInRepository(repo.resolve("kafka/src/main/java")))
                .contains(SampleClip.path());
    }

    @Test
    void isNotFoundOutsideTheRepository(@TempDir Path elsewhere) {
        assertThat(SampleClip.findInRepository(elsewhere)).isEmpty();
    }

    @Test
    void isAlsoOnTheClassPath() throws Exception {
        try (var in = SampleClip.class.getResourceAsStream(SampleClip.RESOURCE)) {
            assertThat(in).isNotNull();
            assertThat(in.readAllBytes()).hasSize((int) Files.size(SampleClip.path()));
        }
    }

    @Test
    void decodesWithJavaCvToItsStatedSizeFrameCountAndRate() throws Exception {
        int frames = 0;
        try (FFmpegFrameGrabber grabber =
                (FFmpegFrameGrabber) SampleClip.source().grabber()) {
            grabber.start();
            assertThat(grabber.getImageWidth()).isEqualTo(SampleClip.WIDTH);
            assertThat(grabber.getImageHeight()).isEqualTo(SampleClip.HEIGHT);
            assertThat(grabber.getFrameRate()).isEqualTo(SampleClip.FRAME_RATE);
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                assertThat(frame.imageWidth).isEqualTo(SampleClip.WIDTH);
                assertThat(frame.imageHeight).isEqualTo(SampleClip.HEIGHT);
                frames++;
            }
            grabber.stop();
        }
        assertThat(frames).isEqualTo(SampleClip.FRAMES);
    }
}
