package dev.eventpipe.shared.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of eventpipe that Maven built, written into receipts and reports. */
public final class PipelineVersion {

    private PipelineVersion() {
    }

    /** From {@code eventpipe-version.properties}, filtered at build time; {@code dev} when absent. */
    public static String get() {
        try (InputStream in = PipelineVersion.class.getResourceAsStream("/eventpipe-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
