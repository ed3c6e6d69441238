terraform {
  # 1.6: the oldest release this module is written for (optional object attributes, `import` blocks,
  # preconditions). Nothing newer is needed; CI checks it with a recent 1.x.
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.x and 6.x: SnapStart for Java 21, `scaling_config` on event source mappings,
      # `logging_config` on functions and EventBridge Scheduler are in every version in this range.
      version = ">= 5.40, < 7.0"
    }
  }
}
