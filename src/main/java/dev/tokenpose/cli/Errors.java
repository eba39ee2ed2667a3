package dev.tokenpose.cli;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns an exception into the one line a command prints. The kafka module's tools keep a copy
 * ({@code dev.tokenpose.kafka.Errors}; that module does not depend on this one), checked by
 * {@code ErrorsTest} to stay the same code.
 */
final class Errors {

    private Errors() {}

    /**
     * The line to print for an exception: what is wrapped in unchecked I/O, execution and
     * completion exceptions, told by its file or the first line of its message.
     *
     * @param e what a command threw
     * @return one line
     */
    static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t instanceof ExecutionException || t instanceof CompletionException)
                && t.getCause() != null) {
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
}
