package dev.tokenpose.kafka.produce;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameGrabber;

/**
 * Where frames come from: a video file, a network stream (RTSP, HTTP, ...) or a webcam, given as
 * a V4L2 device path ({@code /dev/video0}, read with FFmpeg) or a camera index ({@code 0}, read with
 * OpenCV).
 *
 * @param kind what the location names
 * @param location the file path, URL, device path or camera index
 */
public record FrameSource(Kind kind, String location) {

    /** The kinds of source. */
    public enum Kind {
        /** A video file, read to its end (and again, when looping). */
        FILE,
        /** A network stream: live, paced by the sender. */
        URL,
        /** A camera: live, paced by the device. */
        WEBCAM
    }

    /** How long a network source may stay silent before reading fails. */
    public static final long NETWORK_TIMEOUT_MS = 10_000;

    private static final Pattern INDEX = Pattern.compile("\\d{1,3}");
    private static final Pattern URL_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");
    private static final Pattern NOT_ID = Pattern.compile("[^A-Za-z0-9._-]+");

    /** Checks the values. */
    public FrameSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        if (location.isBlank()) {
            throw new IllegalArgumentException("empty source");
        }
    }

    /**
     * Reads a source as written on a command line: a camera index or {@code /dev/video*} is a
     * webcam, {@code scheme://...} a URL, anything else a file path.
     *
     * @param spec the source
     * @return the source
     */
    public static FrameSource parse(String spec) {
        String s = Objects.requireNonNull(spec, "spec").trim();
        if (INDEX.matcher(s).matches() || s.startsWith("/dev/video")) {
            return new FrameSource(Kind.WEBCAM, s);
        }
        if (URL_SCHEME.matcher(s).matches()) {
            return s.startsWith("file://") ? file(Path.of(URI.create(s))) : new FrameSource(Kind.URL, s);
        }
        return new FrameSource(Kind.FILE, s);
    }

    /** A video file. */
    public static FrameSource file(Path path) {
        return new FrameSource(Kind.FILE, path.toString());
    }

    /** True for sources that deliver frames at their own pace (cameras, network streams). */
    public boolean isLive() {
        return kind != Kind.FILE;
    }

    /**
     * A stream id derived from the location: a file's name without extension, a URL's host and
     * last path segment, a camera's device name; reduced to letters, digits, '.', '_' and '-'.
     */
    public String defaultStreamId() {
        String raw = switch (kind) {
            case FILE -> {
                Path name = Path.of(location).getFileName();
                String n = name == null ? location : name.toString();
                int dot = n.lastIndexOf('.');
                yield dot > 0 ? n.substring(0, dot) : n;
            }
            case URL -> urlId();
            case WEBCAM ->
                INDEX.matcher(location).matches()
                        ? "webcam" + location
                        : Path.of(location).getFileName().toString();
        };
        String id = NOT_ID.matcher(raw).replaceAll("-").replaceAll("^-+|-+$", "");
        return id.isEmpty() ? "stream" : id;
    }

    /**
     * Opens a grabber for this source, not yet started.
     *
     * @throws NoSuchFileException when a file source does not exist
     */
    FrameGrabber grabber() throws IOException {
        FfmpegLogging.quiet();
        return switch (kind) {
            case FILE -> {
                if (!Files.isRegularFile(Path.of(location))) {
                    throw new NoSuchFileException(location);
                }
                yield new FFmpegFrameGrabber(location);
            }
            case URL -> {
                FFmpegFrameGrabber g = new FFmpegFrameGrabber(location);
                String micros = String.valueOf(TimeUnit.MILLISECONDS.toMicros(NETWORK_TIMEOUT_MS));
                // Without a timeout a silent camera blocks the reading thread for good.
                g.setOption("rw_timeout", micros);
                if (location.toLowerCase(Locale.ROOT).startsWith("rtsp")) {
                    // Over TCP, so frames are not torn by lost UDP packets.
                    g.setOption("rtsp_transport", "tcp");
                    g.setOption("timeout", micros);
                }
                yield g;
            }
            case WEBCAM -> {
                if (INDEX.matcher(location).matches()) {
                    yield new OpenCVFrameGrabber(Integer.parseInt(location));
                }
                FFmpegFrameGrabber g = new FFmpegFrameGrabber(location);
                g.setFormat("video4linux2");
                yield g;
            }
        };
    }

    private String urlId() {
        try {
            URI uri = new URI(location);
            String host = uri.getHost() == null ? "" : uri.getHost();
            String path = uri.getPath() == null ? "" : uri.getPath();
            String last = path.substring(path.lastIndexOf('/') + 1);
            int dot = last.lastIndexOf('.');
            last = dot > 0 ? last.substring(0, dot) : last;
            return last.isEmpty() ? host : host.isEmpty() ? last : host + "-" + last;
        } catch (URISyntaxException e) {
            return location;
        }
    }

    /** FFmpeg logs each input's stream layout at info level; only errors are worth showing here. */
    private static final class FfmpegLogging {
        static {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        }

        static void quiet() {
            // Loading the class runs the static initializer once.
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + location;
    }
}
