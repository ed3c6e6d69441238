package dev.eventpipe.local.s3;

import java.util.Objects;

/** A request the store refuses, named with S3's error code and HTTP status. */
public final class ObjectEngineException extends RuntimeException {

    /** The S3 errors this store answers with (<a href="https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html">error responses</a>). */
    public enum Code {
        NO_SUCH_BUCKET(404, "NoSuchBucket"),
        NO_SUCH_KEY(404, "NoSuchKey"),
        NO_SUCH_VERSION(404, "NoSuchVersion"),
        NO_SUCH_UPLOAD(404, "NoSuchUpload"),
        BUCKET_NOT_EMPTY(409, "BucketNotEmpty"),
        PRECONDITION_FAILED(412, "PreconditionFailed"),
        INVALID_RANGE(416, "InvalidRange"),
        INVALID_PART(400, "InvalidPart"),
        INVALID_PART_ORDER(400, "InvalidPartOrder"),
        ENTITY_TOO_SMALL(400, "EntityTooSmall"),
        INCOMPLETE_BODY(400, "IncompleteBody"),
        BAD_DIGEST(400, "BadDigest"),
        INVALID_ARGUMENT(400, "InvalidArgument"),
        METHOD_NOT_ALLOWED(405, "MethodNotAllowed"),
        NOT_IMPLEMENTED(501, "NotImplemented"),
        INTERNAL_ERROR(500, "InternalError");

        private final int status;
        private final String s3Code;

        Code(int status, String s3Code) {
            this.status = status;
            this.s3Code = s3Code;
        }

        public int status() {
            return status;
        }

        public String s3Code() {
            return s3Code;
        }
    }

    private final Code code;

    public ObjectEngineException(Code code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ObjectEngineException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public Code code() {
        return code;
    }
}
