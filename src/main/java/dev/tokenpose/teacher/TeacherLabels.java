package dev.tokenpose.teacher;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@code labels.jsonl} files: one {@link TeacherLabel} per line. */
public final class TeacherLabels {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TeacherLabels() {}

    /**
     * Reads every label of a file.
     *
     * @throws IOException if the file cannot be read or a line is not a label (its number is given)
     */
    public static List<TeacherLabel> read(Path file) throws IOException {
        List<TeacherLabel> out = new ArrayList<>();
        int line = 0;
        for (String s : Files.readAllLines(file)) {
            line++;
            if (s.isBlank()) {
                continue;
            }
            try {
                TeacherLabel l = JSON.readValue(s, TeacherLabel.class);
                if (l.image() == null
                        || l.box() == null
                        || l.box().length != 4
                        || l.keypoints() == null
                        || l.keypoints().length != 3 * MoveNet.JOINTS) {
                    throw new IOException("needs image, a 4-value box and 51 keypoint values");
                }
                out.add(l);
            } catch (IOException e) {
                throw new IOException(
                        file + " line " + line + ": not a label ("
                                + e.getMessage().lines().findFirst().orElse("") + ")",
                        e);
            }
        }
        return out;
    }

    /** Appends labels to an open writer, one line each. */
    public static void write(BufferedWriter out, TeacherLabel label) {
        try {
            out.write(JSON.writeValueAsString(label));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
