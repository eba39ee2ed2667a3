package dev.tokenpose.cli;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How a command of {@code tokenpose} reports a failure: one line and exit code {@value #EXIT_FAILURE}.
 * The kafka module's tools keep a copy ({@code dev.tokenpose.kafka.Errors}): that module does not
 * depend on this one, and the one module both share (schemas) has no business with command lines;
 * {@code ErrorsTest} checks the two stay the same code.
 */
public final class Errors {

    /** Exit code of a command that failed (picocli's own for bad usage is 2). */
    public static final int EXIT_FAILURE = 1;

    /** Environment variable that makes errors print their stack trace. */
    public static final String DEBUG_ENV = "TOKENPOSE_DEBUG";

    private Errors() {}

    /**
     * Prints {@code "<command>: <line>"}, and the stack trace when {@value #DEBUG_ENV} is set.
     *
     * @param err where the message goes
     * @param command the command as typed, e.g. {@code "tokenpose video"}
     * @param e what the command threw
     * @return {@link #EXIT_FAILURE}
     */
    public static int report(PrintWriter err, String command, Throwable e) {
        err.println(command + ": " + describe(e));
        if (System.getenv(DEBUG_ENV) != null) {
            e.printStackTrace(err);
        }
        return EXIT_FAILURE;
    }

    /**
     * The line to print for an exception: what is wrapped in unchecked I/O, execution, completion
     * and reflection exceptions, told by its file or the first line of its message.
     *
     * @param e what a command threw
     * @return one line
     */
    public static String describe(Throwable e) {
        Throwable t = e;
        while (isWrapper(t) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof NoSuchFileException n) {
            return "file not found: " + n.getFile();
        }
        if (t instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (t instanceof FileAlreadyExistsException f) {
            return "already exists: " + f.getFile();
        }
        if (t instanceof FileNotFoundException || t.getMessage() == null) {
            return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        String m = t.getMessage().lines().findFirst().orElse("").trim();
        return m.isEmpty() ? t.getClass().getSimpleName() : m;
    }

    /** Exceptions that only carry another across a thread, a future or a reflective call. */
    private static boolean isWrapper(Throwable t) {
        return t instanceof UncheckedIOException
                || t instanceof ExecutionException
                || t instanceof CompletionException
                || t instanceof InvocationTargetException
                || t instanceof UndeclaredThrowableException;
    }
}
