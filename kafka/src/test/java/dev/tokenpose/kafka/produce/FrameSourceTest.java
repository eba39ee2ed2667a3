package dev.tokenpose.kafka.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenpose.kafka.produce.FrameSource.Kind;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FrameSourceTest {

    @Test
    void cameraIndexesAndVideoDevicesAreWebcams() {
        assertThat(FrameSource.parse("0")).isEqualTo(new FrameSource(Kind.WEBCAM, "0"));
        assertThat(FrameSource.parse("/dev/video2")).isEqualTo(new FrameSource(Kind.WEBCAM, "/dev/video2"));
        assertThat(FrameSource.parse("0").defaultStreamId()).isEqualTo("webcam0");
        assertThat(FrameSource.parse("/dev/video2").defaultStreamId()).isEqualTo("video2");
        assertThat(FrameSource.parse("0").isLive()).isTrue();
    }

    @Test
    void schemeUrlsAreNetworkStreamsNamedByHostAndLastSegment() {
        FrameSource rtsp = FrameSource.parse("rtsp://cam1.local:554/live/main.sdp");
        assertThat(rtsp.kind()).isEqualTo(Kind.URL);
        assertThat(rtsp.isLive()).isTrue();
        assertThat(rtsp.defaultStreamId()).isEqualTo("cam1.local-main");
        assertThat(FrameSource.parse("http://example.org/").defaultStreamId()).isEqualTo("example.org");
    }

    @Test
    void anythingElseIsAFileNamedWithoutItsExtension() {
        FrameSource file = FrameSource.parse("videos/street crossing.mp4");
        assertThat(file.kind()).isEqualTo(Kind.FILE);
        assertThat(file.isLive()).isFalse();
        assertThat(file.defaultStreamId()).isEqualTo("street-crossing");
        assertThat(FrameSource.parse("file:///tmp/a.avi")).isEqualTo(FrameSource.file(Path.of("/tmp/a.avi")));
    }

    @Test
    void aMissingFileIsReportedWhenOpened() {
        FrameSource missing = FrameSource.parse("no/such/video.mp4");
        assertThatThrownBy(missing::grabber)
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("video.mp4");
    }

    @Test
    void blankSourcesAreRejected() {
        assertThatThrownBy(() -> FrameSource.parse("  ")).isInstanceOf(IllegalArgumentException.class);
    }
}
