# SQL over the processed bucket: a Glue Data Catalog database and one table per kind of object
# (docs/storage.md, docs/query.md). No crawler and no MSCK REPAIR TABLE, ever: every table projects its
# dt partitions from the key layout (partition projection,
# https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html), so a new day is queryable the
# moment its first object lands, and no partition is ever registered.
#
# The columns are a contract with the code that writes the objects: infra-checks' GlueSchemaTest
# compares them with the bundled schema and the writers, in both directions.
#
# Column types, and why:
# - Timestamps are `string`. The processor writes UTC ISO-8601 with a `T`, a `Z` and milliseconds
#   (more digits when the input had them). Athena's `timestamp` type reads only the Java form
#   `yyyy-MM-dd HH:mm:ss[.f...]` from JSON text and gives NULL or an error for the ISO form
#   (https://repost.aws/knowledge-center/query-table-athena-timestamp-empty). As strings they sort
#   correctly as stored (same zone, same layout), and `from_iso8601_timestamp("timestamp")` gives a
#   `timestamp(3) with time zone` for arithmetic (docs/query.md).
# - `decimal` schema fields are `decimal(38,9)`: the processor keeps at most 38 digits and never
#   rounds; 29 integer and 9 fraction digits hold any amount, and SUM stays exact (no double).
# - `dt` is a `string` partition key ('2026-11-25'), as the projection's date format writes it.

locals {
  glue_database = coalesce(var.glue_database_name, replace(lower(var.name), "-", "_"))

  # The schema's types as Hive types (the bundled schema: processor/src/main/resources/schemas/events.json).
  event_columns = [
    { name = "event_id", type = "string" },
    { name = "event_type", type = "string" },
    { name = "user_id", type = "string" },
    { name = "timestamp", type = "string" },
    { name = "action", type = "string" },
    { name = "amount", type = "decimal(38,9)" },
    { name = "session_id", type = "string" },
    { name = "country", type = "string" },
    { name = "device", type = "string" },
    { name = "attributes", type = "map<string,string>" },
    { name = "_meta", type = local.meta_type },
  ]

  # The compaction job's Parquet files (compactor CuratedEvent): the columns of events, same names, but the two
  # times are Parquet TIMESTAMPs (INT64, microseconds, UTC), which Athena reads as `timestamp` and refuses to
  # read into a `string` column. The infra checks compare these with the record, both ways.
  curated_event_columns = [
    { name = "event_id", type = "string" },
    { name = "event_type", type = "string" },
    { name = "user_id", type = "string" },
    { name = "timestamp", type = "timestamp" },
    { name = "action", type = "string" },
    { name = "amount", type = "decimal(38,9)" },
    { name = "session_id", type = "string" },
    { name = "country", type = "string" },
    { name = "device", type = "string" },
    { name = "attributes", type = "map<string,string>" },
    { name = "_meta", type = local.curated_meta_type },
  ]

  curated_meta_type = "struct<line:bigint,file_id:string,source_bucket:string,source_key:string,source_version_id:string,source_etag:string,ingested_at:timestamp,pipeline_version:string>"

  # Every record (events and rejects) carries it; source_version_id is null for an unversioned upload.
  meta_type = "struct<line:bigint,file_id:string,source_bucket:string,source_key:string,source_version_id:string,source_etag:string,ingested_at:string,pipeline_version:string>"

  reject_columns = [
    { name = "line", type = "bigint" },
    { name = "reasons", type = "array<struct<field:string,code:string,message:string>>" },
    { name = "raw", type = "string" },
    { name = "raw_truncated", type = "boolean" },
    { name = "_meta", type = local.meta_type },
  ]

  # dev.eventpipe.shared.receipt.Receipt, as its JSON mapper writes it (snake_case; reason_code and
  # reason only when quarantined, superseded_outputs only when not empty: absent keys read as NULL).
  receipt_columns = [
    { name = "schema_version", type = "int" },
    { name = "file_id", type = "string" },
    { name = "source", type = "struct<bucket:string,key:string,version_id:string,etag:string,size:bigint>" },
    { name = "status", type = "string" },
    { name = "reason_code", type = "string" },
    { name = "reason", type = "string" },
    { name = "format", type = "string" },
    { name = "schema", type = "string" },
    { name = "rows", type = "struct<read:bigint,valid:bigint,rejected:bigint>" },
    { name = "outputs", type = "array<string>" },
    { name = "event_dates", type = "array<string>" },
    { name = "received_at", type = "string" },
    { name = "processed_at", type = "string" },
    { name = "duration_ms", type = "bigint" },
    { name = "bytes_read", type = "bigint" },
    { name = "pipeline_version", type = "string" },
    { name = "reject_reasons", type = "map<string,struct<rows:bigint,example_lines:array<bigint>>>" },
    { name = "generation", type = "int" },
    { name = "superseded_outputs", type = "array<string>" },
  ]

  processed_s3 = "s3://${aws_s3_bucket.this["processed"].id}"

  # Partition projection on dt, the same for every table; only the key template differs.
  dt_projection = {
    "projection.enabled"          = "true"
    "projection.dt.type"          = "date"
    "projection.dt.format"        = "yyyy-MM-dd"
    "projection.dt.range"         = "${var.partition_start_date},NOW"
    "projection.dt.interval"      = "1"
    "projection.dt.interval.unit" = "DAYS"
  }

  # The OpenX JSON SerDe reads one JSON object per line, gzip or not (Athena picks the codec by the
  # .gz suffix). Keys are matched without regard to case; a malformed line fails the query instead of
  # vanishing (ignore.malformed.json stays false): a processed object that does not parse is a bug.
  jsonl_tables = {
    events = {
      description = "Valid records, one per line: events/dt=<event date>/<fileId>.jsonl.gz (docs/storage.md)."
      prefix      = "events"
      columns     = local.event_columns
    }
    rejects = {
      description = "Rejected rows with every reason: rejects/dt=<arrival date>/<fileId>.jsonl.gz (docs/storage.md)."
      prefix      = "rejects"
      columns     = local.reject_columns
    }
  }
}

resource "aws_glue_catalog_database" "this" {
  name        = local.glue_database
  description = "${var.name}: the processed bucket's events, rejects, receipts and compacted events (docs/query.md)."
  tags        = var.tags
}

resource "aws_glue_catalog_table" "jsonl" {
  for_each = local.jsonl_tables

  database_name = aws_glue_catalog_database.this.name
  name          = each.key
  description   = each.value.description
  table_type    = "EXTERNAL_TABLE"

  parameters = merge(local.dt_projection, {
    "classification"            = "json"
    "storage.location.template" = "${local.processed_s3}/${each.value.prefix}/dt=$${dt}/"
  })

  partition_keys {
    name = "dt"
    type = "string"
  }

  storage_descriptor {
    location      = "${local.processed_s3}/${each.value.prefix}/"
    input_format  = "org.apache.hadoop.mapred.TextInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"

    ser_de_info {
      serialization_library = "org.openx.data.jsonserde.JsonSerDe"
      parameters = {
        "ignore.malformed.json" = "false"
      }
    }

    dynamic "columns" {
      for_each = each.value.columns
      content {
        name = columns.value.name
        type = columns.value.type
      }
    }
  }
}

# Receipts through the processing-date index, processed-on/dt=<UTC date of processed_at>/<fileId>.json:
# one pretty-printed JSON document per object. The OpenX and Hive JSON SerDes read one object per LINE
# and fail on a pretty-printed one ("HIVE_CURSOR_ERROR: Row is not a valid JSON Object",
# https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html), so this table reads them with the
# Amazon Ion SerDe, which parses JSON text (Ion is a superset) across lines
# (https://docs.aws.amazon.com/athena/latest/ug/ion-serde.html).
resource "aws_glue_catalog_table" "receipts" {
  database_name = aws_glue_catalog_database.this.name
  name          = "receipts"
  description   = "One row per processed or quarantined file, by processing date: processed-on/dt=<date>/<fileId>.json (docs/storage.md)."
  table_type    = "EXTERNAL_TABLE"

  parameters = merge(local.dt_projection, {
    "classification"            = "json"
    "storage.location.template" = "${local.processed_s3}/processed-on/dt=$${dt}/"
  })

  partition_keys {
    name = "dt"
    type = "string"
  }

  storage_descriptor {
    location      = "${local.processed_s3}/processed-on/"
    input_format  = "com.amazon.ionhiveserde.formats.IonInputFormat"
    output_format = "com.amazon.ionhiveserde.formats.IonOutputFormat"

    ser_de_info {
      serialization_library = "com.amazon.ionhiveserde.IonHiveSerDe"
    }

    dynamic "columns" {
      for_each = local.receipt_columns
      content {
        name = columns.value.name
        type = columns.value.type
      }
    }
  }
}

# The compacted copies the compaction job writes: a few Parquet files per closed day under
# curated/events/dt=<event date>/, with the columns of `events` (same names; `timestamp` and
# `_meta.ingested_at` typed as timestamps, see curated_event_columns), so a query moves from one table to
# the other by its name, with a timestamp literal where it compared a time as text. Parquet is columnar
# and compressed: a query reads only the columns it names, from a few large objects instead of thousands
# of small ones.
resource "aws_glue_catalog_table" "curated_events" {
  database_name = aws_glue_catalog_database.this.name
  name          = "curated_events"
  description   = "Valid records compacted into Parquet per closed day: curated/events/dt=<event date>/ (docs/query.md)."
  table_type    = "EXTERNAL_TABLE"

  parameters = merge(local.dt_projection, {
    "classification"            = "parquet"
    "storage.location.template" = "${local.processed_s3}/curated/events/dt=$${dt}/"
  })

  partition_keys {
    name = "dt"
    type = "string"
  }

  storage_descriptor {
    location      = "${local.processed_s3}/curated/events/"
    input_format  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"

    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    }

    dynamic "columns" {
      for_each = local.curated_event_columns
      content {
        name = columns.value.name
        type = columns.value.type
      }
    }
  }
}
