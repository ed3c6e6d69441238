package dev.eventpipe.ingest.upload;

/** Told about an upload as it goes; called from the SDK's threads, so implementations are thread-safe. */
public interface UploadListener {

    /** Once, after planning: what will be sent and what is skipped. */
    void planned(int filesToSend, long bytesToSend, int skipped);

    /** Some bytes of some file reached S3. */
    void bytesSent(long bytes);

    /** A file is done, whatever the result (skipped files are reported too). */
    void finished(FileResult result);

    UploadListener NONE = new UploadListener() {
        @Override
        public void planned(int filesToSend, long bytesToSend, int skipped) {
        }

        @Override
        public void bytesSent(long bytes) {
        }

        @Override
        public void finished(FileResult result) {
        }
    };
}
