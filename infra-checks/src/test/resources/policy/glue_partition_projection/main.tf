# A table without partition projection: each new dt would need a crawler or MSCK REPAIR TABLE.
resource "aws_glue_catalog_table" "events" {
  database_name = "eventpipe"
  name          = "events"
  table_type    = "EXTERNAL_TABLE"

  parameters = {
    "classification" = "json"
  }

  partition_keys {
    name = "dt"
    type = "string"
  }

  storage_descriptor {
    location = "s3://eventpipe-processed/events/"
    ser_de_info {
      serialization_library = "org.openx.data.jsonserde.JsonSerDe"
    }
    columns {
      name = "event_id"
      type = "string"
    }
  }
}
