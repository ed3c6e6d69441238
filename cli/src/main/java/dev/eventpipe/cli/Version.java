package dev.eventpipe.cli;

import dev.eventpipe.shared.config.PipelineVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code eventpipe --version}. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"eventpipe " + PipelineVersion.get(), "Java " + System.getProperty("java.version")};
    }
}
