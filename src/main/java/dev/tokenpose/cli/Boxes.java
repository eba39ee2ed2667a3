package dev.tokenpose.cli;

import java.util.ArrayList;
import java.util.List;

/** Parses the {@code --boxes "x,y,w,h;x,y,w,h"} option. */
final class Boxes {

    private Boxes() {}

    /** @return one {x, y, w, h} per box */
    static List<double[]> parse(String text) {
        List<double[]> boxes = new ArrayList<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            String[] v = part.split(",");
            if (v.length != 4) {
                throw new IllegalArgumentException("box '" + part.trim() + "' must be x,y,w,h");
            }
            double[] b = new double[4];
            for (int i = 0; i < 4; i++) {
                try {
                    b[i] = Double.parseDouble(v[i].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "box '" + part.trim() + "': '" + v[i].trim() + "' is not a number");
                }
            }
            if (!(b[2] > 0 && b[3] > 0)) {
                throw new IllegalArgumentException("box '" + part.trim() + "' must have positive width and height");
            }
            boxes.add(b);
        }
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("--boxes names no box; expected \"x,y,w,h;x,y,w,h\"");
        }
        return boxes;
    }
}
