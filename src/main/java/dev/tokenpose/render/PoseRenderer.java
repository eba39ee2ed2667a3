package dev.tokenpose.render;

import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import dev.tokenpose.JointSet;
import dev.tokenpose.PersonPose;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Draws person boxes and skeletons onto a BGR image; joints not visible ({@link PersonPose#VISIBLE_SCORE}) are left out. */
public final class PoseRenderer {

    private static final Scalar[] PALETTE = {
        new Scalar(56, 56, 255, 0), new Scalar(151, 157, 255, 0), new Scalar(31, 112, 255, 0),
        new Scalar(29, 178, 255, 0), new Scalar(49, 210, 207, 0), new Scalar(10, 249, 72, 0),
        new Scalar(23, 204, 146, 0), new Scalar(134, 219, 61, 0), new Scalar(211, 188, 0, 0),
        new Scalar(209, 99, 0, 0), new Scalar(203, 56, 255, 0), new Scalar(255, 149, 200, 0),
    };

    private PoseRenderer() {}

    /** A colour per id, stable across frames. */
    public static Scalar colour(long id) {
        return PALETTE[(int) Math.floorMod(id, (long) PALETTE.length)];
    }

    /**
     * Draws one pose.
     *
     * @param bgr the image, modified in place
     * @param pose the pose
     * @param colourId selects the colour (e.g. a track id or the person index)
     */
    public static void draw(Mat bgr, PersonPose pose, long colourId) {
        Scalar c = colour(colourId);
        int thickness = Math.max(1, Math.round(Math.min(bgr.cols(), bgr.rows()) / 300f));
        double[] b = pose.box();
        rectangle(bgr, point(b[0], b[1]), point(b[0] + b[2], b[1] + b[3]), c, thickness, LINE_AA, 0);
        float[] kp = pose.keypoints();
        JointSet set = JointSet.forJoints(pose.joints());
        for (int[] e : set.edges()) {
            if (kp[e[0] * 3 + 2] > PersonPose.VISIBLE_SCORE && kp[e[1] * 3 + 2] > PersonPose.VISIBLE_SCORE) {
                line(
                        bgr,
                        point(kp[e[0] * 3], kp[e[0] * 3 + 1]),
                        point(kp[e[1] * 3], kp[e[1] * 3 + 1]),
                        c,
                        thickness + 1,
                        LINE_AA,
                        0);
            }
        }
        for (int j = 0; j < pose.joints(); j++) {
            if (kp[j * 3 + 2] > PersonPose.VISIBLE_SCORE) {
                circle(bgr, point(kp[j * 3], kp[j * 3 + 1]), thickness + 2, c, -1, LINE_AA, 0);
            }
        }
    }

    /** Draws several poses, coloured by their index. */
    public static void drawAll(Mat bgr, List<PersonPose> poses) {
        for (int i = 0; i < poses.size(); i++) {
            draw(bgr, poses.get(i), i);
        }
    }

    private static Point point(double x, double y) {
        return new Point((int) Math.round(x), (int) Math.round(y));
    }
}
