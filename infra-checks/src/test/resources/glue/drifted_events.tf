# An events table that drifted from the code: a misspelt column, a missing one, a wrong type, and a
# _meta without the file id.
locals {
  meta = "struct<line:bigint,source_bucket:string,source_key:string,source_version_id:string,source_etag:string,ingested_at:string,pipeline_version:string>"
}

resource "aws_glue_catalog_table" "events" {
  database_name = "eventpipe"
  name          = "events"

  storage_descriptor {
    dynamic "columns" {
      for_each = [
        { name = "event_id", type = "string" },
        { name = "event_typ", type = "string" },
        { name = "user_id", type = "string" },
        { name = "timestamp", type = "string" },
        { name = "action", type = "string" },
        { name = "amount", type = "double" },
        { name = "session_id", type = "string" },
        { name = "country", type = "string" },
        { name = "attributes", type = "map<string,string>" },
        { name = "_meta", type = local.meta },
      ]
      content {
        name = columns.value.name
        type = columns.value.type
      }
    }
  }
}
