"""boto3 against the local S3, for S3CompatibilityIT: does what the test names, prints what botocore parsed
as one JSON document on stdout, and leaves every judgement to the Java test.

    python3 boto3_checks.py ENDPOINT BUCKET objects FILE   put FILE, ranged gets, copy, delete_objects
    python3 boto3_checks.py ENDPOINT BUCKET listing PREFIX list_objects_v2 by paginator, "/" as delimiter

Credentials and region come from the environment the test sets (AWS_ACCESS_KEY_ID, AWS_DEFAULT_REGION).
"""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def client(endpoint):
    # Path-style: the bucket travels in the path, as for any endpoint on an IP address.
    # No retries: a refusal is reported as it came, not hidden behind a later success.
    return boto3.client("s3", endpoint_url=endpoint,
                        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))


def objects(s3, bucket, path):
    with open(path, "rb") as f:
        content = f.read()
    put = s3.put_object(Bucket=bucket, Key="obj/data.bin", Body=content, ContentType="application/octet-stream")
    first = s3.get_object(Bucket=bucket, Key="obj/data.bin", Range="bytes=0-9")
    last = s3.get_object(Bucket=bucket, Key="obj/data.bin", Range="bytes=-5")
    try:
        s3.get_object(Bucket=bucket, Key="obj/data.bin", Range="bytes=%d-" % len(content))
        past_end = None
    except ClientError as e:
        past_end = {"status": e.response["ResponseMetadata"]["HTTPStatusCode"], "code": e.response["Error"]["Code"]}
    s3.copy_object(Bucket=bucket, Key="obj/copy.bin", CopySource={"Bucket": bucket, "Key": "obj/data.bin"})
    copy = s3.get_object(Bucket=bucket, Key="obj/copy.bin")
    deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [
        {"Key": "obj/data.bin"}, {"Key": "obj/copy.bin"}, {"Key": "obj/never-was"}]})
    left = s3.list_objects_v2(Bucket=bucket, Prefix="obj/")
    return {
        "put_etag": put["ETag"],
        "first": {"status": first["ResponseMetadata"]["HTTPStatusCode"], "range": first["ContentRange"],
                  "hex": first["Body"].read().hex()},
        "last": {"status": last["ResponseMetadata"]["HTTPStatusCode"], "range": last["ContentRange"],
                 "hex": last["Body"].read().hex()},
        "past_end": past_end,
        "copy_hex": copy["Body"].read().hex(),
        "deleted": sorted(d["Key"] for d in deleted.get("Deleted", [])),
        "errors": deleted.get("Errors", []),
        "left": [o["Key"] for o in left.get("Contents", [])],
    }


def listing(s3, bucket, prefix):
    # 398 a page: with S3CompatibilityIT's keys the first page ends on a common prefix (p/k0360/), so the next
    # page must resume after everything under it.
    pages = []
    paginator = s3.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix, Delimiter="/", PaginationConfig={"PageSize": 398}):
        pages.append({
            "keys": [o["Key"] for o in page.get("Contents", [])],
            "prefixes": [p["Prefix"] for p in page.get("CommonPrefixes", [])],
            "key_count": page.get("KeyCount"),
            "truncated": page["IsTruncated"],
        })
    return {"pages": pages}


def main(endpoint, bucket, check, argument):
    s3 = client(endpoint)
    result = objects(s3, bucket, argument) if check == "objects" else listing(s3, bucket, argument)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:5])
