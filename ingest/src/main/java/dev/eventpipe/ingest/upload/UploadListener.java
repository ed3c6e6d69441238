package dev.eventpipe.ingest.upload;

/** Told about an upload as it goes; called from the upload threads, so implementations are thread-safe. */
public interface UploadListener {

    /**
     * Once, after planning: the files the upload considers and their bytes. Which of them are unchanged in
     * the bucket (and skipped) is known only when each is read, so every one is {@link #finished} later.
     */
    void planned(int files, long bytes);

    /** Some bytes of some file reached S3. */
    void bytesSent(long bytes);

    /** A file is done, whatever the result (skipped files are reported too). */
    void finished(FileResult result);

    UploadListener NONE = new UploadListener() {
        @Override
        public void planned(int files, long bytes) {
        }

        @Override
        public void bytesSent(long bytes) {
        }

        @Override
        public void finished(FileResult result) {
        }
    };
}
