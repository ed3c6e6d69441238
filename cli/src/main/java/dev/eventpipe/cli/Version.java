package dev.eventpipe.cli;

import dev.eventpipe.processor.ProcessorConfig;
import picocli.CommandLine.IVersionProvider;

/** {@code eventpipe --version}. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"eventpipe " + ProcessorConfig.pipelineVersion(), "Java " + System.getProperty("java.version")};
    }
}
