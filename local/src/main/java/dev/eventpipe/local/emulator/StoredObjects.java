package dev.eventpipe.local.emulator;

import java.util.Optional;
import java.util.OptionalLong;

/** Reads back what S3Mock stored: the size of an object version, when a response does not say it. */
interface StoredObjects {

    /**
     * @param versionId the version to look at, or empty for the current one
     * @return the size in bytes, or empty when no such object (or version) is stored
     */
    OptionalLong size(String bucket, String key, Optional<String> versionId);
}
